from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "equityhub.indicators"
    label = "indicators"
    verbose_name = "Indicators"
