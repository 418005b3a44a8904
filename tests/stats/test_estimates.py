"""The typed result shape (Estimate) matches the frames it is read from.

Figures: PHEindicatormethods 2.1.0 phe_sii point value for area1 of testdata_SII (6.934616 on the
unrounded data; the shipped table is rounded to 2 decimals, so only the shape is compared here,
against our own sii_grouped on the same rows, exactly).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import polars as pl
import pytest

from equityhub.stats import datasets
from equityhub.stats.estimates import Estimate, sii_estimates
from equityhub.stats.shapes import ValueType
from equityhub.stats.sii import sii_grouped
from equityhub.stats.who import WHOResult, summary_measures

OPTIONS = dict(quantile="decile", population="population", value="value", lower_cl="lower",
               upper_cl="upper", rii=True, repetitions=2000)  # fmt: skip


@pytest.fixture
def two_areas():
    data = datasets.life_expectancy_deciles()
    other = data.assign(value=data["value"] + np.linspace(-2, 2, 10))
    return pd.concat([data.assign(area="A"), other.assign(area="B")], ignore_index=True)


def test_sii_estimates_read_the_grouped_frame(two_areas):
    frame = sii_grouped(two_areas, by="area", confidence=(0.95, 0.998), **OPTIONS)
    found = sii_estimates(two_areas, by="area", confidence=(0.95, 0.998),
                          value_type=ValueType.IDENTITY, **OPTIONS)  # fmt: skip
    assert [group.keys["area"] for group in found] == ["A", "B"]
    for group, (_, row) in zip(found, frame.iterrows(), strict=True):
        assert group.sii.value == row["sii"] and group.sii.se == row["sii_se"]
        assert group.sii.confidence_interval(99.8) == (row["sii_lower99_8cl"],
                                                       row["sii_upper99_8cl"])  # fmt: skip
        assert group.rii is not None
        assert group.rii.confidence_interval(0.95) == (row["rii_lower95_0cl"],
                                                       row["rii_upper95_0cl"])  # fmt: skip


def test_sii_estimates_are_the_same_from_polars_with_intercept_and_notes(two_areas):
    # Area C lacks decile 6: no SII, NaN values and the reason in the note (as phe_sii drops it).
    short = two_areas[two_areas["area"] == "A"].query("decile != 6").assign(area="C")
    data = pd.concat([two_areas, short], ignore_index=True)
    options = dict(OPTIONS, value_type=ValueType.IDENTITY)
    with pytest.warns(UserWarning, match="lack some quantiles"):
        from_pandas = sii_estimates(data, by="area", **options)
    with pytest.warns(UserWarning, match="lack some quantiles"):
        from_polars = sii_estimates(pl.from_dict(data.to_dict("list")), by="area", **options)
    frame = sii_grouped(two_areas, by="area", intercept=True, **OPTIONS)
    for found in (from_pandas, from_polars):
        assert [group.keys["area"] for group in found] == ["A", "B", "C"]
        assert [group.intercept for group in found[:2]] == frame["intercept"].tolist()
        assert [group.sii.value for group in found[:2]] == frame["sii"].tolist()
        missing = found[2]
        assert not missing.sii.available and "6" in missing.sii.note
        assert missing.rii is not None and math.isnan(missing.rii.confidence_interval()[0])


def test_estimate_refuses_unknown_levels_and_mismatched_limits():
    found = Estimate(measure="d", value=1.0, lower={0.95: 0.5}, upper={0.95: 1.5})
    with pytest.raises(ValueError, match=r"no limits at 0\.9"):
        found.confidence_interval(0.9)
    with pytest.raises(ValueError, match="same levels"):
        Estimate(measure="d", value=1.0, lower={0.95: 0.5}, upper={})
    assert not Estimate(measure="d", value=math.nan).available


def test_who_results_give_the_same_shape():
    result = summary_measures([50.0, 55.0, 60.0], se=[1.0, 1.0, 1.0], population=[10, 20, 30],
                              order=[1, 2, 3], measure="d")  # fmt: skip
    assert isinstance(result, WHOResult)
    shared = result.estimate()
    assert shared.measure == "d" and shared.value == pytest.approx(10.0)
    assert shared.confidence_interval() == (result.lower[0.95], result.upper[0.95])
