from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "equityhub.people"
    label = "people"
    verbose_name = "People and organisations"
