"""``equityhub stats``: the statistics methods on CSV files, for analysts and scripts.

Usage::

    equityhub stats METHOD INPUT.csv [options] [-o OUT.csv|OUT.json]
    python -m equityhub.stats METHOD INPUT.csv [options]

The contract (method names, options, output columns, exit status) is documented in
``docs/statistics/cli.md`` and kept stable. Output goes to standard output as CSV unless ``-o``
names a ``.csv`` or ``.json`` file. Exit status: 0 on success, 2 on bad input or options (the
message names the row, column and option), 1 on an unexpected failure.

Each method lives in a ``cli_*`` module as a :class:`Command`; this module reads the input,
dispatches and writes the output.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

import numpy as np
import pandas as pd

from equityhub.stats._checks import confidence_levels, pct_label
from equityhub.stats.cli_io import ReadError, read_table

__all__ = ["Command", "InputError", "main"]

PROG = "equityhub stats"
EXIT_OK, EXIT_FAILURE, EXIT_BAD_INPUT = 0, 1, 2
ROW_HINT = "(rows count from 0 after the header: row N is line N+2 of the file)"


class InputError(ValueError):
    """Bad input found by the command line itself; the message names line, column and option."""


@dataclasses.dataclass(frozen=True)
class Command:
    """One ``equityhub stats`` method.

    ``add_options`` adds the method's own options; ``run`` turns the input table into the
    output table. ``common`` lists the shared options it takes: ``by``, ``confidence``,
    ``multiplier`` (with ``default_multiplier``). ``fast_reader`` asks for the input as a
    polars frame with every column as text, when polars is installed.
    """

    name: str
    summary: str
    description: str
    add_options: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace, Any], Any]
    common: tuple[str, ...] = ("by", "confidence")
    default_multiplier: float | None = None
    fast_reader: bool = False


def _commands() -> list[Command]:
    from equityhub.stats import cli_indicators, cli_inequality, cli_tools

    return [*cli_indicators.COMMANDS, *cli_inequality.COMMANDS, *cli_tools.COMMANDS]


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with one sub-command per method."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Health inequality statistics on CSV files (see docs/statistics/cli.md).",
    )
    methods = parser.add_subparsers(dest="method", metavar="METHOD", required=True)
    for command in _commands():
        sub = methods.add_parser(
            command.name,
            help=command.summary,
            description=command.description,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        sub.add_argument("input", metavar="INPUT.csv", help="input CSV file ('-' reads stdin)")
        sub.add_argument("-o", "--output", metavar="OUT", help="write OUT.csv or OUT.json")
        _add_reading(sub)
        _add_common(sub, command)
        command.add_options(sub)
        sub.set_defaults(command=command)
    return parser


def _add_reading(sub: argparse.ArgumentParser) -> None:
    sub.add_argument(
        "--encoding",
        metavar="NAME",
        help="input encoding: utf-8 or windows-1252 (default: utf-8, else windows-1252)",
    )
    sub.add_argument(
        "--delimiter",
        metavar="CHAR",
        help="field delimiter: , ; tab | (default: the commonest in the header line)",
    )
    sub.add_argument(
        "--names",
        choices=("equityhub", "phe"),
        default="equityhub",
        help="limit column names: lower_95... (default) or PHEindicatormethods' lowercl...",
    )
    sub.add_argument(
        "--round",
        type=int,
        metavar="N",
        dest="round_digits",
        help="round figures to N decimal places in the output",
    )


def _add_common(sub: argparse.ArgumentParser, command: Command) -> None:
    if "by" in command.common:
        sub.add_argument(
            "--by",
            type=column_list,
            default=[],
            metavar="COL[,COL...]",
            help="group by these columns",
        )
    if "confidence" in command.common:
        sub.add_argument(
            "--confidence",
            type=number_list,
            default=[0.95],
            metavar="0.95[,0.998]",
            help="confidence levels, as fractions or percentages (default 0.95)",
        )
    if "multiplier" in command.common:
        default = command.default_multiplier
        shown = "see the method" if default is None else f"{default:g}"
        sub.add_argument(
            "--multiplier",
            type=float,
            default=default,
            metavar="N",
            help=f"multiplier (default {shown})",
        )


def column_list(text: str) -> list[str]:
    """``"a,b"`` -> ``["a", "b"]`` (argparse type)."""
    names = [name.strip() for name in text.split(",") if name.strip()]
    if not names:
        raise argparse.ArgumentTypeError("give at least one column name")
    return names


def number_list(text: str) -> list[float]:
    """``"0.95,0.998"`` -> ``[0.95, 0.998]`` (argparse type)."""
    try:
        return [float(part) for part in text.split(",") if part.strip()]
    except ValueError:
        message = f"{text!r} is not a comma-separated list of numbers"
        raise argparse.ArgumentTypeError(message) from None


def main(argv: list[str] | None = None) -> int:
    """Run ``equityhub stats`` with ``argv`` (default ``sys.argv[1:]``); return the exit status."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:
        return int(stop.code or 0)
    command: Command = args.command
    try:
        table = read_input(
            args.input,
            polars=command.fast_reader,
            encoding=args.encoding,
            delimiter=args.delimiter,
        )
        result = command.run(args, table)
        if args.names == "phe":
            result = phe_limit_names(result)
        write_output(result, args.output, sys.stdout, digits=args.round_digits)
    except (ValueError, TypeError, KeyError) as error:
        return _fail(command, error, args)
    except BrokenPipeError:  # the reader stopped early (e.g. ``| head``): not an error
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        return EXIT_OK
    except OSError as error:
        return _fail(command, InputError(f"{error.strerror or error}: {error.filename}"), args)
    return EXIT_OK


