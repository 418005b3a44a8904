from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "equityhub.indicators"
    label = "indicators"
    verbose_name = "Indicators"

    def ready(self) -> None:
        from equityhub.core.demo import register_demo_loader
        from equityhub.indicators import home
        from equityhub.indicators.demo.board import demo_board_load
        from equityhub.indicators.demo.indicators import demo_indicators_load
        from equityhub.indicators.pilots import actions as pilot_actions
        from equityhub.indicators.pilots import evaluation
        from equityhub.indicators.returns import task_failures

        home.register()
        task_failures.register()
        pilot_actions.register_results_in_words(evaluation.results_in_words)
        register_demo_loader("indicators", demo_indicators_load, order=50)
        register_demo_loader("indicators.board", demo_board_load, order=55)
