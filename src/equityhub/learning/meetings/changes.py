"""Changing, cancelling and reminding about learning-set meetings.

The facilitator moves or cancels a meeting that has not started; members are told (the
notification names the set and the time, never anything said in it). Members and the
facilitator are reminded once in the 24 hours before each meeting.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from equityhub.core.audit import audit_record
from equityhub.core.models import User
from equityhub.learning.meetings.services import LONGEST_MEETING, meeting_link
from equityhub.learning.sets.models import LearningSet, Meeting, SetMembership
from equityhub.learning.sets.services import require_facilitator_of, set_link, tell

REMINDER_BEFORE = datetime.timedelta(hours=24)


def _members(learning_set: LearningSet) -> list[User]:
    current = SetMembership.objects.current().filter(learning_set=learning_set)
    return [m.user for m in current.select_related("user")]


def _require_not_started(meeting: Meeting) -> None:
    if meeting.starts_at <= timezone.now():
        raise ValidationError("This meeting has already started")


@transaction.atomic
def meeting_update(
    *,
    by: User,
    meeting: Meeting,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    location: str = "",
    video_link: str = "",
    request: HttpRequest | None = None,
) -> Meeting:
    """The facilitator changes a meeting's time or place; members are told if the time moves."""
    require_facilitator_of(by, meeting.learning_set)
    _require_not_started(meeting)
    if starts_at <= timezone.now():
        raise ValidationError({"date": "The meeting must be in the future"})
    if ends_at <= starts_at:
        raise ValidationError({"end_time": "The meeting must end after it starts"})
    if ends_at - starts_at > LONGEST_MEETING:
        raise ValidationError({"end_time": "A meeting lasts at most 8 hours"})
    location, video_link = location.strip(), video_link.strip()
    if not (location or video_link):
        raise ValidationError({"location": "Enter a place or a video link"})
    if video_link and not video_link.startswith(("https://", "http://")):
        raise ValidationError({"video_link": "Enter a web address starting with https://"})
    moved = (starts_at, ends_at) != (meeting.starts_at, meeting.ends_at)
    meeting.starts_at, meeting.ends_at = starts_at, ends_at
    meeting.location, meeting.video_link = location, video_link
    if moved:
        meeting.reminder_sent_at = None
    meeting.save()
    audit_record(action="learning.meeting.update", actor=by, target=meeting, request=request)
    local = timezone.localtime(starts_at)
    what = "has moved to" if moved else "has a new place or link; it is on"
    title = f"The meeting of {meeting.learning_set} {what} {local:%A %-d %B at %H:%M}"
    tell(_members(meeting.learning_set), title, meeting_link(meeting))
    return meeting


@transaction.atomic
def meeting_cancel(*, by: User, meeting: Meeting, request: HttpRequest | None = None) -> None:
    """The facilitator cancels a meeting that has not started; bids for it go with it."""
    require_facilitator_of(by, meeting.learning_set)
    _require_not_started(meeting)
    learning_set = meeting.learning_set
    local = timezone.localtime(meeting.starts_at)
    audit_record(
        action="learning.meeting.cancel",
        actor=by,
        target=learning_set,
        detail={"meeting": meeting.pk, "starts_at": meeting.starts_at.isoformat()},
        request=request,
    )
    meeting.delete()
    title = f"The meeting of {learning_set} on {local:%A %-d %B at %H:%M} is cancelled"
    tell(_members(learning_set), title, set_link(learning_set))


def meeting_reminders_send(now: datetime.datetime | None = None) -> list[Meeting]:
    """Remind members and the facilitator once, in the 24 hours before each meeting."""
    now = now or timezone.now()
    due = Meeting.objects.filter(
        reminder_sent_at__isnull=True, starts_at__gt=now, starts_at__lte=now + REMINDER_BEFORE
    ).select_related("learning_set__facilitator")
    sent = []
    for meeting in due:
        if meeting.learning_set.status == "closed":
            continue
        with transaction.atomic():
            local = timezone.localtime(meeting.starts_at)
            people = [*_members(meeting.learning_set), *meeting.learning_set.facilitators()]
            tell(
                people,
                f"Reminder: {meeting.learning_set} meets {local:%A at %H:%M}",
                meeting_link(meeting),
            )
            meeting.reminder_sent_at = now
            meeting.save(update_fields=["reminder_sent_at"])
        sent.append(meeting)
    return sent
