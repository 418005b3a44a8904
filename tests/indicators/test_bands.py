"""A board's composition: the count is withheld, the band of its share is shown everywhere."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest

from equityhub.indicators.models import Adoption, Indicator, Result
from equityhub.indicators.results.bands import BANDS, share_band, shown_in_bands
from tests.indicators.conftest import good_rows

BOARD = "wres-board-bme-members"


@pytest.mark.parametrize(
    ("members", "board", "band"),
    [
        (0, 12, "under 25%"),  # no band of its own for none
        (2, 12, "under 25%"),
        (3, 12, "25% to under 50%"),  # exactly a quarter starts the second band
        (5, 12, "25% to under 50%"),
        (6, 12, "50% or more"),
        (12, 12, "50% or more"),  # nor for all
        (3, 0, ""),
        (3, None, ""),
        (float("nan"), 12, ""),
    ],
)
def test_share_band_edges(members: float, board: float | None, band: str) -> None:
    assert share_band(members, board) == band


def test_bands_cover_every_share_once() -> None:
    limits = [limit for limit, _ in BANDS]
    assert limits == sorted(limits) and limits[-1] == float("inf")
    assert {share_band(k, 20) for k in range(21)} == {words for _, words in BANDS}


@pytest.mark.django_db
def test_only_the_boards_own_shares_are_banded(registry: None) -> None:
    banded = {i.code for i in Indicator.objects.all() if shown_in_bands(i)}
    assert banded == {BOARD, "wdes-board-disabled-members"}


@pytest.mark.django_db
def test_a_withheld_board_share_shows_its_band_on_the_page_api_and_csv(
    upload: Any, personas: dict[str, Any], client_for: Any, organisation: Any
) -> None:
    upload(personas["member"], [[BOARD, "RZZ", "2024", "overall", "Total", 4, 13]], publish=True)
    upload(personas["member"], good_rows(period="2024"), publish=True)  # not banded
    board = Result.objects.get(indicator__code=BOARD, area_level="organisation")
    assert board.suppressed and board.numerator is None and board.denominator is None
    assert board.band == "25% to under 50%"  # 4 of 13 is 31%
    others = Result.objects.filter(indicator__code="rtt-waiting-over-18-weeks")
    assert not others.exclude(band="").exists()

    Adoption.objects.create(organisation=organisation, indicator=board.indicator)
    page = client_for(personas["owner"]).get(f"/indicators/RZZ/{BOARD}/").content.decode()
    assert "Share of the board 25% to under 50%" in page
    assert "4 of 13" not in page and ">4<" not in page and ">13<" not in page

    anonymous = client_for(None)
    rows = anonymous.get("/api/indicators/results", {"indicator": BOARD}).json()["results"]
    assert [
        (r["suppressed"], r["numerator"], r["band"]) for r in rows if r["level"] == "organisation"
    ] == [(True, None, "25% to under 50%")]
    text = anonymous.get("/api/indicators/results.csv", {"indicator": BOARD}).content.decode()
    table = list(csv.DictReader(io.StringIO(text)))
    assert {r["band"] for r in table if r["level"] == "organisation"} == {"25% to under 50%"}