# Engine field names and the command-line option naming the column they come from.
ENGINE_FIELDS = {
    "numerator": "numerator", "denominator": "denominator", "values": "value",
    "value": "value", "x": "count", "se": "se", "lower_cl": "lower", "upper_cl": "upper",
    "quantile": "quantile", "population": "population", "deaths": "deaths",
    "startage": "start_age", "stdpop": "standard_population", "eventfreq": "event_frequency",
    "ageband": "age_band", "ref_numerator": "ref_numerator",
    "ref_denominator": "ref_denominator", "estimate": "estimate",
}  # fmt: skip


def _fail(command: Command, error: Exception, args: argparse.Namespace) -> int:
    message = str(error.args[0]) if isinstance(error, KeyError) and error.args else str(error)
    if not isinstance(error, InputError):
        message = _name_column(message, args)
        if re.search(r"\brow \d+", message):
            message = f"{message} {ROW_HINT}"
    print(f"{PROG} {command.name}: error: {message}", file=sys.stderr)
    return EXIT_BAD_INPUT


def _name_column(message: str, args: argparse.Namespace) -> str:
    """``numerator: ...`` -> ``numerator (column 'deaths', --numerator): ...``."""
    field = message.split(":", 1)[0]
    option = ENGINE_FIELDS.get(field)
    column = getattr(args, option, None) if option else None
    if not isinstance(column, str):
        return message
    flag = "--" + option.replace("_", "-") if option else ""
    return f"{field} (column {column!r}, {flag}){message[len(field) :]}"


def read_input(
    path: str, *, polars: bool = False, encoding: str | None = None, delimiter: str | None = None
) -> Any:
    """Read a CSV file or standard input (``-``) with every column as text (see ``cli_io``)."""
    try:
        return read_table(path, encoding=encoding, delimiter=delimiter, polars=polars)
    except ReadError as error:
        raise InputError(str(error)) from None


def write_output(
    table: Any, output: str | None, stdout: TextIO, *, digits: int | None = None
) -> None:
    """Write CSV to stdout, or CSV/JSON to ``output`` by its extension.

    ``digits`` rounds every float column (half to even, as numpy rounds) before writing.
    """
    frame = table if isinstance(table, pd.DataFrame) else polars_to_pandas(table)
    if digits is not None:
        if digits < 0:
            raise InputError(f"--round {digits}: give 0 or more decimal places")
        frame = frame.round(digits)
    frame = _whole_numbers(frame)
    if output is None:
        frame.to_csv(stdout, index=False, lineterminator="\n")
        return
    suffix = Path(output).suffix.lower()
    if suffix == ".csv":
        frame.to_csv(output, index=False, lineterminator="\n")
    elif suffix == ".json":
        Path(output).write_text(frame.to_json(orient="records", indent=1) + "\n")
    else:
        raise InputError(f"-o {output}: give a file ending in .csv or .json")


