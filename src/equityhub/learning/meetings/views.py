"""Meeting pages: schedule, the meeting record, bids, presentations, reviews, attendance.

A meeting's page opens with the review of the previous meeting's actions. Every page starts
from the meeting's set through `set_access` (404 to anyone outside the set).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from equityhub.core.http import AuthenticatedRequest
from equityhub.core.pages import Crumb, form_page, page, posted, service_errors
from equityhub.learning.meetings import changes as services_meeting_changes
from equityhub.learning.meetings import services as services_meetings
from equityhub.learning.meetings.forms import (
    ActionForm,
    AttendanceForm,
    MeetingForm,
    PresentationForm,
    ReviewForm,
)
from equityhub.learning.sets import selectors
from equityhub.learning.sets.models import Action, Attendance, Meeting, Presentation
from equityhub.learning.sets.selectors import SetAccess
from equityhub.learning.sets.views import set_access, set_crumbs


def _meeting(request: AuthenticatedRequest, pk: int) -> tuple[Meeting, SetAccess]:
    meeting = Meeting.objects.filter(pk=pk).select_related("learning_set").first()
    if meeting is None:
        raise Http404("No such meeting")
    return meeting, set_access(request, meeting.learning_set_id)


def _meeting_crumbs(access: SetAccess, meeting: Meeting) -> list[Crumb]:
    return [*set_crumbs(access), ("Meeting", services_meetings.meeting_link(meeting))]


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    access = set_access(request, pk)
    if not access.is_facilitator:
        raise PermissionDenied("Only the facilitator schedules meetings")
    form = MeetingForm(posted(request))
    if request.method == "POST" and form.is_valid():
        starts_at, ends_at = form.times()
        try:
            meeting = services_meetings.meeting_schedule(
                by=request.user,
                learning_set=access.learning_set,
                starts_at=starts_at,
                ends_at=ends_at,
                location=form.cleaned_data["location"],
                video_link=form.cleaned_data["video_link"],
                request=request,
            )
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, "The meeting is scheduled and members are told.")
            return redirect("learning:meeting", pk=meeting.pk)
    return form_page(
        request,
        "learning/meeting_form.jinja",
        "Schedule a meeting",
        form,
        learning_set=access.learning_set,
        breadcrumbs=set_crumbs(access),
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The facilitator moves a meeting, or changes its place or link."""
    meeting, access = _meeting(request, pk)
    if not access.is_facilitator:
        raise PermissionDenied("Only the facilitator changes meetings")
    start, end = timezone.localtime(meeting.starts_at), timezone.localtime(meeting.ends_at)
    initial = {
        "date": start.date(),
        "start_time": start.time().replace(second=0, microsecond=0),
        "end_time": end.time().replace(second=0, microsecond=0),
        "location": meeting.location,
        "video_link": meeting.video_link,
    }
    form = MeetingForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        starts_at, ends_at = form.times()
        try:
            services_meeting_changes.meeting_update(
                by=request.user,
                meeting=meeting,
                starts_at=starts_at,
                ends_at=ends_at,
                location=form.cleaned_data["location"],
                video_link=form.cleaned_data["video_link"],
                request=request,
            )
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, "The meeting is changed and members are told.")
            return redirect("learning:meeting", pk=pk)
    return form_page(
        request,
        "learning/simple_form.jinja",
        f"Change the meeting of {meeting.learning_set}",
        form,
        button="Save the meeting",
        intro="Members are told. To call the meeting off, cancel it from the meeting's page.",
        breadcrumbs=_meeting_crumbs(access, meeting),
    )


