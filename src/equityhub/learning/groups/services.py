"""Writes and reads for study and coaching groups.

Facilitators and administrators start groups; a study group follows a library reading list,
a coaching group has a coach (its leader). People join open groups up to the size cap, or the
leader adds them. The discussion of each item is for members and the leader only.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from equityhub.core.audit import audit_record
from equityhub.core.models import User
from equityhub.core.notifications import notify, register_notification_kind
from equityhub.learning.groups.models import GroupKind, GroupMembership, ItemPost, StudyGroup
from equityhub.library.models import ReadingList, ReadingListEntry
from equityhub.library.selectors import reading_list_entries
from equityhub.people.permissions import is_administrator, is_facilitator

GROUPS_KIND = "learning.groups"
register_notification_kind(GROUPS_KIND, "Study and coaching groups: members and discussions")
SIZE_CAP_RANGE = (2, 30)


def group_link(group: StudyGroup) -> str:
    return reverse("learning:group", kwargs={"pk": group.pk})


def can_start_groups(user: Any) -> bool:
    return is_facilitator(user) or is_administrator(user)


def is_inside(user: Any, group: StudyGroup) -> bool:
    """Members and the leader see the group's discussions."""
    if not (user and user.is_authenticated):
        return False
    return group.leader_id == user.pk or group.memberships.filter(user=user).exists()


def groups_to_join(user: Any) -> QuerySet[StudyGroup]:
    mine = StudyGroup.objects.of(user).values("pk")
    return StudyGroup.objects.filter(open_to_join=True).exclude(pk__in=mine)


@transaction.atomic
def group_create(
    *,
    by: User,
    name: str,
    description: str,
    kind: str = GroupKind.STUDY,
    reading_list: ReadingList | None = None,
    size_cap: int = 12,
    open_to_join: bool = True,
    request: HttpRequest | None = None,
) -> StudyGroup:
    if not can_start_groups(by):
        raise PermissionDenied("Only facilitators and administrators start groups")
    errors = {}
    if not name.strip():
        errors["name"] = "Enter a name for the group"
    if kind not in GroupKind.values:
        errors["kind"] = "Choose a study group or a coaching group"
    if kind == GroupKind.STUDY and reading_list is None:
        errors["reading_list"] = "Choose the reading list the group follows"
    low, high = SIZE_CAP_RANGE
    if not low <= size_cap <= high:
        errors["size_cap"] = f"A group has between {low} and {high} members"
    if errors:
        raise ValidationError(errors)
    group = StudyGroup.objects.create(
        name=name.strip(),
        description=description.strip(),
        kind=kind,
        reading_list=reading_list,
        leader=by,
        size_cap=size_cap,
        open_to_join=open_to_join,
    )
    audit_record(action="learning.group.create", actor=by, target=group, request=request)
    return group


def _add(group: StudyGroup, user: User) -> GroupMembership:
    if user.pk == group.leader_id:
        raise ValidationError("The leader is already part of the group")
    if group.memberships.filter(user=user).exists():
        raise ValidationError("Already a member of this group")
    if group.memberships.count() >= group.size_cap:
        raise ValidationError("This group is full")
    return GroupMembership.objects.create(group=group, user=user)


@transaction.atomic
def group_join(
    *, user: User, group: StudyGroup, request: HttpRequest | None = None
) -> GroupMembership:
    group = StudyGroup.objects.select_for_update().get(pk=group.pk)
    if not group.open_to_join:
        raise ValidationError("This group is by invitation: ask its leader")
    membership = _add(group, user)
    audit_record(action="learning.group.join", actor=user, target=group, request=request)
    notify(
        recipients=[group.leader],
        kind=GROUPS_KIND,
        title=f"{user} joined {group}",
        link=group_link(group),
    )
    return membership


@transaction.atomic
def group_add_member(
    *, by: User, group: StudyGroup, user: User, request: HttpRequest | None = None
) -> GroupMembership:
    if group.leader_id != by.pk:
        raise PermissionDenied("Only the group's leader adds members")
    group = StudyGroup.objects.select_for_update().get(pk=group.pk)
    membership = _add(group, user)
    audit_record(action="learning.group.add", actor=by, target=group, request=request)
    notify(recipients=[user], kind=GROUPS_KIND, title=f"You are in {group}", link=group_link(group))
    return membership


@transaction.atomic
def group_leave(*, user: User, group: StudyGroup, request: HttpRequest | None = None) -> None:
    deleted, _ = GroupMembership.objects.filter(group=group, user=user).delete()
    if not deleted:
        raise ValidationError("You are not a member of this group")
    audit_record(action="learning.group.leave", actor=user, target=group, request=request)


@transaction.atomic
def post_add(
    *,
    by: User,
    group: StudyGroup,
    body: str,
    entry: ReadingListEntry | None = None,
    request: HttpRequest | None = None,
) -> ItemPost:
    """A member adds to the discussion of one item (or the group's general discussion)."""
    if not is_inside(by, group):
        raise PermissionDenied("Only members of the group take part")
    if not body.strip():
        raise ValidationError({"body": "Write something to post"})
    if entry is not None and entry.reading_list_id != group.reading_list_id:
        raise ValidationError("That item is not on the group's reading list")
    post = ItemPost.objects.create(group=group, entry=entry, author=by, body=body.strip())
    audit_record(action="learning.group.post", actor=by, target=group, request=request)
    others = [m.user for m in group.memberships.select_related("user") if m.user_id != by.pk]
    if group.leader_id != by.pk:
        others.append(group.leader)
    what = entry.item.title if entry is not None else "the general discussion"
    notify(
        recipients=others,
        kind=GROUPS_KIND,
        title=f"{by} posted about {what} in {group}",
        link=group_link(group),
    )
    return post


@dataclass(frozen=True)
class ScheduleRow:
    entry: ReadingListEntry
    posts: int
    is_current: bool


def schedule(group: StudyGroup, user: Any) -> list[ScheduleRow]:
    """The reading list in order with each item's date and number of posts; the first item
    not yet past its date is marked current."""
    if group.reading_list is None:
        return []
    entries = reading_list_entries(group.reading_list, user)
    counts = dict(
        group.posts.filter(entry__isnull=False)
        .values("entry")
        .annotate(n=Count("pk"))
        .values_list("entry", "n")
    )
    today = timezone.localdate()
    current = next((e.pk for e in entries if e.read_by is None or e.read_by >= today), None)
    return [ScheduleRow(e, counts.get(e.pk, 0), e.pk == current) for e in entries]


READING_NOTICE_DAYS = 3


def reading_reminders_send(today: datetime.date | None = None) -> list[StudyGroup]:
    """Tell each study group's members and leader about an item due in three days.

    Run once a day by the scheduler: an item's date matches on one day only, so each item is
    announced once.
    """
    due_on = (today or timezone.localdate()) + datetime.timedelta(days=READING_NOTICE_DAYS)
    told = []
    groups = StudyGroup.objects.filter(reading_list__isnull=False).select_related("leader")
    for group in groups:
        entries = ReadingListEntry.objects.filter(reading_list=group.reading_list, read_by=due_on)
        for entry in entries.select_related("item"):
            people = [m.user for m in group.memberships.select_related("user")] + [group.leader]
            notify(
                recipients=people,
                kind=GROUPS_KIND,
                title=f"{group}: read “{entry.item.title}” by {due_on:%A %-d %B}",
                link=reverse("learning:group-item", kwargs={"pk": group.pk, "entry_pk": entry.pk}),
            )
            told.append(group)
    return told
