"""The calendar feed (time, name and link only; revocable) and the retention purge."""

from __future__ import annotations

import datetime
import zoneinfo
from typing import Any

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from equityhub.core.models import AuditEvent
from equityhub.core.scheduler import periodic_jobs
from equityhub.learning.calendar import services as calendar
from equityhub.learning.models import Action, LearningSet, Meeting, Presentation
from equityhub.learning.sets import retention
from equityhub.learning.tasks import purge_expired_notes

pytestmark = pytest.mark.django_db
LONDON = zoneinfo.ZoneInfo("Europe/London")


def _feed(client: Any, user: Any) -> icalendar.Calendar:
    feed = calendar.feed_create(user=user)
    response = client.get(reverse("learning:calendar-feed", kwargs={"token": feed.token}))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content)


def test_feed_carries_time_name_and_link_never_content(
    client: Any, people: dict, presentation: Presentation, next_meeting: Meeting
) -> None:
    parsed = _feed(client, people["member"])
    events = parsed.walk("VEVENT")
    assert len(events) == 2
    assert {str(e["summary"]) for e in events} == {"Learning set: Test ICS learning set"}
    urls = {str(e["url"]) for e in events}
    assert any(u.endswith(f"/learning/meetings/{next_meeting.pk}/") for u in urls)
    text = parsed.to_ical().decode()
    for secret in (
        "CONFIDENTIAL",
        "Quarry House",
        "secret-room",
        "Mina Member",
        "Omar Other",
        "elective recovery",
    ):
        assert secret not in text
    assert "LOCATION" not in text and "ATTENDEE" not in text


def test_feed_respects_europe_london_across_the_clock_change(
    client: Any, people: dict, learning_set: LearningSet, settings: Any
) -> None:
    # Clocks go forward at 01:00 UTC on Sunday 28 March 2027.
    winter = datetime.datetime(2027, 3, 26, 10, 0, tzinfo=LONDON)
    summer = datetime.datetime(2027, 3, 29, 10, 0, tzinfo=LONDON)
    for start in (winter, summer):
        Meeting.objects.create(
            learning_set=learning_set,
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=2),
            location="x",
        )
    parsed = _feed(client, people["member"])
    starts = sorted(e.decoded("dtstart") for e in parsed.walk("VEVENT"))
    assert [s.astimezone(LONDON).hour for s in starts] == [10, 10]
    assert [s.astimezone(datetime.UTC).hour for s in starts] == [10, 9]
    assert parsed.walk("VTIMEZONE"), "the feed defines Europe/London for calendar apps"


@pytest.mark.parametrize(
    "when",
    [
        pytest.param((datetime.datetime(2027, 1, 14, 10, 0), 10), id="winter only"),
        pytest.param((datetime.datetime(2027, 7, 14, 10, 0), 9), id="summer only"),
        pytest.param((datetime.datetime(2027, 11, 4, 18, 30), 18), id="after the autumn change"),
    ],
)
def test_two_independent_parsers_read_the_right_utc_time(
    client: Any, people: dict, learning_set: LearningSet, when: tuple[datetime.datetime, int]
) -> None:
    """vobject reads the embedded VTIMEZONE itself (icalendar looks the TZID up): a zone block
    that knows only one offset moves every meeting on the other side of a clock change."""
    import vobject

    local, utc_hour = when
    start = local.replace(tzinfo=LONDON)
    Meeting.objects.create(
        learning_set=learning_set, starts_at=start,
        ends_at=start + datetime.timedelta(hours=1), location="x",
    )  # fmt: skip
    parsed = _feed(client, people["member"])
    by_icalendar = [e.decoded("dtstart") for e in parsed.walk("VEVENT")]
    raw = parsed.to_ical().decode()
    by_vobject = [e.dtstart.value for e in vobject.readOne(raw).vevent_list]
    for found in (by_icalendar, by_vobject):
        assert [s.astimezone(datetime.UTC).hour for s in found] == [utc_hour]
        assert [s.astimezone(datetime.UTC).minute for s in found] == [start.minute]
    # the zone block itself follows the rules for every year, as a calendar app needs
    zone = vobject.readOne(raw).vtimezone.gettzinfo()
    for year in (2026, 2030):
        assert datetime.datetime(year, 1, 10, 12, tzinfo=zone).utcoffset() == datetime.timedelta(0)
        summer = datetime.datetime(year, 7, 10, 12, tzinfo=zone).utcoffset()
        assert summer == datetime.timedelta(hours=1)


