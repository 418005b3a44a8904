"""Adding many people to a learning set: CSV of emails or by area, invitations for new people,
all or nothing, and the set's area enforced with a programme override."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from equityhub.learning.models import LearningSet, PendingSetPlace, SetMembership
from equityhub.learning.sets import services
from equityhub.learning.sets.bulk_add import people_in_area, set_members_add
from equityhub.learning.sets.bulk_csv import (
    MAX_ROWS,
    Candidate,
    ProblemsFound,
    read_candidates,
)
from equityhub.people.models import Invitation, Membership, Organisation, Region, System
from equityhub.people.services_invitations import invitation_accept

pytestmark = pytest.mark.django_db


def _csv(*lines: str) -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode()


@pytest.fixture
def area() -> dict[str, Any]:
    north = Region.objects.create(code="Y61", name="North")
    north_ics = System.objects.create(code="QAA", name="North ICS", region=north)
    south_ics = System.objects.create(code="QBB", name="South ICS", region=north)
    return {
        "north": north,
        "north_ics": north_ics,
        "trust": Organisation.objects.create(
            code="RA1", name="North Trust", kind="trust", system=north_ics
        ),
        "south_trust": Organisation.objects.create(
            code="RB1", name="South Trust", kind="trust", system=south_ics
        ),
    }


@pytest.fixture
def system_set(learning_set: LearningSet, area: dict[str, Any]) -> LearningSet:
    learning_set.scope = "system"
    learning_set.system = area["north_ics"]
    learning_set.save()
    return learning_set


def _works_at(user: Any, organisation: Organisation, role: str = "lead") -> Any:
    Membership.objects.create(user=user, organisation=organisation, role=role, status="approved")
    return user


# Reading the file ------------------------------------------------------------------------


def test_reads_emails_and_names() -> None:
    content = b"\xef\xbb\xbfEmail,Full_Name\r\nA@Example.nhs.uk,Ann A\r\n,\r\nb@example.nhs.uk,\r\n"
    assert read_candidates("people.csv", content) == [
        Candidate(2, "a@example.nhs.uk", "Ann A"),
        Candidate(4, "b@example.nhs.uk", ""),
    ]


def test_every_bad_row_is_named_with_file_row_and_column() -> None:
    content = _csv(
        "email,full_name",
        "not-an-email,Ann",
        'b@example.nhs.uk,=HYPERLINK("http://evil")',
        "b@example.nhs.uk,Bea",
        ",Nameless",
    )
    with pytest.raises(ProblemsFound) as caught:
        read_candidates("people.csv", content)
    problems = [str(p) for p in caught.value.problems]
    assert problems[0] == "people.csv, row 2, column email: 'not-an-email' is not an email address"
    assert problems[1].startswith("people.csv, row 3, column full_name: a name cannot start")
    assert problems[2] == "people.csv, row 4, column email: b@example.nhs.uk is already on row 3"
    assert problems[3] == "people.csv, row 5, column email: enter an email address"


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("café@example.nhs.uk\n".encode("latin-1"), "not UTF-8"),
        (b"\x00\x01PK binary", "not a CSV file"),
        (b"name,role\nAnn,lead\n", "first row must name the columns"),
        (b"email,password\na@example.nhs.uk,x\n", "unknown column 'password'"),
        (b"email\n", "no people under the header"),
        (b"email\n" + b"a" * 600_000, "larger than 512 KB"),
    ],
)
def test_hostile_files_are_refused_whole(content: bytes, words: str) -> None:
    with pytest.raises(ProblemsFound) as caught:
        read_candidates("upload.csv", content)
    assert words in str(caught.value.problems[0])


def test_ten_thousand_rows_are_refused_with_the_limit() -> None:
    lines = ["email", *(f"p{n}@example.nhs.uk" for n in range(10_000))]
    with pytest.raises(ProblemsFound) as caught:
        read_candidates("big.csv", _csv(*lines))
    assert str(caught.value.problems[0]) == (
        f"big.csv: the file has 10,000 rows: add at most {MAX_ROWS} people at a time"
    )


# Adding ----------------------------------------------------------------------------------


def test_twenty_people_in_one_step_new_people_invited_to_the_platform(
    people: dict[str, Any],
    learning_set: LearningSet,
    make_user: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    existing = [make_user(email=f"lead{n}@example.nhs.uk") for n in range(5)]
    lines = ["email,full_name", *(f"{u.email},{u.full_name}" for u in existing)]
    lines += [f"new{n}@example.nhs.uk,New Person {n}" for n in range(15)]
    lines.append(f"{people['member'].email},Already in")
    candidates = read_candidates("people.csv", _csv(*lines))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        report = set_members_add(
            by=people["facilitator"], learning_set=learning_set, candidates=candidates
        )
    assert (len(report.invited), len(report.invited_to_platform)) == (5, 15)
    assert report.already == (people["member"].email,)
    assert SetMembership.objects.filter(learning_set=learning_set, status="invited").count() == 5
    assert PendingSetPlace.objects.filter(learning_set=learning_set).count() == 15
    assert Invitation.objects.filter(email__startswith="new").count() == 15
    assert len([m for m in mail.outbox if "invited to Equity Hub" in m.subject]) == 15


def test_accepting_the_platform_invitation_takes_up_the_set_place(
    people: dict[str, Any], learning_set: LearningSet
) -> None:
    set_members_add(
        by=people["facilitator"], learning_set=learning_set,
        candidates=[Candidate(2, "newlead@example.nhs.uk", "New Lead")],
    )  # fmt: skip
    invitation = Invitation.objects.get(email="newlead@example.nhs.uk")
    user = invitation_accept(
        token=invitation.token, full_name="New Lead", password="a long enough passphrase 42"
    )
    membership = SetMembership.objects.get(learning_set=learning_set, user=user)
    assert membership.status == "invited"
    assert PendingSetPlace.objects.get().used_at is not None
    services.invitation_respond(user=user, learning_set=learning_set, accept=True)
    membership.refresh_from_db()
    assert membership.status in ("member", "waiting")


def test_one_person_outside_the_area_stops_everyone(
    people: dict[str, Any], system_set: LearningSet, area: dict[str, Any], make_user: Any
) -> None:
    inside = _works_at(make_user(), area["trust"])
    outside = _works_at(make_user(), area["south_trust"])
    candidates = [
        Candidate(2, inside.email), Candidate(3, outside.email), Candidate(4, "n@example.nhs.uk")
    ]  # fmt: skip
    mail.outbox.clear()
    with pytest.raises(ProblemsFound) as caught:
        set_members_add(
            by=people["facilitator"], learning_set=system_set, candidates=candidates,
            filename="people.csv",
        )  # fmt: skip
    assert str(caught.value.problems[0]) == (
        f"people.csv, row 3, column email: {outside.email} does not work in North ICS, "
        "the set's area"
    )
    assert not SetMembership.objects.filter(user__in=[inside, outside]).exists()
    assert not Invitation.objects.exists() and not mail.outbox
    report = set_members_add(
        by=people["facilitator"], learning_set=system_set, candidates=candidates,
        override_scope=True,
    )  # fmt: skip
    assert len(report.invited) == 2


def test_only_the_facilitator_adds_and_only_programme_staff_override(
    people: dict[str, Any], learning_set: LearningSet, make_user: Any
) -> None:
    with pytest.raises(PermissionDenied):
        set_members_add(
            by=people["member"], learning_set=learning_set, candidates=[Candidate(2, "a@b.nhs.uk")]
        )
    ordinary = make_user()
    learning_set.facilitator = ordinary
    learning_set.save()
    with pytest.raises(PermissionDenied):
        set_members_add(
            by=ordinary, learning_set=learning_set, candidates=[Candidate(2, "a@b.nhs.uk")],
            override_scope=True,
        )  # fmt: skip


def test_applying_outside_the_area_is_refused(
    people: dict[str, Any], system_set: LearningSet, area: dict[str, Any], make_user: Any
) -> None:
    outside = _works_at(make_user(), area["south_trust"])
    with pytest.raises(ValidationError, match="for people working in North ICS"):
        services.membership_apply(user=outside, learning_set=system_set)
    inside = _works_at(make_user(), area["trust"], role="team_member")
    assert services.membership_apply(user=inside, learning_set=system_set).status == "applied"


def test_region_sets_take_anyone_in_the_region(
    people: dict[str, Any], learning_set: LearningSet, area: dict[str, Any], make_user: Any
) -> None:
    learning_set.scope, learning_set.region = "region", area["north"]
    learning_set.save()
    lead = _works_at(make_user(), area["south_trust"])
    assert services.membership_apply(user=lead, learning_set=learning_set).status == "applied"


def test_people_in_an_area_by_role(area: dict[str, Any], make_user: Any) -> None:
    lead = _works_at(make_user(full_name="Ann Lead"), area["trust"])
    _works_at(make_user(), area["trust"], role="team_member")
    _works_at(make_user(), area["south_trust"])
    found = people_in_area(region=None, system=area["north_ics"], role="lead")
    assert [c.email for c in found] == [lead.email]
    assert len(people_in_area(region=area["north"], system=None, role="lead")) == 2


# The page ---------------------------------------------------------------------------------


def test_page_uploads_a_file(
    client_for: Any, people: dict[str, Any], learning_set: LearningSet
) -> None:
    url = reverse("learning:set-add-people", kwargs={"pk": learning_set.pk})
    client = client_for(people["facilitator"])
    assert client.get(url).status_code == 200
    upload = SimpleUploadedFile("people.csv", _csv("email", "x@example.nhs.uk"), "text/csv")
    response = client.post(url, {"upload": "1", "people": upload})
    assert response.status_code == 302
    assert PendingSetPlace.objects.filter(learning_set=learning_set).count() == 1
    members = client.get(reverse("learning:set-members", kwargs={"pk": learning_set.pk}))
    assert "Invited to Equity Hub (1)" in members.content.decode()


def test_page_shows_every_problem_and_stores_nothing(
    client_for: Any, people: dict[str, Any], learning_set: LearningSet
) -> None:
    url = reverse("learning:set-add-people", kwargs={"pk": learning_set.pk})
    bad = SimpleUploadedFile("people.csv", _csv("email", "ok@example.nhs.uk", "nope"), "text/csv")
    response = client_for(people["facilitator"]).post(url, {"upload": "1", "people": bad})
    text = response.content.decode()
    assert response.status_code == 400
    assert "people.csv, row 3, column email: &#39;nope&#39; is not an email address" in text
    assert not Invitation.objects.exists()


def test_page_picks_by_area(
    client_for: Any, people: dict[str, Any], learning_set: LearningSet, area: dict[str, Any],
    make_user: Any,
) -> None:  # fmt: skip
    lead = _works_at(make_user(), area["trust"])
    url = reverse("learning:set-add-people", kwargs={"pk": learning_set.pk})
    response = client_for(people["facilitator"]).post(
        url, {"pick": "1", "system": area["north_ics"].pk, "role": "lead"}
    )
    assert response.status_code == 302
    assert SetMembership.objects.get(user=lead).status == "invited"


@pytest.mark.parametrize(("who", "status"), [("member", 403), ("outsider", 404), (None, 302)])
def test_page_for_the_facilitator_only(
    client_for: Any, people: dict[str, Any], learning_set: LearningSet, who: str | None,
    status: int,
) -> None:  # fmt: skip
    url = reverse("learning:set-add-people", kwargs={"pk": learning_set.pk})
    assert client_for(people[who] if who else None).get(url).status_code == status
