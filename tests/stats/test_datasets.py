"""The sample data sets shipped in equityhub.stats.datasets: one loader per name, either backend."""

from __future__ import annotations

import pandas as pd
import polars as pl
import pytest

from equityhub.stats import datasets


@pytest.mark.parametrize("name", datasets.NAMES)
def test_each_loader_gives_its_data_set_in_the_backend_asked_for(name: str) -> None:
    loader = getattr(datasets, name)
    frame = loader()
    assert isinstance(frame, pd.DataFrame) and len(frame) > 0
    assert frame.equals(datasets.load(name))
    other = loader(backend="polars")
    assert isinstance(other, pl.DataFrame)
    assert other.columns == [str(column) for column in frame.columns]
    assert other.height == len(frame)
    assert name in repr(loader)


def test_an_unknown_backend_or_name_is_refused() -> None:
    with pytest.raises(ValueError, match="backend: 'arrow' is not"):
        datasets.smoking(backend="arrow")  # type: ignore[call-overload]
    with pytest.raises(ValueError, match="name: 'smokers' is not one of"):
        datasets.load("smokers")
