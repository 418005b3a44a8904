"""The dashboard's tiles: computed in a few queries, cached per organisation until an input changes.

A tile's figures (latest value, deprivation gap and SII, SPC and trend words, target status, and
for a qualitative indicator its latest rated judgement) depend only on the organisation's
adoptions, results, signals and judgements, on whether the viewer may see unpublished figures,
and on today's date (target status). The cache key holds a fingerprint of all of these, read by
one cheap aggregate query each request, so a tile is never shown stale: a recompute rewrites
results (new ids, ``computed_at``) and signals (new ids); publishing changes the count of
published rows; a judgement adds a row; a changed target or owner changes the adoption row,
which is read fresh every request (the cached part holds no personal data).
"""

from __future__ import annotations

import datetime
import functools
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.db.models import Q
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from equityhub.indicators.dashboard import findings
from equityhub.indicators.dashboard.ethnicity_gap import furthest_group
from equityhub.indicators.dashboard.models import Adoption
from equityhub.indicators.dashboard.peers import similar_published_values
from equityhub.indicators.dashboard.targets import TargetStatus, target_status
from equityhub.indicators.judgements.models import Judgement, Rating
from equityhub.indicators.registry.models import Indicator, IndicatorType
from equityhub.indicators.results.models import Result, ResultKind, Signal
from equityhub.people.models import Organisation

CACHE_SECONDS = 60 * 60 * 24
SPC_WORDS = {
    "common cause": "No significant change",
    "special cause improvement": "Improving (special cause)",
    "special cause concern": "Concerning (special cause)",
    "special cause neither high": "Unusually high (special cause)",
    "special cause neither low": "Unusually low (special cause)",
}
DEPRIVATION = ("deprivation_decile", "deprivation_quintile")


def spc_words(variation: str) -> str:
    return SPC_WORDS.get(variation, "Too few periods for a control chart")


@dataclass(frozen=True)
class Rated:
    """One period's standing judgement, as a tile shows it."""

    period: str
    period_number: float
    rating: int
    recorded_at: datetime.datetime

    @property
    def words(self) -> str:
        """'3 of 5: developing', from the `Rating` label."""
        return rating_words(self.rating)


def rating_words(rating: int) -> str:
    label = str(Rating(rating).label).split("–", 1)[-1].split(":", 1)[0].strip()
    return f"{rating} of 5: {label.lower()}"


@dataclass(frozen=True)
class Figures:
    """What is cached for one adopted indicator: everything but the adoption itself."""

    latest: Result | None
    gap: Result | None
    sii: Result | None
    spc: str
    trend: str
    status: TargetStatus
    gap_words: str = ""
    peers: str = ""
    judgement: Rated | None = None
    previous_judgement: Rated | None = None
    ethnicity_gap: str = ""


@dataclass(frozen=True, kw_only=True)
class Tile(Figures):
    """One adopted indicator's figures, with its adoption (read fresh, never cached)."""

    adoption: Adoption
    indicator: Indicator

    @property
    def has_control_chart(self) -> bool:
        """A control chart of the overall value is drawn (enough periods for one)."""
        return self.spc in SPC_WORDS.values()

    @property
    def is_qualitative(self) -> bool:
        return self.indicator.type == IndicatorType.QUALITATIVE

    @property
    def judgement_change(self) -> str:
        """The latest rating against the period before, in words; '' with one judgement."""
        now, before = self.judgement, self.previous_judgement
        if now is None or before is None:
            return ""
        if now.rating == before.rating:
            return f"Unchanged from {before.period}"
        direction = "Up" if now.rating > before.rating else "Down"
        return f"{direction} from {before.words} in {before.period}"


