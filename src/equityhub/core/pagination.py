"""One pagination helper, so every list pages the same way."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

PAGE_SIZE = 25


def paginate(request: HttpRequest, items: Any, *, per_page: int = PAGE_SIZE) -> Page[Any]:
    """Return the requested page; a bad or too-high page number gives the nearest real page."""
    return Paginator(items, per_page).get_page(request.GET.get("page"))


def page_query(request: HttpRequest, number: int) -> str:
    """The current query string with another page number (keeps filters in the URL)."""
    query = request.GET.copy()
    query["page"] = str(number)
    return "?" + query.urlencode()
