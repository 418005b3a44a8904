"""Background tasks of indicators: checking large files, recomputing results after a commit."""

from __future__ import annotations

from django.tasks import task


@task()
def compute_results(*, organisation_id: int, codes: list[str]) -> int:
    """Recompute the organisation's results for the given indicators, then whatever else in
    their national protected set the change reaches (disclosure control spans the hierarchy):
    the areas above it, and any organisation or area whose suppression pattern changed."""
    from equityhub.indicators.registry.models import Indicator
    from equityhub.indicators.results.recompute import recompute_national
    from equityhub.people.models import Organisation

    organisation = Organisation.objects.select_related("system__region", "region").get(
        pk=organisation_id
    )
    stored = 0
    for indicator in Indicator.objects.filter(code__in=codes):
        stored += recompute_national(indicator, changed=[organisation])
    return stored


@task()
def recompute_indicator(*, code: str) -> int:
    """Recompute every stored figure of one indicator from scratch: its definition changed
    (`registry.models.FIGURE_FIELDS`), so nothing stored may be kept, not even an SII whose
    cells look the same."""
    from equityhub.indicators.registry.models import Indicator
    from equityhub.indicators.results.recompute import recompute_national

    indicator = Indicator.objects.filter(code=code).first()
    return 0 if indicator is None else recompute_national(indicator)


@task()
def check_return(*, data_return_id: int) -> str:
    """Check a large uploaded file in the background, recording progress; returns its status."""
    from equityhub.indicators.returns.models import DataReturn, ReturnStatus
    from equityhub.indicators.returns.services import return_check_stored

    data_return = DataReturn.objects.filter(pk=data_return_id, status=ReturnStatus.CHECKING).first()
    if data_return is None:
        return "gone"
    return str(return_check_stored(data_return).status)
