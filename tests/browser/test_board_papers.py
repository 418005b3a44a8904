"""A board paper from start to public page: create, edit (actions added without JavaScript),
publish, make public and read it signed out. Run with JavaScript on (axe) and off."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import PASSWORD
from tests.indicators.test_board_papers import RTT, seed

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def team(personas: dict[str, Any], organisation: Any) -> dict[str, Any]:
    from equityhub.indicators.registry.services import indicator_registry_load

    indicator_registry_load()
    seed(organisation, published=True)
    return personas


def press(visitor: Any, text: str) -> None:
    visitor.page.click(f"button >> text={text}")
    visitor.page.wait_for_load_state()
    visitor.check()


def test_create_edit_publish_and_read_the_public_page(visitor: Any, team: dict[str, Any]) -> None:
    from equityhub.indicators.models import BoardPaper

    visitor.sign_in(team["member"].email, PASSWORD)
    visitor.visit("/indicators/RZZ/board-papers/")
    assert "No board papers yet." in visitor.page.content()
    visitor.visit("/indicators/RZZ/board-papers/new/")
    press(visitor, "Start the paper")
    assert "There is a problem" in visitor.page.content()
    visitor.page.fill("#id_title", "Health inequalities: March board")
    visitor.page.fill("#id_meeting_date", "2026-03-31")
    visitor.page.check(f"input[name=indicators][value='{RTT}']")
    press(visitor, "Start the paper")
    assert "Edit Health inequalities: March board" in visitor.page.content()
    visitor.page.fill("#id_summary", "The gap in long waits is narrowing slowly.")
    visitor.page.fill(f"#id_narrative_{RTT}", "Evening clinics opened in the most deprived areas.")
    visitor.page.fill("#id_actions-0-text", "Extend evening clinics to two more sites")
    visitor.page.fill("#id_actions-0-owner", "Chief Operating Officer")
    press(visitor, "Add another action")
    assert visitor.page.locator("#id_actions-2-text").count() == 1
    assert visitor.page.input_value("#id_actions-0-text").startswith("Extend evening clinics")
    visitor.page.fill("#id_actions-2-text", "Report waits by ethnicity next quarter")
    press(visitor, "Save as a new version")
    content = visitor.page.content()
    assert "Saved as version 2" in content and "Report waits by ethnicity" in content
    assert "slope index of inequality" in content
    press(visitor, "Publish this paper")
    assert "Paper published" in visitor.page.content()
    press(visitor, "Make public")
    paper = BoardPaper.objects.get()
    assert paper.is_public
    public = f"/indicators/board-papers/{paper.public_slug}/"
    visitor.page.context.clear_cookies()
    visitor.visit(public)
    content = visitor.page.content()
    assert "The gap in long waits is narrowing slowly." in content
    assert "Extend evening clinics to two more sites" in content