@login_required
@require_POST
def meeting_cancel(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting, access = _meeting(request, pk)
    if not access.is_facilitator:
        raise PermissionDenied("Only the facilitator cancels meetings")
    try:
        services_meeting_changes.meeting_cancel(by=request.user, meeting=meeting, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("learning:meeting", pk=pk)
    messages.success(request, "The meeting is cancelled and members are told.")
    return redirect("learning:set", pk=access.learning_set.pk)


@login_required
@require_safe
def meeting_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting, access = _meeting(request, pk)
    presentations = selectors.presentations_of(meeting)
    attendance = list(Attendance.objects.filter(meeting=meeting).select_related("user"))
    return page(
        request,
        "learning/meeting.jinja",
        f"Meeting of {meeting.learning_set}",
        access=access,
        meeting=meeting,
        review=selectors.actions_to_review(meeting),
        previous=selectors.previous_meeting(meeting),
        presentations=presentations,
        my_bid=next((p for p in presentations if p.presenter_id == request.user.pk), None),
        attendance=attendance,
        now=timezone.now(),
        breadcrumbs=set_crumbs(access),
    )


@login_required
@require_POST
def meeting_bid(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Ask to present at the meeting, or withdraw the request."""
    meeting, _access = _meeting(request, pk)
    try:
        mine = Presentation.objects.filter(meeting=meeting, presenter=request.user).first()
        if request.POST.get("do") == "withdraw" and mine is not None:
            services_meetings.presenter_bid_withdraw(
                user=request.user, presentation=mine, request=request
            )
            messages.success(request, "You withdrew your request to present.")
        else:
            services_meetings.presenter_bid(user=request.user, meeting=meeting, request=request)
            messages.success(request, "You asked to present. The facilitator will confirm.")
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _first_message(error))
    return redirect("learning:meeting", pk=pk)


def _first_message(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return error.messages[0]
    return str(error) or "You cannot do this"


def _presentation(request: AuthenticatedRequest, pk: int) -> tuple[Presentation, SetAccess]:
    presentation = Presentation.objects.filter(pk=pk).select_related("meeting__learning_set")
    found = presentation.first()
    if found is None:
        raise Http404("No such presentation")
    return found, set_access(request, found.meeting.learning_set_id)


@login_required
@require_POST
def presenter_choose(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    presentation, _access = _presentation(request, pk)
    try:
        services_meetings.presenter_choose(
            by=request.user, presentation=presentation, request=request
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _first_message(error))
    else:
        messages.success(request, f"{presentation.presenter} is presenting.")
    return redirect("learning:meeting", pk=presentation.meeting_id)


@login_required
@require_http_methods(["GET", "POST"])
def presentation_record(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The presenter's own page: the issue, actions and, if they choose, private notes."""
    presentation, access = _presentation(request, pk)
    if presentation.presenter_id != request.user.pk:
        raise PermissionDenied("Only the presenter records their presentation")
    initial = {
        "issue": presentation.issue,
        "questions": presentation.questions,
        "reflections": presentation.reflections,
        "record_private": bool(presentation.questions or presentation.reflections),
    }
    is_action = request.method == "POST" and "text" in request.POST
    form = PresentationForm(None if is_action else posted(request), initial=initial)
    action_form = ActionForm(posted(request) if is_action else None)
    chosen = form if not is_action else action_form
    if request.method == "POST" and chosen.is_valid():
        try:
            if is_action:
                services_meetings.action_commit(
                    user=request.user,
                    presentation=presentation,
                    request=request,
                    **action_form.cleaned_data,
                )
                messages.success(request, "Your action is added.")
            else:
                services_meetings.presentation_record(
                    user=request.user,
                    presentation=presentation,
                    request=request,
                    **form.cleaned_data,
                )
                messages.success(request, "Your presentation is recorded.")
        except ValidationError as error:
            service_errors(chosen, error)
        else:
            return redirect("learning:presentation", pk=pk)
    return form_page(
        request,
        "learning/presentation.jinja",
        "Your presentation",
        chosen,
        presentation_form=form,
        action_form=action_form,
        presentation=presentation,
        meeting=presentation.meeting,
        breadcrumbs=_meeting_crumbs(access, presentation.meeting),
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_review(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    action = Action.objects.filter(pk=pk).select_related("presentation__meeting").first()
    if action is None:
        raise Http404("No such action")
    meeting = action.presentation.meeting
    access = set_access(request, meeting.learning_set_id)
    if action.presentation.presenter_id != request.user.pk:
        raise PermissionDenied("Only the person who committed to the action reviews it")
    form = ReviewForm(posted(request), initial={"learned": action.learned})
    if request.method == "POST" and form.is_valid():
        try:
            services_meetings.action_review(
                user=request.user, action=action, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, "Your review of the action is saved.")
            return redirect("learning:index")
    return form_page(
        request,
        "learning/review.jinja",
        "Review your action",
        form,
        action=action,
        breadcrumbs=_meeting_crumbs(access, meeting),
    )


@login_required
@require_http_methods(["GET", "POST"])
def attendance(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting, access = _meeting(request, pk)
    if not access.is_facilitator:
        raise PermissionDenied("Only the facilitator records attendance")
    members = [m.user for m in selectors.members_of(meeting.learning_set)]
    came = Attendance.objects.filter(meeting=meeting, attended=True).values_list("user", flat=True)
    form = AttendanceForm(posted(request), members=members, initial={"present": list(came)})
    if request.method == "POST" and form.is_valid():
        try:
            services_meetings.attendance_record(
                by=request.user,
                meeting=meeting,
                present=form.cleaned_data["present"],
                request=request,
            )
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, "Attendance is recorded.")
            return redirect("learning:meeting", pk=pk)
    return form_page(
        request,
        "learning/attendance.jinja",
        "Record attendance",
        form,
        meeting=meeting,
        breadcrumbs=_meeting_crumbs(access, meeting),
    )
