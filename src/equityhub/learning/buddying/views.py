"""Pages of buddying: suggestions with their reasons, the profile, asking, answering, ending.

A pairing is visible to its two people only (anyone else gets 404). Someone who has not opted
in cannot be asked, and their page answers 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse_lazy
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from equityhub.core.http import AuthenticatedRequest
from equityhub.core.models import User
from equityhub.core.pages import acted, form_page, page, posted, service_errors
from equityhub.learning import offers
from equityhub.learning.buddying import no_match as buddy_no_match
from equityhub.learning.buddying import services as services_buddies
from equityhub.learning.buddying.forms import BuddyProfileForm, CheckInForm, ProposeForm
from equityhub.learning.buddying.matching import score_match
from equityhub.learning.buddying.models import Buddying, BuddyingStatus, BuddyProfile
from equityhub.learning.buddying.services import awaits_answer_from
from equityhub.learning.pages import LEARNING

BUDDIES = ("Buddying", reverse_lazy("learning:buddies"))


@login_required
@require_safe
def buddies(request: AuthenticatedRequest) -> HttpResponse:
    profile = BuddyProfile.objects.filter(user=request.user).first()
    pairings = Buddying.objects.visible_to(request.user).select_related("proposer", "partner")
    live = [b for b in pairings if b.status in (BuddyingStatus.ACTIVE, BuddyingStatus.PROPOSED)]
    return page(
        request,
        "learning/buddies.jinja",
        "Buddying",
        profile=profile,
        active=[b for b in live if b.status == BuddyingStatus.ACTIVE],
        asked_me=[
            b
            for b in live
            if b.status == BuddyingStatus.PROPOSED and b.partner_id == request.user.pk
        ],
        i_asked=[
            b
            for b in live
            if b.status == BuddyingStatus.PROPOSED and b.proposer_id == request.user.pk
        ],
        suggestions=offers.suggest_buddies(request.user, limit=5)
        if profile and profile.opted_in
        else [],
        due={b.pk for b in services_buddies.check_ins_due_for(request.user)},
        no_match=buddy_no_match.explain(request.user) if not live else None,
        breadcrumbs=[LEARNING],
    )


@login_required
@require_POST
def buddy_widen(request: AuthenticatedRequest) -> HttpResponse:
    acted(
        request,
        lambda: services_buddies.profile_widen(user=request.user, request=request),
        "We now look for a buddy for you anywhere in England.",
    )
    return redirect("learning:buddies")


@login_required
@require_http_methods(["GET", "POST"])
def buddy_profile(request: AuthenticatedRequest) -> HttpResponse:
    profile = BuddyProfile.objects.filter(user=request.user).first()
    initial: dict[str, object] = {"opted_in": True, "distance": "either"}
    if profile is not None:
        initial = {
            name: getattr(profile, name)
            for name in ("opted_in", "stage", "background", "distance", "about")
        }
        initial["interests"] = list(profile.interests.all())
    form = BuddyProfileForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services_buddies.profile_save(user=request.user, request=request, **form.cleaned_data)
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, "Your buddying preferences are saved.")
            return redirect("learning:buddies")
    return form_page(
        request,
        "learning/simple_form.jinja",
        "Your buddying preferences",
        form,
        button="Save my preferences",
        intro="Buddying pairs leads for mutual support: someone new in role with someone "
        "experienced, or two peers. Only people who opt in are suggested, and a pairing starts "
        "only when both of you accept.",
        breadcrumbs=[LEARNING, BUDDIES],
    )


@login_required
@require_http_methods(["GET", "POST"])
def buddy_propose(request: AuthenticatedRequest, user_pk: int) -> HttpResponse:
    candidate = (
        BuddyProfile.objects.filter(user_id=user_pk, opted_in=True, user__is_active=True)
        .select_related("user")
        .first()
    )
    if candidate is None or candidate.user.pk == request.user.pk:
        raise Http404("No one by that reference is looking for a buddy")
    person: User = candidate.user
    form = ProposeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            buddying = services_buddies.buddy_propose(
                by=request.user, partner=person, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, f"We have asked {person}. We will tell you their answer.")
            return redirect("learning:buddying", pk=buddying.pk)
    reasons = score_match(offers.traits_of(request.user), offers.traits_of(person)).reasons
    return form_page(
        request,
        "learning/buddy_propose.jinja",
        f"Ask {person} to be your buddy",
        form,
        person=person,
        candidate=candidate,
        reasons=reasons,
        breadcrumbs=[LEARNING, BUDDIES],
    )


def _pairing(request: AuthenticatedRequest, pk: int) -> Buddying:
    pairings = Buddying.objects.visible_to(request.user).select_related("proposer", "partner")
    return get_object_or_404(pairings, pk=pk)


@login_required
@require_safe
def buddying_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    buddying = _pairing(request, pk)
    other = buddying.other(request.user)
    due_at = services_buddies.check_in_due_at(buddying)
    return page(
        request,
        "learning/buddying.jinja",
        f"Buddying with {other}",
        buddying=buddying,
        other=other,
        asked_me=buddying.partner_id == request.user.pk,
        to_answer=awaits_answer_from(buddying, request.user),
        check_ins=list(buddying.check_ins.select_related("author")[:20]),
        due_at=due_at,
        overdue=due_at is not None and due_at <= timezone.now(),
        form=CheckInForm(),
        breadcrumbs=[LEARNING, BUDDIES],
    )


@login_required
@require_POST
def buddying_answer(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    buddying = _pairing(request, pk)
    accept = request.POST.get("answer") == "accept"
    answered = acted(
        request,
        lambda: services_buddies.buddy_answer(
            by=request.user, buddying=buddying, accept=accept, request=request
        ),
    )
    if answered:  # the words depend on whether the pairing has started, known only after
        messages.success(request, _answered(buddying, accept))
    return redirect("learning:buddying", pk=pk)


def _answered(buddying: Buddying, accept: bool) -> str:
    if not accept:
        return "You declined the request."
    buddying.refresh_from_db()
    if buddying.status == "active":
        return "You are now buddies."
    return "You accepted. The pairing starts when your buddy accepts too."


@login_required
@require_POST
def buddying_end(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    buddying = _pairing(request, pk)
    acted(
        request,
        lambda: services_buddies.buddy_end(by=request.user, buddying=buddying, request=request),
        "The buddying has ended. We have told them.",
    )
    return redirect("learning:buddying", pk=pk)


@login_required
@require_POST
def buddying_check_in(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    buddying = _pairing(request, pk)
    form = CheckInForm(request.POST)
    if form.is_valid():
        acted(
            request,
            lambda: services_buddies.check_in_record(
                by=request.user, buddying=buddying, request=request, **form.cleaned_data
            ),
            "Thank you: your check-in is recorded.",
        )
    else:
        messages.error(request, "Keep the note to 1000 characters")
    return redirect("learning:buddying", pk=pk)
