"""Board papers kept as versioned drafts, and the annual statement's narrative (re-exported from
`models`).

A paper holds what does not change between drafts (organisation, title, meeting date, chosen
indicators, status, public link); every save is a new `BoardPaperVersion` with the narrative and
actions. Publishing freezes the figures and drafted sentences into the latest version, so a
published paper no longer moves when data change.
"""

from __future__ import annotations

import secrets
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

from equityhub.indicators.querysets import BoardPaperQuerySet
from equityhub.people.models import Organisation

__all__ = [
    "ActionProgress",
    "BoardPaper",
    "BoardPaperStatus",
    "BoardPaperVersion",
    "BoardQuestion",
    "FindingKind",
    "StatementNarrative",
]


def public_slug() -> str:
    """An unguessable address for a public paper (128 bits)."""
    return secrets.token_urlsafe(16)


class BoardPaperStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class ActionProgress(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    DONE = "done", "Done"


class BoardPaper(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="board_papers"
    )
    title = models.CharField(max_length=200)
    meeting_date = models.DateField()
    indicator_codes = models.JSONField(default=list)
    status = models.CharField(
        max_length=20, choices=BoardPaperStatus.choices, default=BoardPaperStatus.DRAFT
    )
    is_public = models.BooleanField(default=False)
    public_slug = models.CharField(max_length=40, unique=True, default=public_slug)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField(null=True, blank=True)

    objects: ClassVar[BoardPaperQuerySet] = BoardPaperQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["-meeting_date", "-pk"]

    def __str__(self) -> str:
        return f"{self.title} ({self.meeting_date:%d %B %Y})"

    @property
    def is_published(self) -> bool:
        return self.status == BoardPaperStatus.PUBLISHED


class BoardPaperVersion(models.Model):
    """One saved draft. `snapshot` (team view) and `public_snapshot` (published figures only)
    are set on the version that was published."""

    paper = models.ForeignKey(BoardPaper, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    summary = models.TextField(blank=True)
    asks = models.TextField(
        "what the board is asked to do",
        blank=True,
        help_text="One request a line, for example: Note the widening gap in waiting times.",
    )
    narratives = models.JSONField(default=dict, help_text="Indicator code to narrative text.")
    actions = models.JSONField(
        default=list, help_text="Each with text, owner, due (ISO date or empty) and progress."
    )
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    saved_at = models.DateTimeField(default=timezone.now)
    snapshot = models.JSONField(null=True, blank=True)
    public_snapshot = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["paper", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["paper", "number"], name="one_board_paper_version")
        ]

    def __str__(self) -> str:
        return f"{self.paper.title}: version {self.number}"


class StatementNarrative(models.Model):
    """One saved version of an organisation's statement narrative for a reporting year."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    year = models.CharField(max_length=7, help_text="The reporting year, e.g. 2025-26.")
    number = models.PositiveIntegerField()
    introduction = models.TextField(blank=True)
    narratives = models.JSONField(default=dict, help_text="Indicator code to narrative text.")
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["organisation", "year", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year", "number"], name="one_statement_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.year}: version {self.number}"


class FindingKind(models.TextChoices):
    """The situations the question bank has questions for, most pressing first."""

    WIDENING_GAP = "widening_gap", "The gap is widening"
    SPECIAL_CAUSE = "special_cause", "Special-cause variation"
    OFF_TRACK = "off_track", "Target off track or missed"
    WITHHELD = "withheld", "Figures withheld to protect small numbers"
    NO_OWNER = "no_owner", "No named owner"
    NO_TARGET = "no_target", "No target set"
    EVERY = "every", "Every indicator"


class BoardQuestion(models.Model):
    """A scrutiny question a board member may ask when a kind of finding applies, with where it
    comes from. The programme team keeps the bank (a Wagtail snippet)."""

    kind = models.CharField(
        "when to ask it", max_length=20, choices=FindingKind.choices, db_index=True
    )
    indicator = models.ForeignKey(
        "indicators.Indicator",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="board_questions",
        help_text="Leave blank to ask it of every indicator where the finding applies.",
    )
    text = models.CharField("question", max_length=300)
    why = models.CharField(
        "why it matters", max_length=500, blank=True, help_text="One plain-English sentence."
    )
    source = models.CharField(
        max_length=300, help_text="The public guidance the question rests on, with its year."
    )
    source_url = models.URLField("link to the source", blank=True)
    position = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers come first.")
    active = models.BooleanField(default=True, help_text="Untick to stop showing it.")
    slug = models.SlugField(max_length=80, unique=True)

    class Meta:
        ordering = ["kind", "position", "pk"]

    def __str__(self) -> str:
        return self.text
