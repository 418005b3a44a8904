"""The indicator registry, data returns (aggregated counts only), computed results and targets."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

from equityhub.indicators.querysets import (
    AdoptionQuerySet,
    DataReturnQuerySet,
    IndicatorQuerySet,
    ResultQuerySet,
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


class ReturnStatus(models.TextChoices):
    CHECKING = "checking", "Being checked"
    FAILED = "failed", "Checked: problems found, nothing stored"
    PREVIEW = "preview", "Checked, waiting for confirmation"
    COMMITTED = "committed", "Committed"
    SUPERSEDED = "superseded", "Replaced by a later return"
    ROLLED_BACK = "rolled_back", "Rolled back"
    DISCARDED = "discarded", "Discarded"


class DataReturn(models.Model):
    """One uploaded file of aggregated counts for one organisation."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)
    filename = models.CharField(max_length=255)
    file_format = models.CharField(max_length=20)
    status = models.CharField(
        max_length=20, choices=ReturnStatus.choices, default=ReturnStatus.PREVIEW
    )
    staged_rows = models.JSONField(default=list, help_text="Validated rows waiting for commit.")
    row_count = models.PositiveIntegerField(default=0)
    publish = models.BooleanField(default=False, help_text="Results may be shown to the public.")
    committed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    committed_at = models.DateTimeField(null=True, blank=True)
    replaces = models.ManyToManyField("self", symmetrical=False, blank=True, related_name="+")
    rolled_back_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rolled_back_at = models.DateTimeField(null=True, blank=True)
    is_synthetic = models.BooleanField(default=False)
    upload_content = models.BinaryField(
        null=True, blank=True, help_text="A large file, kept only until it has been checked."
    )
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    problems = models.JSONField(default=list, blank=True, help_text="What the check found.")
    notes = models.JSONField(default=list, blank=True)

    objects = DataReturnQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.organisation.code}, {self.uploaded_at:%d %b %Y})"


class DataPoint(models.Model):
    """One aggregated cell of a committed return: counts, or a value with its limits."""

    data_return = models.ForeignKey(DataReturn, on_delete=models.CASCADE, related_name="points")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    area_code = models.CharField(max_length=12)
    period = models.CharField(max_length=10)
    breakdown = models.CharField(max_length=30, choices=Breakdown.choices)
    category = models.CharField(max_length=40)
    numerator = models.FloatField(null=True, blank=True)
    denominator = models.FloatField(null=True, blank=True)
    value = models.FloatField(null=True, blank=True)
    lower_95 = models.FloatField(null=True, blank=True)
    upper_95 = models.FloatField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["indicator", "area_code", "period"])]

    def __str__(self) -> str:
        return (
            f"{self.indicator_id} {self.area_code} {self.period} {self.breakdown}={self.category}"
        )


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
        "in (indicators/bands.py), shown instead of the figure.",
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


class TargetMeasure(models.TextChoices):
    VALUE = "value", "Overall value"
    SII = "sii", "Slope index of inequality (deprivation)"
    GAP = "gap", "Gap between most and least deprived"


class Adoption(models.Model):
    """An organisation adopts an indicator, names an owner and may set a target."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="adoptions")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    target_measure = models.CharField(
        max_length=10, choices=TargetMeasure.choices, default=TargetMeasure.VALUE
    )
    target_value = models.FloatField(null=True, blank=True)
    target_date = models.DateField(null=True, blank=True)
    target_text = models.CharField(max_length=200, blank=True)
    adopted_at = models.DateTimeField(default=timezone.now)

    objects = AdoptionQuerySet.as_manager()

    class Meta:
        ordering = ["indicator__name"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["organisation", "indicator"], name="adopt_once")
        ]

    def __str__(self) -> str:
        return f"{self.indicator} at {self.organisation}"


class TokenScope(models.TextChoices):
    UPLOAD = "upload", "Upload returns (check, preview, commit)"
    READ = "read", "Read the organisation's results, including unpublished ones"


class ApiToken(models.Model):
    """A key for an analyst's pipeline: one person, one organisation, one scope.

    Only a SHA-256 hash of the key is stored; the key itself is shown once, when it is made.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=100, help_text="What the key is for, e.g. the pipeline.")
    scope = models.CharField(max_length=10, choices=TokenScope.choices)
    prefix = models.CharField(
        max_length=12, help_text="The key's first characters, to tell keys apart."
    )
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…, {self.organisation.code})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class Rating(models.IntegerChoices):
    """A rated judgement for a qualitative indicator, from nothing in place to embedded."""

    NOT_STARTED = 1, "1 – Not started"
    EMERGING = 2, "2 – Emerging: first steps, not yet routine"
    DEVELOPING = 3, "3 – Developing: routine in places, evidence of effect"
    ESTABLISHED = 4, "4 – Established: routine everywhere, evidence of effect"
    EMBEDDED = 5, "5 – Embedded: sustained, shapes decisions, others learn from it"


class Judgement(models.Model):
    """A team's rated judgement on a qualitative indicator for one period, with its evidence.

    A later judgement for the same period replaces the earlier one on pages; both are kept.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="judgements")
    period = models.CharField(max_length=10)
    period_number = models.FloatField()
    rating = models.PositiveSmallIntegerField(choices=Rating.choices)
    evidence = models.TextField(help_text="What the rating rests on: minutes, audits, examples.")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["indicator", "period_number", "-recorded_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.period}: {self.rating}"


class PilotStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    RUNNING = "running", "Running"
    FINISHED = "finished", "Finished"
    STOPPED = "stopped", "Stopped early"


class Pilot(models.Model):
    """A pilot or innovation, evaluated from an indicator's data before and after it started."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=200)
    hypothesis = models.TextField(help_text="What should change, for whom, and why.")
    scope = models.TextField(blank=True, help_text="Where and for whom it runs.")
    start_period = models.CharField(max_length=10, help_text="The first period it ran in.")
    start_period_number = models.FloatField()
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="pilots")
    comparator = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        max_length=10, choices=PilotStatus.choices, default=PilotStatus.RUNNING
    )
    learning = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.name


from equityhub.indicators.board.models import *  # noqa: E402,F403  (board paper models)
