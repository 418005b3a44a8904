"""Run the XLSX reader in a child process with a time limit and a memory limit (from settings).

The web process and the task worker call this; neither parses a workbook itself. A file that
needs more time or memory than allowed ends its own child process, and the caller gets a clear
`XlsxRefused` instead of a stalled worker or an exhausted server.
"""

from __future__ import annotations

import json
import subprocess
import sys

from django.conf import settings

from equityhub.indicators.returns.xlsx_reader import XlsxLimits, XlsxRefused, limits_argument


def configured_limits() -> XlsxLimits:
    return XlsxLimits(
        max_uncompressed_bytes=settings.XLSX_MAX_UNCOMPRESSED_BYTES,
        max_ratio=settings.XLSX_MAX_COMPRESSION_RATIO,
        max_rows=settings.XLSX_MAX_ROWS,
        max_columns=settings.XLSX_MAX_COLUMNS,
        max_cells=settings.XLSX_MAX_CELLS,
    )


def read_limited(content: bytes) -> tuple[str, list[list[str]], str]:
    """The data sheet's name, rows as text and a note on formulas, read by a child process
    under the limits."""
    seconds = settings.XLSX_PARSE_SECONDS
    command = [
        sys.executable,
        "-I",  # ignore the environment's PYTHON* variables and the working directory
        "-m",
        "equityhub.indicators.returns.xlsx_reader",
        str(settings.XLSX_PARSE_MEMORY_MB * 1024 * 1024),
        str(seconds),
        limits_argument(configured_limits()),
    ]
    try:
        done = subprocess.run(
            command, input=content, capture_output=True, timeout=seconds, check=False
        )
    except subprocess.TimeoutExpired as error:
        raise XlsxRefused(
            f"the spreadsheet took longer than {seconds} s to read; save it as CSV, or split it"
        ) from error
    if done.returncode != 0 or not done.stdout:
        # Killed by its CPU limit, or aborted when an allocation over its memory limit failed.
        raise XlsxRefused(
            "the spreadsheet needs more memory or time to read than is allowed; "
            "save it as CSV, or split it"
        )
    answer = json.loads(done.stdout)
    if "refused" in answer:
        raise XlsxRefused(answer["refused"])
    rows: list[list[str]] = answer["rows"]
    return str(answer["sheet"]), rows, str(answer.get("note", ""))
