"""No page a demo role can reach is wider than a 390 px phone screen.

The crawl (tests/crawl/crawler.py) lists the pages each demo role reaches from the home page;
each is then opened in a 390 px wide tab signed in as that role, and fails when the document
scrolls sideways: data tables must scroll inside their own box, charts scale and forms stack
instead. A layout several roles reach is measured once, as the first role that reached it (the
layout of a page does not change with who reads it; its content is checked by the crawl), and
pages that differ only in a number or a slug (library items, say) share a layout.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.crawl.crawler import CODE, crawl
from tests.demo_roles import PHONE, load_demo, signed_in_client, signed_in_tab

# Layout at a window size does not depend on the database: the PostgreSQL pass skips it.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.layout, pytest.mark.slow]
WIDTH = PHONE["width"]

WIDEST = """(width) => {
  let worst = null;
  for (const el of document.querySelectorAll("main *")) {
    const right = el.getBoundingClientRect().right;
    if (right > width && (!worst || right > worst.right)) worst = {el, right};
  }
  if (!worst) return "";
  const el = worst.el, name = [el.tagName.toLowerCase(), ...el.classList].join(".");
  return `${name} ends at ${Math.round(worst.right)} px`;
}"""


# The crawl reaches hundreds of library items that share one layout; a page of each layout is
# enough to see whether the layout fits, and keeps this test to minutes.
PAGES_PER_ROLE = 300
SLUG = re.compile(r"/[a-z0-9]+(?:-[a-z0-9]+)+(?=/)")


def _layout(path: str) -> str:
    """The page's address with numbers, codes and slugs generalised: one of each is measured."""
    return re.sub(r"\d+", "N", SLUG.sub("/S", CODE.sub("/C", urlsplit(path).path)))


def _one_per_layout(pages: list[str]) -> list[str]:
    chosen: dict[str, str] = {}
    for path in pages:
        chosen.setdefault(_layout(path), path)
    return list(chosen.values())


def test_no_page_of_the_crawl_is_wider_than_a_phone(
    browser: Any, live_server: Any, settings: Any
) -> None:
    settings.DEBUG = True
    roles = load_demo()
    assert len(roles) >= 6
    problems: list[str] = []
    measured: set[str] = set()
    for role, user in [("anonymous", None), *roles.items()]:
        found = crawl(signed_in_client(user), per_pattern=1, limit=PAGES_PER_ROLE).pages
        pages = [p for p in _one_per_layout(found) if _layout(p) not in measured]
        measured.update(_layout(p) for p in pages)
        context, page = signed_in_tab(browser, live_server, user, PHONE)
        for path in pages:
            page.goto(live_server.url + path)
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > WIDTH:
                problems.append(f"{role} {path}: {width} px wide; {page.evaluate(WIDEST, WIDTH)}")
        context.close()
    assert not problems, "Pages wider than a 390 px phone:\n" + "\n".join(problems)
