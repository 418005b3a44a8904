"""Adding every NHS trust and ICB of a region or system to a collaborative in one step."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest

from equityhub.core.audit import audit_record
from equityhub.core.models import User
from equityhub.learning.collaboratives.models import Collaborative, CollaborativeMember
from equityhub.learning.collaboratives.services import can_manage
from equityhub.people.models import Organisation, Region, System
from equityhub.people.selectors import NHS_KINDS


@transaction.atomic
def members_add_by_area(
    *,
    by: User,
    collaborative: Collaborative,
    region: Region | None = None,
    system: System | None = None,
    kind: str = "",
    request: HttpRequest | None = None,
) -> list[Organisation]:
    """Add the current trusts and ICBs (or one kind) of a system or region; the ones added."""
    if not can_manage(by, collaborative):
        raise PermissionDenied("Only the collaborative's lead adds organisations")
    if collaborative.has_ended:
        raise ValidationError("This collaborative has ended")
    if region is None and system is None:
        raise ValidationError("Choose a region or a system")
    found = Organisation.objects.current().filter(kind__in=[kind] if kind else NHS_KINDS)
    if system is not None:
        found = found.filter(system=system)
    else:
        found = found.filter(Q(region=region) | Q(system__region=region))
    already = collaborative.members.values("organisation")
    adding = list(found.exclude(pk__in=already).order_by("name"))
    if not adding:
        raise ValidationError("Every NHS organisation there is already a member")
    CollaborativeMember.objects.bulk_create(
        [CollaborativeMember(collaborative=collaborative, organisation=o) for o in adding]
    )
    audit_record(
        action="learning.collaborative.members_bulk",
        actor=by,
        target=collaborative,
        detail={"organisations": [o.code for o in adding]},
        request=request,
    )
    return adding
