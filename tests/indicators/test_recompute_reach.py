"""What a commit rebuilds: an area only when its cells rest on the committing organisation's
counts; and a system shown from its board's own return is not drawn again."""

from __future__ import annotations

from typing import Any

import pytest

from equityhub.indicators.models import Indicator, Result
from equityhub.indicators.results.recompute import recompute_national
from equityhub.people.models import Membership, Organisation
from tests.indicators.test_recompute_incremental import (
    CODE,
    PERIODS,
    _commit,
    _from_scratch_equals_stored,
    _rows,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def with_board(
    personas: dict[str, Any],
    organisation: Any,
    registry: None,
    make_user: Any,
    django_capture_on_commit_callbacks: Any,
) -> dict[str, Any]:
    """Trust A (RZZ) in system Q99, whose board has made its own return for every period."""
    system = organisation.system
    board = Organisation.objects.create(
        code=system.code, name="The board", kind="icb", system=system, region=system.region
    )
    lead = make_user(full_name="Board Lead")
    Membership.objects.create(user=lead, organisation=board, role="lead", status="approved")
    capture = django_capture_on_commit_callbacks
    _commit(lead, board, _rows(system.code, scale=4), capture)
    _commit(personas["member"], organisation, _rows("RZZ"), capture)
    return {"a": organisation, "board": board, "member": personas["member"], "capture": capture}


def _areas() -> set[tuple[Any, ...]]:
    return set(
        Result.objects.filter(indicator__code=CODE, organisation__isnull=True).values_list(
            "pk", "computed_at"
        )
    )


def test_a_trusts_commit_leaves_areas_shown_from_the_boards_return(
    with_board: dict[str, Any],
) -> None:
    """The system shows its board's return, the region and England add up the system: none of
    them rests on the trust's counts, so none is rewritten, and all are still right."""
    before = _areas()
    assert before
    rows = [[*row[:5], row[5] + (1 if row[3] == "sex" else 0), row[6]] for row in _rows("RZZ")]
    _commit(with_board["member"], with_board["a"], rows, with_board["capture"])
    assert _areas() == before
    _from_scratch_equals_stored(Indicator.objects.get(code=CODE))


def test_a_trusts_commit_rebuilds_the_areas_that_add_it_up(
    with_board: dict[str, Any], make_user: Any
) -> None:
    """Without the board's return the system adds up the trusts: the trust's commit rewrites
    the system, the region and England."""
    Result.objects.filter(organisation=with_board["board"]).delete()
    with_board["board"].delete()
    recompute_national(Indicator.objects.get(code=CODE))
    before = _areas()
    _commit(with_board["member"], with_board["a"], _rows("RZZ", scale=2), with_board["capture"])
    after = _areas()
    assert before and not before & after
    _from_scratch_equals_stored(Indicator.objects.get(code=CODE))


class _Forgetful(dict[tuple[object, ...], tuple[dict[str, Any], ...]]):
    """A store of drawn figures that keeps nothing: every period is drawn."""

    def update(self, *args: Any, **kwargs: Any) -> None:
        return None


def test_a_system_shown_from_its_boards_return_draws_no_sii_again(
    with_board: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The board's cells are the system's: its SIIs are drawn once, for the board, and are the
    same figures as when every area draws its own."""
    from equityhub.indicators.results import deprivation

    drawn: list[int] = []
    draw = deprivation._draw

    def counted(table: Any, scale: float, value_type: Any) -> Any:
        drawn.append(table["period"].nunique() if not table.empty else 0)
        return draw(table, scale, value_type)

    def sii_rows() -> list[tuple[Any, ...]]:
        return sorted(
            Result.objects.filter(kind__in=["sii", "rii"]).values_list(
                "organisation__code", "area_level", "area_code", "period", "breakdown", "kind",
                "value", "se", "lower_95", "upper_95", "lower_998", "upper_998",
            ),
            key=repr,
        )  # fmt: skip

    monkeypatch.setattr(deprivation, "_draw", counted)
    monkeypatch.setattr(deprivation, "_DRAWN", _Forgetful())
    recompute_national(Indicator.objects.get(code=CODE))
    every, each_drawn = sum(drawn), sii_rows()
    drawn.clear()
    monkeypatch.setattr(deprivation, "_DRAWN", {})
    recompute_national(Indicator.objects.get(code=CODE))
    assert sii_rows() == each_drawn
    assert 0 < sum(drawn) < every
    system = Result.objects.get(
        area_level="system", area_code=with_board["board"].code, kind="sii",
        breakdown="deprivation_decile", period=PERIODS[-1],
    )  # fmt: skip
    board = Result.objects.get(
        organisation=with_board["board"], kind="sii", breakdown="deprivation_decile",
        period=PERIODS[-1],
    )  # fmt: skip
    assert (system.value, system.lower_998) == (board.value, board.lower_998)
