"""Build the compact IMD lookups shipped in ``equityhub.stats`` from the public source files.

Run from the repository root::

    python scripts/build_imd_lookups.py [--source /work/shared/data]

Writes ``src/equityhub/stats/data/imd2025_lsoa21.csv.gz`` and ``imd2019_lsoa11.csv.gz`` with the
columns ``lsoa_code,imd_rank,imd_decile`` (rank 1 and decile 1 = most deprived), sorted by code.
Sources: English Indices of Deprivation 2025 and 2019 (MHCLG), Open Government Licence v3.0; see
``src/equityhub/stats/data/SOURCES.md``. The package never reads the source files.
"""

from __future__ import annotations

import argparse
import gzip
import io
from pathlib import Path

import pandas as pd

OUT = Path(__file__).resolve().parents[1] / "src" / "equityhub" / "stats" / "data"
IMD2025 = Path("imd2025") / "imd2025_lsoa21.csv.gz"
IMD2019 = Path("imd2019") / "File_1_-_IMD2019_Index_of_Multiple_Deprivation.csv.gz"


def read_imd2025(source: Path) -> pd.DataFrame:
    raw = pd.read_csv(source / IMD2025, usecols=["lsoa21_code", "IMD_rank", "IMD_decile"])
    return raw.rename(
        columns={"lsoa21_code": "lsoa_code", "IMD_rank": "imd_rank", "IMD_decile": "imd_decile"}
    )


def read_imd2019(source: Path) -> pd.DataFrame:
    raw = pd.read_csv(source / IMD2019, encoding="utf-8-sig", thousands=",", dtype=str)
    columns = {
        "LSOA code (2011)": "lsoa_code",
        "Index of Multiple Deprivation (IMD) Rank": "imd_rank",
        "Index of Multiple Deprivation (IMD) Decile": "imd_decile",
    }
    table = raw[list(columns)].rename(columns=columns)
    for name in ("imd_rank", "imd_decile"):
        table[name] = pd.to_numeric(table[name].str.replace(",", ""), errors="raise")
    return table


def check(table: pd.DataFrame, *, rows: int, name: str) -> pd.DataFrame:
    table = table.sort_values("lsoa_code").reset_index(drop=True)
    problems = []
    if len(table) != rows:
        problems.append(f"{len(table)} rows, expected {rows}")
    if table["lsoa_code"].duplicated().any():
        problems.append("duplicated LSOA codes")
    if not table["lsoa_code"].str.fullmatch(r"E01\d{6}").all():
        problems.append("codes that are not English LSOAs")
    if not table["imd_rank"].between(1, rows).all():
        problems.append("ranks outside 1..n")
    ties = int(table["imd_rank"].duplicated().sum())
    if ties:
        print(f"{name}: {ties} LSOAs share a published rank with another (kept as published)")
    if not table["imd_decile"].between(1, 10).all():
        problems.append("deciles outside 1-10")
    by_rank = table.sort_values("imd_rank")["imd_decile"].to_numpy()
    sizes = table["imd_decile"].value_counts()
    if (by_rank[1:] < by_rank[:-1]).any() or sizes.max() - sizes.min() > 2:
        problems.append("deciles are not tenths of the ranks")
    if problems:
        raise SystemExit(f"{name}: " + "; ".join(problems))
    table = table[["lsoa_code", "imd_rank", "imd_decile"]]
    return table.astype({"imd_rank": "int64", "imd_decile": "int64"})


def write(table: pd.DataFrame, path: Path) -> None:
    text = table.to_csv(index=False, lineterminator="\n").encode()
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0, compresslevel=9) as handle:
        handle.write(text)
    path.write_bytes(buffer.getvalue())
    print(f"wrote {path} ({len(table)} LSOAs, {path.stat().st_size:,} bytes)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=Path("/work/shared/data"))
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    imd2025 = check(read_imd2025(args.source), rows=33755, name="IMD 2025")
    imd2019 = check(read_imd2019(args.source), rows=32844, name="IMD 2019")
    write(imd2025, OUT / "imd2025_lsoa21.csv.gz")
    write(imd2019, OUT / "imd2019_lsoa11.csv.gz")


if __name__ == "__main__":
    main()
