"""Every model of the indicators app, re-exported from the feature that owns it, so
`equityhub.indicators.models.X` and the app label `indicators` stay as they were (the
migrations are unchanged). A new model goes in its feature's `models.py` and is added here."""

from __future__ import annotations

# isort: off
# The order models are registered in is the order they were declared in before the split.
from equityhub.indicators.registry.models import (
    ORDERED_BREAKDOWNS,
    Breakdown,
    FigureTwoClass,
    Indicator,
    IndicatorType,
    Polarity,
)
from equityhub.indicators.returns.models import (
    DataPoint,
    DataReturn,
    ReturnStatus,
)
from equityhub.indicators.results.models import (
    ENGLAND,
    AreaLevel,
    Result,
    ResultKind,
    Signal,
)
from equityhub.indicators.dashboard.models import (
    Adoption,
    TargetMeasure,
)
from equityhub.indicators.tokens.models import (
    ApiToken,
    TokenScope,
)
from equityhub.indicators.judgements.models import (
    Judgement,
    Rating,
)
from equityhub.indicators.pilots.models import (
    Pilot,
    PilotStatus,
)
from equityhub.indicators.board.models import (
    ActionProgress,
    BoardPaper,
    BoardPaperStatus,
    BoardPaperVersion,
    BoardQuestion,
    FindingKind,
    StatementNarrative,
)
# isort: on

__all__ = [
    "ENGLAND",
    "ORDERED_BREAKDOWNS",
    "ActionProgress",
    "Adoption",
    "ApiToken",
    "AreaLevel",
    "BoardPaper",
    "BoardPaperStatus",
    "BoardPaperVersion",
    "BoardQuestion",
    "Breakdown",
    "DataPoint",
    "DataReturn",
    "FigureTwoClass",
    "FindingKind",
    "Indicator",
    "IndicatorType",
    "Judgement",
    "Pilot",
    "PilotStatus",
    "Polarity",
    "Rating",
    "Result",
    "ResultKind",
    "ReturnStatus",
    "Signal",
    "StatementNarrative",
    "TargetMeasure",
    "TokenScope",
]
