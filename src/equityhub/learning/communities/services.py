"""Writes for communities of practice: threads, replies, @mentions, following, hiding, capture.

Every signed-in person may read a community; members take part (`members.py`). Starting or
replying to a thread follows it;
followers are told of new replies, and people @mentioned (by the part of their email address
before the @, such as @amara.okafor) are told too. "Capture the learning" turns a thread's
outcome into a case study suggestion for the library, which goes to the editors' moderation.
"""

from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from equityhub.core.audit import audit_record
from equityhub.core.models import User
from equityhub.core.notifications import notify, register_notification_kind
from equityhub.learning.capture import capture_as_case_study
from equityhub.learning.communities.members import require_member, require_moderator
from equityhub.learning.communities.models import Community, CommunityMember, Follow, Reply, Thread
from equityhub.people.permissions import is_administrator, is_facilitator

COMMUNITIES_KIND = "learning.communities"
register_notification_kind(COMMUNITIES_KIND, "Communities: replies to threads you follow, mentions")
MENTION = re.compile(r"(?<![\w.])@([a-z0-9][a-z0-9._'-]*[a-z0-9])", re.IGNORECASE)


def thread_link(thread: Thread) -> str:
    return reverse("learning:thread", kwargs={"pk": thread.pk})


def _require_signed_in(user: User) -> None:
    if not (user.is_authenticated and user.is_active):
        raise PermissionDenied("Sign in to take part")


def mentioned_in(text: str) -> list[User]:
    """People named as @local-part of their email address (unknown names are ignored)."""
    names = {name.lower() for name in MENTION.findall(text)}
    if not names:
        return []
    starts = Q()
    for name in names:
        starts |= Q(email__istartswith=f"{name}@")
    return list(User.objects.filter(starts, is_active=True))


def _text(value: str, field: str, what: str, *, shortest: int = 1) -> str:
    value = value.strip()
    if len(value) < shortest:
        raise ValidationError({field: what})
    return value


@transaction.atomic
def community_create(
    *, by: User, name: str, description: str, request: HttpRequest | None = None
) -> Community:
    if not (is_facilitator(by) or is_administrator(by)):
        raise PermissionDenied("Facilitators and administrators start communities")
    name = _text(name, "name", "Enter a name for the community")
    if Community.objects.filter(name__iexact=name).exists():
        raise ValidationError({"name": "There is already a community with this name"})
    community = Community.objects.create(
        name=name,
        description=_text(description, "description", "Say what it is about"),
        created_by=by,
    )
    CommunityMember.objects.create(community=community, user=by, is_moderator=True)
    audit_record(action="learning.community.create", actor=by, target=community, request=request)
    return community


def _tell_mentioned(text: str, thread: Thread, author: User, already: set[int]) -> set[int]:
    mentioned = [u for u in mentioned_in(text) if u.pk != author.pk and u.pk not in already]
    if mentioned:
        notify(
            recipients=mentioned,
            kind=COMMUNITIES_KIND,
            link=thread_link(thread),
            title=f"{author} mentioned you in “{thread.title}”",
        )
    return {u.pk for u in mentioned}


@transaction.atomic
def thread_start(
    *,
    author: User,
    community: Community,
    title: str,
    body: str,
    request: HttpRequest | None = None,
) -> Thread:
    require_member(author, community, "start a discussion")
    thread = Thread.objects.create(
        community=community,
        author=author,
        title=_text(title, "title", "Enter a title of at least 5 characters", shortest=5),
        body=_text(body, "body", "Write your message"),
    )
    Follow.objects.create(thread=thread, user=author)
    _tell_mentioned(body, thread, author, set())
    audit_record(action="learning.thread.start", actor=author, target=thread, request=request)
    return thread


@transaction.atomic
def reply_add(
    *, author: User, thread: Thread, body: str, request: HttpRequest | None = None
) -> Reply:
    """Reply to a thread: followers and anyone @mentioned are told; the author follows."""
    require_member(author, thread.community, "reply")
    if thread.is_hidden:
        raise ValidationError("A moderator hid this discussion: it takes no more replies")
    reply = Reply.objects.create(
        thread=thread, author=author, body=_text(body, "body", "Write your reply")
    )
    thread.last_activity_at = timezone.now()
    thread.save(update_fields=["last_activity_at"])
    told = _tell_mentioned(body, thread, author, set())
    followers = [
        f.user
        for f in thread.follows.select_related("user")
        if f.user_id != author.pk and f.user_id not in told
    ]
    if followers:
        notify(
            recipients=followers,
            kind=COMMUNITIES_KIND,
            link=thread_link(thread),
            title=f"{author} replied to “{thread.title}”",
        )
    Follow.objects.get_or_create(thread=thread, user=author)
    audit_record(action="learning.reply.add", actor=author, target=thread, request=request)
    return reply


@transaction.atomic
def follow_set(*, user: User, thread: Thread, follow: bool) -> bool:
    _require_signed_in(user)
    if follow:
        Follow.objects.get_or_create(thread=thread, user=user)
    else:
        Follow.objects.filter(thread=thread, user=user).delete()
    return follow


@transaction.atomic
def post_hide(
    *, by: User, post: Thread | Reply, hide: bool = True, request: HttpRequest | None = None
) -> Thread | Reply:
    """A moderator hides a thread or reply (kept, shown as hidden), or shows it again."""
    thread = post if isinstance(post, Thread) else post.thread
    require_moderator(by, thread.community)
    if post.is_hidden == hide:
        raise ValidationError("This is already hidden" if hide else "This is not hidden")
    post.hidden_at = timezone.now() if hide else None
    post.hidden_by = by if hide else None
    post.save(update_fields=["hidden_at", "hidden_by"])
    what = "thread" if isinstance(post, Thread) else "reply"
    audit_record(
        action=f"learning.{what}.{'hide' if hide else 'show'}",
        actor=by,
        target=post,
        detail={"community": thread.community_id},
        request=request,
    )
    return post


def can_capture(user: User, thread: Thread) -> bool:
    return thread.author_id == user.pk or is_facilitator(user)


@transaction.atomic
def thread_capture(
    *,
    by: User,
    thread: Thread,
    title: str,
    summary: str,
    what_was_done: str = "",
    results: str = "",
    request: HttpRequest | None = None,
) -> Thread:
    """Turn the thread's outcome into a case study suggestion for the library's editors."""
    if not can_capture(by, thread):
        raise PermissionDenied("The thread's author or a facilitator captures its learning")
    if thread.captured_as_id is not None:
        raise ValidationError("This thread's learning has already been captured")
    capture_as_case_study(
        by=by,
        source=thread,
        action="learning.thread.capture",
        context=f"From the discussion “{thread.title}” in the {thread.community} community",
        title=title,
        summary=summary,
        what_was_done=what_was_done,
        results=results,
        request=request,
    )
    return thread
