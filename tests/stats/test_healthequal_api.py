"""healthequal's function and argument names on DataFrames, against healthequal 1.0.1 outputs.

Reference: tests/stats/data/who/outputs/bundled_*.csv (healthequal 1.0.1 on its bundled
OrderedSample and NonorderedSample data, grouped by indicator; see cases.json). Estimates of the
deterministic measures are compared at relative 1e-6 (cases.json allows 1e-6 or looser); the
others are covered by test_who_reference.py through the same engine.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import polars as pl
import pytest

from equityhub.stats import healthequal
from equityhub.stats.who import summary_measures

WHO_DATA = Path(__file__).parent / "data" / "who"
ARGS = dict(est="estimate", se="se", pop="population", favourable_indicator="favourable_indicator",
            ordered_dimension="ordered_dimension", scaleval="indicator_scale")  # fmt: skip
DETERMINISTIC = ["d", "r", "aci", "rci", "sii", "rii", "bgv", "parisk", "mld", "ti"]


@pytest.mark.parametrize(
    ("name", "extra"),
    [("OrderedSample", {"subgroup_order": "subgroup_order"}),
     ("NonorderedSample", {"reference_subgroup": "reference_subgroup"})],
)  # fmt: skip
def test_estimates_match_healthequal(name, extra):
    data = pd.read_csv(WHO_DATA / "inputs" / f"{name}.csv")
    expected = pd.read_csv(WHO_DATA / "outputs" / f"bundled_{name}.csv")
    ours = healthequal.measures(data, by="indicator", **ARGS, **extra)
    merged = ours.merge(expected.rename(columns={"estimate": "want"}).replace({"measure": {
        "cov": "covar", "par": "parisk"}}), on=["indicator", "measure"])  # fmt: skip
    assert len(merged) == len(ours) == 21 * data["indicator"].nunique()
    for row in merged.itertuples():
        if row.status == "error":
            assert math.isnan(row.estimate) or row.measure == "idisu", row.measure
            continue
        if row.measure in DETERMINISTIC:
            assert row.estimate == pytest.approx(row.want, rel=1e-6), row.measure


def test_one_function_per_measure_with_constants():
    data = pd.read_csv(WHO_DATA / "inputs" / "OrderedSample.csv")
    out = healthequal.covar(data, est="estimate", se="se", pop="population",
                            favourable_indicator=1, scaleval=100)  # fmt: skip
    assert out["measure"].tolist() == ["covar"]
    direct = summary_measures(data["estimate"], se=data["se"], population=data["population"],
                              favourable=True, scale=100, measure="cov")  # fmt: skip
    assert out["estimate"][0] == direct.value
    assert [fn.__name__ for fn in (healthequal.parisk, healthequal.r)] == ["parisk", "r"]


def test_polars_in_polars_out():
    data = pl.read_csv(WHO_DATA / "inputs" / "OrderedSample.csv")
    out = healthequal.sii(data, subgroup_order="subgroup_order", **ARGS)
    assert isinstance(out, pl.DataFrame)
    assert out.columns == ["measure", "estimate", "se", "lowerci", "upperci", "note"]


def test_bad_arguments_are_named():
    data = pd.read_csv(WHO_DATA / "inputs" / "OrderedSample.csv")
    with pytest.raises(ValueError, match="measure: 'theil'"):
        healthequal.measures(data, est="estimate", measure="theil")
    with pytest.raises(ValueError, match="scaleval: must be the same"):
        healthequal.d(data, est="estimate", scaleval="population")
    with pytest.raises(TypeError, match="favourable_indicator"):
        healthequal.d(data, est="estimate", favourable_indicator=[1])
    mixed = data.assign(favourable_indicator=np.where(data.index == 0, 2, 1))
    with pytest.raises(ValueError, match="favourable_indicator"):
        healthequal.d(mixed, est="estimate", favourable_indicator="favourable_indicator")
