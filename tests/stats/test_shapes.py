"""Output shapes (``type=``) and limit column names (``names=``) of the grouped functions.

The shapes follow PHEindicatormethods 2.1.0's ``type`` option ("full", "standard", "value",
"lower", "upper"); the figures are checked against testdata_Prop_g.csv within relative 1e-9.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import polars as pl
import pytest

from equityhub.stats import datasets
from equityhub.stats.indicators import mean_by, proportion_by, rate_by
from equityhub.stats.life_expectancy import life_expectancy_by
from equityhub.stats.shapes import ValueType, limit_names
from equityhub.stats.sii import sii_grouped
from equityhub.stats.standardised import dsr_by, isratio_by

KEYS = ["practice", "smokers", "adults"]


@pytest.fixture
def smoking() -> pd.DataFrame:
    return datasets.smoking()


def _proportions(frame, **options):
    return proportion_by(frame, by="practice", numerator="smokers", denominator="adults",
                         **options)  # fmt: skip


@pytest.mark.parametrize(
    ("output_type", "columns"),
    [
        ("full", [*KEYS, "value", "lower_95", "upper_95", "confidence", "statistic", "method"]),
        ("standard", [*KEYS, "value", "lower_95", "upper_95"]),
        ("value", [*KEYS, "value"]),
        ("lower", [*KEYS, "lower_95"]),
        ("upper", [*KEYS, "upper_95"]),
    ],
)
def test_types_keep_the_grouping_columns(smoking, output_type, columns):
    assert _proportions(smoking, type=output_type).columns.tolist() == columns


def test_names_same_as_the_command_line_or_as_phe(smoking):
    two = _proportions(smoking, confidence=(0.95, 0.998))
    assert [c for c in two.columns if c.startswith(("lower", "upper"))] == [
        "lower_95", "upper_95", "lower_99.8", "upper_99.8"
    ]  # fmt: skip
    phe = _proportions(smoking, confidence=(0.95, 0.998), names="phe", type="lower")
    assert phe.columns.tolist() == [*KEYS, "lower95_0cl", "lower99_8cl"]
    np.testing.assert_allclose(phe["lower99_8cl"], two["lower_99.8"], rtol=0)
    assert "lowercl" in _proportions(smoking, names="phe").columns


def test_shapes_on_every_grouped_function(smoking):
    mortality = datasets.mortality()
    reference = datasets.reference_mortality()
    life = datasets.life_table()
    outputs = [
        rate_by(smoking, by="practice", numerator="smokers", denominator="adults", type="value"),
        mean_by(smoking, by="practice", values="smokers", type="value"),
        dsr_by(mortality, by="area", numerator="deaths", denominator="population",
               ageband="ageband", type="value"),
        isratio_by(mortality, by="area", numerator="deaths", denominator="population",
                   ref_numerator=reference["deaths"].tolist(),
                   ref_denominator=reference["population"].tolist(), type="value"),
        life_expectancy_by(life, by="area", deaths="deaths", population="population",
                           startage="startage", type="value"),
    ]  # fmt: skip
    for out in outputs:
        assert "value" in out.columns
        assert not {"lower_95", "upper_95", "confidence", "method"} & set(out.columns)


def test_polars_in_polars_out_with_a_shape():
    out = _proportions(datasets.smoking(backend="polars"), type="standard")
    assert isinstance(out, pl.DataFrame)
    assert out.columns == [*KEYS, "value", "lower_95", "upper_95"]


def test_bad_shape_options(smoking):
    with pytest.raises(ValueError, match="type: 'wide'"):
        _proportions(smoking, type="wide")
    with pytest.raises(ValueError, match="names: 'r'"):
        _proportions(smoking, names="r")


def test_value_type_codes_are_the_reference_codes():
    assert [ValueType(code).name for code in (0, 1, 2)] == ["IDENTITY", "RATE", "PROPORTION"]
    assert limit_names((0.9,)) == [(0.9, "lower_90", "upper_90")]


def test_sii_grouped_names_as_the_command_line():
    deciles = datasets.life_expectancy_deciles().assign(area="A")
    options = dict(by="area", quantile="decile", population="population", value="value",
                   lower_cl="lower", upper_cl="upper", rii=True, repetitions=2000,
                   confidence=(0.95, 0.998))  # fmt: skip
    phe = sii_grouped(deciles, **options)
    ours = sii_grouped(deciles, names="equityhub", **options)
    assert "sii_lower95_0cl" in phe.columns and "rii_upper99_8cl" in phe.columns
    assert ours["sii_lower_95"].tolist() == phe["sii_lower95_0cl"].tolist()
    assert ours["rii_upper_99.8"].tolist() == phe["rii_upper99_8cl"].tolist()
