"""The indicator registry: national and local indicators, their types and breakdowns."""

from __future__ import annotations

from collections.abc import Collection

from django.db import models
from django.db.models.fetch_modes import FetchMode
from django.utils import timezone

from equityhub.indicators.querysets import (
    IndicatorQuerySet,
)
from equityhub.people.models import Organisation


class IndicatorType(models.TextChoices):
    PROPORTION = "proportion", "Proportion"
    CRUDE_RATE = "crude_rate", "Crude rate"
    DSR = "dsr", "Directly standardised rate"
    ISR = "isr", "Indirectly standardised ratio"
    MEAN = "mean", "Mean"
    COUNT = "count", "Count"
    QUALITATIVE = "qualitative", "Qualitative (rated judgement with evidence)"


class Polarity(models.TextChoices):
    HIGHER_BETTER = "higher_better", "Higher is better"
    LOWER_BETTER = "lower_better", "Lower is better"
    NEITHER = "neither", "Neither higher nor lower is better"


class Breakdown(models.TextChoices):
    OVERALL = "overall", "Overall"
    DEPRIVATION_DECILE = "deprivation_decile", "Deprivation decile (IMD)"
    DEPRIVATION_QUINTILE = "deprivation_quintile", "Deprivation quintile (IMD)"
    ETHNICITY = "ethnicity", "Ethnic category"
    ETHNIC_GROUP = "ethnic_group", "Ethnic group (broad)"
    AGE_BAND = "age_band", "Age band"
    SEX = "sex", "Sex"
    DISABILITY = "disability", "Disability"


#: The fields every stored figure of an indicator is computed from besides its data: the values
#: and limits (type, multiplier), the SII and RII built on them, the WHO measures and the SPC
#: signals (polarity). A change to any of them leaves every stored figure stale.
FIGURE_FIELDS = ("type", "multiplier", "polarity")

ORDERED_BREAKDOWNS = frozenset({Breakdown.DEPRIVATION_DECILE, Breakdown.DEPRIVATION_QUINTILE})


class FigureTwoClass(models.TextChoices):
    """The report's Figure 2: processes and outcomes, by horizon."""

    PROCESS_SHORT_TERM = "process_short", "Process: short-term"
    PROCESS_ENABLING = "process_enabling", "Process: enabling action"
    PROCESS_BOARD = "process_board", "Process: board-specific"
    OUTCOME_MEDIUM = "outcome_medium", "Outcome: medium-term"
    OUTCOME_LONG = "outcome_long", "Outcome: longer-term"


class Indicator(models.Model):
    """One measure: national (shipped as data) or local to an organisation."""

    code = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(help_text="What it measures, in plain English.")
    type = models.CharField(max_length=20, choices=IndicatorType.choices)
    multiplier = models.FloatField(default=100)
    polarity = models.CharField(max_length=20, choices=Polarity.choices)
    unit = models.CharField(max_length=60, blank=True)
    numerator_definition = models.TextField(blank=True)
    denominator_definition = models.TextField(blank=True)
    breakdowns = models.JSONField(default=list, help_text="Breakdown codes supported.")
    frameworks = models.JSONField(default=list, help_text="Framework tags, e.g. core20plus5:adult.")
    figure_two_class = models.CharField(max_length=20, choices=FigureTwoClass.choices, blank=True)
    is_performance = models.BooleanField(
        default=False, help_text="A headline performance metric (elective waits, A&E)."
    )
    fingertips_id = models.PositiveIntegerField(null=True, blank=True)
    source = models.CharField(max_length=500, help_text="Where the definition comes from.")
    owner_organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="local_indicators",
        help_text="Set for a local indicator; empty for a national one.",
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def from_db(
        cls,
        db: str | None,
        field_names: Collection[str],
        values: Collection[object],
        *,
        fetch_mode: FetchMode | None = None,
    ) -> Indicator:
        instance = super().from_db(db, field_names, values, fetch_mode=fetch_mode)
        # What the stored figures were computed from, as read (not when a field was deferred).
        if all(name in field_names for name in FIGURE_FIELDS):
            instance._figures_read = instance.figure_basis()
        return instance

    def figure_basis(self) -> tuple[object, ...]:
        """The values of `FIGURE_FIELDS`, in that order."""
        return tuple(getattr(self, name) for name in FIGURE_FIELDS)

    def figure_basis_changed(self) -> bool:
        """Whether a field the figures are computed from differs from when this row was read;
        then `figure_basis_saved` makes the current values the reference."""
        read: tuple[object, ...] | None = getattr(self, "_figures_read", None)
        return read is not None and read != self.figure_basis()

    def figure_basis_saved(self) -> None:
        self._figures_read = self.figure_basis()

    @property
    def is_local(self) -> bool:
        return self.owner_organisation_id is not None

    @property
    def is_quantitative(self) -> bool:
        return self.type != IndicatorType.QUALITATIVE

    @property
    def improvement(self) -> str:
        """The direction of improvement in the words the SPC engine uses."""
        return {"higher_better": "increase", "lower_better": "decrease"}.get(
            self.polarity, "neither"
        )
