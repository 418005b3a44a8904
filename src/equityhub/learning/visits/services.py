"""Writes and reads for exchange visits.

Anyone signed in posts an offer or a request with topics from the library's list; offers and
requests sharing a topic are shown to each other as matches. From an offer a visitor asks to
visit; from a request a host offers to show their work. The other person agrees (with a date)
or declines. After the visit either writes a learning note, which can be sent to the library
editors as a case study suggestion (the same path as a community's "capture the learning").
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from equityhub.core.audit import audit_record
from equityhub.core.models import User
from equityhub.core.notifications import notify, register_notification_kind
from equityhub.learning.capture import capture_as_case_study
from equityhub.learning.visits.models import ExchangeListing, ListingKind, Visit, VisitStatus
from equityhub.library.taxonomy import Topic

VISITS_KIND = "learning.visits"
register_notification_kind(VISITS_KIND, "Exchange visits: requests, answers and matches")


def visit_link(visit: Visit) -> str:
    return reverse("learning:visit", kwargs={"pk": visit.pk})


@transaction.atomic
def listing_create(
    *,
    by: User,
    kind: str,
    title: str,
    description: str,
    topics: Iterable[Topic] = (),
    request: HttpRequest | None = None,
) -> ExchangeListing:
    errors = {}
    if kind not in ListingKind.values:
        errors["kind"] = "Choose an offer or a request"
    if not title.strip():
        errors["title"] = "Enter a title"
    if not description.strip():
        errors["description"] = "Describe what there is to see, or what you would like to see"
    chosen = list(topics)
    if not chosen:
        errors["topics"] = "Choose at least one topic, so that we can match it"
    if errors:
        raise ValidationError(errors)
    listing = ExchangeListing.objects.create(
        kind=kind, author=by, title=title.strip(), description=description.strip()
    )
    listing.topics.set(chosen)
    audit_record(action="learning.visit.listing", actor=by, target=listing, request=request)
    matched = {m.listing.author for m in matches_for(listing)} - {by}
    if matched:
        notify(
            recipients=list(matched),
            kind=VISITS_KIND,
            title=f"A new exchange {listing.kind} matches yours: {listing}",
            link=reverse("learning:listing", kwargs={"pk": listing.pk}),
        )
    return listing


@dataclass(frozen=True)
class ListingMatch:
    listing: ExchangeListing
    shared_topics: list[str]


def matches_for(listing: ExchangeListing) -> list[ListingMatch]:
    """Open listings of the other kind sharing a topic, most shared topics first."""
    mine = {topic.pk: topic.name for topic in listing.topics.all()}
    other_kind = ListingKind.REQUEST if listing.is_offer else ListingKind.OFFER
    candidates = (
        ExchangeListing.objects.filter(kind=other_kind, is_open=True, topics__in=list(mine))
        .distinct()
        .prefetch_related("topics")
        .select_related("author")
    )
    found = []
    for candidate in candidates:
        shared = sorted(mine[t.pk] for t in candidate.topics.all() if t.pk in mine)
        found.append(ListingMatch(candidate, shared))
    found.sort(key=lambda m: (-len(m.shared_topics), -m.listing.pk))
    return found


@transaction.atomic
def visit_arrange(
    *, by: User, listing: ExchangeListing, message: str = "", request: HttpRequest | None = None
) -> Visit:
    """Ask to visit (from an offer) or offer to host (from a request)."""
    if listing.author_id == by.pk:
        raise ValidationError("This is your own offer or request")
    if not listing.is_open:
        raise ValidationError("This offer or request is closed")
    host, visitor = (listing.author, by) if listing.is_offer else (by, listing.author)
    live = Visit.objects.filter(listing=listing, host=host, visitor=visitor)
    if live.exclude(status=VisitStatus.DECLINED).exists():
        raise ValidationError("You have already arranged a visit about this")
    visit = Visit.objects.create(
        listing=listing, host=host, visitor=visitor, asked_by=by, message=message.strip()
    )
    audit_record(action="learning.visit.arrange", actor=by, target=visit, request=request)
    verb = "would like to visit" if listing.is_offer else "offers to host you"
    notify(
        recipients=[listing.author],
        kind=VISITS_KIND,
        title=f"{by} {verb}: {listing}",
        link=visit_link(visit),
    )
    return visit


@transaction.atomic
def visit_answer(
    *,
    by: User,
    visit: Visit,
    agree: bool,
    visit_date: datetime.date | None = None,
    request: HttpRequest | None = None,
) -> Visit:
    if by.pk != visit.answerer_id():
        raise PermissionDenied("Only the person asked can answer")
    if visit.status != VisitStatus.PROPOSED:
        raise ValidationError("This has already been answered")
    if agree and visit_date is None:
        raise ValidationError({"visit_date": "Enter the date of the visit"})
    visit.status = VisitStatus.AGREED if agree else VisitStatus.DECLINED
    visit.visit_date = visit_date if agree else None
    visit.save(update_fields=["status", "visit_date"])
    verb = "agreed" if agree else "declined"
    audit_record(action=f"learning.visit.{verb}", actor=by, target=visit, request=request)
    notify(
        recipients=[visit.asked_by],
        kind=VISITS_KIND,
        title=f"{by} {verb} the visit about {visit.listing}",
        link=visit_link(visit),
    )
    return visit


def _require_party(user: User, visit: Visit) -> None:
    if user.pk not in (visit.host_id, visit.visitor_id):
        raise PermissionDenied("Only the host and the visitor can do this")


@transaction.atomic
def learning_note_save(
    *, by: User, visit: Visit, learning_note: str, request: HttpRequest | None = None
) -> Visit:
    """After the visit, record what was learned (either person; the latest note stands)."""
    _require_party(by, visit)
    if visit.status != VisitStatus.AGREED or visit.visit_date is None:
        raise ValidationError("Agree the visit first")
    if visit.visit_date > timezone.localdate():
        raise ValidationError("Write the learning note after the visit")
    if not learning_note.strip():
        raise ValidationError({"learning_note": "Write what you learned"})
    visit.learning_note, visit.note_by = learning_note.strip(), by
    visit.save(update_fields=["learning_note", "note_by"])
    audit_record(action="learning.visit.note", actor=by, target=visit, request=request)
    return visit


@transaction.atomic
def visit_capture(
    *,
    by: User,
    visit: Visit,
    title: str,
    summary: str,
    what_was_done: str = "",
    results: str = "",
    request: HttpRequest | None = None,
) -> Visit:
    """Send the learning note to the library editors as a case study suggestion."""
    _require_party(by, visit)
    if not visit.learning_note:
        raise ValidationError("Write the learning note first")
    if visit.captured_as_id is not None:
        raise ValidationError("This visit's learning has already been sent to the library")
    capture_as_case_study(
        by=by,
        source=visit,
        action="learning.visit.capture",
        context=f"From an exchange visit: {visit.listing}",
        title=title,
        summary=summary,
        what_was_done=what_was_done,
        results=results,
        request=request,
    )
    return visit


@transaction.atomic
def listing_close(*, by: User, listing: ExchangeListing) -> ExchangeListing:
    if listing.author_id != by.pk:
        raise PermissionDenied("Only its author closes an offer or request")
    listing.is_open = False
    listing.save(update_fields=["is_open"])
    audit_record(action="learning.visit.close", actor=by, target=listing)
    return listing