def organisation_tiles(
    organisation: Organisation, *, sees_all: bool, key: str | None = None
) -> list[Tile]:
    """Every adopted indicator's tile; `sees_all` for the team and administrators.

    `key` is `tiles_key`'s answer when the caller has it already.
    """
    adoptions = list(Adoption.objects.of(organisation))
    if not adoptions:
        return []
    key = key or tiles_key(organisation, sees_all=sees_all)
    figures: dict[int, Figures] | None = cache.get(key)
    if figures is None:
        figures = compute_figures(organisation, adoptions, sees_all=sees_all)
        cache.set(key, figures, CACHE_SECONDS)
    return [
        Tile(adoption=a, indicator=a.indicator, **vars(figures[a.pk]))
        for a in adoptions
        if a.pk in figures
    ]


def cached_html(key: str, render: Callable[[], str]) -> SafeString:
    """Markup drawn from tiles with this key (plus what else the caller adds to it), drawn once.

    For markup that depends on nothing but the tiles' inputs and the given key: no viewer's
    name, no CSRF token.
    """
    html: str | None = cache.get(f"{key}:html")
    if html is None:
        html = render()
        cache.set(f"{key}:html", html, CACHE_SECONDS)
    return mark_safe(html)  # our own template's output


TILE_ROWS = Q(kind=ResultKind.CATEGORY, breakdown="overall") | Q(
    kind__in=(ResultKind.GAP, ResultKind.SII)
)
TILE_ROWS_SQL = " AND ((kind = 'category' AND breakdown = 'overall') OR kind IN ('gap', 'sii'))"


@functools.cache
def _fingerprint_sql() -> str:
    """One statement over the three tables, written out: building it with the ORM (a union of
    grouped aggregates) took longer on every request than running it."""
    parts = []
    for label, model, filters, published, at in (
        ("r", Result, TILE_ROWS_SQL, "published", "computed_at"),
        ("s", Signal, "", "published", "CAST(NULL AS TIMESTAMP)"),
        ("j", Judgement, "", "TRUE", "recorded_at"),
    ):
        parts.append(
            f"SELECT '{label}', COUNT(*), SUM(CASE WHEN {published} THEN 1 ELSE 0 END), "
            f"MAX(id), MAX({at}) FROM {model._meta.db_table} "
            f"WHERE organisation_id = %s{filters}"
        )
    # Peers' values come from other organisations' results: any recompute anywhere adds rows,
    # so the highest result id (read from the primary key's index) changes with them.
    parts.append(f"SELECT 'p', 0, 0, MAX(id), CAST(NULL AS TIMESTAMP) FROM {Result._meta.db_table}")
    return " UNION ALL ".join(parts)


def fingerprint(organisation: Organisation) -> list[tuple[Any, ...]]:
    """Counts, published counts, highest ids and latest times of the rows tiles are read from.

    Results are rewritten with new ids or a new ``computed_at`` by a recompute, and signals with
    new ids; judgements are only added. Counts catch deletions, published counts a publication.
    """
    with connection.cursor() as cursor:
        cursor.execute(_fingerprint_sql(), [organisation.pk] * 3)
        return sorted(tuple(row) for row in cursor.fetchall())


ADOPTION_INPUTS = (
    "pk",
    "indicator_id",
    "indicator__updated_at",
    "target_measure",
    "target_value",
    "target_date",
)


def tiles_key(organisation: Organisation, *, sees_all: bool) -> str:
    """The cache key of the organisation's tiles, '' when nothing is adopted (two queries).

    It covers every input: the adoptions and their targets, each indicator's last change, the
    fingerprint of results, signals and judgements, what the viewer may see, and today.
    """
    adopted = list(
        Adoption.objects.filter(organisation=organisation)
        .order_by("pk")
        .values_list(*ADOPTION_INPUTS)
    )
    if not adopted:
        return ""
    inputs = repr((fingerprint(organisation), adopted, timezone.localdate()))
    digest = hashlib.sha256(inputs.encode()).hexdigest()[:32]
    return f"indicators:tiles:{organisation.pk}:{'all' if sees_all else 'published'}:{digest}"


