"""Build the ICB deprivation and ethnicity profiles shipped for the indicators demo.

Run from the repository root::

    python scripts/build_icb_deprivation_profiles.py [--source /work/shared/data]

Joins three public files on the 2021 LSOA code (standard library only):

- ``imd2025/imd2025_lsoa21.csv.gz``: IMD 2025 decile of each 2021 LSOA (MHCLG, OGL v3.0);
- ``geography/lsoa21_sicbl24_icb24.csv.gz``: LSOA 2021 → sub-ICB → ICB (April 2024, ONS, OGL v3.0);
- ``census2021/ethnicity21_lsoa21_ew.csv.gz``: Census 2021 usual residents by five ethnic groups
  (ONS table TS021, OGL v3.0).

Writes, in ``src/equityhub/indicators/data/``:

- ``icb_imd2025_deciles.csv``: one row per ICB and IMD 2025 decile (every decile, zero if the ICB
  has no LSOA in it): ``icb24_code_nhs, icb24_code, icb24_name, imd_decile, lsoas, residents``;
- ``icb_ethnicity2021.csv``: one row per ICB with its residents in the five high-level groups.

The product reads only these two files, never the source files.
"""

from __future__ import annotations

import argparse
import csv
import gzip
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "equityhub" / "indicators" / "data"
IMD = Path("imd2025") / "imd2025_lsoa21.csv.gz"
GEOGRAPHY = Path("geography") / "lsoa21_sicbl24_icb24.csv.gz"
CENSUS = Path("census2021") / "ethnicity21_lsoa21_ew.csv.gz"
ETHNIC_GROUPS = {
    "asian": "Asian, Asian British or Asian Welsh",
    "black": "Black, Black British, Black Welsh, Caribbean or African",
    "mixed": "Mixed or Multiple ethnic groups",
    "white": "White",
    "other": "Other ethnic group",
}


def _rows(path: Path) -> Iterator[dict[str, str]]:
    with gzip.open(path, "rt", encoding="utf-8-sig", newline="") as handle:
        yield from csv.DictReader(handle)


def build(source: Path) -> tuple[list[list[object]], list[list[object]]]:
    decile = {row["lsoa21_code"]: int(row["IMD_decile"]) for row in _rows(source / IMD)}
    census = {row["lsoa21_code"]: row for row in _rows(source / CENSUS)}
    icbs: dict[str, tuple[str, str]] = {}
    residents: dict[tuple[str, int], int] = defaultdict(int)
    lsoas: dict[tuple[str, int], int] = defaultdict(int)
    groups: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(ETHNIC_GROUPS, 0))
    for row in _rows(source / GEOGRAPHY):
        code, ods = row["lsoa21_code"], row["icb24_code_nhs"]
        icbs[ods] = (row["icb24_code"], row["icb24_name"])
        people = census[code]
        key = (ods, decile[code])
        residents[key] += int(people["total_residents"])
        lsoas[key] += 1
        for short, column in ETHNIC_GROUPS.items():
            groups[ods][short] += int(people[column])
    profile = [
        [ods, ons, name, d, lsoas[(ods, d)], residents[(ods, d)]]
        for ods, (ons, name) in sorted(icbs.items())
        for d in range(1, 11)
    ]
    ethnicity = [
        [ods, ons, name, *groups[ods].values()] for ods, (ons, name) in sorted(icbs.items())
    ]
    return profile, ethnicity


def write(path: Path, header: list[str], rows: list[list[object]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=Path("/work/shared/data"))
    args = parser.parse_args()
    profile, ethnicity = build(args.source)
    names = ["icb24_code_nhs", "icb24_code", "icb24_name"]
    write(OUT / "icb_imd2025_deciles.csv", [*names, "imd_decile", "lsoas", "residents"], profile)
    write(OUT / "icb_ethnicity2021.csv", [*names, *ETHNIC_GROUPS], ethnicity)
    total = sum(int(str(row[-1])) for row in profile)
    print(f"{len(ethnicity)} ICBs, {len(profile)} decile rows, {total:,} residents")


if __name__ == "__main__":
    main()
