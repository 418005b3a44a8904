"""The demo's denominators follow each ICB's real IMD 2025 and Census 2021 ethnicity profile."""

from __future__ import annotations

import csv
import gzip
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from equityhub.indicators.demo import indicators as demo
from equityhub.indicators.registry.categories import ETHNIC_CODES
from equityhub.people.models import Organisation, Region, System

SHARED = Path("/work/shared/data")
ENGLAND_RESIDENTS = 56_490_108  # Census 2021 usual residents of England (shared data README)


def _shipped(name: str) -> list[dict[str, str]]:
    with (demo.DATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_icb_has_ten_deciles_and_england_adds_up() -> None:
    rows = _shipped("icb_imd2025_deciles.csv")
    deciles: dict[str, list[int]] = {}
    for row in rows:
        deciles.setdefault(row["icb24_code_nhs"], []).append(int(row["imd_decile"]))
    assert len(deciles) == 42
    assert all(sorted(found) == list(range(1, 11)) for found in deciles.values())
    assert sum(int(row["residents"]) for row in rows) == ENGLAND_RESIDENTS
    # The ethnicity file counts the same residents, ICB by ICB.
    by_icb = Counter()
    for row in rows:
        by_icb[row["icb24_code_nhs"]] += int(row["residents"])
    for row in _shipped("icb_ethnicity2021.csv"):
        groups = sum(int(row[g]) for g in ("asian", "black", "mixed", "white", "other"))
        assert groups == by_icb[row["icb24_code_nhs"]], row["icb24_code_nhs"]


def _gz(path: Path) -> list[dict[str, str]]:
    with gzip.open(path, "rt", encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.skipif(not SHARED.exists(), reason="the shared source files are not here")
@pytest.mark.parametrize("icb", ["QE1", "QMF"])
def test_profile_matches_the_source_files(icb: str) -> None:
    lsoas = {
        r["lsoa21_code"] for r in _gz(SHARED / "geography" / "lsoa21_sicbl24_icb24.csv.gz")
        if r["icb24_code_nhs"] == icb
    }  # fmt: skip
    decile = {
        r["lsoa21_code"]: int(r["IMD_decile"])
        for r in _gz(SHARED / "imd2025" / "imd2025_lsoa21.csv.gz")
        if r["lsoa21_code"] in lsoas
    }
    expected = Counter()
    for r in _gz(SHARED / "census2021" / "ethnicity21_lsoa21_ew.csv.gz"):
        if r["lsoa21_code"] in lsoas:
            expected[decile[r["lsoa21_code"]]] += int(r["total_residents"])
    shipped = {
        int(r["imd_decile"]): int(r["residents"])
        for r in _shipped("icb_imd2025_deciles.csv")
        if r["icb24_code_nhs"] == icb
    }
    assert shipped == {d: expected[d] for d in range(1, 11)}


@pytest.fixture
def trust_in(db: None) -> Any:
    region = Region.objects.create(code="Y56", ons_code="E40000003", name="London")

    def make(icb: str) -> Organisation:
        system = System.objects.create(code=icb, ons_code=f"E54{icb}", name=icb, region=region)
        return Organisation.objects.create(
            code=f"R{icb}", name="Demo trust", kind="trust", system=system, region=region
        )

    return make


@pytest.mark.django_db
def test_demo_denominators_follow_the_icb_profile(trust_in: Any) -> None:
    from equityhub.indicators.registry.services import indicator_registry_load

    indicator_registry_load()
    trust = trust_in("QMF")  # North East London: deprived and ethnically diverse
    rows = demo._rows(trust, np.random.default_rng(7))
    profile = {
        int(r["imd_decile"]): int(r["residents"])
        for r in _shipped("icb_imd2025_deciles.csv")
        if r["icb24_code_nhs"] == "QMF"
    }
    expected = np.array([profile[d] for d in range(1, 11)], float)
    expected /= expected.sum()
    code = "rtt-waiting-over-18-weeks"
    n = Counter()
    for r in rows:
        if r[0] == code and r[3] == "deprivation_decile" and r[4] != "Unknown":
            n[int(r[4])] += r[6]
    got = np.array([n[d] for d in range(1, 11)], float)
    got /= got.sum()
    # Poisson noise on ~100,000 people over 12 quarters: shares within half a point.
    assert np.abs(got - expected).max() < 0.005
    ethnic = Counter()
    for r in rows:
        if r[0] == code and r[3] == "ethnicity":
            ethnic[r[4]] += r[6]
    census = next(r for r in _shipped("icb_ethnicity2021.csv") if r["icb24_code_nhs"] == "QMF")
    groups = {"asian": "HJKL", "black": "MNP", "mixed": "DEFG", "white": "ABC", "other": "RS"}
    total_census = sum(float(census[g]) for g in groups)
    total_rows = sum(ethnic.values())
    for group, codes in groups.items():
        share = sum(ethnic[c] for c in codes) / total_rows
        census_share = float(census[group]) / total_census * (1 - demo.NOT_STATED_SHARE)
        assert share == pytest.approx(census_share, abs=0.005), group
    assert set(ethnic) <= set(ETHNIC_CODES)
    assert len({r[2] for r in rows}) >= 12


@pytest.mark.django_db
def test_an_organisation_outside_the_icbs_takes_england(trust_in: Any) -> None:
    england = demo.deprivation_profiles()["England"]
    trust = trust_in("Q00")
    assert demo.profile_key(trust) == "England"
    assert demo.decile_shares(trust) == pytest.approx(england / england.sum())
    assert demo.ethnic_shares(trust).sum() == pytest.approx(1)
    assert "SYNTHETIC" in demo.DEMO_FILENAME
