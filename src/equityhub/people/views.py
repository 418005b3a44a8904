"""People pages: the directory, profiles (yours and others'), your seats on ICS structures.

Organisations, systems and coverage are in `views_browse.py`; accounts in `views_accounts.py`.
Every page here is for signed-in people only: the directory is not public.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from equityhub.core.models import User
from equityhub.core.pages import acted, service_errors
from equityhub.core.pagination import paginate
from equityhub.people import selectors, services
from equityhub.people.forms import DirectoryFilterForm, ProfileForm, SeatForm
from equityhub.people.models import Profile, Seat

PEOPLE = ("People", reverse_lazy("people:index"))


def page(
    request: HttpRequest, template: str, title: str, status: int = 200, **context: Any
) -> HttpResponse:
    """Render a page with its title; forms with errors answer 400."""
    return render(request, template, {"page_title": title, **context}, status=status)


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@login_required
@require_safe
def index(request: HttpRequest) -> HttpResponse:
    form = DirectoryFilterForm(request.GET or None)
    profiles = selectors.directory_search(viewer=_user(request), filters=form.filters())
    return page(
        request,
        "people/directory.jinja",
        "People",
        form=form,
        filtered=any(value for key, value in request.GET.items() if key != "page"),
        page_obj=paginate(request, profiles),
    )


@login_required
@require_safe
def profile(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.profile_detail(viewer=_user(request), pk=pk)
    if found is None:
        raise Http404("No such profile")
    return page(
        request,
        "people/profile.jinja",
        str(found.user),
        profile=found,
        own=found.user_id == request.user.pk,
        can_edit=services.can_edit_profile(profile=found, user=_user(request)),
        breadcrumbs=[PEOPLE],
    )


@login_required
@require_safe
def me(request: HttpRequest) -> HttpResponse:
    return page(
        request,
        "people/me.jinja",
        "Your profile",
        profile=selectors.profile_of(_user(request)),
        breadcrumbs=[PEOPLE],
    )


@login_required
@require_http_methods(["GET", "POST"])
def me_edit(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    return _edit_profile(
        request,
        lambda: Profile.objects.filter(user=user).first() or Profile(user=user),
        title="Edit your profile",
        done_url=reverse("people:me"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Someone else's profile: administrators only (the service checks, and audits the change)."""
    found = get_object_or_404(Profile.objects.select_related("user"), pk=pk)
    if not services.can_edit_profile(profile=found, user=_user(request)):
        raise PermissionDenied("You can only change your own profile.")
    return _edit_profile(
        request,
        lambda: Profile.objects.select_related("user").get(pk=pk),
        title=f"Edit the profile of {found.user}",
        done_url=reverse("people:profile", kwargs={"pk": pk}),
    )


def _edit_profile(
    request: HttpRequest, load: Callable[[], Profile], *, title: str, done_url: str
) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=load())
    if request.method == "POST" and form.is_valid():
        # The form changed its own copy; the service applies the values with its own checks.
        try:
            services.profile_update(profile=load(), by=_user(request), **form.profile_values())
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, "The profile is saved.")
            return redirect(done_url)
    subject = form.instance.user
    return page(
        request,
        "people/profile_edit.jinja",
        title,
        form=form,
        own=subject.pk == request.user.pk,
        subject=subject,
        cancel_url=done_url,
        breadcrumbs=[PEOPLE],
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def seat_add(request: HttpRequest) -> HttpResponse:
    form = SeatForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.seat_add(user=_user(request), by=_user(request), **form.cleaned_data)
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, "Your place on the structure is added.")
            return redirect("people:me")
    return page(
        request,
        "people/seat_add.jinja",
        "Add a place on an ICS structure",
        form=form,
        breadcrumbs=[PEOPLE, ("Your profile", reverse("people:me"))],
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def seat_end(request: HttpRequest, pk: int) -> HttpResponse:
    seat = get_object_or_404(Seat.objects.select_related("user", "structure"), pk=pk)
    acted(
        request,
        lambda: services.seat_end(seat=seat, by=_user(request)),
        f"Your place on {seat.structure} is marked as ended.",
    )
    return redirect("people:me")
