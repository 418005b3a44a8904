import datetime

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "equityhub.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from equityhub.core import signals  # noqa: F401 - registers sign-in audit receivers
        from equityhub.core.scheduler import register_periodic_job
        from equityhub.core.tasks import send_digest_emails

        register_periodic_job(
            "core.daily-digest",
            every=datetime.timedelta(days=1),
            enqueue=lambda: send_digest_emails.enqueue("daily"),
        )
        register_periodic_job(
            "core.weekly-digest",
            every=datetime.timedelta(days=7),
            enqueue=lambda: send_digest_emails.enqueue("weekly"),
        )
