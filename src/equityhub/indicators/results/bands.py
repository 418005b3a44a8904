"""Board composition in bands: the share shown when the count itself is withheld.

A board has about a dozen voting members, so the number from ethnic minority groups (WRES
indicator 9) or who have declared a disability (WDES metric 10) is nearly always below 10 and
suppressed; a board would then never see its own figure. Board membership is public (every
trust names its board), but members' ethnicity and disability are personal: the share is shown
in one of three wide bands instead of the count. There is no band of its own for none or for
all, which would tell a reader something about every member. The rule is in
docs/indicators/disclosure.md (rule 8).
"""

from __future__ import annotations

import math

import pandas as pd

from equityhub.indicators.registry.models import FigureTwoClass, Indicator, IndicatorType

# (upper limit of the share, exclusive; words)
BANDS: tuple[tuple[float, str], ...] = (
    (0.25, "under 25%"),
    (0.5, "25% to under 50%"),
    (math.inf, "50% or more"),
)


def shown_in_bands(indicator: Indicator) -> bool:
    """A share of the board itself: a board-specific process measured as a proportion."""
    return (
        indicator.figure_two_class == FigureTwoClass.PROCESS_BOARD
        and indicator.type == IndicatorType.PROPORTION
    )


def share_band(numerator: float | None, denominator: float | None) -> str:
    """The band a share falls in ("" when it cannot be worked out)."""
    if numerator is None or denominator is None or not denominator > 0:
        return ""
    if math.isnan(numerator) or math.isnan(denominator):
        return ""
    share = numerator / denominator
    return next(words for limit, words in BANDS if share < limit)


def band_column(indicator: Indicator, raw: pd.DataFrame) -> pd.Series | None:
    """Each category row's band, from the counts before disclosure control blanks any (kept
    only where the cell ends up withheld); None for an indicator not shown in bands."""
    if not shown_in_bands(indicator):
        return None
    return pd.Series(
        [share_band(n, d) for n, d in zip(raw["numerator"], raw["denominator"], strict=True)],
        index=raw.index,
        dtype=object,
    )
