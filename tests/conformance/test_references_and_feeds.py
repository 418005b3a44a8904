"""The library's references (BibTeX, RIS, CSV), its Atom feed, the results CSV and a person's
calendar, generated from the demo and read by independent parsers."""

from __future__ import annotations

import datetime
import io
import zoneinfo
from typing import Any

import feedparser
import icalendar
import pandas as pd
import pytest
import rispy
import vobject
from django.urls import reverse
from pybtex.database import parse_string
from pylatexenc.latex2text import LatexNodes2Text

from equityhub.learning.calendar import services as calendar
from equityhub.learning.models import LearningSet, Meeting
from equityhub.library.models import LibraryItem

pytestmark = [pytest.mark.django_db, pytest.mark.conformance]
LONDON = zoneinfo.ZoneInfo("Europe/London")
EXPORT = "/library/search/export/"


def _public_titles() -> set[str]:
    return set(LibraryItem.objects.visible_to(None).values_list("title", flat=True))


def test_bibtex_export_reads_back_in_pybtex(client_as: Any) -> None:
    text = client_as(None).get(EXPORT, {"format": "bibtex"}).content.decode()
    entries = parse_string(text, "bibtex").entries
    assert entries
    to_text = LatexNodes2Text(math_mode="verbatim")
    titles = {to_text.latex_to_text(e.fields["title"]) for e in entries.values()}
    assert titles <= _public_titles(), titles - _public_titles()
    assert len(titles) == len(entries)


def test_ris_export_reads_back_in_rispy(client_as: Any) -> None:
    entries = rispy.loads(client_as(None).get(EXPORT, {"format": "ris"}).content.decode())
    assert entries
    assert {e["title"] for e in entries} <= _public_titles()


def test_csv_exports_round_trip_through_pandas(client_as: Any) -> None:
    for url in (f"{EXPORT}?format=csv", "/api/indicators/results.csv"):
        body = client_as(None).get(url).content
        frame = pd.read_csv(io.BytesIO(body), dtype=str, keep_default_na=False)
        assert len(frame) > 0, url
        again = pd.read_csv(
            io.StringIO(frame.to_csv(index=False)), dtype=str, keep_default_na=False
        )
        pd.testing.assert_frame_equal(frame, again)
    results = pd.read_csv(io.BytesIO(client_as(None).get("/api/indicators/results.csv").content))
    page = client_as(None).get("/api/indicators/results", {"page_size": 1}).json()
    assert len(results) == page["count"]


def test_atom_feed_reads_in_feedparser(client_as: Any) -> None:
    parsed = feedparser.parse(client_as(None).get("/library/new/feed/").content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10" and parsed.entries
    for entry in parsed.entries:
        assert entry.get("author") and entry.get("title") and entry.get("link"), entry
        assert entry.get("updated_parsed") and entry.get("id")


def test_calendar_reads_the_same_utc_times_in_icalendar_and_vobject(
    client_as: Any, demo_user: Any
) -> None:
    lead = demo_user("lead")
    learning_set = LearningSet.objects.visible_to(lead).first()
    assert learning_set is not None
    soon = datetime.date.today().year + 1
    for month in (1, 7):  # one meeting in GMT, one in BST
        start = datetime.datetime(soon, month, 15, 10, 0, tzinfo=LONDON)
        Meeting.objects.create(
            learning_set=learning_set, starts_at=start,
            ends_at=start + datetime.timedelta(hours=1), location="x",
        )  # fmt: skip
    feed = calendar.feed_create(user=lead)
    url = reverse("learning:calendar-feed", kwargs={"token": feed.token})
    raw = client_as(None).get(url).content
    by_icalendar = {
        str(e["uid"]): e.decoded("dtstart").astimezone(datetime.UTC)
        for e in icalendar.Calendar.from_ical(raw).walk("VEVENT")
    }
    by_vobject = {
        e.uid.value: e.dtstart.value.astimezone(datetime.UTC)
        for e in vobject.readOne(raw.decode()).vevent_list
    }
    assert by_icalendar and by_icalendar == by_vobject
    hours = {(t.month, t.hour) for t in by_icalendar.values() if t.year == soon and t.day == 15}
    assert {(1, 10), (7, 9)} <= hours
    assert all("@" in uid and not uid.endswith("@equityhub") for uid in by_icalendar)
