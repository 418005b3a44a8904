from django.apps import AppConfig


class InductionConfig(AppConfig):
    name = "equityhub.induction"
    label = "induction"
    verbose_name = "Induction"

    def ready(self) -> None:
        from equityhub.core.demo import register_demo_loader
        from equityhub.core.home import register_home_provider
        from equityhub.core.notifications import register_notification_kind
        from equityhub.induction import home, programme, services

        for kind, label in services.NOTIFICATION_KINDS.items():
            register_notification_kind(kind, label)
        register_home_provider("induction", home.induction_section)
        programme.register()

        def load_demo(password: str) -> list[tuple[str, str, str]]:
            from equityhub.induction.demo import load

            return load(password)

        register_demo_loader("induction", load_demo, order=90)
