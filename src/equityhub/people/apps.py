from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "equityhub.people"
    label = "people"
    verbose_name = "People and organisations"

    def ready(self) -> None:
        from equityhub.core.demo import register_demo_loader
        from equityhub.people import home, home_accounts
        from equityhub.people.demo import demo_people_load

        home_accounts.register()
        home.register()
        # First: the other apps' demo content refers to these organisations and people.
        register_demo_loader("people", demo_people_load, order=10)
