"""Each person's private calendar feed of their learning-set meetings and booked events.

The feed is reached by a secret address (no sign-in, so calendar apps can read it), so it
carries only what is safe if the address leaks: each meeting's time, the set's name and a
link (for an event: its time, title and a link). Never the place, video link, presenters,
issues or anything said. Revoking the address
makes it stop working at once; a new one can be made.
"""

from __future__ import annotations

import datetime
import zoneinfo

import icalendar
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from equityhub.core.audit import audit_record
from equityhub.core.models import User
from equityhub.core.site import site_url
from equityhub.learning.models import Booking, CalendarFeed, Event, LearningSet, Meeting

LONDON = zoneinfo.ZoneInfo("Europe/London")
PAST_DAYS = 90


def active_feed(user: User) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).first()


def feed_url(feed: CalendarFeed) -> str:
    return site_url() + reverse("learning:calendar-feed", kwargs={"token": feed.token})


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


def events_for_feed(user: User) -> list[Event]:
    """Events the person has a place at (cancelled events drop out of the feed)."""
    since = timezone.now() - datetime.timedelta(days=PAST_DAYS)
    booked = Booking.objects.booked().filter(user=user).values("event")
    events = Event.objects.filter(pk__in=booked, ends_at__gte=since, status="scheduled")
    return list(events)


def _entry(
    uid: str,
    start: datetime.datetime,
    end: datetime.datetime,
    summary: str,
    link: str,
    stamp: datetime.datetime,
) -> icalendar.Event:
    entry = icalendar.Event()
    entry.add("uid", uid)
    entry.add("dtstamp", stamp)
    entry.add("dtstart", start.astimezone(LONDON))
    entry.add("dtend", end.astimezone(LONDON))
    entry.add("summary", summary)
    entry.add("url", link)
    entry.add("description", f"Details on Equity Hub (sign in): {link}")
    return entry


def feed_ics(feed: CalendarFeed) -> bytes:
    """The feed as iCalendar: times in Europe/London, the set's name, a link. Nothing else."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Equity Hub//Learning sets//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Equity Hub learning")
    stamp = timezone.now()
    for meeting in meetings_for_feed(feed.user):
        link = site_url() + reverse("learning:meeting", kwargs={"pk": meeting.pk})
        summary = f"Learning set: {meeting.learning_set.name}"
        uid = f"learning-meeting-{meeting.pk}@equityhub"
        calendar.add_component(
            _entry(uid, meeting.starts_at, meeting.ends_at, summary, link, stamp)
        )
    for event in events_for_feed(feed.user):
        link = site_url() + reverse("learning:event", kwargs={"pk": event.pk})
        uid = f"learning-event-{event.pk}@equityhub"
        summary = f"{event.get_kind_display()}: {event.title}"
        calendar.add_component(_entry(uid, event.starts_at, event.ends_at, summary, link, stamp))
    calendar.add_missing_timezones()
    return calendar.to_ical()
