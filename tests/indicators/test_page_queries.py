"""The indicator pages make the same number of queries for two periods or trusts as for eight."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from equityhub.indicators.models import ENGLAND, Adoption, Indicator
from equityhub.indicators.returns.services import return_check, return_commit
from equityhub.people.models import Membership, Organisation
from tests.indicators.conftest import csv_bytes, good_rows
from tests.queries import assert_queries_do_not_grow, page

pytestmark = pytest.mark.django_db
CODE = "rtt-waiting-over-18-weeks"
YEARS = [f"{year}-{(year + 1) % 100:02d}" for year in range(2005, 2025)]
_n = itertools.count(1)


@pytest.fixture
def periods(personas: dict[str, Any], upload: Callable[..., Any]) -> Callable[[int], None]:
    """Publish `count` more years of the trust's return."""
    years = iter(YEARS)

    def more(count: int) -> None:
        for _ in range(count):
            upload(personas["member"], good_rows(period=next(years)), publish=True)

    return more


@pytest.mark.parametrize("viewer", ["owner", "member", "anonymous"])
def test_indicator_page_and_csv_with_more_periods(
    personas: dict[str, Any],
    organisation: Organisation,
    periods: Callable[[int], None],
    client_for: Any,
    viewer: str,
) -> None:
    periods(2)
    client = client_for(personas[viewer])
    where = {"org": organisation.code, "code": CODE}
    for name in ("indicators:results", "indicators:results-csv"):
        assert_queries_do_not_grow(page(client, reverse(name, kwargs=where)), lambda: periods(2))


def test_dashboard_board_paper_and_statement_with_more_periods(
    personas: dict[str, Any],
    organisation: Organisation,
    periods: Callable[[int], None],
    client_for: Any,
) -> None:
    periods(2)
    client = client_for(personas["owner"])
    where = {"org": organisation.code}
    for url in (
        reverse("indicators:index"),
        reverse("indicators:board-paper", kwargs=where),
        reverse("indicators:statement", kwargs=where),
    ):
        assert_queries_do_not_grow(page(client, url), lambda: periods(2))


def test_area_pages_with_more_trusts(
    personas: dict[str, Any],
    organisation: Organisation,
    upload: Callable[..., Any],
    make_user: Callable[..., Any],
    client_for: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:

    def another_trust() -> None:
        trust = Organisation.objects.create(
            code=f"RX{next(_n)}",
            name=f"Trust {next(_n)}",
            kind="trust",
            system=organisation.system,
            region=organisation.region,
        )
        lead = make_user()
        Membership.objects.create(user=lead, organisation=trust, role="lead", status="approved")
        preview = return_check(
            actor=lead,
            organisation=trust,
            filename="return.csv",
            content=csv_bytes(good_rows(code=trust.code)),
            publish=True,
        )
        assert preview.data_return is not None, [str(p) for p in preview.problems]
        with django_capture_on_commit_callbacks(execute=True):
            return_commit(actor=lead, data_return=preview.data_return)

    upload(personas["member"], good_rows(), publish=True)
    another_trust()
    system = organisation.system
    assert system is not None
    client = client_for(personas["owner"])
    for level, area in (("system", system.code), ("england", ENGLAND)):
        url = reverse(
            "indicators:area-results", kwargs={"level": level, "area": area, "code": CODE}
        )
        assert_queries_do_not_grow(page(client, url), lambda: [another_trust() for _ in range(3)])
        url = reverse("indicators:area-index", kwargs={"level": level, "area": area})
        assert_queries_do_not_grow(page(client, url), lambda: [another_trust() for _ in range(2)])


def test_registry_with_more_adopted_indicators(
    personas: dict[str, Any], organisation: Organisation, registry: None, client_for: Any
) -> None:
    national = iter(Indicator.objects.national().order_by("code"))

    def adopt(count: int) -> None:
        for _ in range(count):
            Adoption.objects.create(organisation=organisation, indicator=next(national))

    adopt(1)
    client = client_for(personas["owner"])
    assert_queries_do_not_grow(page(client, reverse("indicators:registry")), lambda: adopt(3))
