"""Access-matrix entries for learning's events and buddying (sets and communities are in
`tests/access_matrix.py`).

Events are for everyone signed in; the organiser (here the owner) and administrators change
them. A buddying is visible to its two people only: anyone else, administrators included, gets
404. Someone who has not opted in to buddying cannot be asked (404).
"""

from __future__ import annotations

import datetime
from typing import Any

from tests.access_matrix import SIGN_IN_REDIRECT, Access, only, signed_in


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
    statuses = {
        "anonymous": SIGN_IN_REDIRECT,
        "outsider": 404,
        "member": 200,
        "owner": 200,
        "administrator": 404,
    }
    return Access(statuses, kwargs=kwargs)


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
}
