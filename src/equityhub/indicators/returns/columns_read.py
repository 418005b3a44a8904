"""Reading a tidy CSV file into coded columns for the column check (`returns.columns`).

A national file has a million rows but only a few hundred distinct codes, periods, breakdowns
and categories. So each text column is read once into small integers (`Coded`) and everything
that needs Python — stripping spaces, looking codes up, the identifier screen — runs on the
distinct values only. Figures are parsed by polars as whole columns. The columns are coded in
one `select`, which polars runs on every core.

What comes out is what the row reader (`returns.parse`) would give: cells without surrounding
spaces, rows with no text at all left out, and None for anything the row check must read.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt
import polars as pl

from equityhub.indicators.returns.identifiers import identifier_kind
from equityhub.indicators.returns.parse import (
    DELIMITERS,
    IDENTIFIER_COLUMNS,
    MAX_BYTES,
    RECORD_LEVEL_MIN_ROWS,
    UnreadableFile,
    _decode,
    _delimiter,
    _normalise,
)

LSOA_COLUMNS = {"lsoa", "lsoa_code", "lsoa11cd", "lsoa21cd"}
NUMBER_COLUMNS = ("numerator", "denominator", "value", "lower_95", "upper_95")
# A figure polars reads as a number and shorter than this holds no identifier form: an NHS
# number has ten digits, and the dates and postcodes looked for have separators or letters that
# no number has (the compact CCYYMMDD date is not looked for in columns of figures).
SHORT_FIGURE = 8
Bools = npt.NDArray[np.bool_]
Ints = npt.NDArray[np.int64]
Screen = dict[str, list[str]]  # per figure column, the distinct cells to look at


@dataclass
class Coded:
    """A text column as small integers: row i holds ``names[codes[i]]`` (stripped; "" empty)."""

    codes: Ints
    names: list[str]
    as_written: bool = False  # no cell had spaces to strip
    empty: bool = True  # some cell is empty

    def flags(self, values: list[bool]) -> Bools:
        return np.asarray(values, dtype=bool)[self.codes]


@dataclass
class Cells:
    """A file's cells: the raw text (for rows the row check must see), coded text columns, and
    the figures as floats with the rows where one is unreadable or negative."""

    frame: pl.DataFrame
    text: dict[str, Coded]
    numbers: pl.DataFrame
    bad_numbers: Bools
    figure_texts: Screen

    @property
    def height(self) -> int:
        return self.frame.height


def _text_of(content: bytes) -> tuple[bytes, str, str] | None:
    """(UTF-8 bytes, encoding name, header line) as `parse._decode` reads them; None if not."""
    if content.isascii():  # most files: no need to decode 60 MB to know it is UTF-8
        line = content[: content.find(b"\n")] if b"\n" in content else content
        return content, "UTF-8", line.decode("ascii")
    try:
        text, encoding = _decode(content)
    except UnreadableFile:
        return None
    end = text.find("\n")
    header = text if end < 0 else text[:end]
    if encoding == "UTF-8":
        return content, encoding, header
    if content.startswith(codecs.BOM_UTF8):
        return content[3:], encoding, header
    return text.encode("utf-8"), encoding, header


def read_frame(filename: str, content: bytes) -> tuple[pl.DataFrame, str] | None:
    """(every cell as text as written, what was detected), or None when this path does not
    apply (an XLSX file, too large, an unknown encoding, a decimal comma, a header to rename)."""
    if filename.lower().endswith(".xlsx") or content[:2] == b"PK" or len(content) > MAX_BYTES:
        return None
    decoded = _text_of(content)
    if decoded is None:
        return None
    data, encoding, header = decoded
    delimiter = _delimiter(header)
    if delimiter == ";":  # a decimal comma: the row check reads those numbers
        return None
    try:
        frame = pl.read_csv(
            data,
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
    return frame, f"Read as CSV ({encoding}, {DELIMITERS[delimiter]}-delimited)."


def _coded(frame: pl.DataFrame, columns: list[str]) -> dict[str, Coded]:
    """Each column as codes into its distinct values, stripped as the row reader strips them."""
    if not columns or not frame.height:
        return {c: Coded(np.zeros(frame.height, np.int64), [""]) for c in columns}
    # A column holding one value (the area code of a return) needs no hashing.
    first = frame.row(0, named=True)
    single = frame.select(
        (pl.col(c) == first[c]).all(ignore_nulls=False).alias(c)  # null when a cell is empty
        if first[c] is not None
        else pl.lit(False).alias(c)
        for c in columns
    ).row(0, named=True)
    hashed = [c for c in columns if not single[c]]
    distinct = frame.select(pl.col(c).unique().implode() for c in hashed)
    given = {c: [v for v in distinct[c][0].to_list() if v is not None] for c in hashed}
    physical = frame.select(
        pl.col(c).cast(pl.Enum(given[c])).to_physical().fill_null(len(given[c])).cast(pl.Int64)
        for c in hashed
    )
    out = {}
    for column in columns:
        if single[column]:
            codes, values = np.zeros(frame.height, np.int64), [first[column]]
        else:
            codes, values = physical[column].to_numpy(), given[column]
        stripped = [value.strip() for value in values] + [""]  # the last: empty cells
        names = list(dict.fromkeys(stripped))
        if len(names) < len(stripped):  # " RZZ" and "RZZ" are one value once stripped
            number = {name: i for i, name in enumerate(names)}
            codes = np.asarray([number[s] for s in stripped], np.int64)[codes]
        as_written = stripped[:-1] == values
        empty = "" in stripped[:-1] or bool(frame[column].null_count())
        out[column] = Coded(codes, names, as_written, empty)
    return out


def _figures(frame: pl.DataFrame, columns: list[str]) -> tuple[pl.DataFrame, Bools, Screen]:
    """(the figure columns as floats, rows with one unreadable or negative, the cells the
    identifier screen must see: long ones, and any polars does not read as a plain figure).

    Polars reads a plain figure exactly as Python's float does, and refuses anything with
    spaces, thousands commas or other text: only a column with such a cell is read the slow way
    (`_figures_slowly`). Every column is parsed in one `select`, on every core.
    """
    parsed = frame.select(pl.col(c).cast(pl.Float64, strict=False) for c in columns)
    out, bad, screen = [], np.zeros(frame.height, bool), {}
    for column in columns:
        text, values = frame[column], parsed[column]
        long = text.str.len_bytes() >= SHORT_FIGURE
        if values.null_count() > text.null_count():  # some cell is not a plain figure
            long |= values.is_null() & text.is_not_null()
            values, unreadable = _figures_slowly(text)
            bad |= unreadable
        screen[column] = [v.strip() for v in text.filter(long).unique().to_list()]
        out.append(values)
    figures = pl.DataFrame(out)
    wrong = [~pl.col(c).is_finite() for c in columns]
    wrong += [pl.col(c) < 0 for c in columns if c in ("numerator", "denominator")]
    if wrong:
        bad |= figures.select(pl.any_horizontal(wrong).fill_null(False)).to_series().to_numpy()
    return figures, bad, screen


def _figures_slowly(text: pl.Series) -> tuple[pl.Series, Bools]:
    """A figure column read as the row check reads it (spaces stripped, thousands commas
    dropped), and its unreadable cells."""
    cleaned = text.fill_null("").str.strip_chars()
    if cleaned.str.contains(",", literal=True).any():
        cleaned = cleaned.str.replace_all(",", "", literal=True).str.strip_chars()
    values = cleaned.cast(pl.Float64, strict=False)
    return values.alias(text.name), ((cleaned.str.len_bytes() > 0) & values.is_null()).to_numpy()


def _blank_rows(frame: pl.DataFrame, text: dict[str, Coded]) -> Bools | None:
    """Rows with no text in any cell (left out, as the row reader leaves them out), or None."""
    blank = np.ones(frame.height, bool)
    for column in frame.columns:
        if column in text:
            coded = text[column]
            blank &= coded.flags([not name for name in coded.names])
        else:
            cells = frame[column]
            blank &= (cells.is_null() | (cells.str.strip_chars().str.len_bytes() == 0)).to_numpy()
        if not blank.any():
            return None
    return blank


def read_cells(frame: pl.DataFrame) -> Cells:
    """The frame's text columns coded and its figures parsed, blank rows left out."""
    figures = [c for c in NUMBER_COLUMNS if c in frame.columns]
    text = _coded(frame, [c for c in frame.columns if c not in NUMBER_COLUMNS])
    blank = _blank_rows(frame, text)
    if blank is not None:
        kept = ~blank
        frame = frame.filter(pl.Series(kept))
        text = {c: replace(coded, codes=coded.codes[kept]) for c, coded in text.items()}
    parsed, bad, screen = _figures(frame, figures)
    numbers = pl.DataFrame(
        [
            parsed[c]
            if c in figures
            else pl.repeat(None, frame.height, dtype=pl.Float64, eager=True).alias(c)
            for c in NUMBER_COLUMNS
        ]
    )
    return Cells(frame, text, numbers, bad, screen)


def no_identifiers(cells: Cells) -> bool:
    """Nothing `parse.screen_identifiers` would refuse: no identifier column or value, not one
    row per person. Each distinct value that could hold an identifier is looked at once."""
    names = set(cells.frame.columns)
    if any(IDENTIFIER_COLUMNS.match(name) for name in names) or names & LSOA_COLUMNS:
        return False
    looked_at = {c: coded.names for c, coded in cells.text.items()} | cells.figure_texts
    for column, values in looked_at.items():
        for value in values:
            if identifier_kind(column, value):  # quick for the plain figures most cells are
                return False
    if cells.height >= RECORD_LEVEL_MIN_ROWS and "denominator" in names:
        return not _every_denominator_one(cells)
    return True


def _every_denominator_one(cells: Cells) -> bool:
    """Whether every denominator is written "1" or "1.0" (one row per person)."""
    if not (cells.numbers["denominator"] == 1).fill_null(False).all():
        return False  # some denominator is not 1 whatever it is written as
    written = cells.frame["denominator"].fill_null("").str.strip_chars()
    return bool(written.is_in(["1", "1.0"]).all())
