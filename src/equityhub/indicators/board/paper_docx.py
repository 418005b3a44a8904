"""The board paper as a Word document, in the order of the page and the PDF: on page 1 what the
board is asked to do, the headlines and the actions; then the contents and the detail."""

from __future__ import annotations

import io
from typing import Any

from equityhub.indicators.dashboard import charts


def _table(document: Any, headers: list[str], rows: list[list[str]]) -> None:
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = text
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = str(text)


def _paragraphs(document: Any, text: str) -> None:
    for paragraph in text.split("\n\n") if text else []:
        document.add_paragraph(paragraph.strip())


def _front_page(document: Any, paper: dict[str, Any]) -> None:
    document.add_heading("What the board is asked to do", level=1)
    for ask in paper["asks"]:
        document.add_paragraph(ask, style="List Number" if paper["asks_written"] else None)
    document.add_heading("Headlines", level=1)
    for line in paper["headlines"]:
        item = document.add_paragraph(style="List Bullet")
        item.add_run(f"{line['name']}: ").bold = True
        item.add_run(line["headline"])
    if not paper["quick"]:
        document.add_heading("Actions", level=1)
        if paper["actions"]:
            _table(
                document,
                ["Action", "Owner", "Due", "Progress"],
                [[a["text"], a["owner"], a["due"], a["progress"]] for a in paper["actions"]],
            )
        else:
            document.add_paragraph("No actions recorded.")


def _questions(document: Any, section: dict[str, Any]) -> None:
    if not section["questions"]:
        return
    document.add_heading("Questions to ask", level=2)
    for question in section["questions"]:
        document.add_paragraph(question["text"], style="List Number")
        document.add_paragraph(
            f"{question['kind_label']}. {question['why']} Source: {question['source']}"
            + (f" ({question['source_url']})" if question["source_url"] else "")
            + "."
        )


def _section(document: Any, section: dict[str, Any]) -> None:
    from docx.shared import Inches

    document.add_heading(section["name"], level=1)
    document.add_paragraph(
        f"{section['kind']} · owner: {section['owner']} · target: {section['target']}"
    )
    document.add_paragraph(section["headline"]).runs[0].bold = True
    _paragraphs(document, section["narrative"])
    for finding in section["findings"]:
        document.add_paragraph(finding, style="List Bullet")
    if section["comparison"]:
        document.add_heading("Compared with peers, region and England", level=2)
        _table(
            document,
            ["Area", "Compared as", "Value", "95% limits"],
            [[c["label"], c["level"], c["value"], c["limits"]] for c in section["comparison"]],
        )
    if section["kind"] != "Qualitative indicator":
        document.add_heading("Ethnicity beside deprivation", level=2)
        document.add_paragraph(section["ethnicity_text"])
    _questions(document, section)
    if section["judgements"]:
        document.add_heading("Judgements", level=2)
        _table(
            document,
            ["Period", "Rating", "Evidence"],
            [[j["period"], j["rating_label"], j["evidence"]] for j in section["judgements"]],
        )
    for chart in section["charts"]:
        document.add_heading(chart["title"], level=2)
        document.add_picture(io.BytesIO(charts.png(chart["spec"])), width=Inches(6))
        document.inline_shapes[-1]._inline.docPr.set("descr", chart["alt"])
        document.add_paragraph(f"Chart: {chart['alt']}")
        _table(document, chart["columns"], chart["rows"])


def paper_docx(paper: dict[str, Any]) -> bytes:
    from docx import Document
    from docx.enum.text import WD_BREAK

    document = Document()
    document.add_heading(paper["title"], level=0)
    document.add_paragraph(f"{paper['organisation']} · {paper['date']} · {paper['status']}")
    if paper["synthetic"]:
        document.add_paragraph(
            "Synthetic demonstration data: the figures are made up and describe no real "
            "organisation."
        ).runs[0].bold = True
    _front_page(document, paper)
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    document.add_heading("Contents", level=1)
    for part in paper["contents"]:
        document.add_paragraph(part["title"], style="List Bullet")
    document.add_heading("Summary", level=1)
    _paragraphs(document, paper["summary_text"])
    _table(
        document,
        ["Indicator", "Latest", "Deprivation gap", "Variation", "Target"],
        [[r["name"], r["latest"], r["gap"], r["variation"], r["status"]] for r in paper["summary"]],
    )
    for section in paper["sections"]:
        _section(document, section)
    document.add_heading("Methods", level=1)
    for method in paper["methods"]:
        document.add_paragraph(method, style="List Bullet")
    document.add_heading("Terms used", level=1)
    for entry in paper["glossary"]:
        document.add_paragraph(f"{entry['term']}: {entry['meaning']}", style="List Bullet")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