def test_uids_are_globally_unique_with_the_site_domain(
    client: Any, people: dict, next_meeting: Meeting, settings: Any
) -> None:
    settings.SITE_URL = "https://equityhub.example.nhs.uk"
    settings.SITE_URL_CONFIGURED = True  # a deployment that names its address
    uids = [str(e["uid"]) for e in _feed(client, people["member"]).walk("VEVENT")]
    assert uids and all(uid.endswith("@equityhub.example.nhs.uk") for uid in uids), uids
    assert len(set(uids)) == len(uids)


def test_feed_lists_only_your_sets(client: Any, people: dict, next_meeting: Meeting) -> None:
    assert not _feed(client, people["outsider"]).walk("VEVENT")
    assert not _feed(client, people["administrator"]).walk("VEVENT")
    assert len(_feed(client, people["facilitator"]).walk("VEVENT")) == 1


def test_revoked_feed_stops_working(client: Any, people: dict) -> None:
    old = calendar.feed_create(user=people["member"])
    new = calendar.feed_create(user=people["member"])
    url = reverse("learning:calendar-feed", kwargs={"token": old.token})
    assert client.get(url).status_code == 404
    calendar.feed_revoke(user=people["member"])
    url = reverse("learning:calendar-feed", kwargs={"token": new.token})
    assert client.get(url).status_code == 404


def test_calendar_page_makes_and_revokes_the_address(client_for: Any, people: dict) -> None:
    client = client_for(people["member"])
    client.post(reverse("learning:calendar"), {"do": "create"})
    feed = calendar.active_feed(people["member"])
    assert feed is not None
    assert feed.token in client.get(reverse("learning:calendar")).content.decode()
    client.post(reverse("learning:calendar"), {"do": "revoke"})
    assert calendar.active_feed(people["member"]) is None


def _close(learning_set: LearningSet, months_ago: int) -> None:
    learning_set.status = "closed"
    learning_set.closed_at = timezone.now() - datetime.timedelta(days=31 * months_ago)
    learning_set.save()


def test_notes_are_kept_until_the_retention_period_ends(presentation: Presentation) -> None:
    learning_set = presentation.meeting.learning_set
    assert retention.notes_purge() == []  # still running
    _close(learning_set, 11)
    assert retention.notes_purge() == []
    presentation.refresh_from_db()
    assert presentation.reflections.startswith("CONFIDENTIAL")


def test_notes_are_deleted_after_the_retention_period(presentation: Presentation) -> None:
    learning_set = presentation.meeting.learning_set
    _close(learning_set, 13)
    assert retention.notes_purge() == [learning_set]
    presentation.refresh_from_db()
    assert presentation.issue == presentation.reflections == presentation.questions == ""
    assert "CONFIDENTIAL" not in Action.objects.get().text
    assert AuditEvent.objects.filter(action="learning.retention.purge").count() == 1
    assert retention.notes_purge() == []  # once only


def test_a_set_can_agree_a_shorter_period(presentation: Presentation) -> None:
    learning_set = presentation.meeting.learning_set
    learning_set.retention_months = 3
    _close(learning_set, 4)
    assert purge_expired_notes.call() == 1


def test_the_purge_runs_daily() -> None:
    jobs = {job.name: job for job in periodic_jobs()}
    assert jobs["learning.purge-expired-notes"].every == datetime.timedelta(days=1)
