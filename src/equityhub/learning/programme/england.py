"""The programme view for England: every current NHS trust and ICB, its named lead, and how
that lead takes part in learning together.

For programme staff only (facilitators and administrators), so counts are exact and leads are
named. It shows membership (which set, community, collaborative, buddy pair) and never what is
said or written inside any of them. Every column is one query for all rows, however many.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from equityhub.core.models import User
from equityhub.learning.buddying.models import Buddying
from equityhub.learning.collaboratives.models import CollaborativeMember
from equityhub.learning.communities.models import CommunityMember, Follow, Thread
from equityhub.learning.programme.columns import LEAD_COLUMNS, lead_column_values
from equityhub.learning.sets.models import SetMembership
from equityhub.people.models import Membership, Organisation, Region, System
from equityhub.people.selectors import NHS_KINDS


@dataclass(frozen=True)
class EnglandFilters:
    """What the view is narrowed to; every field is optional and they combine."""

    region: Region | None = None
    system: System | None = None
    kind: str = ""

    def describe(self) -> str:
        parts = [str(self.system or self.region or "England")]
        if self.kind:
            parts.append("ICBs only" if self.kind == "icb" else "trusts only")
        return ", ".join(parts)


@dataclass(frozen=True)
class OrganisationRow:
    organisation: Organisation
    region: Region | None
    lead: User | None
    lead_since: datetime.date | None
    sets: tuple[str, ...] = ()
    communities: tuple[str, ...] = ()
    collaboratives: tuple[str, ...] = ()
    buddy: str = ""
    last_active: datetime.datetime | None = None
    extra: tuple[str, ...] = field(default=())


def organisations(filters: EnglandFilters) -> QuerySet[Organisation]:
    """Current trusts and ICBs matching the filters, each ICB before its trusts."""
    found = Organisation.objects.current().filter(kind__in=NHS_KINDS)
    if filters.region is not None:
        found = found.filter(Q(region=filters.region) | Q(system__region=filters.region))
    if filters.system is not None:
        found = found.filter(system=filters.system)
    if filters.kind:
        found = found.filter(kind=filters.kind)
    current_leads = (
        Membership.objects.leads().filter(ended_on__isnull=True).select_related("user__profile")
    )
    return (
        found.select_related("system__region", "region")
        .prefetch_related(Prefetch("memberships", queryset=current_leads, to_attr="current_leads"))
        .order_by("system__name", "kind", "name")
    )


def lead_since(membership: Membership) -> datetime.date | None:
    """Since when: the role's start date, else the day it was approved, else the profile's."""
    if membership.started_on:
        return membership.started_on
    if membership.decided_at:
        return timezone.localdate(membership.decided_at)
    profile = getattr(membership.user, "profile", None)
    return profile.appointed_on if profile is not None else None


def _names_by(pairs: Iterable[tuple[int, str]]) -> dict[int, tuple[str, ...]]:
    found: dict[int, set[str]] = defaultdict(set)
    for key, name in pairs:
        found[key].add(name)
    return {key: tuple(sorted(names)) for key, names in found.items()}


def _sets(user_ids: list[int]) -> dict[int, tuple[str, ...]]:
    pairs = SetMembership.objects.current().filter(user_id__in=user_ids)
    return _names_by(pairs.values_list("user_id", "learning_set__name"))


def _communities(user_ids: list[int]) -> dict[int, tuple[str, ...]]:
    """Communities a lead takes part in: joined, started a discussion there, or follows one."""
    joined = CommunityMember.objects.filter(user_id__in=user_ids)
    started = Thread.objects.filter(author_id__in=user_ids)
    followed = Follow.objects.filter(user_id__in=user_ids)
    pairs = list(joined.values_list("user_id", "community__name"))
    pairs += list(started.values_list("author_id", "community__name").distinct())
    pairs += list(followed.values_list("user_id", "thread__community__name").distinct())
    return _names_by(pairs)


def _collaboratives(organisation_ids: list[int]) -> dict[int, tuple[str, ...]]:
    pairs = CollaborativeMember.objects.filter(organisation_id__in=organisation_ids)
    return _names_by(pairs.values_list("organisation_id", "collaborative__name"))


def _buddies(user_ids: list[int]) -> dict[int, str]:
    active = Buddying.objects.filter(status="active").filter(
        Q(proposer_id__in=user_ids) | Q(partner_id__in=user_ids)
    )
    found: dict[int, str] = {}
    for pair in active.select_related("proposer", "partner"):
        found.setdefault(pair.proposer_id, str(pair.partner))
        found.setdefault(pair.partner_id, str(pair.proposer))
    return found


def _first(memberships: list[Membership]) -> Membership | None:
    return memberships[0] if memberships else None


def england_rows(filters: EnglandFilters) -> list[OrganisationRow]:
    """Every matching organisation with its lead and their participation (fixed query count)."""
    orgs = list(organisations(filters))
    leads = {o.pk: _first(getattr(o, "current_leads", [])) for o in orgs}
    user_ids = [m.user_id for m in leads.values() if m is not None]
    sets, communities = _sets(user_ids), _communities(user_ids)
    collaboratives, buddies = _collaboratives([o.pk for o in orgs]), _buddies(user_ids)
    extra = lead_column_values(user_ids)
    rows = []
    for organisation in orgs:
        lead = leads[organisation.pk]
        uid = lead.user_id if lead else -1
        region = organisation.region or (
            organisation.system.region if organisation.system else None
        )
        rows.append(
            OrganisationRow(
                organisation=organisation,
                region=region,
                lead=lead.user if lead else None,
                lead_since=lead_since(lead) if lead else None,
                sets=sets.get(uid, ()),
                communities=communities.get(uid, ()),
                collaboratives=collaboratives.get(organisation.pk, ()),
                buddy=buddies.get(uid, ""),
                last_active=lead.user.last_login if lead else None,
                extra=tuple(
                    values.get(uid, LEAD_COLUMNS[key].missing if lead else "")
                    for key, values in extra.items()
                ),
            )
        )
    return rows


@dataclass(frozen=True)
class Totals:
    organisations: int
    with_lead: int
    without_lead: int
    leads_in_a_set: int
    leads_in_a_community: int
    in_a_collaborative: int
    leads_with_a_buddy: int
    leads_never_signed_in: int

    def gaps(self) -> list[str]:
        """Sentences naming each gap, largest first, skipping those that are none."""
        with_lead = self.with_lead
        gaps = [
            (self.without_lead, "with no named lead"),
            (with_lead - self.leads_in_a_set, "whose lead is in no learning set"),
            (with_lead - self.leads_with_a_buddy, "whose lead has no buddy"),
            (self.organisations - self.in_a_collaborative, "in no improvement collaborative"),
            (self.leads_never_signed_in, "whose lead has never signed in"),
        ]
        return [
            f"{count:,} {'organisation' if count == 1 else 'organisations'} {words}"
            for count, words in sorted(gaps, key=lambda gap: -gap[0])
            if count > 0
        ]


def totals(rows: Sequence[OrganisationRow]) -> Totals:
    led = [row for row in rows if row.lead is not None]
    return Totals(
        organisations=len(rows),
        with_lead=len(led),
        without_lead=len(rows) - len(led),
        leads_in_a_set=sum(1 for row in led if row.sets),
        leads_in_a_community=sum(1 for row in led if row.communities),
        in_a_collaborative=sum(1 for row in rows if row.collaboratives),
        leads_with_a_buddy=sum(1 for row in led if row.buddy),
        leads_never_signed_in=sum(1 for row in led if row.last_active is None),
    )


@dataclass(frozen=True)
class TrendPoint:
    month: datetime.date
    leads: int

    @property
    def label(self) -> str:
        return f"{self.month:%B %Y}"


def _month_ends(today: datetime.date, months: int) -> list[datetime.date]:
    ends = []
    first = today.replace(day=1)
    for _ in range(months):
        ends.append(min(today, _last_day(first)))
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    return list(reversed(ends))


def _last_day(first: datetime.date) -> datetime.date:
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    return following - datetime.timedelta(days=1)


def lead_trend(filters: EnglandFilters, *, months: int = 12) -> list[TrendPoint]:
    """Organisations with a named lead at the end of each month (this month: today)."""
    in_view = organisations(filters).values("pk")
    roles = Membership.objects.filter(
        organisation__in=in_view, role="lead", status__in=["approved", "ended"]
    ).select_related("user__profile")
    spans = []
    for role in roles:  # with no start date recorded, the day the role was claimed
        start = lead_since(role) or timezone.localdate(role.requested_at)
        spans.append((role.organisation_id, start, role.ended_on))
    points = []
    for end in _month_ends(timezone.localdate(), months):
        led = {org for org, start, stop in spans if start <= end and (stop is None or stop > end)}
        points.append(TrendPoint(end, len(led)))
    return points
