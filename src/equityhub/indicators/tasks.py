"""Background tasks of indicators: recomputing results after a return is committed."""

from __future__ import annotations

from django.tasks import task


@task()
def compute_results(*, organisation_id: int, codes: list[str]) -> int:
    """Recompute the organisation's results for the given indicators; returns rows stored."""
    from equityhub.indicators.compute_store import recompute
    from equityhub.indicators.models import Indicator
    from equityhub.people.models import Organisation

    organisation = Organisation.objects.get(pk=organisation_id)
    return sum(
        recompute(organisation, indicator) for indicator in Indicator.objects.filter(code__in=codes)
    )
