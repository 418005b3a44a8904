"""Shared fixtures for the statistics tests (no Django here)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

PHE_DATA = Path(__file__).parent / "data" / "phe"
HERE = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The statistics tests touch no database: the PostgreSQL pass of `make test` skips them."""
    for item in items:
        if HERE in Path(item.path).parents:
            item.add_marker(pytest.mark.no_database)


@pytest.fixture
def phe_csv() -> Callable[..., pd.DataFrame]:
    """Read a PHEindicatormethods 2.1.0 fixture from tests/stats/data/phe (BOM-tolerant)."""

    def read(name: str, **options: Any) -> pd.DataFrame:
        return pd.read_csv(PHE_DATA / name, encoding="utf-8-sig", **options)

    return read
