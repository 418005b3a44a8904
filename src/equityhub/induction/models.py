"""The induction catalogues: activities on the board activities framework, and measures.

Activities follow the report's Figure 1 (Mannion et al 2015, after Garratt): four kinds of board
work on two axes. The placement is stored as focus and horizon (editable); the kind of board work
follows from them. Measures follow the report's Figure 2 (processes and outcomes by horizon) and
may point at an indicator in the registry by its code.

Leads propose new entries (status "proposed"); editors publish or reject them with a reason.
Plans, assessments, co-production and the support offer live in the other `models_*` modules,
imported here so Django finds them.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from equityhub.indicators.models import FigureTwoClass
from equityhub.induction.querysets import CatalogueQuerySet


class Focus(models.TextChoices):
    EXTERNAL = "external", "External focus"
    INTERNAL = "internal", "Internal focus"


class Horizon(models.TextChoices):
    SHORT = "short", "Short-term"
    LONG = "long", "Long-term"


class BoardWork(models.TextChoices):
    ACCOUNTABILITY = "accountability", "Accountability"
    POLICY = "policy", "Policy formulation"
    SUPERVISION = "supervision", "Supervising management"
    STRATEGY = "strategy", "Strategic thinking"


BOARD_WORK_BY_PLACE: dict[tuple[str, str], str] = {
    (Focus.EXTERNAL, Horizon.SHORT): BoardWork.ACCOUNTABILITY,
    (Focus.EXTERNAL, Horizon.LONG): BoardWork.POLICY,
    (Focus.INTERNAL, Horizon.SHORT): BoardWork.SUPERVISION,
    (Focus.INTERNAL, Horizon.LONG): BoardWork.STRATEGY,
}


class Theme(models.TextChoices):
    """The four maturity themes of the self-assessment."""

    PUBLIC_HEALTH = "public_health", "Public health capacity"
    DATA = "data", "Data, insight and evidence"
    LEADERSHIP = "leadership", "Strategic leadership and accountability"
    PARTNERSHIPS = "partnerships", "System partnerships"


class Status(models.TextChoices):
    PROPOSED = "proposed", "Proposed, waiting for an editor"
    PUBLISHED = "published", "Published"
    REJECTED = "rejected", "Not accepted"


class Moderated(models.Model):
    """What proposed catalogue entries share: who proposed them and what an editor decided."""

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PUBLISHED)
    source = models.CharField(
        max_length=300, help_text="Where it comes from: the report, or who contributed it."
    )
    contributed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_reason = models.TextField(blank=True, max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def credit(self) -> str:
        user = self.contributed_by
        return (user.full_name or user.email) if user is not None else ""

    @property
    def is_co_produced(self) -> bool:
        return self.contributed_by_id is not None


class Measure(Moderated):
    """An example measure of a lead's impact (Figure 2), with a link to the indicator registry."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True)
    figure_two_class = models.CharField(max_length=20, choices=FigureTwoClass.choices)
    definition = models.TextField(max_length=2000)
    how_to_measure = models.TextField(max_length=2000)
    data_sources = models.TextField(max_length=1000, blank=True)
    indicator_code = models.SlugField(
        max_length=60, blank=True, help_text="Code of the matching indicator in the registry."
    )

    objects: ClassVar[CatalogueQuerySet[Any]] = CatalogueQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["figure_two_class", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("induction:measure", kwargs={"slug": self.slug})

    @property
    def is_process(self) -> bool:
        return self.figure_two_class.startswith("process")


class Activity(Moderated):
    """An example activity for a lead, placed on the board activities framework."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True)
    summary = models.TextField(max_length=2000)
    steps = models.TextField(max_length=3000, help_text="Practical steps, one a line.")
    focus = models.CharField(max_length=10, choices=Focus.choices)
    horizon = models.CharField(max_length=10, choices=Horizon.choices)
    themes = models.JSONField(default=list, blank=True, help_text="Theme codes it builds.")
    first_90_days = models.BooleanField(
        default=False, help_text="A good start for someone new in the role."
    )
    resources = models.ManyToManyField("library.LibraryItem", blank=True, related_name="+")
    measures = models.ManyToManyField(Measure, blank=True, related_name="activities")

    objects: ClassVar[CatalogueQuerySet[Any]] = CatalogueQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "activities"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("induction:activity", kwargs={"slug": self.slug})

    @property
    def board_work(self) -> str:
        return BOARD_WORK_BY_PLACE[(self.focus, self.horizon)]

    def get_board_work_display(self) -> str:
        return str(BoardWork(self.board_work).label)

    @property
    def step_list(self) -> list[str]:
        return [line.strip() for line in self.steps.splitlines() if line.strip()]

    @property
    def theme_labels(self) -> list[str]:
        return [str(Theme(code).label) for code in self.themes if code in Theme.values]


from equityhub.induction.models_coproduction import (  # noqa: E402, F401
    Comment,
    Endorsement,
    Suggestion,
)
from equityhub.induction.models_offer import (  # noqa: E402, F401
    BoardResponsibility,
    Feedback,
    OfferChange,
    SupportOffer,
)
from equityhub.induction.models_plan import Assessment, PlanItem  # noqa: E402, F401
from equityhub.induction.pages import RoleGuidePage  # noqa: E402, F401
