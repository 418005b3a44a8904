"""Reads that cross relations: what an item page shows, browse lists, reports."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.urls import reverse_lazy
from django.utils import timezone

from equityhub.library.engagement import Comment, CommentStatus, UsefulMark
from equityhub.library.taxonomy import Audience, Topic

if TYPE_CHECKING:
    from equityhub.library.models import LibraryItem


def item_context(item: LibraryItem, request: HttpRequest) -> dict[str, Any]:
    """Everything a library item's page shows beyond its own fields."""
    user: Any = request.user
    signed_in = user.is_authenticated
    return {
        "page_title": item.title,
        "breadcrumbs": [("Home", "/"), ("Library", reverse_lazy("library:index"))],
        "topics": list(item.topics.all()),
        "audiences": list(item.audiences.all()),
        "useful_count": UsefulMark.objects.filter(item=item).count(),
        "marked_useful": signed_in and UsefulMark.objects.filter(item=item, user=user).exists(),
        "comments": Comment.objects.filter(item=item, status=CommentStatus.APPROVED)
        .select_related("author")
        .order_by("created_at"),
        "signed_in": signed_in,
    }


def topics_with_counts(user: Any) -> QuerySet[Topic]:
    from equityhub.library.models import LibraryItem

    visible = LibraryItem.objects.visible_to(user).values("pk")
    return Topic.objects.annotate(count=Count("items", filter=Q(items__in=visible)))


def audiences_with_counts(user: Any) -> QuerySet[Audience]:
    from equityhub.library.models import LibraryItem

    visible = LibraryItem.objects.visible_to(user).values("pk")
    return Audience.objects.annotate(count=Count("items", filter=Q(items__in=visible)))


def broken_links() -> QuerySet[Any]:
    """Live resources whose web address failed the last check."""
    from equityhub.library.models import Resource

    return Resource.objects.live().filter(link_broken=True).order_by("title")


def overdue_reviews() -> QuerySet[Any]:
    """Live items whose review date has passed, oldest first (the editors' report)."""
    from equityhub.library.models import LibraryItem

    today = timezone.localdate()
    return (
        LibraryItem.objects.live()
        .filter(next_review_date__lt=today)
        .select_related("review_owner")
        .order_by("next_review_date")
    )


def pathway_context(pathway: Any, request: HttpRequest) -> dict[str, Any]:
    """The steps this reader can see, each with their own progress (None when not signed in)."""
    from equityhub.library.models import LibraryItem
    from equityhub.library.pathways import PathwayProgress

    visible = set(LibraryItem.objects.visible_to(request.user).values_list("pk", flat=True))
    steps = [
        s
        for s in pathway.steps.select_related("item").order_by("sort_order")
        if s.item_id in visible
    ]
    progress: dict[int, Any] = {}
    if request.user.is_authenticated:
        rows = PathwayProgress.objects.filter(user=request.user, step__in=steps)
        progress = {row.step_id: row for row in rows}
    pairs = [(step, progress.get(step.pk)) for step in steps]
    context: dict[str, Any] = {
        "steps": pairs,
        "done_count": sum(1 for _, p in pairs if p is not None and p.completed_at),
        "certificate": None,
        "certificate_missing": [],
    }
    if pathway.leads_to_certificate and request.user.is_authenticated:
        from equityhub.library.certificates import Certificate, missing_for_certificate

        found = Certificate.objects.filter(pathway=pathway, holder=request.user).first()
        context["certificate"] = found
        context["certificate_missing"] = missing_for_certificate(pathway, request.user)
    return context


def reading_list_entries(reading_list: Any, user: Any) -> list[Any]:
    """A reading list's entries in order, each with its item, keeping only items this person
    may read (the learning pillar's study groups follow these)."""
    from equityhub.library.models import LibraryItem

    visible = set(LibraryItem.objects.visible_to(user).values_list("pk", flat=True))
    entries = reading_list.entries.select_related("item").order_by("position")
    return [entry for entry in entries if entry.item_id in visible]
