"""An adopted indicator's owner and target in words: one wording wherever they are printed (the
indicator page, the dashboard paper, kept papers in every format), so they never disagree."""

from __future__ import annotations

from equityhub.indicators.dashboard.models import Adoption

NOT_NAMED = "not named"
WITHHELD_FROM_PUBLIC = "named, but not shown in the public copy"
NO_TARGET = "none set"


def owner_words(adoption: Adoption | None, *, public: bool = False) -> str:
    """The owner's name; 'not named' only when nobody is named. A public copy never names
    staff, and says so rather than calling a named owner missing."""
    if adoption is None or adoption.owner_id is None:
        return NOT_NAMED
    if public:
        return WITHHELD_FROM_PUBLIC
    return str(adoption.owner)


def target_words(adoption: Adoption | None) -> str:
    """'Overall value 80.00 by March 2027', the team's own wording when given, or 'none set'."""
    if adoption is None or adoption.target_value is None:
        return NO_TARGET
    what = adoption.target_text or (
        f"{adoption.get_target_measure_display()} {adoption.target_value:,.2f}"
    )
    when = f" by {adoption.target_date:%B %Y}" if adoption.target_date else ""
    return f"{what}{when}"
