import datetime

from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "equityhub.learning"
    label = "learning"
    verbose_name = "Learning"

    def ready(self) -> None:
        from equityhub.core.demo import register_demo_loader
        from equityhub.core.scheduler import register_periodic_job
        from equityhub.learning import home, services  # noqa: F401 - registers notification kinds
        from equityhub.learning.demo import demo_learning_load
        from equityhub.learning.tasks import purge_expired_notes

        home.register()
        register_periodic_job(
            "learning.purge-expired-notes",
            every=datetime.timedelta(days=1),
            enqueue=lambda: purge_expired_notes.enqueue(),
        )
        register_demo_loader("learning", demo_learning_load, order=70)
