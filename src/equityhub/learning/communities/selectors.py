"""Reads across a community's records, starting from what the viewer may see.

Every signed-in person reads a community's discussions, members and announcements; files are
listed and served to members only.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404

from equityhub.core.models import User
from equityhub.learning.communities.announcements import PINNED
from equityhub.learning.communities.members import Viewer, is_member
from equityhub.learning.communities.models import (
    Announcement,
    Community,
    CommunityFile,
    CommunityMember,
    Thread,
)
from equityhub.people.permissions import memberships


@dataclass(frozen=True)
class MemberRow:
    """A member as the community page lists them."""

    user: User
    organisation: str
    is_moderator: bool


def communities_for(viewer: User) -> QuerySet[Community]:
    """Every community, with how many (active) members it has and whether the viewer joined."""
    active = Q(members__user__is_active=True)
    joined = CommunityMember.objects.filter(community=OuterRef("pk"), user=viewer)
    return Community.objects.annotate(
        member_count=Count("members", filter=active), joined=Exists(joined)
    )


def members_of(community: Community) -> list[MemberRow]:
    """Members, moderators first, each with the organisation of their approved role."""
    rows = list(CommunityMember.objects.filter(community=community).select_related("user"))
    roles = (
        memberships()
        .approved()
        .filter(user__in=[row.user_id for row in rows], ended_on__isnull=True)
        .order_by("requested_at")
        .values_list("user_id", "organisation__name")
    )
    organisation_of: dict[int, str] = {}
    for user_id, organisation in roles:
        organisation_of.setdefault(user_id, organisation)
    return [
        MemberRow(row.user, organisation_of.get(row.user_id, ""), row.is_moderator)
        for row in rows
        if row.user.is_active
    ]


def pinned_announcements(community: Community) -> list[Announcement]:
    return list(community.announcements.select_related("author")[:PINNED])


def threads_of(community: Community) -> QuerySet[Thread]:
    return community.threads.select_related("author")


def files_for(viewer: Viewer, community: Community) -> list[CommunityFile]:
    """The community's files, for its members (nobody else sees even their names)."""
    if not is_member(viewer, community):
        return []
    return list(community.files.select_related("uploaded_by"))


def file_for(viewer: Viewer, pk: int) -> CommunityFile:
    """A shared file, for members of its community (403 for others, 404 if there is none)."""
    shared = CommunityFile.objects.select_related("community").filter(pk=pk).first()
    if shared is None:
        raise Http404("No such file")
    if not is_member(viewer, shared.community):
        raise PermissionDenied("Join the community to download the files its members share")
    return shared
