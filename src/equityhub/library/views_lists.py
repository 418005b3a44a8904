"""Reading lists for study groups (every list, one list's readings in order), and any
collection — a reading list or a pathway — exported for reference managers."""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse_lazy
from django.views.decorators.http import require_safe

from equityhub.core.pages import page
from equityhub.library.pathways import ReadingList
from equityhub.library.selectors import reading_list_entries
from equityhub.library.views import LIBRARY_CRUMBS


@require_safe
def reading_lists(request: HttpRequest) -> HttpResponse:
    lists = ReadingList.objects.annotate(size=Count("entries")).order_by("title")
    return page(
        request,
        "library/reading_lists.jinja",
        "Reading lists",
        breadcrumbs=LIBRARY_CRUMBS,
        lists=lists,
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
        breadcrumbs=[*LIBRARY_CRUMBS, ("Reading lists", reverse_lazy("library:reading-lists"))],
        reading_list=found,
        entries=entries,
        members_only_hidden=members_only_hidden,
    )


def _download(items: list[Any], kind: str, name: str) -> HttpResponse:
    from equityhub.library import imports
    from equityhub.library.views_import import CONTENT_TYPES, EXTENSIONS

    if kind not in imports.FORMATS:
        kind = "csv"
    response = HttpResponse(
        imports.export(items, kind), content_type=f"{CONTENT_TYPES[kind]}; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.{EXTENSIONS[kind]}"'
    return response


@require_safe
def reading_list_export(request: HttpRequest, slug: str) -> HttpResponse:
    """A reading list's readings, in order, as RIS, BibTeX or CSV for reference managers."""
    found = get_object_or_404(ReadingList, slug=slug)
    items = [entry.item.specific for entry in reading_list_entries(found, request.user)]
    return _download(items, request.GET.get("format", "csv"), found.slug)


@require_safe
def pathway_export(request: HttpRequest, slug: str) -> HttpResponse:
    """A pathway's steps, in order, as RIS, BibTeX or CSV (members-only steps when signed in)."""
    from equityhub.library.models import LibraryItem, Pathway

    pathway = Pathway.objects.live().filter(slug=slug).first()
    if pathway is None or (pathway.members_only and not request.user.is_authenticated):
        raise Http404("No such pathway")
    visible = set(LibraryItem.objects.visible_to(request.user).values_list("pk", flat=True))
    steps = pathway.steps.select_related("item").order_by("sort_order")
    items = [step.item.specific for step in steps if step.item_id in visible]
    return _download(items, request.GET.get("format", "csv"), pathway.slug)
