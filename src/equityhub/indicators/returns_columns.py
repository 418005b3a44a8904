"""Checking a tidy CSV return column by column, for files of up to a national size.

The row-by-row check (`returns_validate.check_rows`) builds a dict per row: fine for one
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
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

import polars as pl

from equityhub.indicators.categories import normalise_category, parse_period
from equityhub.indicators.models import Indicator
from equityhub.indicators.returns_identifiers import identifier_kind
from equityhub.indicators.returns_parse import (
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
from equityhub.indicators.returns_ranges import MAX_COUNT, _value_range
from equityhub.indicators.returns_validate import IMD_VERSIONS, LSOA_VINTAGES

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
DataTypeLike = pl.DataType | type[pl.DataType]


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
    frame = frame.rename(dict(zip(frame.columns, names, strict=True))).with_columns(
        pl.all().fill_null("").str.strip_chars()
    )
    frame = frame.filter(pl.any_horizontal(pl.all().str.len_bytes() > 0))
    detected = f"Read as CSV ({encoding}, {DELIMITERS[delimiter]}-delimited)."
    return frame, detected


def _lookup(values: pl.Series, mapping: Mapping[str, object], dtype: DataTypeLike) -> pl.Series:
    return values.replace_strict(dict(mapping), default=None, return_dtype=dtype)


def _vintage_bad(frame: pl.DataFrame, deprivation: pl.Series, so_far: pl.Series) -> pl.Series:
    """Deprivation rows (that got this far) whose LSOA vintage or IMD edition is wrong, or
    differs from the first such row's, as `_RowChecker.vintage` words it; and that first row."""
    empty = pl.Series([""] * frame.height)
    lsoa = frame["lsoa_vintage"] if "lsoa_vintage" in frame.columns else empty
    imd = frame["imd_version"] if "imd_version" in frame.columns else empty
    imd = imd.str.to_uppercase().str.strip_prefix("IMD").str.strip_chars()
    lsoa_ok = _lookup(
        lsoa,
        {v: not v or "".join(filter(str.isdigit, v)) in LSOA_VINTAGES for v in lsoa.unique()},
        pl.Boolean,
    )
    imd_ok = _lookup(imd, {v: not v or v in IMD_VERSIONS for v in imd.unique()}, pl.Boolean)
    reached = deprivation & so_far
    formatted = reached & lsoa_ok & imd_ok
    first = formatted.arg_true()
    if first.is_empty():
        return reached & ~formatted
    reference = int(first[0])
    differs = (lsoa != lsoa[reference]) | (imd != imd[reference])
    return (reached & ~formatted) | (formatted & differs)


def _numbers(frame: pl.DataFrame) -> tuple[pl.DataFrame, pl.Series]:
    """The five figures as floats (null when empty or unreadable), and rows with one unreadable
    or negative."""
    out = {}
    bad = pl.Series([False] * frame.height)
    for column in NUMBER_COLUMNS:
        text = frame[column] if column in frame.columns else pl.Series([""] * frame.height)
        cleaned = text.str.replace_all(",", "", literal=True).str.strip_chars()
        parsed = cleaned.cast(pl.Float64, strict=False)
        given = cleaned.str.len_bytes() > 0
        bad |= given & (parsed.is_null() | ~parsed.is_finite().fill_null(True))
        if column in ("numerator", "denominator"):
            bad |= (parsed < 0).fill_null(False)
        out[column] = parsed
    return pl.DataFrame(out), bad


