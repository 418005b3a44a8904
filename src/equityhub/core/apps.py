from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "equityhub.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from equityhub.core import signals  # noqa: F401 - registers sign-in audit receivers
