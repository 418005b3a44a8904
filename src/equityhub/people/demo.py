"""Demo people: leads, teams, partners and programme staff around 20 real NHS trusts.

The organisations are real (from the shipped ODS reference data); every person is fictional.
`demo_people_load` is idempotent: it looks rows up by natural keys and only creates what is
missing, so a second run changes nothing (and never overwrites a profile someone has edited).
"""

from __future__ import annotations

import csv
import datetime
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from equityhub.core.models import User
from equityhub.people.models import (
    GlobalRole,
    Interest,
    Membership,
    MembershipStatus,
    Organisation,
    OrganisationKind,
    Place,
    Profile,
    Role,
    Seat,
    Structure,
    StructureKind,
    System,
)
from equityhub.people.services import reference_data_load

DEMO_SOURCE = "Equity Hub demo data (fictional)"
D = datetime.date
DEMO_PEOPLE_FILE = Path(__file__).resolve().parent / "data" / "demo_people.csv"

# Places (place-based partnerships) of the systems the demo uses.
PLACES: dict[str, list[str]] = {
    "QMF": ["City and Hackney", "Tower Hamlets"],
    "QKK": ["Lambeth", "Southwark"],
    "QYG": ["Liverpool"],
    "QOP": ["Manchester", "Salford"],
    "QHL": ["Birmingham", "Solihull"],
    "QT1": ["Nottingham City"],
    "QWO": ["Bradford District and Craven", "Leeds"],
    "QHM": ["Gateshead", "Newcastle"],
    "QT6": ["Cornwall and the Isles of Scilly"],
    "QVV": ["Dorset"],
}

# (system, name, kind, place). Some get no HI lead among their seats: the coverage view's gaps.
STRUCTURES: list[tuple[str, str, str, str | None]] = [
    ("QMF", "North East London ICB board", StructureKind.ICB_BOARD, None),
    ("QMF", "Population health and integration committee", StructureKind.COMMITTEE, None),
    ("QMF", "Tower Hamlets Together", StructureKind.PLACE_PARTNERSHIP, "Tower Hamlets"),
    ("QKK", "South East London ICB board", StructureKind.ICB_BOARD, None),
    ("QKK", "Southwark place partnership", StructureKind.PLACE_PARTNERSHIP, "Southwark"),
    ("QOP", "Greater Manchester ICB board", StructureKind.ICB_BOARD, None),
    ("QOP", "Manchester Partnership Board", StructureKind.PLACE_PARTNERSHIP, "Manchester"),
    (
        "QOP",
        "Greater Manchester acute provider collaborative",
        StructureKind.PROVIDER_COLLABORATIVE,
        None,
    ),
    ("QOP", "Quality and performance committee", StructureKind.COMMITTEE, None),
    ("QYG", "Cheshire and Merseyside ICB board", StructureKind.ICB_BOARD, None),
    (
        "QYG",
        "Cheshire and Merseyside mental health provider collaborative",
        StructureKind.PROVIDER_COLLABORATIVE,
        None,
    ),
    ("QHL", "Birmingham and Solihull ICB board", StructureKind.ICB_BOARD, None),
    ("QHL", "Birmingham place committee", StructureKind.PLACE_PARTNERSHIP, "Birmingham"),
    ("QT1", "Nottingham and Nottinghamshire ICB board", StructureKind.ICB_BOARD, None),
    ("QWO", "West Yorkshire ICB board", StructureKind.ICB_BOARD, None),
    (
        "QWO",
        "West Yorkshire Association of Acute Trusts",
        StructureKind.PROVIDER_COLLABORATIVE,
        None,
    ),
    (
        "QWO",
        "Bradford District and Craven Health and Care Partnership",
        StructureKind.PLACE_PARTNERSHIP,
        "Bradford District and Craven",
    ),
    ("QWO", "Leeds Health and Care Partnership", StructureKind.PLACE_PARTNERSHIP, "Leeds"),
    ("QHM", "North East and North Cumbria ICB board", StructureKind.ICB_BOARD, None),
    ("QHM", "Gateshead Cares", StructureKind.PLACE_PARTNERSHIP, "Gateshead"),
    ("QT6", "Cornwall and the Isles of Scilly ICB board", StructureKind.ICB_BOARD, None),
    ("QT6", "Cornwall integrated care partnership", StructureKind.PARTNERSHIP_BOARD, None),
    ("QVV", "Dorset ICB board", StructureKind.ICB_BOARD, None),
]

# Partner organisations: real local authorities (ONS codes) and fictional voluntary groups.
PARTNER_ORGANISATIONS: list[tuple[str, str, str, str]] = [
    ("E08000003", "Manchester City Council", OrganisationKind.LOCAL_AUTHORITY, "QOP"),
    ("E08000035", "Leeds City Council", OrganisationKind.LOCAL_AUTHORITY, "QWO"),
    ("E06000052", "Cornwall Council", OrganisationKind.LOCAL_AUTHORITY, "QT6"),
    ("VCSE-DEMO-1", "Tower Hamlets Community Voice (demo)", OrganisationKind.VCSE, "QMF"),
    ("VCSE-DEMO-2", "Bradford Healthy Neighbours Network (demo)", OrganisationKind.VCSE, "QWO"),
]


@dataclass(frozen=True)
class DemoPerson:
    """One row of `data/demo_people.csv`."""

    name: str
    role: str  # a Role value, or "facilitator", "content editor", "administrator"
    organisation: str
    post: str
    job_title: str
    professional_background: str
    appointed_on: datetime.date | None
    interests: tuple[str, ...]
    seats: tuple[tuple[str, str], ...]  # (structure name, role on it)
    bio: str

    @property
    def email(self) -> str:
        local = self.name.removeprefix("Dr ").lower().replace(" ", ".").replace("'", "")
        return f"{local}@example.nhs.uk"