def _counts_bad(
    numbers: pl.DataFrame, types: pl.Series, low: pl.Series, high: pl.Series
) -> pl.Series:
    """Rows breaking the range and count rules of `_RowChecker.counts`."""
    x, n, v = numbers["numerator"], numbers["denominator"], numbers["value"]
    lower, upper = numbers["lower_95"], numbers["upper_95"]
    bad = x.is_null() & v.is_null()
    for column in ("numerator", "denominator"):
        bad |= (numbers[column] > MAX_COUNT).fill_null(False)
    for column in ("value", "lower_95", "upper_95"):
        bad |= ((numbers[column] < low) | (numbers[column] > high)).fill_null(False)
    bad |= x.is_not_null() & n.is_null() & (types != "count").fill_null(True)
    bad |= (n == 0).fill_null(False)
    bad |= ((types == "proportion") & (x > n)).fill_null(False)
    bad |= ((v < lower) | (v > upper)).fill_null(False)
    return bad


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
    codes = frame["indicator"]
    bad = ~codes.is_in(list(indicators))
    bad |= frame["area_code"].str.to_uppercase() != organisation.code.upper()
    periods = {p: parse_period(p) for p in frame["period"].unique().to_list()}
    bad |= _lookup(frame["period"], {p: v is None for p, v in periods.items()}, pl.Boolean)
    breakdowns = frame["breakdown"].str.to_lowercase().replace("", "overall")
    pairs = pl.DataFrame({"i": codes, "b": breakdowns}).unique()
    allowed = {
        (i, b): i in indicators and b in indicators[i].breakdowns for i, b in pairs.iter_rows()
    }
    bad |= ~_pair_lookup(codes, breakdowns, allowed, pl.Boolean)
    bad |= _vintage_bad(frame, breakdowns.str.starts_with("deprivation"), ~bad)
    given = frame["category"].replace("", "Total")
    keys = pl.DataFrame({"b": breakdowns, "c": given}).unique()
    canonical = {(b, c): normalise_category(b, c) for b, c in keys.iter_rows()}
    numbers, unreadable = _numbers(frame)
    kinds = {code: (i.type, *_value_range(i)[:2]) for code, i in indicators.items()}
    types = _lookup(codes, {c: k[0] for c, k in kinds.items()}, TEXT)
    low = _lookup(codes, {c: k[1] for c, k in kinds.items()}, pl.Float64)
    high = _lookup(codes, {c: k[2] for c, k in kinds.items()}, pl.Float64)
    staged = _staged(frame, breakdowns, given, canonical, periods, numbers)
    bad |= staged["category"].is_null() | unreadable | _counts_bad(numbers, types, low, high)
    key = staged.select("indicator", "period", "breakdown", "category")
    repeated = (
        key.is_duplicated() & key.select(pl.all_horizontal(pl.all().is_not_null())).to_series()
    )
    return Located(staged, (bad | repeated).arg_true().to_list())


def _pair_lookup(
    first: pl.Series, second: pl.Series, mapping: dict[tuple[str, str], bool], dtype: DataTypeLike
) -> pl.Series:
    lookup = pl.DataFrame(
        {"a": [a for a, _ in mapping], "b": [b for _, b in mapping], "v": list(mapping.values())},
        schema={"a": TEXT, "b": TEXT, "v": dtype},
    )
    return (
        pl.DataFrame({"a": first, "b": second})
        .join(lookup, on=["a", "b"], how="left", maintain_order="left")
        .get_column("v")
        .fill_null(False)
    )


def _staged(
    frame: pl.DataFrame,
    breakdowns: pl.Series,
    given: pl.Series,
    canonical: dict[tuple[str, str], str | None],
    periods: dict[str, tuple[str, float] | None],
    numbers: pl.DataFrame,
) -> pl.DataFrame:
    """The rows as the row check stages them (canonical period and category, row numbers)."""
    texts = {text: parsed[0] for text, parsed in periods.items() if parsed}
    mids = {text: parsed[1] for text, parsed in periods.items() if parsed}
    lookup = pl.DataFrame(
        {
            "b": [b for b, _ in canonical],
            "c": [c for _, c in canonical],
            "category": [canonical[key] for key in canonical],
        },
        schema={"b": TEXT, "c": TEXT, "category": TEXT},
    )
    categories = (
        pl.DataFrame({"b": breakdowns, "c": given})
        .join(lookup, on=["b", "c"], how="left", maintain_order="left")
        .get_column("category")
    )
    return pl.DataFrame(
        {
            "indicator": frame["indicator"],
            "area_code": frame["area_code"].str.to_uppercase(),
            "period": _lookup(frame["period"], texts, TEXT),
            "period_number": _lookup(frame["period"], mids, pl.Float64),
            "breakdown": breakdowns,
            "category": categories,
            "row": pl.int_range(2, frame.height + 2, eager=True),
        }
    ).hstack(numbers)


def _no_identifiers(frame: pl.DataFrame) -> bool:
    """Nothing `screen_identifiers` would refuse: no identifier column or value, not per person.

    A cell is looked at only when it could hold an identifier (a digit, and more than a short
    plain figure), and each distinct such value once.
    """
    names = set(frame.columns)
    if any(IDENTIFIER_COLUMNS.match(name) for name in names) or names & LSOA_COLUMNS:
        return False
    for column in frame.columns:
        cells = frame[column]
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
