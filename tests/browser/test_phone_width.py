"""No page a demo role can reach is wider than a 390 px phone screen.

The browser follows the links each demo role reaches from the home page, as the crawl test does
(tests/crawl/crawler.py: the same addresses skipped, a few pages of each address pattern), and on
each page checks that the document does not scroll sideways: data tables must scroll inside their
own box, charts scale and forms stack instead.
"""

from __future__ import annotations

from collections import deque
from typing import Any

import pytest

from tests.browser.demo_roles import PHONE, load_demo, signed_in_tab
from tests.crawl.crawler import _internal, _page_pattern

pytestmark = pytest.mark.django_db(transaction=True)
WIDTH = PHONE["width"]
PER_PATTERN = 1

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
LINKS = "els => els.map(el => el.getAttribute('href'))"


def _too_wide_pages(page: Any, base_url: str, role: str) -> list[str]:
    """Breadth-first from the home page; each page that scrolls sideways, and why."""
    problems = []
    queue, seen, per_shape = deque(["/"]), {"/"}, dict[str, int]()
    while queue:
        path = queue.popleft()
        try:
            response = page.goto(base_url + path)
        except Exception:
            continue
        if response is None or not response.headers.get("content-type", "").startswith("text/html"):
            continue
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > WIDTH:
            problems.append(f"{role} {path}: {width} px wide; {page.evaluate(WIDEST, WIDTH)}")
        for href in page.eval_on_selector_all("a[href]", LINKS):
            link = _internal(href, path)
            shape = _page_pattern(link) if link else ""
            if link is None or link in seen or per_shape.get(shape, 0) >= PER_PATTERN:
                continue
            seen.add(link)
            per_shape[shape] = per_shape.get(shape, 0) + 1
            queue.append(link)
    return problems


def test_no_page_of_the_crawl_is_wider_than_a_phone(
    browser: Any, live_server: Any, settings: Any
) -> None:
    settings.DEBUG = True
    roles = load_demo()
    assert len(roles) >= 6
    problems: list[str] = []
    for role, user in [("anonymous", None), *roles.items()]:
        context, page = signed_in_tab(browser, live_server, user, PHONE)
        problems += _too_wide_pages(page, live_server.url, role)
        context.close()
    assert not problems, "Pages wider than a 390 px phone:\n" + "\n".join(problems)
