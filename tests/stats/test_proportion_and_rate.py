"""proportion_and_rate_by: one grouping, both measures, the numbers of the one-measure functions.

The reference values are PHEindicatormethods 2.1.0's own fixtures in tests/stats/data/phe/
(testdata_Proportion__testdata_Prop_g.csv and testdata_Rate__testdata_Rate_g.csv: the same
areas' counts summed over two copies), reproduced within relative 1e-9. Everything else
compares the new entry point with proportion_by and rate_by on the same random data: the
same arithmetic on the same sums, so the columns must be equal, not merely close.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import polars as pl
import pytest

from equityhub.stats.indicators import (
    counts_by,
    proportion_and_rate_by,
    proportion_by,
    rate_by,
)

RTOL = 1e-9
LEVELS = [0.95, (0.95, 0.998), None]
TYPES = ["full", "standard", "value", "lower", "upper"]


def as_pandas(frame: pd.DataFrame | pl.DataFrame) -> pd.DataFrame:
    if isinstance(frame, pl.DataFrame):
        return pd.DataFrame(frame.to_dict(as_series=False))
    return frame


def labels(methods: pd.Series) -> list[str | None]:
    """Method labels with any kind of missing value as ``None``."""
    return [m if isinstance(m, str) else None for m in methods]


def to_polars(rows: pd.DataFrame) -> pl.DataFrame:
    """Column by column (``pl.from_pandas`` needs pyarrow for text columns)."""
    return pl.DataFrame({name: rows[name].tolist() for name in rows.columns})


def random_counts(seed: int, *, rows: int = 3_000) -> pd.DataFrame:
    """Counts in groups keyed by an integer with gaps and a text code; some counts missing."""
    rng = np.random.default_rng(seed)
    denominator = rng.integers(1, 500, rows).astype(float)
    numerator = rng.binomial(denominator.astype(int), rng.uniform(0.001, 0.4, rows)).astype(float)
    numerator[rng.random(rows) < 0.01] = np.nan
    return pd.DataFrame({
        "area": rng.choice([-40, 3, 7, 19, 1_000], rows),
        "code": rng.choice(["E01", "E02", "W03", "S04"], rows),
        "x": numerator,
        "n": denominator,
    })  # fmt: skip


def one_measure(frame: pd.DataFrame, measure: str, **options: object) -> pd.DataFrame:
    function = proportion_by if measure == "proportion" else rate_by
    return as_pandas(function(frame, numerator="x", denominator="n", **options))


def renamed(single: pd.DataFrame, measure: str, keys: list[str]) -> pd.DataFrame:
    """A one-measure frame's own columns under the names the side-by-side frame gives them."""
    own = [c for c in single.columns if c not in (*keys, "x", "n", "confidence")]
    return single[own].rename(
        columns={c: measure if c == "value" else f"{measure}_{c}" for c in own}
    )


@pytest.mark.parametrize("backend", ["pandas", "polars"])
@pytest.mark.parametrize("by", [["area"], ["code", "area"]])
@pytest.mark.parametrize("confidence", LEVELS)
@pytest.mark.parametrize("names", ["equityhub", "phe"])
def test_both_measures_equal_the_one_measure_functions(backend, by, confidence, names):
    rows = random_counts(seed=len(by) * 7 + (confidence is None))
    data = to_polars(rows) if backend == "polars" else rows
    options = {"by": by, "confidence": confidence, "names": names}
    both = as_pandas(proportion_and_rate_by(data, numerator="x", denominator="n",
                                            proportion_multiplier=100, rate_multiplier=1_000,
                                            **options))  # fmt: skip
    proportions = one_measure(data, "proportion", multiplier=100, **options)
    rates = one_measure(data, "rate", multiplier=1_000, **options)
    pd.testing.assert_frame_equal(both[[*by, "x", "n"]], proportions[[*by, "x", "n"]])
    pd.testing.assert_frame_equal(both[[*by, "x", "n"]], rates[[*by, "x", "n"]])
    for measure, single in (("proportion", proportions), ("rate", rates)):
        expected = renamed(single, measure, by)
        pd.testing.assert_frame_equal(both[list(expected.columns)], expected)
    if confidence is None:
        assert "confidence" not in both.columns
    else:
        assert both["confidence"].tolist() == proportions["confidence"].tolist()
    assert both["rate"].isna().any()  # missing numerators give missing values, both ways


