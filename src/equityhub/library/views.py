"""Pages of the library: index, search, browse by topic and audience, and serving items."""

from __future__ import annotations

import datetime
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.views.decorators.http import require_safe

from equityhub.core.pages import page
from equityhub.core.pagination import paginate
from equityhub.library import search, selectors
from equityhub.library.highlight import highlighted_snippet
from equityhub.library.models import Kind, LibraryItem
from equityhub.library.taxonomy import Audience, Topic, TopicGroup

LIBRARY_CRUMBS = [("Home", "/"), ("Library", reverse_lazy("library:index"))]
NEW_FOR_ME_PAGE_DAYS = 30


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    visible = LibraryItem.objects.visible_to(request.user)
    newest = visible.exclude(kind=Kind.PATHWAY).order_by("-first_published_at")[:6]
    return page(
        request,
        "library/index.jinja",
        "Knowledge library",
        breadcrumbs=[("Home", "/")],
        newest=newest.specific(),
        case_studies=visible.filter(kind=Kind.CASE_STUDY).order_by("-first_published_at")[:3],
        pathways=visible.filter(kind=Kind.PATHWAY).order_by("title"),
        topic_groups=_grouped_topics(request),
        audiences=[
            a for a in selectors.audiences_with_counts(request.user) if getattr(a, "count", 0)
        ],
    )


def _grouped_topics(request: HttpRequest) -> list[tuple[str, list[Topic]]]:
    topics = [t for t in selectors.topics_with_counts(request.user) if getattr(t, "count", 0)]
    labels = dict(TopicGroup.choices)
    groups: dict[str, list[Topic]] = {}
    for topic in topics:
        groups.setdefault(str(labels[topic.group]), []).append(topic)
    return list(groups.items())


@require_safe
def search_view(request: HttpRequest) -> HttpResponse:
    outcome = search.find(request.GET, request.user)
    results = paginate(request, outcome.ids, per_page=20)
    query = outcome.values["q"]
    items = [
        (item, highlighted_snippet(item.summary, query) if query else item.summary)
        for item in search.shown_items(list(results.object_list), request.user)
    ]
    title = f"Search results for ‘{query}’" if query else "Search the library"
    return page(
        request,
        "library/search.jinja",
        title,
        breadcrumbs=LIBRARY_CRUMBS,
        outcome=outcome,
        query=query,
        results=results,
        items=items,
        highlight_title=lambda text: highlighted_snippet(text, query),
    )


def _browse(
    request: HttpRequest, title: str, lede: str, search_param: str, slug: str
) -> HttpResponse:
    visible = LibraryItem.objects.visible_to(request.user)
    relation = "topics" if search_param == "topic" else "audiences"
    items = visible.filter(**{f"{relation}__slug": slug}).order_by("-first_published_at")
    results = paginate(request, items.specific())
    return page(
        request,
        "library/browse.jinja",
        title,
        breadcrumbs=LIBRARY_CRUMBS,
        lede=lede,
        results=results,
        search_href=f"{reverse('library:search')}?{urlencode({search_param: slug})}",
    )


@require_safe
def topics(request: HttpRequest) -> HttpResponse:
    return page(
        request,
        "library/topics.jinja",
        "Browse by topic",
        breadcrumbs=LIBRARY_CRUMBS,
        topic_groups=_grouped_topics(request),
        audiences=selectors.audiences_with_counts(request.user),
    )


@require_safe
def topic(request: HttpRequest, slug: str) -> HttpResponse:
    found = get_object_or_404(Topic, slug=slug)
    return _browse(request, found.name, found.description, "topic", slug)


@require_safe
def audience(request: HttpRequest, slug: str) -> HttpResponse:
    found = get_object_or_404(Audience, slug=slug)
    lede = found.description or f"Resources chosen for {found.name.lower()}."
    return _browse(request, f"For {found.name.lower()}", lede, "audience", slug)


@require_safe
def item(request: HttpRequest, slug: str) -> HttpResponse:
    """Serve a live library page (drafts are not found; members-only asks to sign in)."""
    found = LibraryItem.objects.live().filter(slug=slug).first()
    if found is None:
        raise Http404("No such library item")
    return found.specific.serve(request)


@require_safe
def new_and_updated(request: HttpRequest) -> HttpResponse:
    from equityhub.library.feeds import recently_changed

    results = paginate(request, recently_changed(request.user).specific())
    return page(
        request,
        "library/new.jinja",
        "New and updated",
        breadcrumbs=LIBRARY_CRUMBS,
        results=results,
    )


@require_safe
@login_required
def new_for_me(request: HttpRequest) -> HttpResponse:
    """What is new in the last month on this person's topics and for their professional group."""
    from equityhub.library.new_for_me import interests_for, matching_items

    user: Any = request.user
    interests = interests_for(user)
    since = timezone.now() - datetime.timedelta(days=NEW_FOR_ME_PAGE_DAYS)
    results = paginate(request, matching_items(user, interests, since=since).specific())
    return page(
        request,
        "library/new_for_me.jinja",
        "New for me",
        breadcrumbs=LIBRARY_CRUMBS,
        interests=interests,
        results=results,
        days=NEW_FOR_ME_PAGE_DAYS,
    )
