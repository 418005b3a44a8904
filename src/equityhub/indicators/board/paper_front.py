"""The first page of a board paper: what the board is asked to do, one headline per indicator and
the actions with owners and dates, then a contents list. Built for a board member with twenty
minutes: everything needed to take part in the item is here, the detail follows.

Headlines are chosen from the drafted findings (`findings.headline`), never written here.
"""

from __future__ import annotations

from typing import Any

NO_ASKS = (
    "The team has not yet written what the board is asked to do: read the headlines and "
    "actions below, and use the questions to ask under each indicator."
)
NO_ETHNICITY = "The figures shown do not name an ethnic group worse off than White British."


def asks_of(text: str) -> list[str]:
    """One ask a line, empty lines dropped."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def anchor(code: str) -> str:
    return f"indicator-{code}"


def with_defaults(section: dict[str, Any]) -> dict[str, Any]:
    """A section as the paper prints it; papers frozen before a field existed get its default."""
    findings = section.get("findings") or []
    found = {
        "target": "none set",
        "headline": findings[1] if len(findings) > 1 else (findings[0] if findings else ""),
        "comparison": [],
        "ethnicity": "",
        "questions": [],
        **section,
        "anchor": anchor(section["code"]),
        "ethnicity_text": section.get("ethnicity") or NO_ETHNICITY,
    }
    found["comparison_rows"] = [
        [c["label"], c["level"], c["value"], c["limits"]] for c in found["comparison"]
    ]
    found["judgement_rows"] = [
        [j["period"], j["rating_label"], j["evidence"]] for j in found.get("judgements") or []
    ]
    return found


def summary_rows(summary: list[dict[str, str]]) -> list[list[str]]:
    return [[r["name"], r["latest"], r["gap"], r["variation"], r["status"]] for r in summary]


def contents(sections: list[dict[str, Any]], *, quick: bool) -> list[dict[str, str]]:
    """The paper's parts in order, each with the id of its heading on the page."""
    found = [{"title": "What the board is asked to do", "anchor": "asks"}]
    found.append({"title": "Headlines", "anchor": "headlines"})
    if not quick:
        found.append({"title": "Actions", "anchor": "actions"})
    found.append({"title": "Summary table", "anchor": "summary"})
    found += [{"title": s["name"], "anchor": s["anchor"]} for s in sections]
    found += [
        {"title": "Methods", "anchor": "methods"},
        {"title": "Terms used", "anchor": "terms"},
    ]
    return found


def headlines(sections: list[dict[str, Any]]) -> list[dict[str, str]]:
    return [
        {
            "name": s["name"],
            "headline": s["headline"],
            "owner": s["owner"],
            "anchor": s["anchor"],
        }
        for s in sections
    ]
