"""The programme view: participation across learning activities as counts, never content.

For facilitators and programme teams (and administrators), who see exact counts: they run the
sets and see the names anyway. Anything built from these tables for anyone else passes
`exact=False`, and then counts from 1 to 4 are shown as "fewer than 5", so that no one's
participation in a small confidential set can be inferred.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from django.db.models import Count, Q
from django.utils import timezone

from equityhub.learning.buddying.models import Buddying
from equityhub.learning.collaboratives.models import Collaborative
from equityhub.learning.communities.models import Community, CommunityMember
from equityhub.learning.events.models import Booking, Event
from equityhub.learning.groups.models import StudyGroup
from equityhub.learning.sets.models import Attendance, LearningSet
from equityhub.learning.visits.models import Visit

SMALLEST_SHOWN = 5


def shown(count: int, *, exact: bool = False) -> str:
    """A count as published: small non-zero numbers are suppressed unless `exact`."""
    if not exact and 0 < count < SMALLEST_SHOWN:
        return f"fewer than {SMALLEST_SHOWN}"
    return f"{count:,}"


@dataclass(frozen=True)
class Row:
    name: str
    counts: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    title: str
    columns: tuple[str, ...]
    rows: list[Row]


def _sets(exact: bool) -> Table:
    show = partial(shown, exact=exact)
    now = timezone.now()
    sets = LearningSet.objects.annotate(
        members=Count("memberships", filter=Q(memberships__status="member"), distinct=True),
        held=Count("meetings", filter=Q(meetings__ends_at__lte=now), distinct=True),
    )
    attended = dict(
        Attendance.objects.filter(attended=True)
        .values("meeting__learning_set")
        .annotate(n=Count("pk"))
        .values_list("meeting__learning_set", "n")
    )
    rows = [Row(s.name, (show(s.members), show(s.held), show(attended.get(s.pk, 0)))) for s in sets]
    return Table("Action learning sets", ("Members", "Meetings held", "Attendances"), rows)


def _groups(exact: bool) -> Table:
    show = partial(shown, exact=exact)
    groups = StudyGroup.objects.annotate(
        members=Count("memberships", distinct=True), post_count=Count("posts", distinct=True)
    )
    rows = [
        Row(f"{g.name} ({g.get_kind_display().lower()})", (show(g.members), show(g.post_count)))
        for g in groups
    ]
    return Table("Study and coaching groups", ("Members", "Posts"), rows)


def _collaboratives(exact: bool) -> Table:
    show = partial(shown, exact=exact)
    collaboratives = Collaborative.objects.annotate(
        organisations_count=Count("members", distinct=True),
        cycle_count=Count("cycles", distinct=True),
    )
    rows = [Row(c.name, (show(c.organisations_count), show(c.cycle_count))) for c in collaboratives]
    return Table("Improvement collaboratives", ("Member organisations", "Cycles"), rows)


def _events(exact: bool) -> Table:
    show = partial(shown, exact=exact)
    events = Event.objects.exclude(status="cancelled").annotate(
        booked=Count("bookings", filter=Q(bookings__status="booked")),
        waiting=Count("bookings", filter=Q(bookings__status="waiting")),
    )
    rows = [Row(e.title, (show(e.booked), show(e.waiting))) for e in events]
    return Table("Events", ("Places taken", "Waiting"), rows)


def _other(exact: bool) -> Table:
    show = partial(shown, exact=exact)
    replies = Community.objects.aggregate(n=Count("threads__replies"))["n"] or 0
    rows = [
        Row("Buddy pairs (active)", (show(Buddying.objects.filter(status="active").count()),)),
        Row("Exchange visits agreed", (show(Visit.objects.filter(status="agreed").count()),)),
        Row(
            "Exchange visits with a learning note",
            (show(Visit.objects.exclude(learning_note="").count()),),
        ),
        Row(
            "Community members",
            (show(CommunityMember.objects.values("user").distinct().count()),),
        ),
        Row(
            "Community discussions",
            (show(Community.objects.aggregate(n=Count("threads"))["n"] or 0),),
        ),
        Row("Community replies", (show(replies),)),
        Row(
            "People booked on events",
            (show(Booking.objects.filter(status="booked").values("user").distinct().count()),),
        ),
    ]
    return Table("Other ways of learning together", ("Count",), rows)


def programme_tables(*, exact: bool = False) -> list[Table]:
    """Participation tables: exact counts for programme staff, suppressed for anyone else."""
    return [_sets(exact), _groups(exact), _collaboratives(exact), _events(exact), _other(exact)]
