"""Checking a tidy CSV return column by column, for files of up to a national size.

The row-by-row check (`returns.validate.check_rows`) builds a dict per row: fine for one
trust's return, slow and memory-hungry for a national file of a million rows. This module runs
the same checks on whole columns of the cells `returns.columns_read` reads: each distinct code,
period, breakdown and category is looked up once, numbers are compared as arrays, and
duplicates are counted with numpy.

It answers one question only: is the file clean? A clean file comes back as a frame of the rows
ready to store (the same values the row check would stage). Anything else — any problem, or a
file this path does not read (XLSX, Fingertips, the results export, a decimal comma, a header to
rename) — returns None or names the rows to look at, and the caller runs the row-by-row check,
which writes the messages. So every message stays exactly as it was; the column check only has
to be at least as strict.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt
import polars as pl

from equityhub.indicators.registry.categories import normalise_category, parse_period
from equityhub.indicators.registry.models import Indicator
from equityhub.indicators.returns.columns_read import Cells, Coded, no_identifiers, read_cells
from equityhub.indicators.returns.columns_read import read_frame as read_frame
from equityhub.indicators.returns.columns_sums import SumKeys
from equityhub.indicators.returns.parse import TIDY_COLUMNS
from equityhub.indicators.returns.ranges import MAX_COUNT, _value_range
from equityhub.indicators.returns.validate import IMD_VERSIONS, LSOA_VINTAGES

TEXT = pl.String
Bools = npt.NDArray[np.bool_]
Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]


class HasCode(Protocol):
    code: str


def _dense(values: list[object]) -> tuple[Ints, int]:
    """(a number per value, equal values numbered alike, how many distinct)."""
    numbered: dict[object, int] = {}
    ids = [numbered.setdefault(v, len(numbered)) for v in values]
    return np.asarray(ids, np.int64), len(numbered)


def _vintage_bad(cells: Cells, deprivation: Bools, so_far: Bools) -> Bools:
    """Deprivation rows (that got this far) whose LSOA vintage or IMD edition is wrong, or
    differs from the first such row's, as `_RowChecker.vintage` words it. That first row is
    marked too when another differs, so the row check sees what they differ from."""
    given = [c for c in ("lsoa_vintage", "imd_version") if c in cells.text]
    if not given:
        return np.zeros(cells.height, bool)
    reached = deprivation & so_far
    formatted = reached.copy()
    keys = np.zeros(cells.height, np.int64)
    for column in given:
        coded = cells.text[column]
        if column == "lsoa_vintage":
            kept = list(coded.names)
            ok = [not v or "".join(filter(str.isdigit, v)) in LSOA_VINTAGES for v in kept]
        else:
            kept = [v.upper().removeprefix("IMD").strip() for v in coded.names]
            ok = [not v or v in IMD_VERSIONS for v in kept]
        formatted &= coded.flags(ok)
        ids, distinct = _dense(list(kept))
        keys = keys * (distinct + 1) + ids[coded.codes]
    first = np.flatnonzero(formatted)
    if not first.size:
        return reached & ~formatted
    differs = formatted & (keys != keys[first[0]])
    if differs.any():
        differs[first[0]] = True
    return (reached & ~formatted) | differs


def _present(numbers: pl.DataFrame) -> dict[str, Floats | None]:
    """Each figure column as an array, or None when it has no figure at all (a return of
    counts has no values): a comparison with a missing figure is false, so it is skipped."""
    return {
        c: None if numbers[c].null_count() == numbers.height else numbers[c].to_numpy()
        for c in numbers.columns
    }


def _counts_bad(figures: dict[str, Floats | None], height: int, low: Floats, high: Floats) -> Bools:
    """Rows breaking the range and count rules of `_RowChecker.counts`."""
    x, n, v = figures["numerator"], figures["denominator"], figures["value"]
    lower, upper = figures["lower_95"], figures["upper_95"]
    bad = np.ones(height, bool) if x is None else np.isnan(x)
    if v is not None:
        bad &= np.isnan(v)
    with np.errstate(invalid="ignore"):
        for column in ("numerator", "denominator"):
            if (given := figures[column]) is not None:
                bad |= given > MAX_COUNT
        for column in ("value", "lower_95", "upper_95"):
            if (given := figures[column]) is not None:
                bad |= (given < low) | (given > high)
        if n is not None:
            bad |= n == 0
        if v is not None and lower is not None:
            bad |= v < lower
        if v is not None and upper is not None:
            bad |= v > upper
    return bad


@dataclass
class Located:
    """What the column check found: the staged rows when every row is clean; otherwise the
    rows (0-based, in file order) the row check must see to word the problems. ``sums`` numbers
    each row's (indicator, period) cell and (breakdown, category) pair for `columns_sums`."""

    staged: pl.DataFrame
    suspects: list[int]
    sums: SumKeys | None = field(default=None, repr=False)
    summary: list[dict[str, Any]] | None = None  # as `staging.summary_of` gives it, if counted


