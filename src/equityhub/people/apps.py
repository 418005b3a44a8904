from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "equityhub.people"
    label = "people"
    verbose_name = "People and organisations"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from equityhub.core.demo import register_demo_loader
        from equityhub.people import home, home_accounts
        from equityhub.people.demo import demo_people_load
        from equityhub.people.models import Membership
        from equityhub.people.permissions import forget_roles

        for signal in (post_save, post_delete):
            signal.connect(forget_roles, sender=Membership, dispatch_uid="people.forget-roles")
        home_accounts.register()
        home.register()
        # First: the other apps' demo content refers to these organisations and people.
        register_demo_loader("people", demo_people_load, order=10)
