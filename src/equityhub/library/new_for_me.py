""" "New for me": new library items matched to each person's topics and professional group.

A person's topics come from the interests on their directory profile (an interest matches a
topic when either name contains the other, or they share the stem of a significant word); their
professional groups come from their post (a finance director reads what is tailored for
finance). Once a week every active person with matches gets one notification listing what
was published since their last one, through the foundation's notifications: it is emailed
at once, in their daily or weekly digest, or only shown in the app, as they choose, and the
email's one-click unsubscribe link stops these emails (they stay on the notifications page).
The home page's library section shows the same matches first.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from equityhub.core.models import Notification, User
from equityhub.core.notifications import notify
from equityhub.library.models import Kind, LibraryItem
from equityhub.library.querysets import LibraryItemQuerySet
from equityhub.library.taxonomy import Audience, Topic
from equityhub.people.models import Post, Profile

NEW_FOR_ME_KIND = "library.new_for_me"
WINDOW_DAYS = 7
MAX_LISTED = 15
POST_AUDIENCES: dict[str, tuple[str, ...]] = {
    Post.CHAIR: ("chairs-and-non-executives",),
    Post.NON_EXECUTIVE: ("chairs-and-non-executives",),
    Post.CHIEF_EXECUTIVE: ("chief-executives",),
    Post.COO: ("operations",),
    Post.MEDICAL: ("medical",),
    Post.NURSING: ("nursing",),
    Post.PUBLIC_HEALTH: ("public-health",),
    Post.STRATEGY: ("strategy",),
    Post.FINANCE: ("finance",),
    Post.PEOPLE: ("workforce",),
}
STEM = 5  # "ethnicity" and "ethnic" share a stem
COMMON_STEMS = {"healt", "inequ", "inclu", "their", "peopl", "servi", "child", "young"}


@dataclass(frozen=True)
class Interests:
    """What a person follows in the library, and why (for the page that explains it)."""

    topics: tuple[Topic, ...]
    audiences: tuple[Audience, ...]

    @property
    def empty(self) -> bool:
        return not self.topics and not self.audiences


def _stems(text: str) -> set[str]:
    """Stems of the significant words: too common ones ("health inequalities") match nothing."""
    words = re.findall(r"[a-z0-9]+", text.lower())
    return {w[:STEM] for w in words if len(w) > 3} - COMMON_STEMS


def _topic_matches(interest: str, topic: Topic) -> bool:
    wanted, name = interest.lower().strip(), topic.name.lower()
    if not wanted:
        return False
    if wanted in name or name in wanted or wanted == topic.slug.replace("-", " "):
        return True
    return bool(_stems(wanted) & _stems(topic.name))


def interests_for(user: User) -> Interests:
    profile = Profile.objects.filter(user=user).prefetch_related("interests").first()
    if profile is None:
        return Interests((), ())
    names = [interest.name for interest in profile.interests.all()]
    topics = tuple(t for t in Topic.objects.all() if any(_topic_matches(n, t) for n in names))
    slugs = POST_AUDIENCES.get(profile.post, ())
    audiences = tuple(Audience.objects.filter(slug__in=slugs))
    return Interests(topics, audiences)


def matching_items(
    user: User, interests: Interests, *, since: datetime.datetime
) -> LibraryItemQuerySet:
    """Items this person may read, first published since ``since``, on their topics or groups."""
    if interests.empty:
        return LibraryItem.objects.none()
    wanted = Q(topics__in=interests.topics) | Q(audiences__in=interests.audiences)
    chosen = LibraryItem.objects.filter(wanted).values("pk")
    return (
        LibraryItem.objects.visible_to(user)
        .exclude(kind=Kind.PATHWAY)
        .filter(pk__in=chosen, first_published_at__gte=since)
        .order_by("-first_published_at", "pk")
    )


def _since(user: User, now: datetime.datetime) -> datetime.datetime:
    window_start = now - datetime.timedelta(days=WINDOW_DAYS)
    last = (
        Notification.objects.filter(recipient=user, kind=NEW_FOR_ME_KIND)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    return max(window_start, last) if last else window_start


def _body(items: list[Any], total: int) -> str:
    lines = [f"- {item.title} ({item.get_kind_display()})" for item in items]
    if total > len(items):
        lines.append(f"... and {total - len(items)} more")
    return "\n".join(lines)


def send_new_for_me(*, now: datetime.datetime | None = None) -> int:
    """One notification per person with new matching items since their last one."""
    now = now or timezone.now()
    told = 0
    for user in User.objects.filter(is_active=True, profile__isnull=False):
        interests = interests_for(user)
        found = matching_items(user, interests, since=_since(user, now))
        total = found.count()
        if not total:
            continue
        items = list(found[:MAX_LISTED])
        notify(
            recipients=[user],
            kind=NEW_FOR_ME_KIND,
            title=f"New in the library for you: {total} {'item' if total == 1 else 'items'}",
            body=_body(items, total),
            link=reverse("library:new-for-me"),
        )
        told += 1
    return told
