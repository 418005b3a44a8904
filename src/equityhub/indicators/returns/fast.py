"""The check of an upload: by columns where it can be, with the row check's own messages.

A tidy CSV file is checked by columns (`returns.columns`). When every row is clean the rows stay
in a frame for the preview and the commit. When some are not, only those rows (with the rows
they are compared with) go through the row check, which words every problem as it always has:
a file of a million rows with one wrong row makes one dict, not a million. Sums that do not add
up are worded by `returns.sums` from the rows of the cells concerned only.

None means "not for this path": the caller checks the whole file row by row. That is also the
answer whenever the column check flagged rows the row check finds nothing wrong with, so a
column check stricter than the row check only costs time, never a different answer.
"""

from __future__ import annotations

import polars as pl

from equityhub.indicators.registry.models import Indicator
from equityhub.indicators.returns.columns import HasCode, fast_check
from equityhub.indicators.returns.columns_sums import rows_not_adding_up
from equityhub.indicators.returns.parse import Table
from equityhub.indicators.returns.sums import sum_problems
from equityhub.indicators.returns.validate import Checked, Problem, check_rows


def check_by_columns(
    filename: str, content: bytes, organisation: HasCode, indicators: dict[str, Indicator]
) -> Checked | None:
    """What the row check would find in a tidy CSV file, or None to leave the file to it."""
    found = fast_check(filename, content, organisation, indicators)
    if found is None:
        return None
    frame, located, detected = found
    if located.suspects:
        rows = frame.with_columns(pl.int_range(2, frame.height + 2).cast(pl.String).alias("_row"))[
            located.suspects
        ].to_dicts()
        table = Table(filename, list(frame.columns), rows, "csv", [detected])
        checked = check_rows(table, organisation, indicators)
        return checked if checked.problems else None
    wrong = rows_not_adding_up(located.staged)
    if wrong.any():
        concerned = located.staged.filter(wrong)
        problems = [
            Problem(filename, number, column, message)
            for number, column, message in sum_problems(concerned.to_dicts())
        ]
        return Checked(problems=problems, notes=[detected]) if problems else None
    return Checked(notes=[detected], frame=located.staged)
