"""Every write of the library's readers and contributors: marks, comments, suggestions, edits,
and an editor's decisions on them. Pages themselves are written through Wagtail (pages.py)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from equityhub.core.audit import audit_record
from equityhub.core.models import User
from equityhub.core.notifications import notify
from equityhub.library import pages
from equityhub.library.contributions import Contribution, ContributionKind, ContributionStatus
from equityhub.library.engagement import Comment, CommentStatus, UsefulMark
from equityhub.library.models import LibraryItem
from equityhub.library.permissions import editors, is_editor, is_signed_in

CONTRIBUTION_KIND = "library.contribution"
EDITOR_QUEUE_KIND = "library.editor_queue"
REVIEW_KIND = "library.review"
NOTIFICATION_KINDS = {
    CONTRIBUTION_KIND: "Your suggestions to the library",
    EDITOR_QUEUE_KIND: "Library contributions waiting for an editor",
    REVIEW_KIND: "Library items due for review",
}
CONTRIBUTION_FIELDS = (
    "title",
    "summary",
    "link",
    "publisher",
    "context",
    "problem",
    "what_was_done",
    "results",
    "learning",
    "organisation_name",
    "change",
    "credit_name",
)


def _require_reader(user: User, item: LibraryItem) -> None:
    if not is_signed_in(user):
        raise PermissionDenied("Sign in first")
    if not item.live:
        raise ValidationError("This item is not published")


@transaction.atomic
def useful_toggle(*, user: User, item: LibraryItem) -> bool:
    """Mark an item useful for my role, or take the mark away. Returns whether it is marked."""
    _require_reader(user, item)
    deleted, _ = UsefulMark.objects.filter(item=item, user=user).delete()
    if deleted:
        return False
    UsefulMark.objects.create(item=item, user=user)
    return True


@transaction.atomic
def comment_add(*, user: User, item: LibraryItem, text: str) -> Comment:
    _require_reader(user, item)
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Enter a comment"})
    if len(text) > 2000:
        raise ValidationError({"text": "Keep the comment under 2,000 characters"})
    comment = Comment.objects.create(item=item, author=user, text=text)
    audit_record(action="library.comment.add", actor=user, target=item)
    return comment


@transaction.atomic
def comment_moderate(*, editor: User, comment: Comment, approve: bool) -> Comment:
    if not is_editor(editor):
        raise PermissionDenied("Only content editors moderate comments")
    if comment.status != CommentStatus.PENDING:
        raise ValidationError("This comment has already been moderated")
    comment.status = CommentStatus.APPROVED if approve else CommentStatus.REJECTED
    comment.moderated_by = editor
    comment.save(update_fields=["status", "moderated_by"])
    audit_record(
        action="library.comment.moderate",
        actor=editor,
        target=comment.item,
        detail={"comment": comment.pk, "status": comment.status},
    )
    return comment


def _clean_contribution(kind: str, data: dict[str, Any], target: LibraryItem | None) -> None:
    if kind not in ContributionKind.values:
        raise ValidationError({"kind": "Choose what you are suggesting"})
    if kind == ContributionKind.EDIT:
        if target is None or not target.live:
            raise ValidationError("Choose a published item to propose a change to")
        if not str(data.get("change", "")).strip():
            raise ValidationError({"change": "Describe the change"})
        return
    if len(str(data.get("title", "")).strip()) < 5:
        raise ValidationError({"title": "Enter a title of at least 5 characters"})
    if len(str(data.get("summary", "")).strip()) < 20:
        raise ValidationError({"summary": "Enter a summary of at least 20 characters"})


@transaction.atomic
def contribution_submit(
    *, contributor: User, kind: str, data: dict[str, Any], target: LibraryItem | None = None
) -> Contribution:
    """Record a suggestion or proposed edit and tell the editors."""
    if not is_signed_in(contributor):
        raise PermissionDenied("Sign in to contribute")
    _clean_contribution(kind, data, target)
    fields = {name: str(data.get(name) or "").strip() for name in CONTRIBUTION_FIELDS}
    if kind == ContributionKind.EDIT and target is not None:
        fields["title"] = f"Change to “{target.title}”"[:255]
        fields["summary"] = fields["change"]
    contribution = Contribution.objects.create(
        kind=kind, contributor=contributor, target=target, **fields
    )
    audit_record(action="library.contribution.submit", actor=contributor, target=contribution)
    notify(
        recipients=[e for e in editors() if e.pk != contributor.pk],
        kind=EDITOR_QUEUE_KIND,
        title=f"New for the library: {contribution.title}",
        link=reverse("library:decide", kwargs={"pk": contribution.pk}),
    )
    return contribution


@transaction.atomic
def contribution_update(
    *, contributor: User, contribution: Contribution, data: dict[str, Any]
) -> Contribution:
    """The contributor answers a request for changes; it goes back to the editors."""
    if contribution.contributor_id != contributor.pk:
        raise PermissionDenied("Only the contributor can change a suggestion")
    if contribution.status != ContributionStatus.CHANGES_REQUESTED:
        raise ValidationError("Only a suggestion with changes asked for can be changed")
    _clean_contribution(contribution.kind, data, contribution.target)
    for name in CONTRIBUTION_FIELDS:
        if name in data:
            setattr(contribution, name, str(data[name] or "").strip())
    contribution.status = ContributionStatus.SUBMITTED
    contribution.save()
    audit_record(action="library.contribution.update", actor=contributor, target=contribution)
    return contribution


def _tell_contributor(contribution: Contribution, title: str, body: str = "") -> None:
    notify(
        recipients=[contribution.contributor],
        kind=CONTRIBUTION_KIND,
        title=title,
        body=body,
        link=reverse("library:contributions"),
    )


@transaction.atomic
def contribution_decide(
    *, editor: User, contribution: Contribution, decision: str, message: str = ""
) -> Contribution:
    """Accept (draft page, or published by the editor), ask for changes, or reject with a reason."""
    if not is_editor(editor):
        raise PermissionDenied("Only content editors decide on contributions")
    if contribution.status != ContributionStatus.SUBMITTED:
        raise ValidationError("This contribution is not waiting for a decision")
    if decision not in {"accept", "publish", "changes", "reject"}:
        raise ValidationError({"decision": "Choose a decision"})
    message = message.strip()
    if decision in {"changes", "reject"} and not message:
        raise ValidationError({"message": "Say what needs to change, or why it is not accepted"})
    contribution.editor = editor
    contribution.editor_message = message
    contribution.decided_at = timezone.now()
    if decision in {"accept", "publish"}:
        if contribution.kind != ContributionKind.EDIT:
            page = pages.page_from_contribution(contribution, editor=editor)
            pages.send_for_moderation(page, editor=editor, publish=decision == "publish")
            contribution.created_page = page
        contribution.status = ContributionStatus.ACCEPTED
        what = "published" if decision == "publish" else "accepted; an editor will publish it"
        _tell_contributor(contribution, f"Thank you: “{contribution.title}” was {what}", message)
    elif decision == "changes":
        contribution.status = ContributionStatus.CHANGES_REQUESTED
        _tell_contributor(contribution, f"Changes asked for on “{contribution.title}”", message)
    else:
        contribution.status = ContributionStatus.REJECTED
        _tell_contributor(contribution, f"“{contribution.title}” was not accepted", message)
    contribution.save()
    audit_record(
        action=f"library.contribution.{decision}",
        actor=editor,
        target=contribution,
        detail={"message": message},
    )
    return contribution


@transaction.atomic
def contribution_withdraw(*, contributor: User, contribution: Contribution) -> Contribution:
    if contribution.contributor_id != contributor.pk:
        raise PermissionDenied("Only the contributor can withdraw a suggestion")
    if contribution.status not in {
        ContributionStatus.SUBMITTED,
        ContributionStatus.CHANGES_REQUESTED,
    }:
        raise ValidationError("This suggestion has already been decided")
    contribution.status = ContributionStatus.WITHDRAWN
    contribution.save(update_fields=["status"])
    audit_record(action="library.contribution.withdraw", actor=contributor, target=contribution)
    return contribution