def _latest(rows: list[tuple[Any, ...]], **match: Any) -> tuple[Any, ...] | None:
    """The latest of the light rows (indicator, breakdown, kind, period_number, suppressed, pk)."""
    found = [
        r
        for r in rows
        if r[1] == match.get("breakdown", r[1])
        and r[2] == match["kind"]
        and (not match.get("shown") or not r[4])
    ]
    return max(found, key=lambda r: r[3], default=None)


def _deprivation(rows: list[tuple[Any, ...]], kind: str, shown: bool = False) -> Any:
    return _latest(rows, breakdown=DEPRIVATION[0], kind=kind, shown=shown) or _latest(
        rows, breakdown=DEPRIVATION[1], kind=kind, shown=shown
    )


def compute_figures(
    organisation: Organisation, adoptions: list[Adoption], *, sees_all: bool
) -> dict[int, Figures]:
    """Each adoption's figures, in four queries however many indicators are adopted."""
    indicator_ids = [a.indicator_id for a in adoptions]
    results = Result.objects.filter(organisation=organisation, indicator__in=indicator_ids)
    signal_rows = Signal.objects.filter(organisation=organisation).defer("spc")
    if not sees_all:
        results, signal_rows = results.filter(published=True), signal_rows.filter(published=True)
    light = results.filter(TILE_ROWS).values_list(
        "indicator_id", "breakdown", "kind", "period_number", "suppressed", "pk"
    )
    by_indicator: dict[int, list[tuple[Any, ...]]] = {}
    for row in light.order_by():
        by_indicator.setdefault(row[0], []).append(row)
    picked = {a.indicator_id: _pick(by_indicator.get(a.indicator_id, [])) for a in adoptions}
    wanted = {pk for rows in picked.values() for pk in rows.values() if pk is not None}
    full = Result.objects.in_bulk(wanted) if wanted else {}
    signals: dict[int, dict[str, Signal]] = {}
    for signal in signal_rows:
        signals.setdefault(signal.indicator_id, {})[signal.measure] = signal
    rated = _judgements(organisation, adoptions) if sees_all else {}
    ethnic = _ethnicity_gaps(results, adoptions)
    latest_periods = {
        i: full[pk].period for i, rows in picked.items() if (pk := rows["latest"]) and pk in full
    }
    nearest = similar_published_values(organisation, latest_periods)
    figures = {}
    for adoption in adoptions:
        chosen = {
            name: full.get(pk) if pk else None for name, pk in picked[adoption.indicator_id].items()
        }
        own = signals.get(adoption.indicator_id, {})
        value_signal, sii_signal = own.get("value"), own.get("sii")
        history = rated.get(adoption.indicator_id, [])
        figures[adoption.pk] = Figures(
            latest=chosen["latest"],
            gap=chosen["gap"],
            sii=chosen["sii"],
            spc=spc_words(value_signal.variation if value_signal else ""),
            trend=findings.trend_label(adoption.indicator, sii_signal),
            gap_words=_gap_words(adoption.indicator, chosen["gap"]),
            peers=_peer_words(
                adoption.indicator, chosen["latest"], nearest.get(adoption.indicator_id, [])
            ),
            status=_status(adoption, chosen, own, history[-1] if history else None),
            judgement=history[-1] if history else None,
            previous_judgement=history[-2] if len(history) > 1 else None,
            ethnicity_gap=ethnic.get(adoption.indicator_id, ""),
        )
    return figures


def _gap_words(indicator: Indicator, gap: Result | None) -> str:
    """The latest shown deprivation gap with its unit and who is worse off ('' without one)."""
    if gap is None or not findings.shown(gap):
        return ""
    words = findings.gap_words(indicator, gap, gap.breakdown)
    return f"{words[0].upper()}{words[1:]} ({gap.period})"


