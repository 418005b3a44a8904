"""A learning set carries on as a community: its members keep talking once the set ends.

The set's facilitator (or a co-facilitator) of a running or closed set chooses a new community,
or one they moderate; every current member and facilitator of the set joins it, the set page
links to it, and members are told. (Collaboratives are made of organisations, not people, so a
set carries on as a community only.)
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse

from equityhub.core.audit import audit_record
from equityhub.core.models import User
from equityhub.learning.communities import services
from equityhub.learning.communities.members import can_moderate
from equityhub.learning.communities.models import Community, CommunityMember
from equityhub.learning.sets.models import LearningSet, SetMembership, SetStatus
from equityhub.learning.sets.services import require_facilitator_of, tell
from equityhub.people.permissions import is_administrator


def communities_to_continue_in(user: User) -> QuerySet[Community]:
    """The communities a facilitator may bring a set's members into: those they moderate."""
    if is_administrator(user):
        return Community.objects.all()
    return Community.objects.filter(members__user=user, members__is_moderator=True)


def _new_or_chosen(
    by: User, community: Community | None, name: str, description: str, request: HttpRequest | None
) -> Community:
    if community is not None:
        if not can_moderate(by, community):
            raise PermissionDenied("Choose a community you moderate, or start a new one")
        return community
    if not name.strip():
        raise ValidationError({"name": "Enter a name for the new community, or choose one"})
    return services.community_create(by=by, name=name, description=description, request=request)


@transaction.atomic
def set_continue_as_community(
    *,
    by: User,
    learning_set: LearningSet,
    community: Community | None = None,
    name: str = "",
    description: str = "",
    request: HttpRequest | None = None,
) -> Community:
    """Bring every current member and facilitator of the set into a community."""
    require_facilitator_of(by, learning_set)
    learning_set = LearningSet.objects.select_for_update().get(pk=learning_set.pk)
    if learning_set.status == SetStatus.OPEN:
        raise ValidationError(
            "A set still open to applications cannot carry on yet: "
            "start it running or close it first"
        )
    if learning_set.continued_in_id is not None:
        raise ValidationError(f"This set already carries on as {learning_set.continued_in}")
    community = _new_or_chosen(by, community, name, description or learning_set.purpose, request)
    members = [
        m.user
        for m in SetMembership.objects.current()
        .filter(learning_set=learning_set)
        .select_related("user")
    ]
    facilitators = learning_set.facilitators()
    added = 0
    for person in [*facilitators, *members]:
        _, created = CommunityMember.objects.get_or_create(community=community, user=person)
        added += int(created)
    learning_set.continued_in = community
    learning_set.save(update_fields=["continued_in"])
    link = reverse("learning:community", kwargs={"pk": community.pk})
    tell(
        [m for m in members if m.is_active],
        f"{learning_set} carries on as the community {community}: you are a member",
        link,
    )
    audit_record(
        action="learning.set.continue_as_community",
        actor=by,
        target=learning_set,
        detail={"community": community.pk, "members_added": added},
        request=request,
    )
    return community