def _split(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(";") if part.strip())


def _seat_pairs(value: str) -> tuple[tuple[str, str], ...]:
    """ "Board = Member; Committee = Chair" → (("Board", "Member"), ("Committee", "Chair"))."""
    pairs = (seat.partition("=") for seat in _split(value))
    return tuple((name.strip(), role.strip()) for name, _, role in pairs)


def read_demo_people(path: Path = DEMO_PEOPLE_FILE) -> list[DemoPerson]:
    """The demo people, in order: the first person of each role is the printed sign-in."""
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return [
        DemoPerson(
            name=row["name"],
            role=row["role"],
            organisation=row["organisation"],
            post=row["post"],
            job_title=row["job_title"],
            professional_background=row["professional_background"],
            appointed_on=D.fromisoformat(row["appointed_on"]) if row["appointed_on"] else None,
            interests=_split(row["interests"]),
            seats=_seat_pairs(row["seats"]),
            bio=row["bio"],
        )
        for row in rows
    ]


L, T, B, P = Role.LEAD, Role.TEAM_MEMBER, Role.BOARD, Role.PARTNER
ROLE_LABELS: dict[str, str] = {L: "lead", T: "team member", B: "board member", P: "partner"}
GROUPS: dict[str, str] = {
    "facilitator": GlobalRole.FACILITATOR,
    "content editor": GlobalRole.CONTENT_EDITOR,
}


def _partner_organisations() -> None:
    for code, name, kind, system_code in PARTNER_ORGANISATIONS:
        system = System.objects.get(code=system_code)
        Organisation.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "kind": kind,
                "system": system,
                "region_id": system.region_id,
                "source": DEMO_SOURCE,
            },
        )


def _places_and_structures() -> dict[str, Structure]:
    systems = System.objects.in_bulk(list(PLACES), field_name="code")
    for code, names in PLACES.items():
        for name in names:
            Place.objects.get_or_create(
                system=systems[code], name=name, defaults={"source": DEMO_SOURCE}
            )
    structures = {}
    for code, name, kind, place_name in STRUCTURES:
        place = Place.objects.get(system=systems[code], name=place_name) if place_name else None
        structures[name], _ = Structure.objects.get_or_create(
            system=systems[code],
            name=name,
            defaults={"kind": kind, "place": place, "source": DEMO_SOURCE},
        )
    return structures


def _user(person: DemoPerson, password: str, hashed: str) -> User:
    admin = person.role == "administrator"
    user, created = User.objects.get_or_create(
        email=person.email,
        defaults={
            "full_name": person.name,
            "email_verified": True,
            "is_staff": admin,
            "is_superuser": admin,
        },
    )
    if created or not user.check_password(password):
        user.password = hashed
        user.save(update_fields=["password"])
    if person.role in GROUPS:
        user.groups.add(Group.objects.get_or_create(name=GROUPS[person.role])[0])
    return user


def _membership(user: User, person: DemoPerson, organisation: Organisation) -> None:
    started = person.appointed_on or D(2023, 1, 1)
    if Membership.objects.filter(user=user, organisation=organisation, role=person.role).exists():
        return
    if (
        person.role == Role.LEAD
        and Membership.objects.leads().filter(organisation=organisation).exists()
    ):
        return  # someone became this organisation's lead since the demo first ran
    decided = timezone.make_aware(datetime.datetime.combine(started, datetime.time(9)))
    Membership.objects.create(
        user=user,
        organisation=organisation,
        role=person.role,
        status=MembershipStatus.APPROVED,
        requested_at=decided,
        decided_at=decided,
        decision_note="Demo data",
        started_on=started,
    )


def _profile(user: User, person: DemoPerson, organisation: Organisation | None) -> None:
    profile, created = Profile.objects.get_or_create(
        user=user,
        defaults={
            "organisation": organisation,
            "post": person.post,
            "job_title": person.job_title,
            "professional_background": person.professional_background,
            "appointed_on": person.appointed_on,
            "bio": person.bio,
        },
    )
    if created:
        profile.interests.set(
            [Interest.objects.get_or_create(name=name)[0] for name in person.interests]
        )


def _seats(user: User, person: DemoPerson, structures: dict[str, Structure]) -> None:
    for structure_name, role in person.seats:
        Seat.objects.get_or_create(
            user=user,
            structure=structures[structure_name],
            defaults={"role": role, "started_on": person.appointed_on or D(2023, 1, 1)},
        )


@transaction.atomic
def demo_people_load(password: str) -> list[tuple[str, str, str]]:
    """Load the demo people; return (role label, email, password), one sign-in per role."""
    reference_data_load()
    _partner_organisations()
    structures = _places_and_structures()
    people = read_demo_people()
    codes = [person.organisation for person in people if person.organisation]
    organisations = Organisation.objects.in_bulk(codes, field_name="code")
    sign_ins: dict[str, tuple[str, str, str]] = {}
    # Hashed once for every demo account: a deliberately slow hash 30 times over was a third of
    # the demo's loading time, and these accounts share a password that is printed anyway.
    hashed = make_password(password)
    for person in people:
        user = _user(person, password, hashed)
        organisation = organisations.get(person.organisation)
        if organisation is not None:
            _membership(user, person, organisation)
        _profile(user, person, organisation)
        _seats(user, person, structures)
        label = ROLE_LABELS.get(person.role, person.role)
        sign_ins.setdefault(label, (label, user.email, password))
    return list(sign_ins.values())
