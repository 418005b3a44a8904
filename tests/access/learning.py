"""Access-matrix entries for learning's events and buddying (sets and communities are in
`tests/access_matrix.py`).

Events are for everyone signed in; the organiser (here the owner) and administrators change
them. A buddying is visible to its two people only: anyone else, administrators included, gets
404. Someone who has not opted in to buddying cannot be asked (404).
"""

from __future__ import annotations

import datetime
from typing import Any

from tests.access_matrix import (
    FACILITATOR_ONLY,
    SIGN_IN_REDIRECT,
    Access,
    _inside_set,
    _library_page,
    _meeting_pk,
    everyone,
    only,
    signed_in,
)


def _event_pk(world: dict[str, Any]) -> dict[str, Any]:
    from django.utils import timezone

    from equityhub.learning.models import Event

    start = timezone.now() + datetime.timedelta(days=5)
    event, _ = Event.objects.get_or_create(
        title="Matrix event",
        defaults={
            "summary": "Test",
            "starts_at": start,
            "ends_at": start + datetime.timedelta(hours=1),
            "organiser": world["owner"],
            "video_link": "https://video.example/secret",
        },
    )
    return {"pk": event.pk}


def _opted_in_member(world: dict[str, Any]) -> dict[str, Any]:
    from equityhub.learning.models import BuddyProfile

    BuddyProfile.objects.get_or_create(
        user=world["member"], defaults={"stage": "experienced", "background": "finance"}
    )
    return {"user_pk": world["member"].pk}


def _buddying_pk(world: dict[str, Any]) -> dict[str, Any]:
    """The owner has asked the member to be their buddy."""
    from equityhub.learning.models import Buddying

    buddying, _ = Buddying.objects.get_or_create(
        proposer=world["owner"], partner=world["member"], defaults={"reasons": ["Test"]}
    )
    return {"pk": buddying.pk}


def _between_the_two(kwargs: Any) -> Access:
    """The owner and the member see it; anyone else, administrators included, gets 404."""
    statuses = {
        "anonymous": SIGN_IN_REDIRECT,
        "outsider": 404,
        "member": 200,
        "owner": 200,
        "administrator": 404,
    }
    return Access(statuses, kwargs=kwargs)


def _group(world: dict[str, Any]) -> Any:
    """An open study group led by the owner, with the member in it, on a one-item list."""
    from equityhub.learning.models import GroupMembership, StudyGroup
    from equityhub.library.models import Resource
    from equityhub.library.pathways import ReadingList, ReadingListEntry

    found = StudyGroup.objects.filter(name="Matrix group").first()
    if found is not None:
        return found
    reading_list = ReadingList.objects.create(title="Matrix list", slug="matrix-list")
    item = Resource.objects.get(slug=_library_page(world)["slug"])
    ReadingListEntry.objects.create(reading_list=reading_list, item=item, position=1)
    group = StudyGroup.objects.create(
        name="Matrix group", description="Test", reading_list=reading_list, leader=world["owner"]
    )
    GroupMembership.objects.create(group=group, user=world["member"])
    return group


def _group_pk(world: dict[str, Any]) -> dict[str, Any]:
    return {"pk": _group(world).pk}


def _group_item(world: dict[str, Any]) -> dict[str, Any]:
    group = _group(world)
    return {"pk": group.pk, "entry_pk": group.reading_list.entries.get().pk}


def _listing_pk(world: dict[str, Any]) -> dict[str, Any]:
    from equityhub.learning.models import ExchangeListing

    listing, _ = ExchangeListing.objects.get_or_create(
        title="Matrix offer",
        defaults={"kind": "offer", "author": world["owner"], "description": "Come and see"},
    )
    return {"pk": listing.pk}


def _visit_pk(world: dict[str, Any]) -> dict[str, Any]:
    """The member visits the owner; the visit has happened and has a learning note."""
    from django.utils import timezone

    from equityhub.learning.models import Visit

    visit, _ = Visit.objects.get_or_create(
        listing_id=_listing_pk(world)["pk"],
        host=world["owner"],
        visitor=world["member"],
        defaults={
            "asked_by": world["member"],
            "status": "agreed",
            "visit_date": timezone.localdate(),
            "learning_note": "Private note",
        },
    )
    return {"pk": visit.pk}


def _collaborative(world: dict[str, Any]) -> Any:
    """A finished collaborative led by the administrator, with the owner's and member's
    organisation as a member, a cycle, and a published showcase."""
    from django.utils import timezone

    from equityhub.indicators.models import Indicator
    from equityhub.learning.models import Collaborative, CollaborativeMember, Cycle

    found = Collaborative.objects.filter(name="Matrix collaborative").first()
    if found is not None:
        return found
    indicator = Indicator.objects.create(
        code="matrix-indicator",
        name="Matrix indicator",
        description="Test",
        type="proportion",
        polarity="lower_better",
        source="Test",
    )
    today = timezone.localdate()
    collaborative = Collaborative.objects.create(
        name="Matrix collaborative",
        goal="Test",
        indicator=indicator,
        lead=world["administrator"],
        starts_on=today - datetime.timedelta(days=300),
        ends_on=today - datetime.timedelta(days=1),
        showcase="What changed",
        showcase_published_at=timezone.now(),
    )
    CollaborativeMember.objects.create(
        collaborative=collaborative, organisation=world["organisation"]
    )
    Cycle.objects.create(
        collaborative=collaborative,
        organisation=world["organisation"],
        author=world["member"],
        title="A change",
        plan="A plan",
    )
    return collaborative


