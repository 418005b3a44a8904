"""The board paper as PDF (checked by qpdf, through pikepdf) and as Word (python-docx), and the
induction pack PDF, made from the demo."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from docx import Document

from equityhub.people.models import Membership

pytestmark = [pytest.mark.django_db, pytest.mark.conformance]


def _lead_organisation(demo_user: Any) -> str:
    membership = Membership.objects.filter(user=demo_user("lead"), role="lead").first()
    assert membership is not None
    return str(membership.organisation.code)


def _qpdf_problems(pdf: bytes, tmp_path: Path) -> list[str]:
    """qpdf's own check: the command when installed, else the same library through pikepdf."""
    if shutil.which("qpdf"):
        path = tmp_path / "paper.pdf"
        path.write_bytes(pdf)
        run = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
        return [] if run.returncode == 0 else [run.stdout + run.stderr]
    with pikepdf.open(io.BytesIO(pdf)) as document:
        return [str(problem) for problem in document.check_pdf_syntax()]


def test_board_paper_pdf_passes_qpdf_check(client_as: Any, demo_user: Any, tmp_path: Path) -> None:
    url = f"/indicators/{_lead_organisation(demo_user)}/board-paper/"
    response = client_as("lead").get(url, {"format": "pdf"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert _qpdf_problems(response.content, tmp_path) == []
    with pikepdf.open(io.BytesIO(response.content)) as document:
        assert len(document.pages) >= 1


def test_board_paper_word_opens_in_python_docx(client_as: Any, demo_user: Any) -> None:
    url = f"/indicators/{_lead_organisation(demo_user)}/board-paper/"
    response = client_as("lead").get(url, {"format": "docx"})
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Summary" in headings
    summary = document.tables[0]
    assert [c.text for c in summary.rows[0].cells][-1] == "Target"
    for row in summary.rows[1:]:
        status = row.cells[-1].text
        assert status[:1] == status[:1].upper(), status  # the label as the page prints it


def test_induction_pack_pdf_passes_qpdf_check(client_as: Any, tmp_path: Path) -> None:
    response = client_as("lead").get("/induction/plan/induction-pack.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert _qpdf_problems(response.content, tmp_path) == []
