"""Output shapes and column names shared by every grouped function and the command line.

``type`` follows the R functions of PHEindicatormethods (``"full"``, ``"standard"``, ``"value"``,
``"lower"``, ``"upper"``): the grouping columns and counts always stay, and the shape decides
which of the value, the limits and the labels (``confidence``, ``statistic``, ``method``) come
with them.

``names`` chooses the limit column names. ``"equityhub"`` (the default) gives the names the
command line writes, the same at any number of levels: ``lower_95``, ``upper_95``,
``lower_99.8``... ``"phe"`` gives PHEindicatormethods' names, for code ported from R:
``lowercl``/``uppercl`` with one level, ``lower95_0cl``... with several.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from typing import Any, Literal, get_args

from equityhub.stats._checks import pct_label
from equityhub.stats.results import limit_column_names

__all__ = [
    "LABELS",
    "ColumnNames",
    "OutputType",
    "ValueType",
    "check_shape",
    "limit_names",
    "shape_columns",
]

OutputType = Literal["full", "standard", "value", "lower", "upper"]
ColumnNames = Literal["equityhub", "phe"]
#: Columns that describe the figures rather than hold them.
LABELS = ("confidence", "statistic", "method")


class ValueType(enum.IntEnum):
    """The scale an indicator's values live on, as ``phe_sii``'s ``value_type`` codes it.

    The numbers are the reference's codes, so ``ValueType(1)`` reads an R script's option.
    """

    #: Values used as they are (life expectancy, means, scores).
    IDENTITY = 0
    #: Rates: modelled and simulated on the log scale.
    RATE = 1
    #: Proportions: modelled and simulated on the logit scale.
    PROPORTION = 2


def check_shape(type: str, names: str) -> None:
    """Refuse an unknown ``type`` or ``names`` with the choices in the message."""
    if type not in get_args(OutputType):
        raise ValueError(f"type: {type!r} is not one of {', '.join(get_args(OutputType))}")
    if names not in get_args(ColumnNames):
        raise ValueError(f"names: {names!r} is not one of {', '.join(get_args(ColumnNames))}")


def limit_names(levels: Sequence[float], names: str = "equityhub") -> list[tuple[float, str, str]]:
    """``(level, lower_name, upper_name)`` for each level, in the chosen naming.

    >>> limit_names((0.95, 0.998))
    [(0.95, 'lower_95', 'upper_95'), (0.998, 'lower_99.8', 'upper_99.8')]
    >>> limit_names((0.95,), "phe")
    [(0.95, 'lowercl', 'uppercl')]
    """
    if names == "phe":
        return limit_column_names(tuple(levels))
    return [(lv, f"lower_{pct_label(lv)}", f"upper_{pct_label(lv)}") for lv in levels]


def shape_columns(
    columns: Sequence[str],
    *,
    type: str,
    levels: Sequence[float],
    names: str,
) -> list[str]:
    """The columns to keep, in order, for an output ``type``."""
    lower = [low for _, low, _ in limit_names(levels, names)]
    upper = [high for _, _, high in limit_names(levels, names)]
    drop: set[str] = set()
    if type != "full":
        drop.update(LABELS)
    if type == "value":
        drop.update(lower + upper)
    elif type == "lower":
        drop.update(["value", *upper])
    elif type == "upper":
        drop.update(["value", *lower])
    return [name for name in columns if name not in drop]


def select(frame: Any, keep: Sequence[str]) -> Any:
    """The ``keep`` columns of a pandas or polars frame."""
    return frame[list(keep)] if hasattr(frame, "iloc") else frame.select(list(keep))
