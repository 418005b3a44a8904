"""Suggestions and proposed edits: each is its own record, so proposals never overwrite each other.

An editor accepts one (it becomes a draft page, submitted to moderation or published by the
editor), asks for changes, or rejects it with a reason. The contributor is credited and notified.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from equityhub.library.querysets import ContributionQuerySet


class ContributionKind(models.TextChoices):
    RESOURCE = "resource", "Suggest a resource"
    CASE_STUDY = "case_study", "Suggest a case study"
    EDIT = "edit", "Propose a change to an item"


class ContributionStatus(models.TextChoices):
    SUBMITTED = "submitted", "Waiting for an editor"
    CHANGES_REQUESTED = "changes_requested", "Changes asked for"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Not accepted"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Contribution(models.Model):
    kind = models.CharField(max_length=20, choices=ContributionKind.choices)
    status = models.CharField(
        max_length=20, choices=ContributionStatus.choices, default=ContributionStatus.SUBMITTED
    )
    contributor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="library_contributions"
    )
    target = models.ForeignKey(
        "library.LibraryItem",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposed_edits",
        help_text="The item a proposed edit is about.",
    )
    title = models.CharField(max_length=255)
    summary = models.TextField()
    link = models.URLField(blank=True, max_length=500)
    publisher = models.CharField(max_length=200, blank=True)
    # Case studies: the structured sections, all optional apart from what was done.
    context = models.TextField(blank=True)
    problem = models.TextField(blank=True)
    what_was_done = models.TextField(blank=True)
    results = models.TextField(blank=True)
    learning = models.TextField(blank=True)
    organisation_name = models.CharField(max_length=200, blank=True)
    # Proposed edits: what should change, in the contributor's words.
    change = models.TextField(blank=True)
    credit_name = models.CharField(max_length=200, blank=True)
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    editor_message = models.TextField(blank=True)
    created_page = models.ForeignKey(
        "library.LibraryItem", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = ContributionQuerySet.as_manager()

    class Meta:
        ordering = ["submitted_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"
