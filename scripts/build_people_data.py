"""Build the reference data shipped in ``equityhub.people`` from the public source files.

Run from the repository root::

    python scripts/build_people_data.py [--source /work/shared/data]

Writes three CSVs to ``src/equityhub/people/data/``, each row carrying its ``source``:

- ``regions.csv``: the 7 NHS England regions (ODS Y code, current ONS E40 code, name);
- ``systems.csv``: the 42 integrated care boards (ODS Q code, ONS E54 code, name, region, and
  the date they were established);
- ``trusts.csv``: English NHS trusts from the ODS ``etr.csv`` file, with open and close dates.

Welsh trusts (national grouping W00) are left out: they have no NHS England region or ICB.
The package never reads the source files.
"""

from __future__ import annotations

import argparse
import csv
import re
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "equityhub" / "people" / "data"

REGION_SOURCE = (
    "NHS England regions: ODS national grouping codes, ONS E40 codes (July 2022), OGL v3.0"
)
SYSTEM_SOURCE = (
    "ONS LSOA (2021) to Sub-ICB Location to ICB (April 2024) lookup; region from ODS etr.csv "
    "(July 2025), OGL v3.0"
)
# The Health and Care Act 2022 established all 42 ICBs on 1 July 2022.
ICB_START_DATE = "2022-07-01"
TRUST_SOURCE = "NHS England Organisation Data Service, NHS trusts (etr.csv), July 2025, OGL v3.0"

# Words kept in capitals, and short words kept in lower case inside a name.
UPPER_WORDS = {"NHS", "UK"}
LOWER_WORDS = {"and", "of", "the", "for", "upon", "on", "in", "at"}


def _title_word(word: str, *, first: bool) -> str:
    if word.upper() in UPPER_WORDS:
        return word.upper()
    lower = word.lower()
    if not first and lower in LOWER_WORDS:
        return lower
    # Capitalise each hyphenated part ("weston-super-mare"); str.capitalize keeps "King's".
    return "-".join(part.capitalize() for part in lower.split("-"))


def title_case(name: str) -> str:
    """ODS names are upper case: "GUY'S AND ST THOMAS' NHS..." → "Guy's and St Thomas' NHS..."."""
    words = re.split(r"(\s+)", name.strip())
    out = []
    for index, word in enumerate(words):
        out.append(word if word.isspace() else _title_word(word, first=index == 0))
    return "".join(out)


def ods_date(value: str) -> str:
    """YYYYMMDD → ISO date ("" stays "")."""
    value = value.strip()
    return f"{value[:4]}-{value[4:6]}-{value[6:]}" if value else ""


def build_regions(source: Path) -> list[dict[str, str]]:
    with (source / "nhs_orgs" / "nhs_regions.csv").open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return [
        {
            "code": row["nhser_code_nhs"],
            "ons_code": row["nhser_code_ons"],
            "name": row["nhser_name"],
            "source": REGION_SOURCE,
        }
        for row in sorted(rows, key=lambda r: r["nhser_code_nhs"])
    ]


def build_systems(source: Path) -> list[dict[str, str]]:
    with (source / "nhs_orgs" / "icb24_regions.csv").open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return [
        {
            "code": row["icb24_code_nhs"],
            "ons_code": row["icb24_code"],
            "name": row["icb24_name"],
            "region_code": row["nhser_code_nhs"],
            "start_date": ICB_START_DATE,
            "source": SYSTEM_SOURCE,
        }
        for row in sorted(rows, key=lambda r: r["icb24_code_nhs"])
    ]


def build_trusts(source: Path) -> list[dict[str, str]]:
    # ODS layout, no header: 0 code, 1 name, 2 region (Y), 3 ICB (Q), 10 open, 11 close.
    with (source / "nhs_orgs" / "etr_2025-07.csv").open(newline="", encoding="ascii") as f:
        rows = list(csv.reader(f))
    return [
        {
            "code": row[0],
            "name": title_case(row[1]),
            "region_code": row[2],
            "system_code": row[3],
            "start_date": ods_date(row[10]),
            "end_date": ods_date(row[11]),
            "source": TRUST_SOURCE,
        }
        for row in sorted(rows, key=lambda r: r[0])
        if row[2] != "W00"
    ]


def write(name: str, rows: list[dict[str, str]]) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with (OUT / name).open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{name}: {len(rows)} rows")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=Path("/work/shared/data"))
    args = parser.parse_args()
    regions, systems = build_regions(args.source), build_systems(args.source)
    trusts = build_trusts(args.source)
    if len(regions) != 7 or len(systems) != 42:
        raise SystemExit(f"Expected 7 regions and 42 ICBs, got {len(regions)} and {len(systems)}")
    write("regions.csv", regions)
    write("systems.csv", systems)
    write("trusts.csv", trusts)


if __name__ == "__main__":
    main()
