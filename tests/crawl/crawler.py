"""Follow every link a signed-in person can reach from the home page, and report what breaks.

Used by the crawl test over the demo data, and runnable by hand against a demo database:
``DEBUG=true python -m tests.crawl.crawler`` prints every failing address per demo role.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

from django.test import Client

# Addresses a crawl must not follow: they change state on GET, or belong to other software
# (the Wagtail and Django admin have their own tests and thousands of pages).
SKIP = re.compile(
    r"^/(accounts/sign-out|accounts/signout|logout|cms/|django-admin/|static/|media/|api/docs)"
)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.h1 = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "h1":
            self.h1 += 1
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


@dataclass
class CrawlReport:
    """What a crawl visited and what it found wrong, address by address."""

    visited: dict[str, int] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)  # the HTML pages that opened, in crawl order

    def fail(self, path: str, problem: str, source: str) -> None:
        self.failures.append(f"{path}: {problem} (linked from {source})")


def _internal(href: str, base: str) -> str | None:
    url, _ = urldefrag(urljoin(base, href))
    parts = urlsplit(url)
    if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
        return None
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return None if SKIP.match(parts.path) else path


# An organisation or area code in an address (RQX, QOP, Y56, E54000008): one kind of page per
# indicator and level, not one per organisation, or the crawl never ends on national data.
CODE = re.compile(r"/[A-Z][A-Z0-9]{1,9}(?=/)")


def _page_pattern(path: str) -> str:
    """The address with codes and numbers generalised, to visit each kind a few times."""
    shape = re.sub(r"\d+", "N", CODE.sub("/CODE", urlsplit(path).path))
    query = urlsplit(path).query
    return shape + ("?" + re.sub(r"=[^&]*", "=", query) if query else "")


def crawl(
    client: Client, *, start: str = "/", per_pattern: int = 3, limit: int = 2000
) -> CrawlReport:
    """Breadth-first from ``start``: no link answers 4xx or 5xx; each HTML page has one h1."""
    report = CrawlReport()
    queue: deque[tuple[str, str]] = deque([(start, "(start)")])
    seen = {start}
    per_shape: dict[str, int] = {}
    while queue:
        if len(report.visited) >= limit:  # a crawl cut short would leave pages unchecked
            report.fail(start, f"more than {limit} addresses to visit", "(crawl)")
            break
        path, source = queue.popleft()
        response = client.get(path)
        report.visited[path] = response.status_code
        if response.status_code >= 400:  # a link people are shown must lead somewhere they may go
            report.fail(path, f"answered {response.status_code}", source)
            continue
        if response.status_code != 200:
            continue
        if not response.get("Content-Type", "").startswith("text/html"):
            if not response.content:  # downloads, feeds, calendars: something must come back
                report.fail(path, "empty download", source)
            continue
        report.pages.append(path)
        for link in _links(response.content.decode(), path, report, source):
            shape = _page_pattern(link)
            if link in seen or per_shape.get(shape, 0) >= per_pattern:
                continue
            seen.add(link)
            per_shape[shape] = per_shape.get(shape, 0) + 1
            queue.append((link, path))
    return report


def _links(html: str, path: str, report: CrawlReport, source: str) -> Iterator[str]:
    parser = _Links()
    parser.feed(html)
    if parser.h1 != 1:
        report.fail(path, f"has {parser.h1} <h1> elements", source)
    for href in parser.hrefs:
        if (link := _internal(href, path)) is not None:
            yield link
