from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "equityhub.people"
    label = "people"
    verbose_name = "People and organisations"

    def ready(self) -> None:
        from equityhub.people import home, home_accounts

        home_accounts.register()
        home.register()
