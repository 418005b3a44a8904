"""Pilots become case studies: the pilot's team sends a finished pilot to the library editors.

The indicators app cannot import the library, so learning registers a pilot action with it
(``register``, called from ``LearningConfig.ready``): "Share as a case study" for a finished or
stopped pilot, shown to its organisation's lead and team, then "Shared as a case study" once sent.
The suggestion goes through ``library.services.contribution_submit`` and editors moderate it.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse

from equityhub.core.audit import audit_record
from equityhub.core.models import User
from equityhub.indicators.models import Pilot, PilotStatus
from equityhub.indicators.pilots.actions import (
    PilotAction,
    pilot_results_in_words,
    register_pilot_action,
)
from equityhub.learning.pilots.models import PilotCaseStudy
from equityhub.library.services import contribution_submit
from equityhub.people.permissions import is_team_member_of

ENDED = (PilotStatus.FINISHED, PilotStatus.STOPPED)
FIELDS = ("title", "summary", "context", "what_was_done", "results", "learning")


def can_share(user: Any, pilot: Pilot) -> bool:
    """The pilot organisation's lead and team share it, once it has finished or stopped."""
    return is_team_member_of(user, pilot.organisation) and pilot.status in ENDED


def draft(pilot: Pilot) -> dict[str, str]:
    """The case study prefilled from the pilot: its hypothesis, scope, evaluation and learning."""
    organisation, start = pilot.organisation.name, pilot.start_period
    stopped = " It was stopped early." if pilot.status == PilotStatus.STOPPED else ""
    scope = f" It ran in: {pilot.scope}." if pilot.scope else ""
    return {
        "title": pilot.name,
        "summary": (
            f"{organisation} piloted “{pilot.name}” from {start} and evaluated it with the "
            f"indicator “{pilot.indicator.name}”.{stopped}"
        ),
        "context": f"What the pilot set out to change: {pilot.hypothesis}{scope}",
        "what_was_done": f"{pilot.name}, run by {organisation} from {start}.{scope}",
        "results": pilot_results_in_words(pilot),
        "learning": pilot.learning,
    }


@transaction.atomic
def pilot_share_as_case_study(
    *, by: User, pilot: Pilot, request: HttpRequest | None = None, **data: str
) -> PilotCaseStudy:
    """Send the pilot to the library editors as a case study suggestion and remember the link."""
    if not is_team_member_of(by, pilot.organisation):
        raise PermissionDenied("Only the organisation's lead and team share its pilots.")
    if pilot.status not in ENDED:
        raise ValidationError("Share a pilot once it has finished or stopped")
    if PilotCaseStudy.objects.select_for_update().filter(pilot=pilot).exists():
        raise ValidationError("This pilot has already been shared as a case study")
    fields = {name: str(data.get(name) or "").strip() for name in FIELDS}
    contribution = contribution_submit(
        contributor=by,
        kind="case_study",
        data={**fields, "organisation_name": pilot.organisation.name},
    )
    shared = PilotCaseStudy.objects.create(pilot=pilot, contribution=contribution, captured_by=by)
    audit_record(
        action="learning.pilot.capture",
        actor=by,
        target=shared,
        detail={"pilot": pilot.pk, "contribution": contribution.pk},
        request=request,
    )
    return shared


def _action(user: Any, pilot: Pilot) -> PilotAction | None:
    if not is_team_member_of(user, pilot.organisation):
        return None
    shared = PilotCaseStudy.objects.filter(pilot=pilot).first()
    if shared is not None:
        return PilotAction(
            "Shared as a case study",
            hint=f"Sent to the library editors on {shared.captured_at:%-d %B %Y}.",
        )
    if pilot.status not in ENDED:
        return None
    return PilotAction(
        "Share as a case study",
        url=reverse("learning:pilot-case-study", kwargs={"pk": pilot.pk}),
        hint="Send what it taught to the library's editors, who check it before publishing.",
    )


def register() -> None:
    register_pilot_action("learning.case-study", _action)
