"""Access-matrix entries for communities' members, moderators, announcements and shared files,
and for the set pages of co-facilitators and carrying a set on as a community.

In the matrix's community the owner is the moderator and the member a member; the outsider
and the board member are signed in but have not joined; administrators moderate every
community but are not members, so they neither share nor download its files.
"""

from __future__ import annotations

from typing import Any

from tests.access_matrix import (
    FACILITATOR_ONLY,
    Access,
    _inside_set,
    _set_pk,
    only,
    signed_in,
)


def _community(world: dict[str, Any]) -> Any:
    from django.core.files.base import ContentFile

    from equityhub.learning.models import Community, CommunityFile, CommunityMember

    community, created = Community.objects.get_or_create(
        name="Matrix members' community",
        defaults={"description": "Test", "created_by": world["owner"]},
    )
    if created:
        CommunityMember.objects.create(community=community, user=world["owner"], is_moderator=True)
        CommunityMember.objects.create(community=community, user=world["member"])
        shared = CommunityFile(
            community=community,
            uploaded_by=world["member"],
            title="Matrix notes",
            original_name="notes.txt",
            size=5,
        )
        shared.file.save("notes.txt", ContentFile(b"notes"), save=True)
    return community


def _community_pk(world: dict[str, Any]) -> dict[str, Any]:
    return {"pk": _community(world).pk}


def _file_pk(world: dict[str, Any]) -> dict[str, Any]:
    return {"pk": _community(world).files.get().pk}


def _any_pk(world: dict[str, Any]) -> dict[str, Any]:
    return {"pk": 1}


MODERATORS = ("owner", "administrator")
MEMBERS = ("owner", "member")

ENTRIES: dict[str, Access] = {
    "learning:community-join": signed_in(405, kwargs=_community_pk),  # POST only
    "learning:community-leave": signed_in(405, kwargs=_community_pk),
    "learning:community-moderator": signed_in(405, kwargs=_community_pk),
    "learning:community-announce": only(MODERATORS, kwargs=_community_pk),
    "learning:community-file-share": only(MEMBERS, kwargs=_community_pk),
    "learning:community-file": only(MEMBERS, kwargs=_file_pk),
    "learning:community-file-remove": signed_in(405, kwargs=_file_pk),
    "learning:thread-hide": signed_in(405, kwargs=_any_pk),
    "learning:reply-hide": signed_in(405, kwargs=_any_pk),
    # Inside a set: the owner facilitates the matrix set, the member is a member of it.
    "learning:set-co-facilitators": _inside_set(FACILITATOR_ONLY, _set_pk),
    "learning:set-continue": _inside_set(FACILITATOR_ONLY, _set_pk),
}
