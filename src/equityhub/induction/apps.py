from django.apps import AppConfig


class InductionConfig(AppConfig):
    name = "equityhub.induction"
    label = "induction"
    verbose_name = "Induction"
