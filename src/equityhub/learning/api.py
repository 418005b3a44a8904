"""Learning endpoints of the JSON API: your own sets and their meetings, read-only.

Signed-in sessions only. The same visibility rules as the pages (`visible_to`): a set that is
not yours answers 404, and administrators get no break-glass through the API.
"""

from __future__ import annotations

import datetime

from django.http import Http404, HttpRequest
from ninja import Router, Schema
from ninja.security import django_auth

from equityhub.learning.sets import selectors
from equityhub.learning.sets.models import LearningSet

router = Router(tags=["learning"], auth=django_auth)


class SetOut(Schema):
    id: int
    name: str
    status: str
    scope: str
    area: str
    facilitator: str


class MeetingOut(Schema):
    id: int
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    location: str
    video_link: str


class SetDetailOut(SetOut):
    purpose: str
    co_facilitators: list[str]
    members: list[str]
    meetings: list[MeetingOut]


def _set_out(learning_set: LearningSet) -> dict[str, object]:
    return {
        "id": learning_set.pk,
        "name": learning_set.name,
        "status": learning_set.status,
        "scope": learning_set.scope,
        "area": learning_set.area,
        "facilitator": str(learning_set.facilitator),
    }


@router.get("/sets", response=list[SetOut])
def list_my_sets(request: HttpRequest) -> list[dict[str, object]]:
    """The learning sets you facilitate, co-facilitate or are a member of."""
    return [_set_out(s) for s in selectors.sets_of(request.user)]  # type: ignore[arg-type]


@router.get("/sets/{set_id}", response=SetDetailOut)
def get_set(request: HttpRequest, set_id: int) -> dict[str, object]:
    """One of your sets with its members and meetings (404 if it is not yours)."""
    learning_set = LearningSet.objects.visible_to(request.user).filter(pk=set_id).first()
    if learning_set is None:
        raise Http404("No such learning set")
    return {
        **_set_out(learning_set),
        "purpose": learning_set.purpose,
        "co_facilitators": [str(u) for u in learning_set.co_facilitators.all()],
        "members": [str(m.user) for m in selectors.members_of(learning_set)],
        "meetings": list(learning_set.meetings.all()),
    }
