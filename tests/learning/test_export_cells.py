"""People lists written as CSV (the programme's directory of organisations and their leads,
an event's attendees) open cleanly in a spreadsheet.

Each file is read back with Python's `csv` module, not with the code that wrote it. Neither has
an import to round-trip through (a learning set's bulk add reads only `email` and `full_name`),
so these check that every cell reads back as written, guarded only where a spreadsheet would
run it as a formula (a leading tab or carriage return included), never when empty or a number.
"""

from __future__ import annotations

import csv
import datetime
import io
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from equityhub.learning.events.services import attendees_csv
from equityhub.learning.models import Booking, Event
from equityhub.people.models import Membership, Organisation

pytestmark = pytest.mark.django_db

NAMES = {
    "RA1": '=HYPERLINK("https://attacker.example","Open") Trust',
    "RA2": "\t=1+1 Trust",
    "RA3": "\r=1+1 Trust",
    "RA4": "@SUM(1+1) Trust",
    "RA5": "-0.5",
    "RA6": "+44 Trust",
    "RA7": "Plain Hospitals NHS Trust",
}
LEADS = {"RA1": "=1+2 Lead", "RA2": "\t@Lead", "RA7": "Lena Lead"}


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def guarded(value: str) -> str:
    """What a guarded cell holds, worked out here rather than by the code under test."""
    formula = value.startswith(("=", "+", "-", "@", "\t", "\r")) and not _is_number(value)
    return "'" + value if formula else value


def _read(content: bytes) -> list[dict[str, str]]:
    assert content.startswith(b"\xef\xbb\xbf"), "a byte order mark, so Excel reads UTF-8"
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline="")))


@pytest.fixture
def organisations(make_user: Any) -> dict[str, Organisation]:
    made = {}
    for code, name in NAMES.items():
        made[code] = Organisation.objects.create(code=code, name=name, kind="trust")
        if code in LEADS:
            Membership.objects.create(
                user=make_user(full_name=LEADS[code]),
                organisation=made[code],
                role="lead",
                status="approved",
            )
    return made


def test_the_programme_directory_csv_opens_cleanly(
    client_for: Any, people: dict[str, Any], organisations: dict[str, Organisation]
) -> None:
    url = reverse("learning:programme-england-export", kwargs={"fmt": "csv"})
    rows = {
        row["organisation_code"]: row
        for row in _read(client_for(people["facilitator"]).get(url).content)
    }
    assert set(rows) == set(NAMES)
    for code, name in NAMES.items():
        row = rows[code]
        assert row["organisation"] == guarded(name)
        assert row["lead"] == (guarded(LEADS[code]) if code in LEADS else "")
        assert row["system"] == "" and row["region"] == ""  # empty cells stay empty


def test_the_attendee_list_csv_opens_cleanly(people: dict[str, Any], make_user: Any) -> None:
    start = timezone.now() - datetime.timedelta(hours=3)
    event = Event.objects.create(
        title="Webinar", summary="s", starts_at=start, ends_at=start + datetime.timedelta(hours=1),
        organiser=people["facilitator"],
    )  # fmt: skip
    names = ["=1+2 Member", "\t=cmd", "\r@x", "-0.5", "Ordinary Name"]
    for name in names:
        Booking.objects.create(event=event, user=make_user(full_name=name), status="booked")
    rows = _read(attendees_csv(by=people["facilitator"], event=event))
    assert sorted(row["full_name"] for row in rows) == sorted(guarded(n) for n in names)
    for row in rows:
        assert row["organisation"] == ""  # no organisation: empty, not an apostrophe
        assert row["attended"] == "not recorded"
        assert all(
            not cell.startswith(("=", "+", "@", "\t", "\r")) or cell.startswith("'")
            for cell in row.values()
        )
