"""Markup the W3C Nu checker refuses, caught where it is written: an invalid ARIA role, chart
title ids that are not valid names, and landmark roles that repeat the element's own role."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.template import engines

import equityhub

SRC = Path(equityhub.__file__).resolve().parent
TEMPLATES = sorted(SRC.rglob("*.jinja"))
# Elements that already have the landmark role, so repeating it is an error to the checker.
REDUNDANT = {
    "nav": "navigation",
    "main": "main",
    "footer": "contentinfo",
    "header": "banner",
    "aside": "complementary",
}
ID_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")


@pytest.mark.no_database
@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(SRC)))
def test_templates_use_only_valid_and_needed_roles(path: Path) -> None:
    text = path.read_text()
    assert 'role="text"' not in text, "role=text is not an ARIA role"
    for element, role in REDUNDANT.items():
        assert not re.search(rf'<{element}\b[^>]*\brole="{role}"', text), (element, role)


@pytest.mark.no_database
def test_chart_title_ids_are_valid_names() -> None:
    template = engines["jinja2"].from_string(
        "{% from \"indicators/_macros.jinja\" import ci_chart %}{{ ci_chart(title, rows, '%') }}"
    )
    row = {"label": "1", "result": {"value": 1.0, "lower_95": 0.5, "upper_95": 1.5}}
    html = template.render({"title": "Ethnicity (broad) & sex: 2024/25  ", "rows": [row]})
    labelled = re.search(r'aria-labelledby="([^"]*)"', html)
    title_id = re.search(r'<title id="([^"]*)"', html)
    assert labelled and title_id and labelled[1] == title_id[1]
    assert ID_NAME.match(title_id[1]), title_id[1]
