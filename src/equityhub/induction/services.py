"""Every write of the induction offer: assessments and plans, adoption, proposals, moderation.

Services validate, write in one transaction and audit what matters. Views call them.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from equityhub.core.audit import audit_record
from equityhub.core.models import User
from equityhub.core.notifications import notify
from equityhub.induction import planning, selectors
from equityhub.induction.models import (
    Activity,
    Assessment,
    Comment,
    Endorsement,
    Measure,
    PlanItem,
    Status,
    Suggestion,
)
from equityhub.induction.models_coproduction import SuggestionStatus
from equityhub.library.permissions import editors, is_editor

NOTIFICATION_KINDS = {
    "induction.moderation": "Proposals waiting for an editor (induction offer)",
    "induction.decision": "Decisions on what you proposed (induction offer)",
}
ADOPTED_DUE_DAYS = 90


def _today() -> datetime.date:
    return timezone.localdate()


# --- assessment and plan ----------------------------------------------------------------------


@transaction.atomic
def assessment_submit(
    *, user: User, answers: dict[str, str], request: HttpRequest | None = None
) -> Assessment:
    """Record a self-assessment and refresh the plan from it."""
    assessment = Assessment(user=user, **answers)
    assessment.full_clean()
    assessment.save()
    plan_refresh(user=user, assessment=assessment)
    audit_record(action="induction.assessment", actor=user, target=assessment, request=request)
    return assessment


@transaction.atomic
def plan_refresh(*, user: User, assessment: Assessment) -> list[PlanItem]:
    """Replace open suggestions with the rules' new ones; done and adopted items stay."""
    mine = PlanItem.objects.visible_to(user)
    mine.filter(done_at__isnull=True, adopted=False).delete()
    kept = set(mine.values_list("key", flat=True))
    candidates = selectors.candidates_for(user)
    answers = assessment.as_answers()
    suggestions = planning.plan_for(answers, today=_today(), exclude=kept, **candidates)
    _rereason_kept(mine.filter(done_at__isnull=True), answers, candidates, assessment)
    activities = {a.slug: a for a in Activity.objects.published()}
    return [
        PlanItem.objects.create(
            user=user,
            key=s.key,
            kind=s.kind,
            title=s.title[:250],
            href=s.href,
            reason=s.reason[:500],
            due_on=s.due_on,
            assessment=assessment,
            activity=activities.get(s.key.removeprefix("activity:"))
            if s.kind == "activity"
            else None,
        )
        for s in suggestions
    ]


KEPT_REASON = "You added this to your plan yourself; your latest answers do not call for it."


def _rereason_kept(
    items: Any, answers: Any, candidates: dict[str, Any], assessment: Assessment
) -> None:
    """Items kept through a retake (adopted, not done) give their reason from the latest
    answers: what the rules say now, or that the person chose it, never an old rating."""
    done = set(
        PlanItem.objects.visible_to(assessment.user)
        .exclude(done_at__isnull=True)
        .values_list("key", flat=True)
    )
    fresh = {
        s.key: s.reason
        for s in planning.plan_for(answers, today=_today(), exclude=done, **candidates)
    }
    for item in items:
        item.reason = fresh.get(item.key, KEPT_REASON)[:500]
        item.assessment = assessment
        item.save(update_fields=["reason", "assessment"])


@transaction.atomic
def activity_adopt(*, user: User, activity: Activity) -> PlanItem:
    if activity.status != Status.PUBLISHED:
        raise ValidationError("Only published activities can be added to a plan.")
    item, created = PlanItem.objects.get_or_create(
        user=user,
        key=f"activity:{activity.slug}",
        defaults={
            "kind": "activity",
            "title": activity.name[:250],
            "href": activity.get_absolute_url(),
            "reason": "You chose this activity from the catalogue.",
            "due_on": _today() + datetime.timedelta(days=ADOPTED_DUE_DAYS),
            "activity": activity,
            "adopted": True,
        },
    )
    if not created and not item.adopted:
        item.adopted = True
        item.save(update_fields=["adopted"])
    return item


@transaction.atomic
def plan_item_mark(*, user: User, pk: int, done: bool) -> PlanItem:
    item = PlanItem.objects.visible_to(user).filter(pk=pk).first()
    if item is None:
        raise PermissionDenied("That item is not in your plan.")
    item.done_at = timezone.now() if done else None
    item.save(update_fields=["done_at"])
    return item


# --- proposals and moderation -----------------------------------------------------------------


