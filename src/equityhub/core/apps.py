import datetime

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "equityhub.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from django.db.models.signals import pre_save

        from equityhub.core import signals  # noqa: F401 - registers sign-in audit receivers
        from equityhub.core.operations import register_operations_jobs
        from equityhub.core.privacy.tasks import register_retention_jobs
        from equityhub.core.scheduler import register_periodic_job
        from equityhub.core.security import sanitise_page_rich_text
        from equityhub.core.standing import connect_receivers
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
        register_retention_jobs()
        register_operations_jobs()
        connect_receivers()
        pre_save.connect(sanitise_page_rich_text, dispatch_uid="core.sanitise-rich-text")
