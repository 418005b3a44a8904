"""Every Python example in docs/statistics runs as written and prints what the page says.

Each page's ```python blocks are run in order in one namespace, as doctests (so a page may build
on its earlier blocks). A block without ``>>>`` prompts would not be checked, so it is refused.
The modules' own docstring examples run too.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import equityhub.stats

DOCS = Path(__file__).resolve().parents[2] / "docs" / "statistics"
PAGES = sorted(DOCS.glob("*.md"))
BLOCK = re.compile(r"```python\n(.*?)```", re.S)
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


@pytest.fixture(autouse=True)
def fixed_display():
    # The printed tables in the pages were made at this width.
    display = pd.option_context("display.width", 100, "display.max_columns", 12)
    with display, np.printoptions(legacy=False):
        yield


def test_the_pages_are_found():
    assert len(PAGES) >= 6, PAGES


@pytest.mark.parametrize("page", PAGES, ids=[page.name for page in PAGES])
def test_page_examples_run(page: Path):
    blocks = BLOCK.findall(page.read_text(encoding="utf-8"))
    for number, block in enumerate(blocks, start=1):
        assert ">>> " in block, f"{page.name}: python block {number} has no >>> examples"
    text = "\n".join(blocks)
    test = doctest.DocTestParser().get_doctest(text, {}, page.name, str(page), 0)
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    runner.run(test)
    assert runner.failures == 0, f"{runner.failures} example(s) in {page.name} failed (see above)"


def _modules() -> list[str]:
    found = pkgutil.walk_packages(equityhub.stats.__path__, "equityhub.stats.")
    return sorted(info.name for info in found if not info.name.endswith("__main__"))


@pytest.mark.parametrize("name", _modules())
def test_docstring_examples_run(name: str):
    module = importlib.import_module(name)
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    for test in doctest.DocTestFinder().find(module, name):
        runner.run(test)
    assert runner.failures == 0, f"{runner.failures} docstring example(s) in {name} failed"
