from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "equityhub.indicators"
    label = "indicators"
    verbose_name = "Indicators"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from equityhub.core.demo import register_demo_loader
        from equityhub.indicators import home
        from equityhub.indicators.demo.board import demo_board_load
        from equityhub.indicators.demo.indicators import demo_indicators_load
        from equityhub.indicators.pilots import actions as pilot_actions
        from equityhub.indicators.pilots import evaluation
        from equityhub.indicators.registry.models import Indicator
        from equityhub.indicators.results.services import results_recompute_on_definition_change
        from equityhub.indicators.returns import task_failures

        home.register()
        task_failures.register()
        pilot_actions.register_results_in_words(evaluation.results_in_words)
        post_save.connect(
            results_recompute_on_definition_change,
            sender=Indicator,
            dispatch_uid="indicators.results-definition-change",
        )
        register_demo_loader("indicators", demo_indicators_load, order=50)
        register_demo_loader("indicators.board", demo_board_load, order=55)
