"""Every page a demo role can reach from the home page opens, on the demo data.

The demo is what a newcomer sees first: a page that answers 500 on it, or has no heading, fails
here. The crawl follows every link from the home page (several of each address pattern), so a
new page is covered as soon as something links to it.
"""

from __future__ import annotations

from typing import Any

import pytest

from equityhub.core.models import User
from equityhub.indicators.models import Adoption
from tests.crawl.crawler import crawl
from tests.demo_roles import load_demo, signed_in_client

# Committing for real lets the demo come from the kept copy (tests/demo_roles.py) on SQLite.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


@pytest.fixture
def demo_roles(settings: Any) -> dict[str, User]:
    settings.DEBUG = True
    return load_demo()


def test_every_demo_role_reaches_only_working_pages(demo_roles: dict[str, User]) -> None:
    assert len(demo_roles) >= 6
    failures: list[str] = []
    reached: dict[str, set[str]] = {}
    for role, user in [("anonymous", None), *demo_roles.items()]:
        report = crawl(signed_in_client(user))
        failures += [f"{role}: {problem}" for problem in report.failures]
        reached[role] = set(report.visited)
    assert not failures, "\n".join(failures)
    lead_reached = reached["lead"]
    lead = demo_roles["lead"]
    for adoption in Adoption.objects.filter(organisation__memberships__user=lead).select_related(
        "indicator", "organisation"
    ):
        page = f"/indicators/{adoption.organisation.code}/{adoption.indicator.code}/"
        assert page in lead_reached, f"the lead never reached {page}"
    expected = ("/statement/", "/board-papers/", "/indicators/area/")
    for fragment in expected:
        assert any(fragment in path for path in lead_reached), f"no {fragment} page reached"
    downloads = [p for p in lead_reached if p.endswith(("pdf", "docx", "csv"))]
    assert downloads, "the lead reached no downloads"
