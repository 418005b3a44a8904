"""Small sample data sets for trying the methods, shipped inside the package.

Each loader returns a fresh pandas DataFrame (``backend="polars"`` for a polars one, when
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
from typing import TYPE_CHECKING, Literal, overload

import pandas as pd

if TYPE_CHECKING:
    import polars as pl

__all__ = [
    "NAMES",
    "Loader",
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


@overload
def load(name: str, *, backend: Literal["pandas"] = "pandas") -> pd.DataFrame: ...
@overload
def load(name: str, *, backend: Literal["polars"]) -> pl.DataFrame: ...
def load(name: str, *, backend: Backend = "pandas") -> pd.DataFrame | pl.DataFrame:
    """One sample data set by name, as a pandas (default) or polars DataFrame.

    Raises
    ------
    ValueError
        An unknown name or backend.
    """
    return _read(name, backend)


def _read(name: str, backend: str) -> pd.DataFrame | pl.DataFrame:
    """The data set from its CSV; the name and backend checked here, once for every caller."""
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


class Loader:
    """One data set's loader: ``loader()`` gives a pandas DataFrame, ``backend="polars"`` a
    polars one; typed so that each call's result has the type of the backend asked for."""

    def __init__(self, name: str, description: str) -> None:
        self.name = name
        self.__doc__ = description

    @overload
    def __call__(self, *, backend: Literal["pandas"] = "pandas") -> pd.DataFrame: ...
    @overload
    def __call__(self, *, backend: Literal["polars"]) -> pl.DataFrame: ...
    def __call__(self, *, backend: Backend = "pandas") -> pd.DataFrame | pl.DataFrame:
        return _read(self.name, backend)

    def __repr__(self) -> str:
        return f"<sample data set {self.name!r}: {self.__doc__}>"


smoking = Loader("smoking", "Smokers and adults by GP practice and IMD quintile (synthetic).")
mortality = Loader("mortality", "Deaths and population by area and ESP 2013 age band (synthetic).")
reference_mortality = Loader(
    "reference_mortality",
    "National deaths and population by age band, for indirect standardisation (synthetic).",
)
life_table = Loader(
    "life_table", "Deaths and population by life-table band for one area (synthetic)."
)
life_expectancy_deciles = Loader(
    "life_expectancy_deciles",
    "Life expectancy by deprivation decile with 95% limits (PHEindicatormethods example).",
)
screening_by_deprivation = Loader(
    "screening_by_deprivation",
    "People screened and eligible by year and IMD quintile (synthetic).",
)
ethnicity = Loader(
    "ethnicity", "Screening coverage by ethnic group with standard errors (synthetic)."
)
survey = Loader("survey", "Individual survey records with design variables (synthetic).")