@dataclass
class _Lookups:
    """What each distinct value of the tidy columns means, looked up once."""

    known: list[Indicator | None]
    areas: list[str]
    periods: list[tuple[str, float] | None]
    breakdowns: list[str]
    categories: list[list[str | None]]  # per breakdown, per given category: canonical or None

    @classmethod
    def of(cls, text: dict[str, Coded], indicators: dict[str, Indicator]) -> _Lookups:
        breakdowns = [b.lower() or "overall" for b in text["breakdown"].names]
        return cls(
            known=[indicators.get(c) for c in text["indicator"].names],
            areas=[a.upper() for a in text["area_code"].names],
            periods=[parse_period(p) for p in text["period"].names],
            breakdowns=breakdowns,
            categories=[
                [normalise_category(b, c or "Total") for c in text["category"].names]
                for b in breakdowns
            ],
        )


def check_columns(
    cells: Cells, organisation: HasCode, indicators: dict[str, Indicator]
) -> Located | None:
    """Check every row by columns; None when the file lacks the tidy columns."""
    if any(c not in cells.text for c in TIDY_COLUMNS) or not (
        {"numerator", "value"} & set(cells.frame.columns)
    ):
        return None
    text = cells.text
    code, area, period = text["indicator"], text["area_code"], text["period"]
    breakdown, category = text["breakdown"], text["category"]
    look = _Lookups.of(text, indicators)
    bad = code.flags([i is None for i in look.known])
    bad |= area.flags([a != organisation.code.upper() for a in look.areas])
    no_period = period.flags([p is None for p in look.periods])
    bad |= no_period
    allowed = np.array(
        [[i is not None and b in i.breakdowns for b in look.breakdowns] for i in look.known]
    )
    bad |= ~allowed[code.codes, breakdown.codes]
    deprivation = breakdown.flags([b.startswith("deprivation") for b in look.breakdowns])
    bad |= _vintage_bad(cells, deprivation, ~bad)
    names = sorted({c for row in look.categories for c in row if c is not None})
    numbered = {c: i for i, c in enumerate(names)}
    table = np.array([[numbered.get(c or "", -1) for c in row] for row in look.categories])
    pair = table[breakdown.codes, category.codes]
    bad |= pair < 0
    bad |= cells.bad_numbers | _kind_bad(cells.numbers, look.known, code.codes)
    keys = _keys(text, look, names, pair)
    suspects = np.flatnonzero(bad | _repeated(keys, (pair >= 0) & ~no_period)).tolist()
    if suspects:  # the row check words them; nothing is staged
        return Located(pl.DataFrame(), suspects, keys)
    staged = _staged(cells, look, names, pair)
    return Located(staged, suspects, keys, _counted_summary(text, look))


def _staged(cells: Cells, look: _Lookups, names: list[str], pair: Ints) -> pl.DataFrame:
    """The rows ready to store: each column as the row check stages it. A column whose cells
    are already written that way (most are) is kept as it is rather than built again."""
    text = cells.text
    periods = [p[0] if p else None for p in look.periods]
    columns = {
        "indicator": _as_staged(cells, "indicator", text["indicator"].names),
        "area_code": _as_staged(cells, "area_code", look.areas),
        "period": _as_staged(cells, "period", periods),
        "period_number": pl.Series(
            [p[1] if p else None for p in look.periods], dtype=pl.Float64
        ).gather(text["period"].codes),
        "breakdown": _as_staged(cells, "breakdown", look.breakdowns),
        "category": (
            cells.frame["category"]
            if _categories_as_written(text["category"], look)
            else pl.Series([*names, None], dtype=TEXT).gather(pair)
        ),
        "row": pl.int_range(2, cells.height + 2, eager=True),
    }
    return pl.DataFrame({k: v.alias(k) for k, v in columns.items()}).hstack(cells.numbers)


def _categories_as_written(coded: Coded, look: _Lookups) -> bool:
    """Whether every category is written as it is stored, under every breakdown given."""
    return (
        coded.as_written
        and not coded.empty
        and all(
            canonical in (None, given)
            for row in look.categories
            for given, canonical in zip(coded.names, row, strict=True)
            if given
        )
    )


def _written_as(coded: Coded, values: Sequence[str | None]) -> bool:
    """Whether every cell of a column is already written as its staged value."""
    return (
        coded.as_written
        and not coded.empty
        and all(value == name for value, name in zip(values, coded.names, strict=True) if name)
    )


def _as_staged(cells: Cells, column: str, values: Sequence[str | None]) -> pl.Series:
    """The column with each distinct value replaced by ``values`` (given in the order of the
    coded names): the column as it is when that changes nothing."""
    coded = cells.text[column]
    if _written_as(coded, values):
        return cells.frame[column]
    return pl.Series(values, dtype=TEXT).gather(coded.codes)