@pytest.mark.parametrize("shape", TYPES)
def test_every_output_type_keeps_what_the_one_measure_functions_keep(shape):
    rows = random_counts(seed=11)
    both = proportion_and_rate_by(rows, by="area", numerator="x", denominator="n",
                                  confidence=(0.95, 0.998), type=shape)  # fmt: skip
    for measure in ("proportion", "rate"):
        single = one_measure(rows, measure, by="area", confidence=(0.95, 0.998), type=shape)
        expected = renamed(single, measure, ["area"])
        pd.testing.assert_frame_equal(both[list(expected.columns)], expected)
        assert ("confidence" in both.columns) == ("confidence" in single.columns)
    own = {c for c in both.columns if c.startswith(("proportion", "rate"))}
    assert len(own) == len(both.columns) - 3 - ("confidence" in both.columns)


def test_one_measure_alone_and_the_order_of_measures():
    rows = random_counts(seed=5)
    only_rate = proportion_and_rate_by(rows, by="area", numerator="x", denominator="n",
                                       measures=["rate"])  # fmt: skip
    assert not any(c.startswith("proportion") for c in only_rate.columns)
    reversed_order = proportion_and_rate_by(rows, by="area", numerator="x", denominator="n",
                                            measures=("rate", "proportion"))  # fmt: skip
    in_order = proportion_and_rate_by(rows, by="area", numerator="x", denominator="n")
    pd.testing.assert_frame_equal(reversed_order, in_order)


def test_counts_table_equals_the_one_call():
    rows = random_counts(seed=3)
    counts = counts_by(rows, by="code", numerator="x", denominator="n")
    pd.testing.assert_frame_equal(
        counts.table(rate_multiplier=100),
        proportion_and_rate_by(rows, by="code", numerator="x", denominator="n",
                               rate_multiplier=100),
    )  # fmt: skip


@pytest.mark.parametrize("measures", [[], ["odds"], "ratio"])
def test_unknown_or_no_measures_are_refused(measures):
    rows = random_counts(seed=2)
    with pytest.raises(ValueError, match="measures: give some of proportion, rate"):
        proportion_and_rate_by(rows, by="area", numerator="x", denominator="n",
                               measures=measures)  # fmt: skip


def test_bad_rows_are_refused_naming_the_row_and_group():
    rows = pd.DataFrame({"area": [1, 1, 2], "x": [3.0, -1.0, 2.0], "n": [10.0, 10.0, 5.0]})
    with pytest.raises(ValueError, match=r"numerator: must not be negative .*row 1 .*area=1"):
        proportion_and_rate_by(rows, by="area", numerator="x", denominator="n")


def test_a_numerator_above_its_denominator_is_refused_only_for_the_proportion():
    rows = pd.DataFrame({"area": ["A", "B"], "x": [12.0, 2.0], "n": [10.0, 5.0]})
    with pytest.raises(ValueError, match=r"numerator: is above the denominator.*area='A'"):
        proportion_and_rate_by(rows, by="area", numerator="x", denominator="n")
    rates = proportion_and_rate_by(rows, by="area", numerator="x", denominator="n",
                                   measures=["rate"])  # fmt: skip
    assert rates["rate"].tolist() == [120_000.0, 40_000.0]


@pytest.mark.parametrize("backend", ["pandas", "polars"])
def test_the_reference_proportions_and_rates_from_one_grouping(phe_csv, backend):
    # Area12 of the rate fixture has more events than people, so it has no proportion: it is
    # left out, as in test_indicators.
    single = phe_csv("testdata_Proportion__testdata_Prop.csv")
    single = single[single.multiplier == 1]
    doubled = pd.concat([single, single[single.Area.str.match(r"Area\d$")]])
    rows = pd.DataFrame({"Area": doubled.Area, "x": doubled.Numerator, "n": doubled.Denominator})
    data = to_polars(rows) if backend == "polars" else rows
    both = as_pandas(proportion_and_rate_by(data, by="Area", numerator="x", denominator="n",
                                            names="phe"))  # fmt: skip
    areas = both.Area.tolist()
    want_p = phe_csv("testdata_Proportion__testdata_Prop_g.csv").set_index("Area").loc[areas]
    want_r = phe_csv("testdata_Rate__testdata_Rate_g.csv").set_index("Area").loc[areas]
    for measure, want in (("proportion", want_p), ("rate", want_r)):
        for ours, theirs in ((measure, "value"), (f"{measure}_lowercl", "lowercl"),
                             (f"{measure}_uppercl", "uppercl")):  # fmt: skip
            np.testing.assert_allclose(both[ours], want[theirs].astype(float), rtol=RTOL)
    assert labels(both["rate_method"]) == labels(want_r.method)
    assert set(both["proportion_statistic"]) == set(want_p.statistic)
    assert set(both["rate_statistic"]) == set(want_r.statistic)
