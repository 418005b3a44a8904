"""Pages of the demo, as the public and as a lead see them, checked by the W3C Nu HTML checker
(`vnu-jar` from npm, run on a headless Java runtime): no errors."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.crawl.crawler import crawl

pytestmark = [pytest.mark.django_db, pytest.mark.conformance]
VNU = (
    Path(__file__).resolve().parents[2] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
)
# Key pages first, then what the crawl reaches from them (a couple of each address pattern).
KEY_PAGES = [
    "/", "/library/", "/library/search/?q=inequalities", "/people/", "/learning/",
    "/induction/", "/induction/activities/", "/indicators/", "/accounts/sign-in/",
]  # fmt: skip
PAGES_PER_ROLE = 60


def _pages(client: Any) -> dict[str, str]:
    pages: dict[str, str] = {}
    for path in KEY_PAGES:
        response = client.get(path)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            pages[path] = response.content.decode()
    report = crawl(client, per_pattern=1, limit=PAGES_PER_ROLE)
    for path, status in report.visited.items():
        if status != 200 or path in pages:
            continue
        response = client.get(path)
        if response["Content-Type"].startswith("text/html"):
            pages[path] = response.content.decode()
    return pages


def test_pages_have_no_html_errors(client_as: Any, tmp_path: Path) -> None:
    java = shutil.which("java")
    assert java, "the Nu checker needs a Java runtime (Debian default-jre-headless)"
    assert VNU.exists(), "the Nu checker is the npm package vnu-jar: run make install"
    files: dict[str, str] = {}
    for role in (None, "lead"):
        for path, html in _pages(client_as(role)).items():
            name = tmp_path / f"page{len(files)}.html"
            name.write_text(html)
            files[name.name] = f"{role or 'anonymous'} {path}"
    assert len(files) > 20
    run = subprocess.run(
        [java, "-Xss4m", "-jar", str(VNU), "--format", "json", "--exit-zero-always",
         *(str(tmp_path / name) for name in files)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    messages = json.loads(run.stderr)["messages"]
    errors = [
        f"{files.get(Path(m.get('url', '')).name)} line {m.get('lastLine')}: {m['message']}"
        f"\n    {m.get('extract', '')!r}"
        for m in messages
        if m["type"] in ("error", "non-document-error")
    ]
    assert not errors, f"{len(errors)} HTML errors:\n" + "\n".join(errors[:60])
