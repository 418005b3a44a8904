"""Announcements: a moderator's notice, pinned on the community page and sent to its members.

Members are told through the notification system, so each person's choice (in the app only,
every email, or a daily or weekly digest) and the unsubscribe link in every email are honoured.
Announcements have their own kind, so someone can stop their emails and keep the rest.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse

from equityhub.core.audit import audit_record
from equityhub.core.models import User
from equityhub.core.notifications import notify, register_notification_kind
from equityhub.learning.communities.members import require_moderator
from equityhub.learning.communities.models import Announcement, Community

ANNOUNCEMENTS_KIND = "learning.community_announcements"
register_notification_kind(
    ANNOUNCEMENTS_KIND, "Communities: announcements in communities you joined"
)
PINNED = 3  # the newest announcements shown at the top of the community page


@transaction.atomic
def announcement_post(
    *,
    by: User,
    community: Community,
    title: str,
    body: str,
    request: HttpRequest | None = None,
) -> Announcement:
    require_moderator(by, community)
    errors = {}
    if len(title.strip()) < 5:
        errors["title"] = "Enter a title of at least 5 characters"
    if not body.strip():
        errors["body"] = "Write the announcement"
    if errors:
        raise ValidationError(errors)
    announcement = Announcement.objects.create(
        community=community, author=by, title=title.strip(), body=body.strip()
    )
    members = User.objects.filter(
        community_memberships__community=community, is_active=True
    ).exclude(pk=by.pk)
    notify(
        recipients=members,
        kind=ANNOUNCEMENTS_KIND,
        title=f"{community}: {announcement.title}",
        body=announcement.body,
        link=reverse("learning:community", kwargs={"pk": community.pk}),
    )
    audit_record(
        action="learning.community.announce",
        actor=by,
        target=community,
        detail={"announcement": announcement.pk, "members_told": members.count()},
        request=request,
    )
    return announcement