def _unique_slug(model: Any, name: str) -> str:
    base = slugify(name)[:80].strip("-") or "entry"
    slug, n = base, 2
    while model.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _tell_editors(title: str, link: str) -> None:
    notify(recipients=editors(), kind="induction.moderation", title=title, link=link)


def _propose(
    model: type[Activity] | type[Measure], user: User, request: HttpRequest | None, fields: Any
) -> Any:
    """Store a lead's proposal as a proposed entry, audit it and tell the editors."""
    entry = model(
        **fields,
        slug=_unique_slug(model, fields.get("name", "")),
        status=Status.PROPOSED,
        contributed_by=user,
        source=f"Proposed by {user.full_name or user.email}",
    )
    entry.full_clean()
    entry.save()
    noun = model._meta.model_name
    audit_record(action=f"induction.{noun}.propose", actor=user, target=entry, request=request)
    _tell_editors(f"New {noun} proposed: {entry.name}", reverse("induction:moderation"))
    return entry


@transaction.atomic
def activity_propose(*, user: User, request: HttpRequest | None = None, **fields: Any) -> Activity:
    activity: Activity = _propose(Activity, user, request, fields)
    return activity


@transaction.atomic
def measure_propose(*, user: User, request: HttpRequest | None = None, **fields: Any) -> Measure:
    measure: Measure = _propose(Measure, user, request, fields)
    return measure


@transaction.atomic
def suggestion_create(*, user: User, guide: Any, text: str) -> Suggestion:
    suggestion = Suggestion(user=user, guide=guide, text=text.strip())
    suggestion.full_clean()
    suggestion.save()
    _tell_editors("A role guide improvement was suggested", reverse("induction:moderation"))
    return suggestion


def _decide_checks(editor: User, approve: bool, reason: str) -> None:
    if not is_editor(editor):
        raise PermissionDenied("Only editors decide on proposals.")
    if not approve and not reason.strip():
        raise ValidationError({"reason": "Say why it is not accepted, so the contributor knows."})


@transaction.atomic
def entry_decide(
    *,
    editor: User,
    entry: Activity | Measure,
    approve: bool,
    reason: str = "",
    request: HttpRequest | None = None,
) -> Activity | Measure:
    """Publish or reject a proposed activity or measure; the contributor is told either way."""
    _decide_checks(editor, approve, reason)
    if entry.status != Status.PROPOSED:
        raise ValidationError("This proposal has already been decided.")
    entry.status = Status.PUBLISHED if approve else Status.REJECTED
    entry.decided_by = editor
    entry.decision_reason = reason.strip()
    entry.published_at = timezone.now() if approve else None
    entry.save()
    audit_record(
        action="induction.approve" if approve else "induction.reject",
        actor=editor,
        target=entry,
        detail={"reason": entry.decision_reason},
        request=request,
    )
    if entry.contributed_by is not None:
        verdict = "is published, with credit to you" if approve else "was not accepted"
        notify(
            recipients=[entry.contributed_by],
            kind="induction.decision",
            title=f"Your proposal “{entry.name}” {verdict}",
            body=entry.decision_reason,
            link=entry.get_absolute_url(),
        )
    return entry


@transaction.atomic
def suggestion_decide(
    *, editor: User, suggestion: Suggestion, approve: bool, reason: str = ""
) -> Suggestion:
    _decide_checks(editor, approve, reason)
    if suggestion.status != SuggestionStatus.PROPOSED:
        raise ValidationError("This suggestion has already been decided.")
    suggestion.status = SuggestionStatus.ACCEPTED if approve else SuggestionStatus.REJECTED
    suggestion.decided_by = editor
    suggestion.decision_reason = reason.strip()
    suggestion.save()
    verdict = "was accepted" if approve else "was not accepted"
    notify(
        recipients=[suggestion.user],
        kind="induction.decision",
        title=f"Your suggestion for the role guides {verdict}",
        body=suggestion.decision_reason,
        link=reverse("induction:guides"),
    )
    return suggestion


@transaction.atomic
def comment_add(
    *, user: User, text: str, activity: Activity | None = None, measure: Measure | None = None
) -> Comment:
    comment = Comment(user=user, body=text.strip(), activity=activity, measure=measure)
    comment.full_clean()
    comment.save()
    return comment


@transaction.atomic
def endorse(
    *, user: User, activity: Activity | None = None, measure: Measure | None = None
) -> bool:
    """Endorse once; a second call withdraws it. Returns whether it is now endorsed."""
    existing = Endorsement.objects.filter(user=user, activity=activity, measure=measure)
    if existing.exists():
        existing.delete()
        return False
    Endorsement.objects.create(user=user, activity=activity, measure=measure)
    return True
