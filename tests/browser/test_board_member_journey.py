"""The chair's twenty minutes before a board meeting, as the demo's board member: the home page's
queue, the paper's first screen (asks, headlines, actions), data folded under each chart, the
questions to ask on an indicator page, and uploads refused. At desktop and phone width."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import Visitor
from tests.demo_roles import DESKTOP, PHONE, load_demo, signed_in_tab

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def _on_first_screen(page: Any, selector: str, height: int) -> bool:
    box = page.locator(selector).first.bounding_box()
    return box is not None and box["y"] + box["height"] <= height


def test_the_chairs_journey(browser: Any, live_server: Any, settings: Any) -> None:
    settings.DEBUG = True
    chair = load_demo()["board member"]
    for viewport in (DESKTOP, PHONE):
        context, page = signed_in_tab(browser, live_server, chair, viewport)
        visitor = Visitor(page, live_server.url)
        visitor.visit("/")
        for question in ("Board papers to read", "Indicators at a glance", "Questions to ask"):
            assert page.locator(".eh-queue__line", has_text=f"{question}:").count(), question
        page.locator(".eh-queue__line", has_text="Board papers to read:").locator("a").first.click()
        page.wait_for_load_state()
        visitor.check()
        assert "/board-papers/" in page.url
        height = viewport["height"]
        assert _on_first_screen(page, "#asks", height), "the asks are below the first screen"
        assert page.locator("#headlines").count() and page.locator("#actions").count()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"], f"paper is {width}px wide at {viewport['width']}px"
        details = page.locator("details.nhsuk-details", has_text="Show the data").first
        assert not details.locator("table").is_visible()
        details.locator("summary").click()
        assert details.locator("table").is_visible()
        page.locator("#headlines + ul a").first.click()
        assert page.locator("h3", has_text="Compared with peers, region and England").count()
        indicator = page.locator("#headlines + ul a").first.get_attribute("href") or ""
        code = indicator.removeprefix("#indicator-")
        visitor.visit(f"/indicators/RQX/{code}/")
        assert page.locator("#questions").is_visible()
        visitor.visit("/indicators/returns/upload/", status=403)
        visitor.visit("/indicators/api-keys/", status=403)
        context.close()
