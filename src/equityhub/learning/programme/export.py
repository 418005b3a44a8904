"""The programme view for England as a CSV file or an Excel workbook.

Every cell passes through `core.spreadsheet`, so a name that starts with `=` stays text.
"""

from __future__ import annotations

from collections.abc import Sequence

from equityhub.core.spreadsheet import csv_bytes, xlsx_bytes
from equityhub.learning.programme.columns import LEAD_COLUMNS
from equityhub.learning.programme.england import OrganisationRow

BASE_COLUMNS = (
    "organisation_code",
    "organisation",
    "type",
    "system",
    "region",
    "lead",
    "lead_since",
)
PARTICIPATION_COLUMNS = (
    "learning_sets",
    "communities",
    "collaboratives",
    "buddy",
    "last_signed_in",
)


def header() -> list[str]:
    return [*BASE_COLUMNS, *LEAD_COLUMNS, *PARTICIPATION_COLUMNS]


def _row(row: OrganisationRow) -> list[object]:
    organisation = row.organisation
    return [
        organisation.code,
        organisation.name,
        organisation.get_kind_display(),
        organisation.system.name if organisation.system else "",
        row.region.name if row.region else "",
        str(row.lead) if row.lead else "",
        row.lead_since.isoformat() if row.lead_since else "",
        *row.extra,
        "; ".join(row.sets),
        "; ".join(row.communities),
        "; ".join(row.collaboratives),
        row.buddy,
        row.last_active.date().isoformat() if row.last_active else "",
    ]


def england_csv(rows: Sequence[OrganisationRow]) -> bytes:
    return csv_bytes(header(), (_row(row) for row in rows))


def england_xlsx(rows: Sequence[OrganisationRow]) -> bytes:
    return xlsx_bytes("Organisations", header(), (_row(row) for row in rows))
