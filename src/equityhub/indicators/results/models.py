"""Computed, disclosure-controlled results and the signals over periods."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from equityhub.indicators.querysets import (
    ResultQuerySet,
)
from equityhub.indicators.registry.models import Breakdown, Indicator
from equityhub.indicators.returns.models import DataReturn
from equityhub.people.models import Organisation


class ResultKind(models.TextChoices):
    CATEGORY = "category", "Value for a category"
    GAP = "gap", "Gap between most and least deprived"
    RATIO = "ratio", "Ratio of most to least deprived"
    SII = "sii", "Slope index of inequality"
    RII = "rii", "Relative index of inequality"
    UNKNOWN_SHARE = "unknown_share", "Share of unknown or not stated"
    BGV = "bgv", "Between-group variance"
    D = "d", "Difference from the reference group"
    RELATIVE_LIKELIHOOD = "relative_likelihood", "Relative likelihood (workforce standards)"


# England's area code (ONS), the top of the hierarchy.
ENGLAND = "E92000001"


class AreaLevel(models.TextChoices):
    ORGANISATION = "organisation", "Organisation"
    SYSTEM = "system", "Integrated care system"
    REGION = "region", "NHS England region"
    ENGLAND = "england", "England"


class Result(models.Model):
    """A computed, disclosure-controlled figure, read by every page, download and API.

    An organisation's result comes from its return; a system's, region's or England's
    (``organisation`` empty, ``area_level`` and ``area_code`` set) from the counts of the
    returns below it, or from a return made at that level.
    """

    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    area_level = models.CharField(
        max_length=20, choices=AreaLevel.choices, default=AreaLevel.ORGANISATION
    )
    area_code = models.CharField(max_length=12, blank=True)
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="results")
    data_return = models.ForeignKey(
        DataReturn, null=True, blank=True, on_delete=models.CASCADE, related_name="results"
    )
    period = models.CharField(max_length=10)
    period_number = models.FloatField(help_text="The period's mid-point in years, for trends.")
    breakdown = models.CharField(max_length=30, choices=Breakdown.choices)
    category = models.CharField(max_length=40, blank=True)
    kind = models.CharField(max_length=20, choices=ResultKind.choices, default="category")
    numerator = models.FloatField(null=True, blank=True)
    denominator = models.FloatField(null=True, blank=True)
    value = models.FloatField(null=True, blank=True)
    lower_95 = models.FloatField(null=True, blank=True)
    upper_95 = models.FloatField(null=True, blank=True)
    lower_998 = models.FloatField(null=True, blank=True)
    upper_998 = models.FloatField(null=True, blank=True)
    se = models.FloatField(null=True, blank=True)
    method = models.CharField(max_length=120, blank=True)
    suppressed = models.BooleanField(default=False)
    suppression_reason = models.CharField(max_length=200, blank=True)
    withheld_count = models.FloatField(
        null=True,
        blank=True,
        help_text="A suppressed cell's count, never shown: the next recomputation keeps the "
        "cell hidden while its count is unchanged, so earlier figures give nothing away.",
    )
    based_on = models.TextField(
        blank=True,
        help_text="For a system, region or England: the codes of the organisations it adds up.",
    )
    band = models.CharField(
        max_length=30,
        blank=True,
        help_text="For a board's composition with its count withheld: the band its share falls "
        "in (indicators/results/bands.py), shown instead of the figure.",
    )
    published = models.BooleanField(default=False)
    computed_at = models.DateTimeField(default=timezone.now)

    objects = ResultQuerySet.as_manager()

    class Meta:
        ordering = ["indicator", "period_number", "breakdown", "kind", "category"]
        constraints = [
            # A category's row names its category; a summary measure's never does, so the two
            # cannot be mistaken for each other by a page, a download or the API.
            models.CheckConstraint(
                condition=(models.Q(kind="category") & ~models.Q(category=""))
                | (~models.Q(kind="category") & models.Q(category="")),
                name="result_category_only_for_categories",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "indicator", "breakdown", "kind"]),
            models.Index(fields=["area_level", "area_code", "indicator"]),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.period} {self.breakdown} {self.kind} {self.category}"

    @property
    def based_on_count(self) -> int:
        """How many organisations an area's figure adds up (0 for an organisation's own)."""
        return len(self.based_on.split())


class Signal(models.Model):
    """Over periods: the SPC reading of the overall value and the trend test of the gap.

    An organisation's signal has ``organisation`` set; a system's, region's or England's has
    it empty and ``area_level`` and ``area_code`` set, as results do.
    """

    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    area_level = models.CharField(
        max_length=20, choices=AreaLevel.choices, default=AreaLevel.ORGANISATION
    )
    area_code = models.CharField(max_length=12, blank=True)
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="signals")
    measure = models.CharField(max_length=20, help_text="'value' (overall) or 'sii'.")
    breakdown = models.CharField(max_length=30, choices=Breakdown.choices)
    variation = models.CharField(max_length=40, blank=True)
    spc = models.JSONField(default=dict)
    trend_slope = models.FloatField(null=True, blank=True)
    trend_lower = models.FloatField(null=True, blank=True)
    trend_upper = models.FloatField(null=True, blank=True)
    trend_p = models.FloatField(null=True, blank=True)
    trend_verdict = models.CharField(max_length=40, blank=True)
    trend_sentence = models.TextField(blank=True)
    published = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "indicator", "measure", "breakdown"],
                condition=models.Q(organisation__isnull=False),
                name="one_signal",
            ),
            models.UniqueConstraint(
                fields=["area_level", "area_code", "indicator", "measure", "breakdown"],
                condition=models.Q(organisation__isnull=True),
                name="one_area_signal",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.measure} {self.breakdown}: {self.variation}"
