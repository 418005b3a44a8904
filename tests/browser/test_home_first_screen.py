"""Each demo role's home page leads with that role's work queue, on the first screen of a
1366 x 768 laptop and of a 390 x 844 phone, with no scrolling.

A lead with ten minutes a week sees the four weekly answers at once: the next meeting (and what
is due for it), overdue actions, indicators needing attention, and what is new in the library.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import Visitor
from tests.demo_roles import DESKTOP, PHONE, load_demo, signed_in_tab

# Layout at a window size does not depend on the database: the PostgreSQL pass skips it.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.layout, pytest.mark.slow]

QUEUES = {
    "lead": (
        "Next meeting",
        "Overdue actions",
        "Indicators needing attention",
        "New in the library",
    ),
    "team member": ("Data returns", "Validation problems", "API keys expiring"),
    "board member": ("Board papers to read", "Indicators at a glance", "Questions to ask"),
    "facilitator": (
        "Sets needing a date",
        "Actions overdue across your sets",
        "Buddy requests unmatched",
    ),
    "content editor": ("Past review date", "Broken links", "Suggestions waiting"),
    "administrator": ("Approvals", "Invitations", "Failed tasks"),
    "partner": ("New in the library",),
}


def _below_the_fold(page: Any, questions: tuple[str, ...], height: int) -> list[str]:
    """The questions whose line is missing, or ends below the first screen."""
    missing = []
    for question in questions:
        line = page.locator(".eh-queue__line", has_text=f"{question}:").first
        box = line.bounding_box() if line.count() else None
        if box is None:
            missing.append(f"{question} (missing)")
        elif (bottom := box["y"] + box["height"]) > height:
            missing.append(f"{question} (ends at {bottom:.0f} px)")
    return missing


def test_each_roles_queue_is_on_the_first_screen(
    browser: Any, live_server: Any, settings: Any
) -> None:
    settings.DEBUG = True
    roles = load_demo()
    assert set(QUEUES) <= set(roles), f"demo roles changed: {sorted(roles)}"
    problems = []
    for role, questions in QUEUES.items():
        for viewport in (DESKTOP, PHONE):
            context, page = signed_in_tab(browser, live_server, roles[role], viewport)
            Visitor(page, live_server.url).visit("/")  # axe and console checks as well
            size = f"{viewport['width']}x{viewport['height']}"
            if late := _below_the_fold(page, questions, viewport["height"]):
                problems.append(f"{role} at {size}: " + ", ".join(late))
            context.close()
    assert not problems, "Not on the first screen:\n" + "\n".join(problems)
