"""The national registry loads from data, idempotently; bad files are refused by entry."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from equityhub.indicators.models import Indicator
from equityhub.indicators.registry.national import RegistryError, read_registry
from equityhub.indicators.registry.services import indicator_create_local, indicator_registry_load


def test_shipped_registry_covers_the_frameworks() -> None:
    rows = read_registry()
    tags = {tag for row in rows for tag in row["frameworks"]}
    assert {
        "core20plus5:adult:maternity",
        "core20plus5:children:asthma",
        "workforce:wres",
        "workforce:wdes",
        "priority:3",
        "statement:elective",
    } <= tags
    performance = {row["code"] for row in rows if row["is_performance"]}
    assert performance == {
        "rtt-waiting-over-18-weeks",
        "rtt-waiting-over-52-weeks",
        "ae-four-hours",
    }
    assert all(row["source"] for row in rows)
    assert any(row["type"] == "qualitative" for row in rows)
    rtt = next(row for row in rows if row["code"] == "rtt-waiting-over-18-weeks")
    assert {"deprivation_decile", "ethnicity"} <= set(rtt["breakdowns"])


@pytest.mark.django_db
def test_loading_twice_changes_nothing() -> None:
    first = indicator_registry_load()
    assert first.created == len(read_registry()) and first.updated == 0
    second = indicator_registry_load()
    assert second.created == 0 and second.updated == 0
    assert second.unchanged == first.created


@pytest.mark.django_db
def test_command_loads_and_reports() -> None:
    from io import StringIO

    out = StringIO()
    call_command("load_indicators", stdout=out)
    assert "Indicators loaded" in out.getvalue()
    assert Indicator.objects.national().filter(code="ae-four-hours").exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "indicators:\n- code: a\n  name: A\n  description: d\n  type: odd\n  polarity: "
            "neither\n  source: s\n",
            "type 'odd'",
        ),
        (
            "indicators:\n- code: a\n  name: A\n  description: d\n  type: mean\n  polarity: "
            "neither\n",
            "source is missing",
        ),
        (
            "indicators:\n- code: a\n  name: A\n  description: d\n  type: mean\n  polarity: "
            "neither\n  source: s\n  breakdowns: [colour]\n",
            "breakdown 'colour'",
        ),
        ("not a list", "expected a mapping"),
    ],
)
def test_bad_registry_entries_are_named(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    with pytest.raises(RegistryError, match=message):
        read_registry(path)


@pytest.mark.django_db
def test_local_indicator_only_by_the_team(personas: dict[str, Any], organisation: Any) -> None:
    made = indicator_create_local(
        actor=personas["member"],
        organisation=organisation,
        name="Interpreter bookings met",
        description="Share of interpreter requests met",
        type="proportion",
        polarity="higher_better",
    )
    assert made.is_local and made.code == "rzz-interpreter-bookings-met"
    with pytest.raises(PermissionDenied):
        indicator_create_local(
            actor=personas["outsider"],
            organisation=organisation,
            name="Other",
            description="",
            type="proportion",
            polarity="higher_better",
        )
    assert list(Indicator.objects.visible_to(personas["outsider"])) == []
    assert list(Indicator.objects.visible_to(personas["owner"])) == [made]
