"""An edit to what an indicator's figures are computed from (type, multiplier, polarity)
recomputes every stored figure from scratch: no stored SII is kept because its cells look the
same, and no organisation is left as it was because the next commit does not reach it."""

from __future__ import annotations

from typing import Any

import pytest

from equityhub.indicators.models import Indicator, Result
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
def two_trusts(
    personas: dict[str, Any],
    organisation: Any,
    registry: None,
    make_user: Any,
    django_capture_on_commit_callbacks: Any,
) -> dict[str, Any]:
    """Trust A (RZZ) and trust B (RYY) in the same system, both with results stored."""
    b = Organisation.objects.create(
        code="RYY", name="B", kind="trust", system=organisation.system, region=organisation.region
    )
    lead = make_user(full_name="Lead B")
    Membership.objects.create(user=lead, organisation=b, role="lead", status="approved")
    capture = django_capture_on_commit_callbacks
    _commit(lead, b, _rows("RYY", scale=2), capture)
    _commit(personas["member"], organisation, _rows("RZZ"), capture)
    return {"a": organisation, "b": b, "lead_b": lead, "capture": capture}


def _sii(**where: Any) -> float:
    row = Result.objects.get(
        indicator__code=CODE, kind="sii", breakdown="deprivation_decile", period=PERIODS[-1],
        **where,
    )  # fmt: skip
    assert row.value is not None
    return float(row.value)


def test_a_new_multiplier_recomputes_every_figure(two_trusts: dict[str, Any]) -> None:
    indicator = Indicator.objects.get(code=CODE)
    before = _sii(organisation=two_trusts["a"]), _sii(area_level="england")
    with two_trusts["capture"](execute=True):
        indicator.multiplier = indicator.multiplier * 10
        indicator.save()
    # The SII is on the scale of the values: ten times the multiplier, ten times the SII.
    after = _sii(organisation=two_trusts["a"]), _sii(area_level="england")
    assert after == pytest.approx([10 * value for value in before], rel=1e-6)
    _from_scratch_equals_stored(indicator)


def test_a_commit_after_a_new_type_keeps_no_stale_sii(two_trusts: dict[str, Any]) -> None:
    """B commits the same counts again after the edit: what is stored for A, B and the areas
    is still what a recomputation of everything gives."""
    indicator = Indicator.objects.get(code=CODE)
    with two_trusts["capture"](execute=True):
        indicator.type = "crude_rate"
        indicator.save()
    _commit(two_trusts["lead_b"], two_trusts["b"], _rows("RYY", scale=2), two_trusts["capture"])
    methods = set(
        Result.objects.filter(indicator=indicator, kind="category").values_list("method", flat=True)
    )
    assert methods and not methods & {"Wilson score"}
    _from_scratch_equals_stored(indicator)


def test_an_edit_to_the_words_recomputes_nothing(two_trusts: dict[str, Any]) -> None:
    indicator = Indicator.objects.get(code=CODE)
    stored = set(Result.objects.filter(indicator=indicator).values_list("pk", "computed_at"))
    with two_trusts["capture"](execute=True):
        indicator.name = "A clearer name"
        indicator.description = "Said more plainly."
        indicator.save()
    assert set(Result.objects.filter(indicator=indicator).values_list("pk", "computed_at")) == (
        stored
    )


def test_a_change_back_and_forth_within_one_save_recomputes_nothing(
    two_trusts: dict[str, Any],
) -> None:
    indicator = Indicator.objects.get(code=CODE)
    stored = set(Result.objects.filter(indicator=indicator).values_list("pk", "computed_at"))
    with two_trusts["capture"](execute=True):
        indicator.multiplier = indicator.multiplier * 10
        indicator.multiplier = indicator.multiplier / 10
        indicator.save()
    assert set(Result.objects.filter(indicator=indicator).values_list("pk", "computed_at")) == (
        stored
    )
