"""Pages of events: the list, an event, booking and cancelling, and the organiser's forms.

Events are for every signed-in person; the video link and who is coming are for people with
a place (the link) and the organiser (both).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from equityhub.core.http import AuthenticatedRequest
from equityhub.core.pages import Crumb, form_page, page, posted, service_errors
from equityhub.learning.events import services as services_events
from equityhub.learning.events.forms import EventForm, EventResourcesForm
from equityhub.learning.events.models import Booking, BookingStatus, Event
from equityhub.learning.events.services import can_manage, event_link
from equityhub.learning.pages import LEARNING

# The organiser's pages after an event: who attended, and the attendee list to download.
EVENTS = ("Events", reverse_lazy("learning:events"))


def _event(request: AuthenticatedRequest, pk: int) -> Event:
    return get_object_or_404(Event.objects.visible_to(request.user), pk=pk)


def _crumbs(event: Event | None = None) -> list[Crumb]:
    crumbs: list[Crumb] = [LEARNING, EVENTS]
    if event is not None:
        crumbs.append((event.title, services_events.event_link(event)))
    return crumbs


@login_required
@require_safe
def event_list(request: AuthenticatedRequest) -> HttpResponse:
    events = Event.objects.visible_to(request.user)
    mine = {
        booking.event_id: booking
        for booking in Booking.objects.filter(user=request.user).exclude(
            status=BookingStatus.CANCELLED
        )
    }
    upcoming = list(events.upcoming().with_places_left())
    past = list(events.past().exclude(status="cancelled").order_by("-starts_at")[:10])
    return page(
        request,
        "learning/events.jinja",
        "Events",
        upcoming=upcoming,
        past=past,
        mine=mine,
        places={event.pk: event.places_left for event in upcoming},
        can_organise=services_events.can_organise(request.user),
        breadcrumbs=[LEARNING],
    )


@login_required
@require_safe
def event_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)
    booking = event.bookings.filter(user=request.user).first()
    manager = services_events.can_manage(request.user, event)
    people = list(event.bookings.exclude(status=BookingStatus.CANCELLED).select_related("user"))
    return page(
        request,
        "learning/event.jinja",
        event.title,
        event=event,
        booking=booking,
        booked=booking is not None and booking.status == BookingStatus.BOOKED,
        places_left=services_events.places_left(event),
        can_manage=manager,
        attendees=[b for b in people if b.status == BookingStatus.BOOKED] if manager else [],
        waiting=[b for b in people if b.status == BookingStatus.WAITING] if manager else [],
        breadcrumbs=_crumbs(),
    )


@login_required
@require_http_methods(["GET", "POST"])
def event_create(request: AuthenticatedRequest) -> HttpResponse:
    if not services_events.can_organise(request.user):
        raise PermissionDenied("Only facilitators and administrators organise events")
    form = EventForm(posted(request), initial={"kind": "webinar", "capacity": 50})
    if request.method == "POST" and form.is_valid():
        try:
            event = services_events.event_create(
                by=request.user, request=request, **form.event_fields()
            )
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, f"{event} is on the events list. People can book now.")
            return redirect("learning:event", pk=event.pk)
    return form_page(
        request,
        "learning/simple_form.jinja",
        "Put on an event",
        form,
        button="Put on the event",
        breadcrumbs=_crumbs(),
    )


@login_required
@require_http_methods(["GET", "POST"])
def event_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)
    if not services_events.can_manage(request.user, event):
        raise PermissionDenied("Only the organiser or an administrator changes an event")
    form = EventForm(posted(request), initial=EventForm.initial_for(event))
    if request.method == "POST" and form.is_valid():
        try:
            services_events.event_update(
                by=request.user, event=event, request=request, **form.event_fields()
            )
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, "The event is saved.")
            return redirect("learning:event", pk=pk)
    return form_page(
        request,
        "learning/simple_form.jinja",
        f"Change {event}",
        form,
        button="Save the event",
        intro="People with a place are told if the time changes. Added places go to the "
        "people waiting longest.",
        breadcrumbs=_crumbs(event),
    )


@login_required
@require_http_methods(["GET", "POST"])
def event_resources(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)
    if not services_events.can_manage(request.user, event):
        raise PermissionDenied("Only the organiser or an administrator links the recording")
    initial = {"recording_link": event.recording_link, "library_item": event.library_item}
    form = EventResourcesForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services_events.event_link_resources(
                by=request.user, event=event, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, "The recording is linked. People who had a place are told.")
            return redirect("learning:event", pk=pk)
    return form_page(
        request,
        "learning/simple_form.jinja",
        f"Link the recording of {event}",
        form,
        button="Link the recording",
        breadcrumbs=_crumbs(event),
    )


def _act(request: AuthenticatedRequest, pk: int, action: str) -> HttpResponse:
    event = _event(request, pk)
    try:
        if action == "book":
            booking = services_events.booking_make(user=request.user, event=event, request=request)
            if booking.status == BookingStatus.BOOKED:
                messages.success(request, "You have a place. It is in your calendar feed.")
            else:
                messages.info(
                    request,
                    "The event is full: you are on the waiting list. "
                    "We will tell you if a place comes up.",
                )
        elif action == "unbook":
            services_events.booking_cancel(user=request.user, event=event, request=request)
            messages.success(request, "Your booking is cancelled.")
        else:
            services_events.event_cancel(by=request.user, event=event, request=request)
            messages.success(request, "The event is cancelled. Everyone booked has been told.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("learning:event", pk=pk)


@login_required
@require_POST
def event_book(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "book")


@login_required
@require_POST
def event_unbook(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "unbook")


@login_required
@require_POST
def event_cancel(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "cancel")


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
            count = services_events.attendance_record(
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
        booked=[b for b in services_events.attendees(event) if b.status == "booked"],
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
    content = services_events.attendees_csv(by=request.user, event=event, request=request)
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}-attendees.csv"'
    return response
