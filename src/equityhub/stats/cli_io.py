"""Reading the command line's input: a CSV file or standard input, in the encodings and with the
delimiters that analysts' tools write.

The bytes are read once and decoded here, so the same path serves a file and ``-`` (standard
input) under every supported pandas version (pandas 3 refuses ``encoding`` for text streams).
Without ``--encoding``, UTF-8 (with or without a byte-order mark) is tried first and Windows-1252
(what Excel writes on Windows as "CSV") second. Without ``--delimiter``, the header line decides:
whichever of ``,``, ``;``, tab or ``|`` it holds most of.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import Any

import pandas as pd

__all__ = ["DELIMITERS", "ENCODINGS", "ReadError", "decode", "read_table", "sniff_delimiter"]

DELIMITERS = {",": ",", ";": ";", "tab": "\t", "\\t": "\t", "|": "|"}
ENCODINGS = ("utf-8", "utf-8-sig", "windows-1252", "cp1252", "latin-1", "iso-8859-1")


class ReadError(ValueError):
    """The input cannot be read; the message names the file."""


def _raw_bytes(path: str) -> bytes:
    if path == "-":
        return sys.stdin.buffer.read()
    source = Path(path)
    if not source.exists() or source.is_dir():  # a named pipe (``<(...)``) is not a file
        raise ReadError(f"{path}: no such file")
    return source.read_bytes()


def decode(raw: bytes, encoding: str | None, *, path: str) -> str:
    """The text of the input: in ``encoding``, or UTF-8 falling back to Windows-1252."""
    if encoding is not None:
        if encoding.lower() not in ENCODINGS:
            raise ReadError(f"--encoding {encoding}: use one of {', '.join(ENCODINGS)}")
        try:
            return raw.decode(encoding).removeprefix("\ufeff")
        except UnicodeDecodeError as error:
            where = f"{error.reason} at byte {error.start}"
            raise ReadError(f"{path}: not {encoding} ({where})") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("windows-1252", errors="replace")


def sniff_delimiter(text: str, delimiter: str | None) -> str:
    """The field delimiter: as given (``tab`` for a tab), else the commonest in the header."""
    if delimiter is not None:
        if delimiter not in DELIMITERS:
            raise ReadError(f"--delimiter {delimiter!r}: use one of , ; tab |")
        return DELIMITERS[delimiter]
    header = text.split("\n", 1)[0]
    counts = {mark: header.count(mark) for mark in (",", ";", "\t", "|")}
    best = max(counts, key=lambda mark: counts[mark])
    return best if counts[best] else ","


def read_table(
    path: str, *, encoding: str | None = None, delimiter: str | None = None, polars: bool = False
) -> Any:
    """Every column of the input as text: a pandas frame, or polars when asked and installed."""
    raw = _raw_bytes(path)
    if polars and (encoding or "utf-8").lower() in ("utf-8", "utf-8-sig"):
        fast = _polars_utf8(raw, delimiter, path=path)
        if fast is not None:
            return fast
    text = decode(raw, encoding, path=path)
    if not text.strip():
        raise ReadError(f"{path}: the file is empty")
    separator = sniff_delimiter(text, delimiter)
    try:
        return pd.read_csv(io.StringIO(text), dtype=str, sep=separator, skipinitialspace=True)
    except pd.errors.ParserError as error:
        raise ReadError(f"{path}: cannot read as CSV ({error})") from None
    except pd.errors.EmptyDataError:
        raise ReadError(f"{path}: the file is empty") from None


def _polars_utf8(raw: bytes, delimiter: str | None, *, path: str) -> Any:
    """A polars frame straight from UTF-8 bytes (no decoding copy), or ``None`` to fall back."""
    try:
        import polars as pl
    except ImportError:
        return None
    body = raw.removeprefix(b"\xef\xbb\xbf")
    if not body.strip():
        raise ReadError(f"{path}: the file is empty")
    header = body.split(b"\n", 1)[0].decode("utf-8", errors="replace")
    separator = sniff_delimiter(header, delimiter)
    try:
        return pl.read_csv(body, infer_schema=False, separator=separator)
    except pl.exceptions.ComputeError:
        return None  # not UTF-8 after all: decode it as Windows-1252 below
    except pl.exceptions.PolarsError as error:
        raise ReadError(f"{path}: cannot read as CSV ({error})") from None
