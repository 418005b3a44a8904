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

from typing import Any

from equityhub.indicators.registry.models import Indicator
from equityhub.indicators.returns.columns import HasCode, Located, fast_check
from equityhub.indicators.returns.columns_read import Cells
from equityhub.indicators.returns.columns_sums import rows_not_adding_up
from equityhub.indicators.returns.parse import Table
from equityhub.indicators.returns.staging import summary_of
from equityhub.indicators.returns.sums import sum_problems
from equityhub.indicators.returns.validate import Checked, Problem, check_rows


def check_by_columns(
    filename: str, content: bytes, organisation: HasCode, indicators: dict[str, Indicator]
) -> Checked | None:
    """What the row check would find in a tidy CSV file, or None to leave the file to it."""
    found = fast_check(filename, content, organisation, indicators)
    if found is None:
        return None
    cells, located, detected = found
    if located.suspects:
        table = Table(filename, list(cells.frame.columns), _rows(cells, located), "csv", [detected])
        checked = check_rows(table, organisation, indicators)
        return checked if checked.problems else None
    wrong = rows_not_adding_up(located.staged, located.sums)
    if wrong.any():
        concerned = located.staged.filter(wrong)
        problems = [
            Problem(filename, number, column, message)
            for number, column, message in sum_problems(concerned.to_dicts())
        ]
        return Checked(problems=problems, notes=[detected]) if problems else None
    return Checked(notes=[detected], frame=located.staged, summary=located.summary)


def frame_summary(checked: Checked) -> list[dict[str, Any]]:
    """Rows per indicator and breakdown of a check's frame: as the check counted them, or as
    `staging.summary_of` counts them."""
    if checked.summary is not None:
        return checked.summary
    return [] if checked.frame is None else summary_of(checked.frame)


def _rows(cells: Cells, located: Located) -> list[dict[str, str]]:
    """The flagged rows as the row reader gives them: stripped text, "" for empty, numbered."""
    picked = cells.frame[located.suspects].to_dicts()
    # Python's strip, as the row reader strips (polars counts a few control characters apart)
    return [
        {**{k: (v or "").strip() for k, v in row.items()}, "_row": str(index + 2)}
        for index, row in zip(located.suspects, picked, strict=True)
    ]