def _peer_words(indicator: Indicator, latest: Result | None, nearest: list[Result]) -> str:
    """The range of the nearest organisations' published values in the tile's latest period
    (published only: tiles are cached for everyone who may see them)."""
    values = [float(r.value) for r in nearest if findings.shown(r)]  # type: ignore[arg-type]
    if latest is None or not values:
        return ""
    unit = findings.units(indicator)
    if len(values) == 1:
        return f"The most similar organisation: {unit.of_value(values[0])} ({latest.period})"
    return (
        f"{len(values)} most similar organisations: {unit.of_value(min(values))} to "
        f"{unit.of_value(max(values))} ({latest.period})"
    )


def _ethnicity_gaps(results: Any, adoptions: list[Adoption]) -> dict[int, str]:
    """Per indicator, the sentence on the latest ethnicity gap (one query for all)."""
    rows: dict[int, list[Result]] = {}
    for result in results.filter(breakdown="ethnicity", kind="category"):
        rows.setdefault(result.indicator_id, []).append(result)
    out = {}
    for adoption in adoptions:
        gap = furthest_group(adoption.indicator, rows.get(adoption.indicator_id, []))
        if gap is not None:
            out[adoption.indicator_id] = gap.sentence(adoption.indicator)
    return out


def _pick(rows: list[tuple[Any, ...]]) -> dict[str, int | None]:
    """The ids a tile needs: latest overall, gap and SII, and the latest shown target measures."""

    def pk(row: tuple[Any, ...] | None) -> int | None:
        return row[5] if row else None

    return {
        "latest": pk(_latest(rows, breakdown="overall", kind="category")),
        # The latest gap that can be shown (deciles, else quintiles), with its period.
        "gap": pk(
            _deprivation(rows, ResultKind.GAP, shown=True) or _deprivation(rows, ResultKind.GAP)
        ),
        "sii": pk(_deprivation(rows, ResultKind.SII)),
        "target_value": pk(_latest(rows, breakdown="overall", kind="category", shown=True)),
        "target_gap": pk(_deprivation(rows, ResultKind.GAP, shown=True)),
        "target_sii": pk(_deprivation(rows, ResultKind.SII, shown=True)),
    }


def _judgements(organisation: Organisation, adoptions: list[Adoption]) -> dict[int, list[Rated]]:
    """Per qualitative indicator, the standing judgement of each period, oldest period first."""
    qualitative = [a.indicator_id for a in adoptions if not a.indicator.is_quantitative]
    if not qualitative:
        return {}
    standing: dict[int, dict[str, Rated]] = {}
    rows = Judgement.objects.filter(organisation=organisation, indicator__in=qualitative)
    for indicator_id, period, number, rating, at in rows.order_by(
        "indicator", "period_number", "-recorded_at", "-pk"
    ).values_list("indicator_id", "period", "period_number", "rating", "recorded_at"):
        standing.setdefault(indicator_id, {}).setdefault(period, Rated(period, number, rating, at))
    return {
        indicator_id: sorted(periods.values(), key=lambda r: r.period_number)
        for indicator_id, periods in standing.items()
    }


def _status(
    adoption: Adoption,
    chosen: dict[str, Result | None],
    signals: dict[str, Signal],
    judgement: Rated | None,
) -> TargetStatus:
    measure = adoption.target_measure
    latest: Any = chosen.get(f"target_{measure}")
    if not adoption.indicator.is_quantitative:  # a target rating, e.g. 4 of 5 by March
        measure = "rating"
        latest = judgement and _AsValue(judgement.rating, judgement.period_number)
    signal = signals.get("value" if measure == "value" else "sii")
    interval = None
    if signal and signal.trend_lower is not None and signal.trend_upper is not None:
        interval = (signal.trend_lower, signal.trend_upper)
    return target_status(
        target=adoption.target_value,
        target_date=adoption.target_date,
        latest=latest.value if latest else None,
        latest_time=latest.period_number if latest else None,
        slope_interval=interval if measure in ("value", "sii") else None,
        improvement=adoption.indicator.improvement,
        today=timezone.localdate(),
        towards_zero=measure in ("gap", "sii"),
    )


@dataclass(frozen=True)
class _AsValue:
    value: float
    period_number: float
