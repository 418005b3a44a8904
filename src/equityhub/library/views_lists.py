"""Reading lists for study groups: every list, and one list's readings in order."""

from __future__ import annotations

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from equityhub.core.views import page
from equityhub.library.pathways import ReadingList
from equityhub.library.selectors import reading_list_entries

CRUMBS = [("Home", "/"), ("Library", "/library/")]


@require_safe
def reading_lists(request: HttpRequest) -> HttpResponse:
    lists = ReadingList.objects.annotate(size=Count("entries")).order_by("title")
    return page(
        request, "library/reading_lists.jinja", "Reading lists", breadcrumbs=CRUMBS, lists=lists
    )


@require_safe
def reading_list(request: HttpRequest, slug: str) -> HttpResponse:
    found = get_object_or_404(ReadingList, slug=slug)
    entries = reading_list_entries(found, request.user)
    members_only_hidden = 0
    if not request.user.is_authenticated:
        live = found.entries.filter(item__live=True, item__members_only=True)
        members_only_hidden = live.count()
    return page(
        request,
        "library/reading_list.jinja",
        found.title,
        breadcrumbs=[*CRUMBS, ("Reading lists", "/library/reading-lists/")],
        reading_list=found,
        entries=entries,
        members_only_hidden=members_only_hidden,
    )