def _counted_summary(text: dict[str, Coded], look: _Lookups) -> list[dict[str, Any]] | None:
    """Rows per indicator and breakdown with the periods covered, counted from the codes (a
    clean file's); None when there are too many combinations to count in one array."""
    breakdown_ids, breakdown_count = _dense(list(look.breakdowns))
    numbered = {name: i for i, name in enumerate(dict.fromkeys(p[0] for p in look.periods if p))}
    period_names = list(numbered)
    period_ids = np.asarray([numbered[p[0]] if p else 0 for p in look.periods], np.int64)
    group = text["indicator"].codes * breakdown_count + breakdown_ids[text["breakdown"].codes]
    size = len(text["indicator"].names) * breakdown_count * len(period_names)
    if size > 4 * group.size + 1024:
        return None
    key = group * len(period_names) + period_ids[text["period"].codes]
    seen = np.bincount(key, minlength=size).reshape(-1, len(period_names)) > 0
    rows = np.bincount(group, minlength=seen.shape[0])
    order = sorted(range(len(period_names)), key=period_names.__getitem__)
    lexical, seen = np.asarray(period_names, dtype=object)[order], seen[:, order]
    breakdowns = list(dict.fromkeys(look.breakdowns))
    summary = [
        {
            "indicator": text["indicator"].names[g // breakdown_count],
            "breakdown": breakdowns[g % breakdown_count],
            "rows": int(rows[g]),
            "periods": lexical[seen[g]].tolist(),
        }
        for g in np.flatnonzero(rows).tolist()
    ]
    return sorted(summary, key=lambda s: (s["indicator"], s["breakdown"]))


def _keys(text: dict[str, Coded], look: _Lookups, names: list[str], pair: Ints) -> SumKeys:
    """Each row's (indicator, period) cell and (breakdown, category) pair, numbered by what
    they mean, not how they are written: "2024/25" and "2024-25" are one period, "Sex" and
    "sex" one breakdown. A row without a category counts as category ""."""
    periods, period_count = _dense([p[0] if p else ("?", i) for i, p in enumerate(look.periods)])
    cell = text["indicator"].codes * period_count + periods[text["period"].codes]
    width = len(names) + 1
    given = text["breakdown"].codes * width + np.where(pair >= 0, pair, len(names))
    # only the pairs present, so that a key per (cell, pair) stays about as many as the rows
    present = np.flatnonzero(np.bincount(given, minlength=len(look.breakdowns) * width))
    every = [*names, ""]
    meant = [(look.breakdowns[i // width], every[i % width]) for i in present.tolist()]
    ids, _ = _dense(list(meant))
    table = np.full(len(look.breakdowns) * width, -1, np.int64)
    table[present] = ids
    return SumKeys(cell, table[given], list(dict.fromkeys(meant)))


def _repeated(keys: SumKeys, complete: Bools) -> Bools:
    """Complete rows whose (indicator, period, breakdown, category) another row repeats."""
    key = keys.cell * len(keys.pairs) + keys.pair
    every = bool(complete.all())  # the usual case: no row to leave out
    kept = key if every else key[complete]
    if not kept.size:
        return np.zeros(key.size, bool)
    if int(kept.max()) < 4 * key.size + 1024:  # few enough keys: count them in one array
        counts = np.bincount(kept)
        if counts.max() <= 1:  # the usual case: no key twice
            return np.zeros(key.size, bool)
        return complete & (counts[key if every else np.where(complete, key, 0)] > 1)
    out = np.zeros(key.size, bool)
    out[complete] = pl.Series(kept).is_duplicated().to_numpy()
    return out


def _kind_bad(numbers: pl.DataFrame, known: list[Indicator | None], code: Ints) -> Bools:
    """Rows whose figures are impossible for their indicator (by its type and scale)."""
    ranges = [_value_range(i)[:2] if i else (np.nan, np.nan) for i in known]
    low = np.asarray([r[0] for r in ranges], np.float64)[code]
    high = np.asarray([r[1] for r in ranges], np.float64)[code]
    figures = _present(numbers)
    bad = _counts_bad(figures, numbers.height, low, high)
    x, n = figures["numerator"], figures["denominator"]
    if x is None:
        return bad
    counted = np.asarray([i is not None and i.type == "count" for i in known], bool)[code]
    with np.errstate(invalid="ignore"):
        if n is None:
            return bad | (~counted & ~np.isnan(x))
        proportion = np.asarray([i is not None and i.type == "proportion" for i in known], bool)
        return bad | (~counted & ~np.isnan(x) & np.isnan(n)) | (proportion[code] & (x > n))


def fast_check(
    filename: str, content: bytes, organisation: HasCode, indicators: dict[str, Indicator]
) -> tuple[Cells, Located, str] | None:
    """(the file's cells, what the column check located, what was detected) for a tidy CSV
    file with nothing to refuse; None for any other file (the row path reads it)."""
    read = read_frame(filename, content)
    if read is None:
        return None
    frame, detected = read
    cells = read_cells(frame)
    if cells.height == 0 or not no_identifiers(cells):
        return None
    located = check_columns(cells, organisation, indicators)
    return None if located is None else (cells, located, detected)