_LIMIT = re.compile(r"^(lower|upper)_(\d+(?:\.\d+)?)$")


def phe_limit_names(table: Any) -> Any:
    """Rename ``lower_95``/``upper_99.8`` columns to PHEindicatormethods' names."""
    from equityhub.stats.shapes import limit_names

    frame = table if isinstance(table, pd.DataFrame) else polars_to_pandas(table)
    found = [_LIMIT.match(str(name)) for name in frame.columns]
    labels = list(dict.fromkeys(match.group(2) for match in found if match))
    mapping: dict[str, str] = {}
    ours = limit_names([float(label) / 100 for label in labels])
    phe = limit_names([float(label) / 100 for label in labels], "phe")
    for (_, low, high), (_, phe_low, phe_high) in zip(ours, phe, strict=True):
        mapping[low], mapping[high] = phe_low, phe_high
    return frame.rename(columns=mapping)


def _whole_numbers(frame: pd.DataFrame) -> pd.DataFrame:
    """Write float columns holding only whole numbers (counts) without a trailing ``.0``."""
    frame = frame.copy()
    for name in frame.columns:
        values = frame[name]
        if values.dtype.kind != "f":
            continue
        known = values.to_numpy(dtype=np.float64)
        known = known[np.isfinite(known)]
        if known.size and np.all(known == np.round(known)) and np.all(np.abs(known) < 2**53):
            frame[name] = values.astype("Int64")
    return frame


def polars_to_pandas(table: Any) -> pd.DataFrame:
    return pd.DataFrame(
        {name: pd.Series(table.get_column(name).to_list(), dtype=object) for name in table.columns}
    ).convert_dtypes()


# Helpers shared by the cli_* modules ------------------------------------------------------------


def require_columns(table: pd.DataFrame, **options: str | Sequence[str] | None) -> None:
    """Check every column named by an option exists, naming the option and the columns seen."""
    for option, names in options.items():
        if names is None:
            continue
        for name in [names] if isinstance(names, str) else names:
            if name not in table.columns:
                flag = "--" + option.replace("_", "-")
                raise InputError(
                    f"column {name!r} ({flag}) is not in the input "
                    f"(columns: {', '.join(map(str, table.columns))})"
                )


def numeric(table: pd.DataFrame, column: str, option: str) -> pd.DataFrame:
    """Convert one text column to numbers in place, naming the line of the first bad value."""
    text = table[column]
    values = pd.to_numeric(text.str.replace(",", "", regex=False).str.strip(), errors="coerce")
    bad = np.flatnonzero(
        values.isna().to_numpy() & text.notna().to_numpy() & (text.str.strip() != "").to_numpy()
    )
    if bad.size:
        row = int(bad[0])
        raise InputError(
            f"line {row + 2}, column {column!r} (--{option}): {text.iloc[row]!r} is not a number"
        )
    table[column] = values.astype(np.float64)
    return table


def levels(args: argparse.Namespace) -> tuple[float, ...]:
    """The ``--confidence`` levels as fractions (validated)."""
    return confidence_levels(args.confidence)


def rename_limits(frame: pd.DataFrame, levels: tuple[float, ...]) -> list[str]:
    """Rename the engine's limit columns to ``lower_95``/``upper_99.8`` in place.

    Returns the new names, in level order.
    """
    from equityhub.stats.results import limit_column_names

    mapping: dict[str, str] = {}
    for level, lower, upper in limit_column_names(levels):
        label = pct_label(level)
        mapping[lower], mapping[upper] = f"lower_{label}", f"upper_{label}"
    frame.columns = pd.Index([mapping.get(str(name), name) for name in frame.columns])
    return list(mapping.values())


def contract(frame: pd.DataFrame, columns: Sequence[str], notes: pd.Series | None = None) -> Any:
    """Select the output columns in contract order, with a ``note`` column last."""
    out = frame[list(columns)].copy()
    out["note"] = "" if notes is None else notes.fillna("").to_numpy()
    return out
