"""The reference data loader: real counts, idempotent, all or nothing, clear errors."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from equityhub.people import services
from equityhub.people.models import Organisation, Region, System
from equityhub.people.reference_data import DATA_DIR, ReferenceDataError

pytestmark = pytest.mark.django_db

# Trusts in the July 2025 ODS file, less the three Welsh trusts.
ENGLISH_TRUSTS = 207


def test_loads_the_real_regions_systems_and_trusts() -> None:
    report = services.reference_data_load()
    assert Region.objects.count() == 7
    assert System.objects.count() == 42
    assert Organisation.objects.filter(kind="icb").count() == 42
    assert Organisation.objects.filter(kind="trust").count() == ENGLISH_TRUSTS
    assert report.created["trusts"] == ENGLISH_TRUSTS
    london = Region.objects.get(code="Y56")
    assert (london.name, london.ons_code) == ("London", "E40000003")
    assert london.systems.count() == 5
    icb = Organisation.objects.get(code="QOP", kind="icb")
    assert icb.system.code == "QOP" and icb.start_date == datetime.date(2022, 7, 1)
    assert all(r.source for r in Region.objects.all())


def test_trust_names_dates_and_sources() -> None:
    services.reference_data_load()
    guys = Organisation.objects.get(code="RJ1")
    assert guys.name == "Guy's and St Thomas' NHS Foundation Trust"
    assert guys.system.code == "QKK" and guys.region.code == "Y56"
    assert "Organisation Data Service" in guys.source
    solent = Organisation.objects.get(code="R1C")
    assert solent.end_date == datetime.date(2024, 9, 30)
    assert not solent.is_current()
    assert Organisation.objects.current().filter(kind="trust").count() == ENGLISH_TRUSTS - 5


def test_loading_twice_changes_nothing() -> None:
    services.reference_data_load()
    before = list(Organisation.objects.values_list("code", "name", "system_id", "end_date"))
    report = services.reference_data_load()
    assert report.created == {} and report.updated == {}
    assert report.unchanged["trusts"] == ENGLISH_TRUSTS
    assert list(Organisation.objects.values_list("code", "name", "system_id", "end_date")) == before


def test_a_changed_name_is_updated_in_place(tmp_path: Path) -> None:
    services.reference_data_load()
    Organisation.objects.filter(code="RJ1").update(name="Old name")
    report = services.reference_data_load()
    assert report.updated == {"trusts": 1}
    assert Organisation.objects.get(code="RJ1").name.startswith("Guy's")


def _copy_data(tmp_path: Path) -> Path:
    for name in ("regions.csv", "systems.csv", "trusts.csv"):
        shutil.copy(DATA_DIR / name, tmp_path / name)
    return tmp_path


def test_a_bad_row_is_named_and_nothing_is_loaded(tmp_path: Path) -> None:
    directory = _copy_data(tmp_path)
    trusts = directory / "trusts.csv"
    lines = trusts.read_text().splitlines()
    lines[3] = lines[3].replace(",Y", ",Y99", 1)
    trusts.write_text("\n".join(lines) + "\n")
    with pytest.raises(ReferenceDataError, match=r"trusts.csv, row 4: region_code 'Y99\d\d'"):
        services.reference_data_load(directory=directory)
    assert Region.objects.count() == 0 and Organisation.objects.count() == 0


def test_a_bad_date_is_named(tmp_path: Path) -> None:
    directory = _copy_data(tmp_path)
    trusts = directory / "trusts.csv"
    trusts.write_text(trusts.read_text().replace("2011-04-01", "2011-13-01", 1))
    with pytest.raises(ReferenceDataError, match="start_date '2011-13-01' is not a date"):
        services.reference_data_load(directory=directory)


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(ReferenceDataError, match=r"regions\.csv: the file is missing"):
        services.reference_data_load(directory=tmp_path)


def test_a_failure_part_way_rolls_everything_back(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("database went away")

    monkeypatch.setattr(services, "_trust_values", broken)
    with pytest.raises(RuntimeError):
        services.reference_data_load()
    assert Region.objects.count() == 0 and System.objects.count() == 0


def test_command_reports_counts_and_refuses_bad_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("load_reference_data")
    assert f"trusts: {ENGLISH_TRUSTS} new" in capsys.readouterr().out
    with pytest.raises(CommandError, match="Nothing was loaded"):
        call_command("load_reference_data", directory=tmp_path)
