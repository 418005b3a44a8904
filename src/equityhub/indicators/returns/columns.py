"""Checking a tidy CSV return column by column, for files of up to a national size.

The row-by-row check (`returns.validate.check_rows`) builds a dict per row: fine for one
trust's return, slow and memory-hungry for a national file of a million rows. This module reads
the file with polars and runs the same checks on whole columns: each distinct code, period,
breakdown and category is looked up once, numbers are parsed and compared as arrays, and the
sums are grouped in one pass.

It answers one question only: is the file clean? A clean file comes back as a frame of the rows
ready to store (the same values the row check would stage). Anything else — any problem, or a
file this path does not read (XLSX, Fingertips, the results export, a decimal comma, a header to
rename) — returns None, and the caller runs the row-by-row check, which writes the messages.
So every message stays exactly as it was; the column check only has to be at least as strict.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt
import polars as pl

from equityhub.indicators.registry.categories import normalise_category, parse_period
from equityhub.indicators.registry.models import Indicator
from equityhub.indicators.returns.identifiers import identifier_kind
from equityhub.indicators.returns.parse import (
    DELIMITERS,
    IDENTIFIER_COLUMNS,
    MAX_BYTES,
    RECORD_LEVEL_MIN_ROWS,
    TIDY_COLUMNS,
    UnreadableFile,
    _decode,
    _delimiter,
    _normalise,
)
from equityhub.indicators.returns.ranges import MAX_COUNT, _value_range
from equityhub.indicators.returns.validate import IMD_VERSIONS, LSOA_VINTAGES

LSOA_COLUMNS = {"lsoa", "lsoa_code", "lsoa11cd", "lsoa21cd"}
NUMBER_COLUMNS = ("numerator", "denominator", "value", "lower_95", "upper_95")
STAGED_COLUMNS = (
    "indicator",
    "area_code",
    "period",
    "period_number",
    "breakdown",
    "category",
    "row",
    *NUMBER_COLUMNS,
)
TEXT = pl.String
Bools = npt.NDArray[np.bool_]
Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]


class HasCode(Protocol):
    code: str


def read_frame(filename: str, content: bytes) -> tuple[pl.DataFrame, str] | None:
    """(every cell as stripped text, what was detected), or None when this path does not apply.

    Rows with no text at all are left out, as the row reader leaves them out.
    """
    if filename.lower().endswith(".xlsx") or content[:2] == b"PK" or len(content) > MAX_BYTES:
        return None
    try:
        text, encoding = _decode(content)
    except UnreadableFile:
        return None
    delimiter = _delimiter(text)
    if delimiter == ";":  # a decimal comma: the row check reads those numbers
        return None
    data = content if encoding == "UTF-8" else text.encode("utf-8")
    del text
    try:
        frame = pl.read_csv(
            io.BytesIO(data),
            separator=delimiter,
            infer_schema=False,
            has_header=True,
            truncate_ragged_lines=True,
        )
    except (pl.exceptions.PolarsError, ValueError):
        return None
    names = [name.strip() for name in frame.columns]
    if len(set(names)) != len(names) or any(_normalise(n) != n for n in names):
        return None
    frame = frame.rename(dict(zip(frame.columns, names, strict=True)))
    cleaned = [_stripped(frame[name]) for name in frame.columns]
    frame = pl.DataFrame([cells for cells, _ in cleaned])
    if any(empty for _, empty in cleaned):
        frame = frame.filter(pl.any_horizontal(pl.all().str.len_bytes() > 0))
    detected = f"Read as CSV ({encoding}, {DELIMITERS[delimiter]}-delimited)."
    return frame, detected


def _stripped(cells: pl.Series) -> tuple[pl.Series, bool]:
    """(the cells without surrounding spaces, whether any is empty)."""
    cells = cells.fill_null("") if cells.null_count() else cells
    distinct = cells.unique()
    bare = distinct.str.strip_chars()
    if (distinct != bare).any():
        cells = cells.str.strip_chars()
    return cells, bool((bare.str.len_bytes() == 0).any())


def codes_of(cells: pl.Series) -> tuple[npt.NDArray[np.int64], list[str]]:
    """(the number of each cell's value, the distinct values in that order)."""
    names = cells.unique(maintain_order=True).to_list()
    numbers = cells.replace_strict(names, list(range(len(names))), return_dtype=pl.Int64)
    return numbers.to_numpy(), names


def _table(values: Sequence[object], codes: npt.NDArray[np.int64]) -> npt.NDArray[Any]:
    return np.asarray(values)[codes]


def _vintage_bad(frame: pl.DataFrame, deprivation: Bools, so_far: Bools) -> Bools:
    """Deprivation rows (that got this far) whose LSOA vintage or IMD edition is wrong, or
    differs from the first such row's, as `_RowChecker.vintage` words it. That first row is
    marked too when another differs, so the row check sees what they differ from."""
    given = [c for c in ("lsoa_vintage", "imd_version") if c in frame.columns]
    if not given:
        return np.zeros(frame.height, bool)
    reached = deprivation & so_far
    formatted = reached.copy()
    keys = np.zeros(frame.height, np.int64)
    for column in given:
        codes, values = codes_of(frame[column])
        if column == "lsoa_vintage":
            kept = [v for v in values]
            ok = [not v or "".join(filter(str.isdigit, v)) in LSOA_VINTAGES for v in values]
        else:
            kept = [v.upper().removeprefix("IMD").strip() for v in values]
            ok = [not v or v in IMD_VERSIONS for v in kept]
        formatted &= _table(ok, codes).astype(bool)
        distinct = {v: i for i, v in enumerate(dict.fromkeys(kept))}
        keys = keys * (len(distinct) + 1) + _table([distinct[v] for v in kept], codes)
    first = np.flatnonzero(formatted)
    if not first.size:
        return reached & ~formatted
    differs = formatted & (keys != keys[first[0]])
    if differs.any():
        differs[first[0]] = True
    return (reached & ~formatted) | differs


def _numbers(frame: pl.DataFrame) -> tuple[pl.DataFrame, Bools]:
    """The five figures as floats (null when empty or unreadable), and rows with one unreadable
    or negative."""
    out = {}
    bad = np.zeros(frame.height, bool)
    for column in NUMBER_COLUMNS:
        if column not in frame.columns:
            out[column] = pl.Series(column, [None] * frame.height, dtype=pl.Float64)
            continue
        text = frame[column]
        if text.str.contains(",", literal=True).any():
            text = text.str.replace_all(",", "", literal=True).str.strip_chars()
        parsed = text.cast(pl.Float64, strict=False)
        unreadable = (text.str.len_bytes() > 0) & (
            parsed.is_null() | ~parsed.is_finite().fill_null(True)
        )
        bad |= unreadable.to_numpy()
        if column in ("numerator", "denominator"):
            bad |= (parsed < 0).fill_null(False).to_numpy()
        out[column] = parsed
    return pl.DataFrame(out), bad


def _counts_bad(numbers: pl.DataFrame, low: Floats, high: Floats) -> Bools:
    """Rows breaking the range and count rules of `_RowChecker.counts`."""
    x, n, v = (numbers[c].to_numpy() for c in ("numerator", "denominator", "value"))
    lower, upper = numbers["lower_95"].to_numpy(), numbers["upper_95"].to_numpy()
    with np.errstate(invalid="ignore"):
        bad = np.isnan(x) & np.isnan(v)
        for column in ("numerator", "denominator"):
            bad |= numbers[column].to_numpy() > MAX_COUNT
        for column in ("value", "lower_95", "upper_95"):
            figures = numbers[column].to_numpy()
            bad |= (figures < low) | (figures > high)
        return bad | (n == 0) | (v < lower) | (v > upper)


@dataclass
class Located:
    """What the column check found: the staged rows when every row is clean; otherwise the
    rows (0-based, in file order) the row check must see to word the problems."""

    staged: pl.DataFrame
    suspects: list[int]


def check_columns(
    frame: pl.DataFrame, organisation: HasCode, indicators: dict[str, Indicator]
) -> Located | None:
    """Check every row by columns; None when the file lacks the tidy columns."""
    if any(c not in frame.columns for c in TIDY_COLUMNS) or not (
        {"numerator", "value"} & set(frame.columns)
    ):
        return None
    code, codes = codes_of(frame["indicator"])
    known = [indicators.get(c) for c in codes]
    area, areas = codes_of(frame["area_code"])
    bad = _table([i is None for i in known], code).astype(bool)
    bad |= _table([a.upper() != organisation.code.upper() for a in areas], area).astype(bool)
    period, periods = codes_of(frame["period"])
    parsed = [parse_period(p) for p in periods]
    bad |= _table([p is None for p in parsed], period).astype(bool)
    breakdown, given_breakdowns = codes_of(frame["breakdown"])
    breakdowns = [b.lower() or "overall" for b in given_breakdowns]
    allowed = np.array([[i is not None and b in i.breakdowns for b in breakdowns] for i in known])
    bad |= ~allowed[code, breakdown]
    deprivation = _table([b.startswith("deprivation") for b in breakdowns], breakdown)
    bad |= _vintage_bad(frame, deprivation.astype(bool), ~bad)
    category, given = codes_of(frame["category"])
    canonical = [[normalise_category(b, c or "Total") for c in given] for b in breakdowns]
    names = sorted({c for row in canonical for c in row if c is not None})
    numbered = {c: i for i, c in enumerate(names)}
    pair = np.array([[numbered.get(c or "", -1) for c in row] for row in canonical])[
        breakdown, category
    ]
    bad |= pair < 0
    numbers, unreadable = _numbers(frame)
    bad |= unreadable | _kind_bad(numbers, known, code)
    staged = pl.DataFrame(
        {
            "indicator": frame["indicator"],
            "area_code": pl.Series([a.upper() for a in areas]).gather(area),
            "period": pl.Series([p[0] if p else None for p in parsed], dtype=TEXT).gather(period),
            "period_number": pl.Series(
                [p[1] if p else None for p in parsed], dtype=pl.Float64
            ).gather(period),
            "breakdown": pl.Series(breakdowns, dtype=TEXT).gather(breakdown),
            "category": pl.Series([*names, None], dtype=TEXT).gather(pair),
            "row": pl.int_range(2, frame.height + 2, eager=True),
        }
    ).hstack(numbers)
    key = ((code * len(periods) + period) * len(breakdowns) + breakdown) * (len(names) + 1) + pair
    complete = (pair >= 0) & ~_table([p is None for p in parsed], period).astype(bool)
    repeated = pl.Series(key).is_duplicated().to_numpy() & complete
    return Located(staged, np.flatnonzero(bad | repeated).tolist())


def _kind_bad(numbers: pl.DataFrame, known: list[Indicator | None], code: Ints) -> Bools:
    """Rows whose figures are impossible for their indicator (by its type and scale)."""
    ranges = [_value_range(i)[:2] if i else (np.nan, np.nan) for i in known]
    low, high = _table([r[0] for r in ranges], code), _table([r[1] for r in ranges], code)
    counted = _table([i is not None and i.type == "count" for i in known], code).astype(bool)
    proportion = _table([i is not None and i.type == "proportion" for i in known], code).astype(
        bool
    )
    x, n = numbers["numerator"].to_numpy(), numbers["denominator"].to_numpy()
    bad = _counts_bad(numbers, low, high)
    with np.errstate(invalid="ignore"):
        return bad | (~counted & ~np.isnan(x) & np.isnan(n)) | (proportion & (x > n))


def _no_identifiers(frame: pl.DataFrame) -> bool:
    """Nothing `screen_identifiers` would refuse: no identifier column or value, not per person.

    A cell is looked at only when it could hold an identifier (a digit, and more than a short
    plain figure), and each distinct such value once.
    """
    names = set(frame.columns)
    if any(IDENTIFIER_COLUMNS.match(name) for name in names) or names & LSOA_COLUMNS:
        return False
    for column in frame.columns:
        cells = frame[column].unique()
        plain = (cells.str.len_chars() < 8) & cells.str.replace(
            ".", "", literal=True, n=1
        ).str.contains(r"^\d+$")
        suspects = cells.filter(cells.str.contains(r"\d") & ~plain).unique()
        if any(identifier_kind(column, value) for value in suspects.to_list()):
            return False
    if frame.height >= RECORD_LEVEL_MIN_ROWS and "denominator" in names:
        return not frame["denominator"].is_in(["1", "1.0"]).all()
    return True


def fast_check(
    filename: str, content: bytes, organisation: HasCode, indicators: dict[str, Indicator]
) -> tuple[pl.DataFrame, Located, str] | None:
    """(the file's cells, what the column check located, what was detected) for a tidy CSV
    file with nothing to refuse; None for any other file (the row path reads it)."""
    read = read_frame(filename, content)
    if read is None:
        return None
    frame, detected = read
    if frame.height == 0 or not _no_identifiers(frame):
        return None
    located = check_columns(frame, organisation, indicators)
    return None if located is None else (frame, located, detected)
