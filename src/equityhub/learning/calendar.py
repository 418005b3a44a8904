"""Each person's private calendar feed of their learning-set meetings.

The feed is reached by a secret address (no sign-in, so calendar apps can read it), so it
carries only what is safe if the address leaks: each meeting's time, the set's name and a
link. Never the place, video link, presenters, issues or anything said. Revoking the address
makes it stop working at once; a new one can be made.
"""

from __future__ import annotations

import datetime
import zoneinfo

import icalendar
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from equityhub.core.audit import audit_record
from equityhub.core.models import User
from equityhub.learning.models import CalendarFeed, LearningSet, Meeting

LONDON = zoneinfo.ZoneInfo("Europe/London")
PAST_DAYS = 90


def active_feed(user: User) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).first()


def feed_url(feed: CalendarFeed) -> str:
    return settings.SITE_URL + reverse("learning:calendar-feed", kwargs={"token": feed.token})


@transaction.atomic
def feed_create(*, user: User, request: HttpRequest | None = None) -> CalendarFeed:
    """Make a new private address (any older one stops working)."""
    CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    feed = CalendarFeed.objects.create(user=user)
    audit_record(action="learning.calendar.create", actor=user, target=feed, request=request)
    return feed


@transaction.atomic
def feed_revoke(*, user: User, request: HttpRequest | None = None) -> int:
    """Stop the private address working."""
    revoked = CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    audit_record(action="learning.calendar.revoke", actor=user, request=request)
    return revoked


def feed_for_token(token: str) -> CalendarFeed | None:
    feed = CalendarFeed.objects.filter(token=token, revoked_at__isnull=True)
    found = feed.select_related("user").first()
    if found is None or not found.user.is_active:
        return None
    return found


def meetings_for_feed(user: User) -> list[Meeting]:
    since = timezone.now() - datetime.timedelta(days=PAST_DAYS)
    sets = LearningSet.objects.visible_to(user).values("pk")
    meetings = Meeting.objects.filter(learning_set__in=sets, ends_at__gte=since)
    return list(meetings.select_related("learning_set"))


def feed_ics(feed: CalendarFeed) -> bytes:
    """The feed as iCalendar: times in Europe/London, the set's name, a link. Nothing else."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Equity Hub//Learning sets//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Equity Hub learning sets")
    stamp = timezone.now()
    for meeting in meetings_for_feed(feed.user):
        link = settings.SITE_URL + reverse("learning:meeting", kwargs={"pk": meeting.pk})
        event = icalendar.Event()
        event.add("uid", f"learning-meeting-{meeting.pk}@equityhub")
        event.add("dtstamp", stamp)
        event.add("dtstart", meeting.starts_at.astimezone(LONDON))
        event.add("dtend", meeting.ends_at.astimezone(LONDON))
        event.add("summary", f"Learning set: {meeting.learning_set.name}")
        event.add("url", link)
        event.add("description", f"Details on Equity Hub (sign in): {link}")
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
