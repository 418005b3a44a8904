"""Read and check the reference data shipped with the package (regions, ICBs, trusts).

Reading is kept apart from writing (`services.reference_data_load`) so that a bad file is
rejected, with the file, row and field named, before anything touches the database.
The files are built by `scripts/build_people_data.py` from public ODS and ONS files.
"""

from __future__ import annotations

import csv
import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
REGIONS_FILE = "regions.csv"
SYSTEMS_FILE = "systems.csv"
TRUSTS_FILE = "trusts.csv"


class ReferenceDataError(ValueError):
    """A reference file is missing, or a row in it is not usable."""


@dataclass(frozen=True)
class RegionRow:
    code: str
    ons_code: str
    name: str
    source: str


@dataclass(frozen=True)
class SystemRow:
    code: str
    ons_code: str
    name: str
    region_code: str
    start_date: datetime.date | None
    source: str


@dataclass(frozen=True)
class TrustRow:
    code: str
    name: str
    region_code: str
    system_code: str
    start_date: datetime.date | None
    end_date: datetime.date | None
    source: str


@dataclass(frozen=True)
class ReferenceData:
    regions: list[RegionRow]
    systems: list[SystemRow]
    trusts: list[TrustRow]


def _rows(path: Path, columns: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (row number, row) with every column present and stripped; row 1 is the header."""
    if not path.is_file():
        raise ReferenceDataError(f"{path.name}: the file is missing")
    with path.open(newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        missing = [c for c in columns if c not in (reader.fieldnames or [])]
        if missing:
            raise ReferenceDataError(f"{path.name}: missing column(s) {', '.join(missing)}")
        for number, row in enumerate(reader, start=2):
            yield number, {c: (row.get(c) or "").strip() for c in columns}


def _required(path: Path, number: int, row: dict[str, str], *names: str) -> None:
    for name in names:
        if not row[name]:
            raise ReferenceDataError(f"{path.name}, row {number}: {name} is empty")


def _date(path: Path, number: int, name: str, value: str) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise ReferenceDataError(
            f"{path.name}, row {number}: {name} {value!r} is not a date (YYYY-MM-DD)"
        ) from None


def _known(path: Path, number: int, name: str, value: str, known: set[str]) -> None:
    if value not in known:
        raise ReferenceDataError(f"{path.name}, row {number}: {name} {value!r} is not known")


def _no_repeats(path: Path, codes: list[str]) -> None:
    seen: set[str] = set()
    for number, code in enumerate(codes, start=2):
        if code in seen:
            raise ReferenceDataError(f"{path.name}, row {number}: code {code!r} appears twice")
        seen.add(code)


def read_regions(path: Path) -> list[RegionRow]:
    rows = []
    for number, row in _rows(path, ("code", "ons_code", "name", "source")):
        _required(path, number, row, "code", "name", "source")
        rows.append(RegionRow(**row))
    _no_repeats(path, [r.code for r in rows])
    return rows


def read_systems(path: Path, region_codes: set[str]) -> list[SystemRow]:
    rows = []
    columns = ("code", "ons_code", "name", "region_code", "start_date", "source")
    for number, row in _rows(path, columns):
        _required(path, number, row, "code", "name", "region_code", "source")
        _known(path, number, "region_code", row["region_code"], region_codes)
        start = _date(path, number, "start_date", row["start_date"])
        rows.append(
            SystemRow(
                code=row["code"],
                ons_code=row["ons_code"],
                name=row["name"],
                region_code=row["region_code"],
                start_date=start,
                source=row["source"],
            )
        )
    _no_repeats(path, [r.code for r in rows])
    return rows


def read_trusts(path: Path, region_codes: set[str], system_codes: set[str]) -> list[TrustRow]:
    columns = ("code", "name", "region_code", "system_code", "start_date", "end_date", "source")
    rows = []
    for number, row in _rows(path, columns):
        _required(path, number, row, "code", "name", "region_code", "system_code", "source")
        _known(path, number, "region_code", row["region_code"], region_codes)
        _known(path, number, "system_code", row["system_code"], system_codes)
        start = _date(path, number, "start_date", row["start_date"])
        end = _date(path, number, "end_date", row["end_date"])
        if start and end and end < start:
            raise ReferenceDataError(f"{path.name}, row {number}: end_date is before start_date")
        rows.append(
            TrustRow(
                code=row["code"],
                name=row["name"],
                region_code=row["region_code"],
                system_code=row["system_code"],
                start_date=start,
                end_date=end,
                source=row["source"],
            )
        )
    _no_repeats(path, [r.code for r in rows])
    return rows


def read_reference_data(directory: Path = DATA_DIR) -> ReferenceData:
    """Read and check all three files; raise ReferenceDataError naming the first problem."""
    regions = read_regions(directory / REGIONS_FILE)
    region_codes = {r.code for r in regions}
    systems = read_systems(directory / SYSTEMS_FILE, region_codes)
    trusts = read_trusts(directory / TRUSTS_FILE, region_codes, {s.code for s in systems})
    return ReferenceData(regions=regions, systems=systems, trusts=trusts)
