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
from urllib.parse import urlsplit

import icalendar
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from equityhub.core.audit import audit_record
from equityhub.core.models import User
from equityhub.core.site import site_url
from equityhub.learning.calendar.models import CalendarFeed
from equityhub.learning.events.models import Booking, Event
from equityhub.learning.sets.models import LearningSet, Meeting

LONDON = zoneinfo.ZoneInfo("Europe/London")
PAST_DAYS = 90
# The standard Europe/London block (as published by tzurl.org and sent by Outlook): the rule in
# force since 1996, by RRULE, so it holds for every year. A block generated only for the span of
# the feed's meetings knew one offset when they all fell on one side of a clock change, and
# vobject then read winter meetings as BST, an hour early.
EUROPE_LONDON_VTIMEZONE = b"""BEGIN:VTIMEZONE
TZID:Europe/London
BEGIN:DAYLIGHT
TZOFFSETFROM:+0000
TZOFFSETTO:+0100
TZNAME:BST
DTSTART:19700329T010000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+0100
TZOFFSETTO:+0000
TZNAME:GMT
DTSTART:19701025T020000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE
""".replace(b"\n", b"\r\n")


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


def uid_domain() -> str:
    """The site's own host name: UIDs must be unique across every calendar a person reads."""
    return urlsplit(site_url()).hostname or "equityhub.invalid"


def feed_ics(feed: CalendarFeed) -> bytes:
    """The feed as iCalendar: times in Europe/London, the set's name, a link. Nothing else."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Equity Hub//Learning sets//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Equity Hub learning")
    calendar.add_component(icalendar.Timezone.from_ical(EUROPE_LONDON_VTIMEZONE))
    stamp, domain = timezone.now(), uid_domain()
    for meeting in meetings_for_feed(feed.user):
        link = site_url() + reverse("learning:meeting", kwargs={"pk": meeting.pk})
        summary = f"Learning set: {meeting.learning_set.name}"
        uid = f"learning-meeting-{meeting.pk}@{domain}"
        calendar.add_component(
            _entry(uid, meeting.starts_at, meeting.ends_at, summary, link, stamp)
        )
    for event in events_for_feed(feed.user):
        link = site_url() + reverse("learning:event", kwargs={"pk": event.pk})
        uid = f"learning-event-{event.pk}@{domain}"
        summary = f"{event.get_kind_display()}: {event.title}"
        calendar.add_component(_entry(uid, event.starts_at, event.ends_at, summary, link, stamp))
    return calendar.to_ical()
