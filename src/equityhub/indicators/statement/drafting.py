"""The annual report's section on health inequalities, for the statement's indicators.

NHS England's statement on information on health inequalities asks each NHS body to report its
indicators broken down by deprivation and ethnicity, and to say where data are missing. For each
statement indicator with results, this gathers the latest period's breakdowns, the share of
unknown or not-stated records per breakdown (the data gap), and drafted sentences built from the
stored, disclosure-controlled results.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from equityhub.indicators.dashboard import findings
from equityhub.indicators.registry.categories import category_label, category_sort_key
from equityhub.indicators.registry.models import Indicator
from equityhub.indicators.results.models import Result, Signal
from equityhub.people.models import Organisation

GAP_WARNING = 10.0  # per cent unknown at which the data gap is called out


@dataclass
class StatementEntry:
    indicator: Indicator
    domains: list[str]
    period: str
    breakdowns: dict[str, list[tuple[str, Result]]] = field(default_factory=dict)
    unknown: dict[str, float | None] = field(default_factory=dict)
    sentences: list[str] = field(default_factory=list)


def domains(indicator: Indicator) -> list[str]:
    return [
        tag.split(":", 1)[1].replace("_", " ")
        for tag in indicator.frameworks
        if tag.startswith("statement:")
    ]


def gap_words(breakdown: str, share: float | None) -> str:
    label = {"ethnicity": "ethnic category", "deprivation_decile": "deprivation decile"}.get(
        breakdown, breakdown.replace("_", " ")
    )
    if share is None:
        return f"The share with unknown {label} could not be worked out."
    words = f"{share:.1f}% of records have an unknown or not stated {label}"
    if share >= GAP_WARNING:
        return f"{words}: a data gap to close before the figures by {label} can be relied on."
    return f"{words}."


def statement_entries(organisation: Organisation, user: Any) -> list[StatementEntry]:
    """One entry per statement indicator with results the person may see, by domain."""
    indicators = [i for i in Indicator.objects.usable_by(organisation) if domains(i)]
    visible = Result.objects.visible_to(user).filter(organisation=organisation)
    entries = []
    for indicator in sorted(indicators, key=lambda i: (domains(i)[0], i.name)):
        results = list(visible.filter(indicator=indicator))
        if not results:
            continue
        latest = max(results, key=lambda r: r.period_number)
        now = [r for r in results if r.period == latest.period]
        entry = StatementEntry(indicator, domains(indicator), latest.period)
        categories = [r for r in now if r.kind == "category" and r.breakdown != "overall"]
        for r in sorted(categories, key=lambda r: category_sort_key(r.breakdown, r.category)):
            entry.breakdowns.setdefault(r.breakdown, []).append(
                (category_label(r.breakdown, r.category), r)
            )
        for r in now:
            if r.kind == "unknown_share" and r.value is not None:
                entry.unknown[r.breakdown] = r.value
        overall = next((r for r in now if r.kind == "category" and r.breakdown == "overall"), None)
        breakdown, gaps = findings.pick_series(r for r in results if r.kind == "gap")
        signals = {
            s.measure: s
            for s in Signal.objects.filter(organisation=organisation, indicator=indicator)
        }
        entry.sentences = [
            findings.latest_sentence(indicator, overall),
            findings.gap_sentence(indicator, breakdown, gaps),
            *findings.trend_sentences(indicator, signals.get("sii"), signals.get("rii")),
        ]
        entry.sentences += [gap_words(b, share) for b, share in sorted(entry.unknown.items())]
        entries.append(entry)
    return entries


def reporting_year(text: str | None = None) -> str:
    """The NHS reporting year (April to March) as "2025-26": today's, or `text` checked.

    Returns "" when `text` is not a reporting year.
    """
    if text is None:
        today = timezone.localdate()
        start = today.year if today.month >= 4 else today.year - 1
        return f"{start}-{(start + 1) % 100:02d}"
    match = re.fullmatch(r"(\d{4})-(\d{2})", text)
    if not match or (int(match[1]) + 1) % 100 != int(match[2]):
        return ""
    return text
