"""An indicator page's figures, drawn once per change of their inputs.

The figures (every breakdown's table and chart, peers, measures over time, control charts,
findings) are most of an indicator page's cost on a national-shape return. What they show
depends only on the results, signals and judgements the viewer may see, the indicator, the
period asked for and today's date. The key holds all of these: the organisation's fingerprint
(`tiles.fingerprint`, which also moves with any recompute anywhere, so peers and areas are
covered), the indicator's last change, the period, the organisations whose unpublished figures
the viewer reads, and today. The markup holds nothing personal (no name, no CSRF token): it is
drawn without the request.

System, region and England pages are drawn fresh each time (no key).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from equityhub.indicators.dashboard.models import Adoption
from equityhub.indicators.dashboard.selectors import spc_words
from equityhub.indicators.dashboard.tiles import CACHE_SECONDS, fingerprint
from equityhub.indicators.querysets import reader_organisations
from equityhub.indicators.registry.models import Indicator
from equityhub.people.models import Organisation
from equityhub.people.permissions import is_administrator

ADOPTION_FIELDS = ("pk", "target_measure", "target_value", "target_date")


@dataclass(frozen=True)
class Figures:
    """The drawn figures, either side of the questions to ask (which are drawn fresh)."""

    has_results: bool
    period: str | None
    top: SafeString
    rest: SafeString
    # What the page around the figures reads from the same inputs.
    question_kinds: tuple[str, ...] = ()
    synthetic: bool = False


def _reads(user: Any) -> str:
    """Whose unpublished figures the viewer reads: everyone's, some organisations', nobody's."""
    if is_administrator(user):
        return "all"
    if not user.is_authenticated:
        return ""
    return ",".join(str(pk) for pk in sorted(o.pk for o in reader_organisations(user)))


def figures_key(
    organisation: Organisation,
    indicator: Indicator,
    user: Any,
    period: str | None,
    adoption: Adoption | None,
) -> str:
    """The key of the figures' inputs; the adoption's target moves the tile's findings, and so
    the questions to ask."""
    adopted = None if adoption is None else [getattr(adoption, f) for f in ADOPTION_FIELDS]
    inputs = repr(
        (
            fingerprint(organisation),
            indicator.pk,
            indicator.updated_at,
            period or "",
            _reads(user),
            adopted,
            timezone.localdate(),
        )
    )
    digest = hashlib.sha256(inputs.encode()).hexdigest()[:32]
    return f"indicators:figures:{organisation.pk}:{indicator.pk}:{digest}"


def drawn_figures(gather: Callable[[], dict[str, Any]], *, key: str = "") -> Figures:
    """The figures from `gather()`'s context, drawn now or taken from the cache under `key`."""
    if key:
        found: Figures | None = cache.get(key)
        if found is not None:
            return found
    context = {"spc_words": spc_words} | gather()
    figures = Figures(
        has_results=bool(context["has_results"]),
        period=context["period"],
        top=_draw("indicators/_results_top.jinja", context),
        rest=_draw("indicators/_results_figures.jinja", context),
        question_kinds=tuple(context.get("question_kinds", ())),
        synthetic=bool(context.get("synthetic")),
    )
    if key:
        cache.set(key, figures, CACHE_SECONDS)
    return figures


def _draw(template: str, context: dict[str, Any]) -> SafeString:
    return mark_safe(render_to_string(template, context))  # our own template's output
