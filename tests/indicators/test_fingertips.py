"""The real Fingertips "all data" export: every problem says why, areas match by ODS or ONS code,
supplied standardised rates keep their values, and old deprivation editions are problems."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from equityhub.indicators.models import Indicator
from equityhub.indicators.returns.services import return_check

SAMPLE = Path(__file__).parent / "data" / "fingertips_93356_all_data_countyua.csv"


def _indicator(kind: str = "crude_rate") -> Indicator:
    return Indicator.objects.create(
        code="campylobacter",
        name="Campylobacter",
        description="d",
        type=kind,
        multiplier=100000,
        polarity="lower_better",
        breakdowns=["overall", "deprivation_decile", "age_band"],
        fingertips_id=93356,
        source="OHID Fingertips",
    )


def _member_of(make_user: Any, **organisation: str) -> tuple[Any, Any]:
    from equityhub.people.models import Membership, Organisation

    org = Organisation.objects.create(**organisation)
    member = make_user()
    Membership.objects.create(user=member, organisation=org, role="team_member", status="approved")
    return member, org


def _check(member: Any, org: Any) -> Any:
    return return_check(
        actor=member, organisation=org, filename="fingertips.csv", content=SAMPLE.read_bytes()
    )


@pytest.mark.django_db
def test_a_trust_is_told_the_file_holds_none_of_its_areas_and_which_types_it_holds(
    make_user: Any,
) -> None:
    _indicator()
    member, trust = _member_of(make_user, code="RQX", name="Homerton Healthcare", kind="trust")
    preview = _check(member, trust)
    assert preview.data_return is None
    text = " ".join(str(p) for p in preview.problems)
    assert "RQX" in text and "none of" in text
    for kind in ("Country", "Region", "County & UA"):
        assert kind in text


@pytest.mark.django_db
def test_an_organisation_is_matched_by_its_ons_code(make_user: Any) -> None:
    _indicator()
    member, council = _member_of(
        make_user,
        code="724",
        ons_code="E06000001",
        name="Hartlepool Borough Council",
        kind="local_authority",
    )
    preview = _check(member, council)
    assert not preview.problems, [str(p) for p in preview.problems]
    rows = preview.data_return.staged_rows
    assert {r["area_code"] for r in rows} == {"724"}
    overall = [r for r in rows if r["breakdown"] == "overall"]
    assert sorted(r["period"] for r in overall) == ["2015", "2016", "2017"]


@pytest.mark.django_db
def test_an_icb_carries_its_ons_code_from_its_system() -> None:
    from equityhub.people.models import Organisation
    from equityhub.people.services import reference_data_load

    reference_data_load()

    icb = Organisation.objects.get(kind="icb", code="QYG")
    assert icb.ons_code == "E54000008"


@pytest.mark.django_db
def test_a_supplied_standardised_rate_keeps_its_value_and_limits(make_user: Any) -> None:
    _indicator("dsr")
    member, council = _member_of(
        make_user, code="E06000001", name="Hartlepool", kind="local_authority"
    )
    preview = _check(member, council)
    assert not preview.problems, [str(p) for p in preview.problems]
    row = next(
        r
        for r in preview.data_return.staged_rows
        if r["breakdown"] == "overall" and r["period"] == "2015"
    )
    assert row["numerator"] == 132
    assert row["value"] == pytest.approx(142.7135, abs=1e-3)
    assert row["lower_95"] < row["value"] < row["upper_95"]


@pytest.mark.django_db
def test_imd_2015_deciles_are_a_problem(make_user: Any) -> None:
    _indicator()
    member, england = _member_of(make_user, code="E92000001", name="England", kind="other")
    preview = _check(member, england)
    assert preview.data_return is None
    text = " ".join(str(p) for p in preview.problems)
    assert "IMD2015" in text and "IMD 2025" in text
