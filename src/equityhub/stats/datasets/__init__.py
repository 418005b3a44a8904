"""Small sample data sets for trying the methods, shipped inside the package.

Each function returns a fresh pandas DataFrame (``backend="polars"`` for a polars one, when
polars is installed). All but ``life_expectancy_deciles`` are synthetic: made up with a fixed
random seed to look like NHS data, never real people. The first lines of each CSV say what it
holds.

=============================  ==================================================================
data set                       for
=============================  ==================================================================
``smoking``                    proportions by practice and deprivation quintile
``mortality``                  directly standardised rates (19 ESP 2013 age bands per area)
``reference_mortality``        the reference rates for indirectly standardised ratios
``life_table``                 life expectancy (20 life-table bands)
``life_expectancy_deciles``    slope index of inequality (10 deprivation deciles with limits)
``screening_by_deprivation``   ordered WHO measures and trends (years by IMD quintile)
``ethnicity``                  non-ordered WHO measures (ethnic groups, with a reference group)
``survey``                     survey-design WHO measures (individual records)
=============================  ==================================================================

Examples
--------
>>> from equityhub.stats import datasets
>>> datasets.smoking().head(3)
  practice  imd_quintile  smokers  adults
0   A81001             1      184     788
1   A81001             2       54     284
2   A81001             3       49     223
"""

from __future__ import annotations

from importlib import resources
from typing import Any, Literal

import pandas as pd

__all__ = [
    "NAMES",
    "ethnicity",
    "life_expectancy_deciles",
    "life_table",
    "load",
    "mortality",
    "reference_mortality",
    "screening_by_deprivation",
    "smoking",
    "survey",
]

Backend = Literal["pandas", "polars"]

#: The names :func:`load` knows.
NAMES: tuple[str, ...] = (
    "ethnicity",
    "life_expectancy_deciles",
    "life_table",
    "mortality",
    "reference_mortality",
    "screening_by_deprivation",
    "smoking",
    "survey",
)


def load(name: str, *, backend: Backend = "pandas") -> Any:
    """One sample data set by name, as a pandas (default) or polars DataFrame.

    Raises
    ------
    ValueError
        An unknown name or backend.
    """
    if name not in NAMES:
        raise ValueError(f"name: {name!r} is not one of {', '.join(NAMES)}")
    if backend not in ("pandas", "polars"):
        raise ValueError(f"backend: {backend!r} is not 'pandas' or 'polars'")
    path = resources.files(__name__) / f"{name}.csv"
    with resources.as_file(path) as file:
        if backend == "pandas":
            return pd.read_csv(file, comment="#", dtype={"ageband": str})
        import polars as pl

        return pl.read_csv(file, comment_prefix="#", schema_overrides={"ageband": pl.String})


def smoking(*, backend: Backend = "pandas") -> Any:
    """Smokers and adults by GP practice and IMD quintile (synthetic)."""
    return load("smoking", backend=backend)


def mortality(*, backend: Backend = "pandas") -> Any:
    """Deaths and population by area and ESP 2013 age band (synthetic)."""
    return load("mortality", backend=backend)


def reference_mortality(*, backend: Backend = "pandas") -> Any:
    """National deaths and population by age band, for indirect standardisation (synthetic)."""
    return load("reference_mortality", backend=backend)


def life_table(*, backend: Backend = "pandas") -> Any:
    """Deaths and population by life-table band for one area (synthetic)."""
    return load("life_table", backend=backend)


def life_expectancy_deciles(*, backend: Backend = "pandas") -> Any:
    """Life expectancy by deprivation decile with 95% limits (PHEindicatormethods example)."""
    return load("life_expectancy_deciles", backend=backend)


def screening_by_deprivation(*, backend: Backend = "pandas") -> Any:
    """People screened and eligible by year and IMD quintile (synthetic)."""
    return load("screening_by_deprivation", backend=backend)


def ethnicity(*, backend: Backend = "pandas") -> Any:
    """Screening coverage by ethnic group with standard errors (synthetic)."""
    return load("ethnicity", backend=backend)


def survey(*, backend: Backend = "pandas") -> Any:
    """Individual survey records with design variables (synthetic)."""
    return load("survey", backend=backend)