def _collaborative_pk(world: dict[str, Any]) -> dict[str, Any]:
    return {"pk": _collaborative(world).pk}


def _cycle(world: dict[str, Any]) -> dict[str, Any]:
    collaborative = _collaborative(world)
    return {"pk": collaborative.pk, "cycle_pk": collaborative.cycles.get().pk}


def _finished_pilot(world: dict[str, Any]) -> dict[str, Any]:
    """A finished pilot of the owner's and member's organisation, not yet shared."""
    from equityhub.indicators.models import Indicator, Pilot

    indicator, _ = Indicator.objects.get_or_create(
        code="matrix-pilot-indicator",
        defaults={"name": "Matrix pilot indicator", "description": "Test", "type": "proportion",
                  "polarity": "higher_better", "source": "Test"},
    )  # fmt: skip
    pilot, _ = Pilot.objects.get_or_create(
        organisation=world["organisation"], name="Matrix pilot", indicator=indicator,
        defaults={"hypothesis": "h", "start_period": "2025", "start_period_number": 2025.5,
                  "status": "finished"},
    )  # fmt: skip
    return {"pk": pilot.pk}


ORGANISER = ("owner", "administrator")

ENTRIES: dict[str, Access] = {
    "learning:events": signed_in(),
    # Facilitators (no persona is one) and administrators put on events.
    "learning:event-create": only(("administrator",)),
    "learning:event": signed_in(kwargs=_event_pk),
    "learning:event-edit": only(ORGANISER, kwargs=_event_pk),
    "learning:event-resources": only(ORGANISER, kwargs=_event_pk),
    "learning:event-book": signed_in(405, kwargs=_event_pk),  # POST only
    "learning:event-unbook": signed_in(405, kwargs=_event_pk),
    "learning:event-cancel": signed_in(405, kwargs=_event_pk),
    "learning:buddies": signed_in(),
    "learning:buddy-profile": signed_in(),
    "learning:buddy-widen": signed_in(405),  # POST only
    "learning:buddy-propose": Access(
        {
            "anonymous": SIGN_IN_REDIRECT,
            "outsider": 200,
            "member": 404,  # not yourself
            "owner": 200,
            "administrator": 200,
        },
        kwargs=_opted_in_member,
    ),
    "learning:buddying": _between_the_two(_buddying_pk),
    "learning:buddying-answer": signed_in(405, kwargs=_buddying_pk),
    "learning:buddying-end": signed_in(405, kwargs=_buddying_pk),
    "learning:buddying-check-in": signed_in(405, kwargs=_buddying_pk),
    # Study and coaching groups: an open group's name and purpose for everyone signed in (a
    # join page); the reading schedule and discussions for members and the leader only.
    "learning:groups": signed_in(),
    "learning:group-create": only(("administrator",)),  # and facilitators
    "learning:group": signed_in(kwargs=_group_pk),
    "learning:group-item": _between_the_two(_group_item),  # the leader (owner) and the member
    "learning:group-join": signed_in(405, kwargs=_group_pk),
    "learning:group-leave": signed_in(405, kwargs=_group_pk),
    "learning:group-add": signed_in(405, kwargs=_group_pk),
    # Exchange visits: offers and requests for everyone signed in; a visit for its two people.
    "learning:visits": signed_in(),
    "learning:listing-create": signed_in(),
    "learning:listing": signed_in(kwargs=_listing_pk),
    "learning:listing-close": signed_in(405, kwargs=_listing_pk),
    "learning:visit": _between_the_two(_visit_pk),
    "learning:visit-answer": signed_in(405, kwargs=_visit_pk),
    "learning:visit-note": _between_the_two(_visit_pk),
    "learning:visit-capture": _between_the_two(_visit_pk),
    # Improvement collaboratives: the page for everyone signed in (cycles shown to
    # participants only, tested in tests/learning); cycles written by member organisations'
    # teams; the showcase public once published.
    "learning:collaboratives": signed_in(),
    "learning:collaborative-create": only(("administrator",)),  # and facilitators
    "learning:collaborative": signed_in(kwargs=_collaborative_pk),
    "learning:collaborative-join": signed_in(405, kwargs=_collaborative_pk),
    "learning:cycle-new": only(("member", "owner"), kwargs=_collaborative_pk),
    "learning:cycle-edit": only(("member", "owner"), kwargs=_cycle),
    "learning:collaborative-showcase": everyone(kwargs=_collaborative_pk),
    "learning:showcase-edit": only(("administrator",), kwargs=_collaborative_pk),
    # Participation counts: facilitators (no persona is one) and administrators.
    "learning:programme": only(("administrator",)),
    # Changing and cancelling a set's meeting: its facilitator (the owner) only; outsiders
    # and administrators without break-glass get 404.
    "learning:meeting-edit": _inside_set(FACILITATOR_ONLY, _meeting_pk),
    "learning:meeting-cancel": signed_in(405, kwargs=_meeting_pk),  # POST only
    # Sharing a finished pilot as a case study: the organisation's lead and team only.
    "learning:pilot-case-study": only(("member", "owner"), kwargs=_finished_pilot),
}
