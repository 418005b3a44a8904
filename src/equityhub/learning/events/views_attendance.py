"""The organiser's pages after an event: who attended, and the attendee list to download."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_http_methods, require_safe

from equityhub.core.http import AuthenticatedRequest
from equityhub.core.views import page
from equityhub.learning.events import attendance
from equityhub.learning.events.models import Event
from equityhub.learning.events.services import can_manage, event_link
from equityhub.learning.pages import LEARNING

EVENTS = ("Events", "/learning/events/")


def _organised(request: AuthenticatedRequest, pk: int) -> Event:
    event = get_object_or_404(Event.objects.visible_to(request.user), pk=pk)
    if not can_manage(request.user, event):
        raise PermissionDenied("For the event's organiser")
    return event


@login_required
@require_http_methods(["GET", "POST"])
def event_attendance(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    event = _organised(request, pk)
    error = ""
    if request.method == "POST":
        try:
            chosen = [int(value) for value in request.POST.getlist("attended")]
            count = attendance.attendance_record(
                by=request.user, event=event, attended=chosen, request=request
            )
        except ValueError:
            error = "Choose people from the list"
        except ValidationError as problem:
            error = problem.messages[0]
        else:
            messages.success(request, f"Attendance recorded: {count} attended.")
            return redirect("learning:event", pk=pk)
    response = page(
        request,
        "learning/event_attendance.jinja",
        f"Who attended {event.title}",
        event=event,
        booked=[b for b in attendance.attendees(event) if b.status == "booked"],
        error=error,
        breadcrumbs=[LEARNING, EVENTS, (event.title, event_link(event))],
    )
    if error:
        response.status_code = 400
    return response


@login_required
@require_safe
def event_attendees_export(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    event = _organised(request, pk)
    content = attendance.attendees_csv(by=request.user, event=event, request=request)
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}-attendees.csv"'
    return response
