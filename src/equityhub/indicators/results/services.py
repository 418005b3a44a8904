"""Writes that keep stored results in step with the registry."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from equityhub.indicators.registry.models import Indicator


def results_recompute_on_definition_change(
    sender: type[Indicator], instance: Indicator, created: bool, **kwargs: Any
) -> None:
    """``post_save`` receiver for indicators: when a field the figures are computed from has
    changed (type, multiplier, polarity), every stored figure is recomputed from scratch once
    the save commits. An incremental recomputation would keep stored SIIs whose cells look the
    same, and leave every organisation the next commit does not reach as it was."""
    if created or kwargs.get("raw") or not instance.figure_basis_changed():
        return
    instance.figure_basis_saved()
    code = instance.code

    def enqueue() -> None:
        from equityhub.indicators.tasks import recompute_indicator

        recompute_indicator.enqueue(code=code)

    transaction.on_commit(enqueue)
