"""Writes for meetings, following the action learning method.

Members bid to present; the facilitator chooses presenters. Each presenter records the issue
they brought and the actions they commit to and, only if they choose, the questions that
helped and their reflections (nobody else can write or change these). The next meeting opens
by reviewing those actions: done, in progress or dropped, with what was learned.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from equityhub.core.audit import audit_record
from equityhub.core.models import User
from equityhub.learning.sets.models import (
    Action,
    Attendance,
    LearningSet,
    Meeting,
    Presentation,
    PresenterStatus,
    ReviewStatus,
    SetMembership,
    SetStatus,
)
from equityhub.learning.sets.services import require_facilitator_of, require_member_of, tell

LONGEST_MEETING = datetime.timedelta(hours=8)


def meeting_link(meeting: Meeting) -> str:
    return reverse("learning:meeting", kwargs={"pk": meeting.pk})


def _require_not_closed(learning_set: LearningSet) -> None:
    if learning_set.status == SetStatus.CLOSED:
        raise ValidationError("This set has closed")


def _check_times(starts_at: datetime.datetime, ends_at: datetime.datetime) -> None:
    if starts_at <= timezone.now():
        raise ValidationError({"date": "The meeting must be in the future"})
    if ends_at <= starts_at:
        raise ValidationError({"end_time": "The meeting must end after it starts"})
    if ends_at - starts_at > LONGEST_MEETING:
        raise ValidationError({"end_time": "A meeting lasts at most 8 hours"})


@transaction.atomic
def meeting_schedule(
    *,
    by: User,
    learning_set: LearningSet,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    location: str = "",
    video_link: str = "",
    request: HttpRequest | None = None,
) -> Meeting:
    """The facilitator schedules a meeting in a place or by video; members are told."""
    require_facilitator_of(by, learning_set)
    _require_not_closed(learning_set)
    _check_times(starts_at, ends_at)
    if not (location.strip() or video_link.strip()):
        raise ValidationError({"location": "Enter a place or a video link"})
    if video_link.strip() and not video_link.strip().startswith(("https://", "http://")):
        raise ValidationError({"video_link": "Enter a web address starting with https://"})
    meeting = Meeting.objects.create(
        learning_set=learning_set,
        starts_at=starts_at,
        ends_at=ends_at,
        location=location.strip(),
        video_link=video_link.strip(),
    )
    audit_record(action="learning.meeting.schedule", actor=by, target=meeting, request=request)
    members = [m.user for m in SetMembership.objects.current().filter(learning_set=learning_set)]
    local = timezone.localtime(starts_at)
    tell(members, f"{learning_set} meets on {local:%A %d %B at %H:%M}", meeting_link(meeting))
    return meeting


@transaction.atomic
def presenter_bid(
    *, user: User, meeting: Meeting, request: HttpRequest | None = None
) -> Presentation:
    """A member asks to present at an upcoming meeting."""
    require_member_of(user, meeting.learning_set)
    _require_not_closed(meeting.learning_set)
    if meeting.starts_at <= timezone.now():
        raise ValidationError("This meeting has already started: bid for the next one")
    if Presentation.objects.filter(meeting=meeting, presenter=user).exists():
        raise ValidationError("You have already asked to present at this meeting")
    presentation = Presentation.objects.create(meeting=meeting, presenter=user)
    audit_record(action="learning.presenter.bid", actor=user, target=meeting, request=request)
    tell(
        meeting.learning_set.facilitators(),
        f"{user} asked to present at {meeting}",
        meeting_link(meeting),
    )
    return presentation


@transaction.atomic
def presenter_bid_withdraw(
    *, user: User, presentation: Presentation, request: HttpRequest | None = None
) -> None:
    """The presenter withdraws their bid (before anything is recorded)."""
    if presentation.presenter_id != user.pk:
        raise PermissionDenied("Only the person who asked to present can withdraw")
    if presentation.issue or presentation.actions.exists():
        raise ValidationError("You have recorded your issue: it cannot be withdrawn now")
    audit_record(
        action="learning.presenter.withdraw",
        actor=user,
        target=presentation.meeting,
        request=request,
    )
    presentation.delete()


@transaction.atomic
def presenter_choose(
    *, by: User, presentation: Presentation, request: HttpRequest | None = None
) -> Presentation:
    """The facilitator chooses a bid: that member presents at the meeting."""
    require_facilitator_of(by, presentation.meeting.learning_set)
    _require_not_closed(presentation.meeting.learning_set)
    if presentation.status == PresenterStatus.CHOSEN:
        raise ValidationError("This member is already presenting")
    presentation.status = PresenterStatus.CHOSEN
    presentation.save(update_fields=["status", "updated_at"])
    audit_record(
        action="learning.presenter.choose",
        actor=by,
        target=presentation.meeting,
        detail={"presenter": presentation.presenter.email},
        request=request,
    )
    tell(
        [presentation.presenter],
        f"You are presenting at {presentation.meeting}",
        meeting_link(presentation.meeting),
    )
    return presentation


def _require_presenter(user: User, presentation: Presentation) -> None:
    if presentation.presenter_id != user.pk:
        raise PermissionDenied("Only the presenter can record this")
    if presentation.status != PresenterStatus.CHOSEN:
        raise ValidationError("The facilitator has not yet chosen you to present")
    _require_not_closed(presentation.meeting.learning_set)


@transaction.atomic
def presentation_record(
    *,
    user: User,
    presentation: Presentation,
    issue: str,
    record_private: bool = False,
    questions: str = "",
    reflections: str = "",
    request: HttpRequest | None = None,
) -> Presentation:
    """The presenter records their issue and, if they choose, questions and reflections.

    Without `record_private`, questions and reflections are not kept (and any kept before are
    removed): recording them is the presenter's choice alone.
    """
    _require_presenter(user, presentation)
    if not issue.strip():
        raise ValidationError({"issue": "Describe the issue you brought, in a sentence or two"})
    presentation.issue = issue.strip()
    presentation.questions = questions.strip() if record_private else ""
    presentation.reflections = reflections.strip() if record_private else ""
    presentation.save()
    audit_record(
        action="learning.presentation.record",
        actor=user,
        target=presentation.meeting,
        detail={"private_notes": record_private},
        request=request,
    )
    return presentation


@transaction.atomic
def action_commit(
    *, user: User, presentation: Presentation, text: str, request: HttpRequest | None = None
) -> Action:
    """The presenter commits to an action, to be reviewed at the next meeting."""
    _require_presenter(user, presentation)
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Enter the action you commit to"})
    if len(text) > 500:
        raise ValidationError({"text": "Keep the action to 500 characters or fewer"})
    action = Action.objects.create(presentation=presentation, text=text)
    audit_record(
        action="learning.action.commit", actor=user, target=presentation.meeting, request=request
    )
    return action


@transaction.atomic
def action_review(
    *,
    user: User,
    action: Action,
    review_status: str,
    learned: str = "",
    request: HttpRequest | None = None,
) -> Action:
    """The presenter says how their action went: done, in progress or dropped."""
    if action.presentation.presenter_id != user.pk:
        raise PermissionDenied("Only the person who committed to the action can review it")
    _require_not_closed(action.presentation.meeting.learning_set)
    choices = (ReviewStatus.DONE, ReviewStatus.IN_PROGRESS, ReviewStatus.DROPPED)
    if review_status not in choices:
        raise ValidationError({"review_status": "Choose done, in progress or dropped"})
    action.review_status = review_status
    action.learned = learned.strip()
    action.reviewed_at = timezone.now()
    action.save(update_fields=["review_status", "learned", "reviewed_at"])
    audit_record(
        action="learning.action.review",
        actor=user,
        target=action.presentation.meeting,
        detail={"status": review_status},
        request=request,
    )
    return action


@transaction.atomic
def attendance_record(
    *, by: User, meeting: Meeting, present: Iterable[User], request: HttpRequest | None = None
) -> list[Attendance]:
    """The facilitator records who came, once the meeting has started."""
    require_facilitator_of(by, meeting.learning_set)
    if meeting.starts_at > timezone.now():
        raise ValidationError("Record attendance once the meeting has started")
    members = {
        m.user_id: m.user
        for m in SetMembership.objects.current()
        .filter(learning_set=meeting.learning_set)
        .select_related("user")
    }
    present_ids = {user.pk for user in present}
    strangers = present_ids - set(members)
    if strangers:
        raise ValidationError("Only members of the set can be recorded as attending")
    records = []
    for user_id, user in members.items():
        record, _ = Attendance.objects.update_or_create(
            meeting=meeting, user=user, defaults={"attended": user_id in present_ids}
        )
        records.append(record)
    audit_record(
        action="learning.attendance.record",
        actor=by,
        target=meeting,
        detail={"present": len(present_ids), "members": len(members)},
        request=request,
    )
    return records
