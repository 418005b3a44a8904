"""A board paper's public link starts with the configured site address, not the request's."""

from __future__ import annotations

from typing import Any

import pytest

from equityhub.indicators.board.models import BoardPaper
from tests.indicators.test_board_papers import edit_data, paper_url, seed, start

pytestmark = pytest.mark.django_db


def test_the_public_link_uses_the_site_url(
    registry: None, organisation: Any, personas: dict[str, Any], client_for: Any, settings: Any
) -> None:
    settings.SITE_URL_CONFIGURED = True
    settings.SITE_URL = "https://hub.example.nhs.uk"
    seed(organisation, published=True)
    team = client_for(personas["owner"])
    start(team)
    paper = BoardPaper.objects.get()
    team.post(paper_url(paper, "edit/"), edit_data("Summary."))
    team.post(paper_url(paper, "publish/"))
    team.post(paper_url(paper, "public/"), {"public": "yes"})
    page = team.get(paper_url(paper)).content.decode()
    assert f"https://hub.example.nhs.uk/indicators/board-papers/{paper.public_slug}/" in page
