"""Writes around the support offer: feedback, and each organisation's board responsibilities."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from equityhub.core.audit import audit_record
from equityhub.core.models import User
from equityhub.induction.models import BoardResponsibility, Feedback
from equityhub.people.models import Organisation
from equityhub.people.permissions import is_administrator, is_team_member_of


@transaction.atomic
def feedback_give(*, user: User, part: str, rating: int, comment: str = "") -> Feedback:
    feedback = Feedback(user=user, part=part, rating=rating, comment=comment.strip())
    feedback.full_clean()
    feedback.save()
    return feedback


def can_edit_map(user: User, organisation: Organisation) -> bool:
    return is_team_member_of(user, organisation) or is_administrator(user)


@transaction.atomic
def responsibility_add(
    *,
    user: User,
    organisation: Organisation,
    area: str,
    board_member: str,
    board_role: str = "",
    request: HttpRequest | None = None,
) -> BoardResponsibility:
    if not can_edit_map(user, organisation):
        raise PermissionDenied("Only the organisation's lead and team keep its map.")
    row = BoardResponsibility(
        organisation=organisation,
        area=area.strip(),
        board_member=board_member.strip(),
        board_role=board_role.strip(),
        updated_by=user,
        updated_at=timezone.now(),
    )
    row.full_clean()
    row.save()
    audit_record(action="induction.map.add", actor=user, target=row, request=request)
    return row


@transaction.atomic
def responsibility_remove(
    *, user: User, row: BoardResponsibility, request: HttpRequest | None = None
) -> None:
    if not can_edit_map(user, row.organisation):
        raise PermissionDenied("Only the organisation's lead and team keep its map.")
    audit_record(action="induction.map.remove", actor=user, target=row, request=request)
    row.delete()
