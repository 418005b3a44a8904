"""Papers a board has opened to the public are listed where people look for an area's work: the
organisation's page, its system's page, and the indicator pages of its region and England."""

from __future__ import annotations

from typing import Any

import pytest

from equityhub.indicators.board import services as services_board
from equityhub.indicators.models import BoardPaper
from equityhub.people.models import Organisation, Region, System
from tests.indicators.test_board_papers import seed, start

pytestmark = pytest.mark.django_db

HEADING = "Published board papers on health inequalities"


def _public_paper(client: Any, owner: Any, organisation: Organisation) -> BoardPaper:
    seed(organisation)
    assert start(client).status_code == 302
    paper = BoardPaper.objects.get()
    services_board.paper_publish(actor=owner, paper=paper)
    paper.refresh_from_db()
    services_board.paper_set_public(actor=owner, paper=paper, public=True)
    return paper


def _pages(organisation: Organisation) -> dict[str, str]:
    system = organisation.system
    assert system is not None and system.region is not None
    return {
        "system": f"/people/systems/{system.code}/",
        "region": f"/indicators/area/region/{system.region.code}/",
        "england": "/indicators/area/england/E92000001/",
    }


def test_a_public_paper_is_listed_on_its_system_region_and_england_pages(
    registry: None, organisation: Organisation, personas: dict[str, Any], client_for: Any
) -> None:
    # The organisation is placed in its region only through its system, as most trusts are.
    Organisation.objects.filter(pk=organisation.pk).update(region=None)
    paper = _public_paper(client_for(personas["owner"]), personas["owner"], organisation)
    reader = client_for(personas["outsider"])
    for where, address in _pages(organisation).items():
        page = reader.get(address).content.decode()
        assert HEADING in page, where
        assert f"/indicators/board-papers/{paper.public_slug}/" in page, where
        assert organisation.name in page, where


def test_other_areas_and_unpublished_papers_list_nothing(
    registry: None, organisation: Organisation, personas: dict[str, Any], client_for: Any
) -> None:
    owner_client = client_for(personas["owner"])
    seed(organisation)
    assert start(owner_client).status_code == 302
    draft = BoardPaper.objects.get()
    reader = client_for(personas["outsider"])
    for where, address in _pages(organisation).items():
        page = reader.get(address).content.decode()
        assert "No board papers have been published openly yet." in page, where
        assert draft.public_slug not in page, where

    services_board.paper_publish(actor=personas["owner"], paper=draft)
    draft.refresh_from_db()
    services_board.paper_set_public(actor=personas["owner"], paper=draft, public=True)
    region = Region.objects.create(code="Y98", ons_code="E40000098", name="Another region")
    System.objects.create(code="Q98", ons_code="E54000098", name="Another ICB", region=region)
    for address in ("/people/systems/Q98/", "/indicators/area/region/Y98/"):
        page = reader.get(address).content.decode()
        assert draft.public_slug not in page, address
