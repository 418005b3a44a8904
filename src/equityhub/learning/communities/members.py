"""Who belongs to a community, and who moderates it.

Anyone signed in may join or leave. The person who starts a community is its first moderator;
moderators (and administrators) make other members moderators, or stop them being one. A
community always keeps a moderator while it has members.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest

from equityhub.core.audit import audit_record
from equityhub.core.models import User
from equityhub.learning.communities.models import Community, CommunityMember
from equityhub.people.permissions import is_administrator

Viewer = User | AnonymousUser


def membership_of(user: Viewer, community: Community) -> CommunityMember | None:
    if not (user.is_authenticated and user.is_active):
        return None
    return CommunityMember.objects.filter(community=community, user=user).first()


def is_member(user: Viewer, community: Community) -> bool:
    return membership_of(user, community) is not None


def can_moderate(user: Viewer, community: Community) -> bool:
    """Moderators of this community, and administrators."""
    if is_administrator(user):
        return True
    membership = membership_of(user, community)
    return membership is not None and membership.is_moderator


def require_member(user: Viewer, community: Community, doing: str = "take part") -> None:
    if not (user.is_authenticated and user.is_active):
        raise PermissionDenied("Sign in to take part")
    if not is_member(user, community):
        raise PermissionDenied(f"Join the community to {doing}")


def require_moderator(user: Viewer, community: Community) -> None:
    if not can_moderate(user, community):
        raise PermissionDenied("Only the community's moderators can do this")


@transaction.atomic
def community_join(
    *, user: User, community: Community, request: HttpRequest | None = None
) -> CommunityMember:
    if not (user.is_authenticated and user.is_active):
        raise PermissionDenied("Sign in to join")
    if is_member(user, community):
        raise ValidationError("You are already a member of this community")
    membership = CommunityMember.objects.create(community=community, user=user)
    audit_record(action="learning.community.join", actor=user, target=community, request=request)
    return membership


def _last_moderator(membership: CommunityMember) -> bool:
    others = CommunityMember.objects.filter(community=membership.community_id).exclude(
        pk=membership.pk
    )
    return (
        membership.is_moderator
        and others.exists()
        and not others.filter(is_moderator=True).exists()
    )


@transaction.atomic
def community_leave(
    *, user: User, community: Community, request: HttpRequest | None = None
) -> None:
    membership = membership_of(user, community)
    if membership is None:
        raise ValidationError("You are not a member of this community")
    if _last_moderator(membership):
        raise ValidationError(
            "You are the community's only moderator: make another member a moderator first"
        )
    membership.delete()
    audit_record(action="learning.community.leave", actor=user, target=community, request=request)


@transaction.atomic
def moderator_set(
    *,
    by: User,
    community: Community,
    member: User,
    moderator: bool,
    request: HttpRequest | None = None,
) -> CommunityMember:
    """Make a member a moderator, or stop them being one (moderators and administrators)."""
    require_moderator(by, community)
    membership = (
        CommunityMember.objects.select_for_update().filter(community=community, user=member).first()
    )
    if membership is None:
        raise ValidationError(f"{member} is not a member of this community")
    if membership.is_moderator == moderator:
        already = "already" if moderator else "not"
        raise ValidationError(f"{member} is {already} a moderator")
    if not moderator and _last_moderator(membership):
        raise ValidationError(f"{member} is the only moderator: make someone else one first")
    membership.is_moderator = moderator
    membership.save(update_fields=["is_moderator"])
    audit_record(
        action="learning.community.moderator_add"
        if moderator
        else "learning.community.moderator_remove",
        actor=by,
        target=community,
        detail={"user": member.email},
        request=request,
    )
    return membership
