"""Two packages whose private parts the library relies on, pinned to an exact version.

- wagtail-periodic-review: ``library/apps.py`` replaces its ``get_periodic_review_models``
  (no setting chooses the models it reports on).
- modelsearch: ``library/ranking.py`` queries its SQLite FTS5 table directly (Wagtail search
  ranks with a correlated subquery per row, far too slow on a large library).

When either package moves, these tests fail and say what to check again before the pin moves.
"""

from __future__ import annotations

import re
import tomllib
from importlib.metadata import version
from pathlib import Path

import pytest

from equityhub.library.apps import PERIODIC_REVIEW_VERSION
from equityhub.library.ranking import MODELSEARCH_VERSION

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"

PINS = [
    pytest.param(
        "wagtail-periodic-review",
        PERIODIC_REVIEW_VERSION,
        "equityhub/library/apps.py replaces get_periodic_review_models in its utils and "
        "filters modules: check that every caller still finds it there",
        id="wagtail-periodic-review",
    ),
    pytest.param(
        "modelsearch",
        MODELSEARCH_VERSION,
        "equityhub/library/ranking.py reads the FTS5 table <indexentry>_fts with columns "
        "(autocomplete, body, title) and rowid = index entry id: check its migrations",
        id="modelsearch",
    ),
]


def _declared(distribution: str) -> list[str]:
    web = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    name = re.compile(rf"^{re.escape(distribution)}\s*(\[[^]]*\])?\s*(?P<spec>[^;]*)")
    return [m["spec"].strip() for r in web["web"] if (m := name.match(r))]


@pytest.mark.parametrize(("distribution", "expected", "what_to_check"), PINS)
def test_installed_version_is_the_one_the_code_was_written_for(
    distribution: str, expected: str, what_to_check: str
) -> None:
    installed = version(distribution)
    assert installed == expected, (
        f"{distribution} {installed} is installed; the code was written for {expected}. "
        f"{what_to_check}; then change the pin in pyproject.toml and the constant beside it."
    )


@pytest.mark.parametrize(("distribution", "expected", "what_to_check"), PINS)
def test_pyproject_pins_that_exact_version(
    distribution: str, expected: str, what_to_check: str
) -> None:
    assert _declared(distribution) == [f"=={expected}"], what_to_check


def test_periodic_review_reports_on_library_items_only() -> None:
    from wagtail_periodic_review import filters, utils

    from equityhub.library.models import LibraryItem

    assert utils.get_periodic_review_models() == [LibraryItem]
    assert filters.get_periodic_review_models() == [LibraryItem]  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_the_fts5_table_has_the_columns_the_ranking_weights() -> None:
    from django.db import connection
    from wagtail.search.models import IndexEntry

    if connection.vendor != "sqlite":
        pytest.skip("the FTS5 table exists on SQLite only")
    table = f"{IndexEntry._meta.db_table}_fts"
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA table_info({connection.ops.quote_name(table)})")
        columns = [row[1] for row in cursor.fetchall()]
    assert columns == ["autocomplete", "body", "title"]
