import datetime

from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "equityhub.learning"
    label = "learning"
    verbose_name = "Learning"

    def ready(self) -> None:
        from equityhub.core.demo import register_demo_loader
        from equityhub.core.scheduler import register_periodic_job
        from equityhub.learning.demo.load import demo_learning_load
        from equityhub.learning.home import sections as home
        from equityhub.learning.pilots import services as services_pilots
        from equityhub.learning.tasks import (
            purge_expired_notes,
            send_buddy_check_in_prompts,
            send_event_reminders,
            send_reading_reminders,
        )

        home.register()
        from django.db.models.signals import post_save

        from equityhub.learning.sets.bulk_add import invitation_saved
        from equityhub.people.models import Invitation

        post_save.connect(invitation_saved, sender=Invitation, dispatch_uid="learning-set-places")
        services_pilots.register()
        register_periodic_job(
            "learning.purge-expired-notes",
            every=datetime.timedelta(days=1),
            enqueue=lambda: purge_expired_notes.enqueue(),
        )
        register_periodic_job(
            "learning.event-reminders",
            every=datetime.timedelta(hours=1),
            enqueue=lambda: send_event_reminders.enqueue(),
        )
        register_periodic_job(
            "learning.buddy-check-ins",
            every=datetime.timedelta(days=1),
            enqueue=lambda: send_buddy_check_in_prompts.enqueue(),
        )
        register_periodic_job(
            "learning.reading-reminders",
            every=datetime.timedelta(days=1),
            enqueue=lambda: send_reading_reminders.enqueue(),
        )
        register_demo_loader("learning", demo_learning_load, order=70)
