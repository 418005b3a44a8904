"""Background tasks of indicators: checking large files, recomputing results after a commit."""

from __future__ import annotations

from django.tasks import task


@task()
def compute_results(*, organisation_id: int, codes: list[str]) -> int:
    """Recompute the organisation's results for the given indicators, then every organisation and
    area sharing their national protected set (disclosure control spans the hierarchy)."""
    from equityhub.indicators.compute_store import recompute
    from equityhub.indicators.hierarchy import recompute_national
    from equityhub.indicators.models import Indicator
    from equityhub.people.models import Organisation

    organisation = Organisation.objects.get(pk=organisation_id)
    stored = 0
    for indicator in Indicator.objects.filter(code__in=codes):
        recompute(organisation, indicator)  # clears it when no committed data are left
        stored += recompute_national(indicator)
    return stored


@task()
def check_return(*, data_return_id: int) -> str:
    """Check a large uploaded file in the background, recording progress; returns its status."""
    from equityhub.indicators.models import DataReturn, ReturnStatus
    from equityhub.indicators.services_returns import return_check_stored

    data_return = DataReturn.objects.filter(pk=data_return_id, status=ReturnStatus.CHECKING).first()
    if data_return is None:
        return "gone"
    return str(return_check_stored(data_return).status)
