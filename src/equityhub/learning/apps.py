from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "equityhub.learning"
    label = "learning"
    verbose_name = "Learning"
