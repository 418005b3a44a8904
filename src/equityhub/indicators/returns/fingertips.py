"""The Fingertips "all data" CSV, rewritten as tidy rows for one organisation's areas.

Fingertips names areas by ONS code (E54 for ICBs, E06/E08/E09/E10 for local authorities) and
trusts rarely appear at all, so an organisation matches by its ODS code or its ONS code, and a
file that holds none of its areas says which area types it does hold.
"""

from __future__ import annotations

import re
from typing import Any

from equityhub.indicators.registry.categories import TOTAL
from equityhub.indicators.registry.models import Indicator
from equityhub.indicators.returns.parse import Table
from equityhub.indicators.returns.validate import IMD_VERSIONS, Problem

ORDINALS = {
    "most": 1,
    "second most": 2,
    "third more": 3,
    "fourth more": 4,
    "fifth more": 5,
    "fifth less": 6,
    "fourth less": 7,
    "third less": 8,
    "second least": 9,
    "least": 10,
}
QUINTILE_ORDINALS = {"most": 1, "second most": 2, "middle": 3, "second least": 4, "least": 5}
DEPRIVED = re.compile(r"^(?P<ordinal>[a-z ]+?) deprived (?P<kind>decile|quintile)", re.IGNORECASE)
IMD_EDITION = re.compile(r"IMD\s*(\d{4})", re.IGNORECASE)
# Types the platform computes from counts itself (see compute.category_frame); for any other
# type (directly standardised rates, means) Fingertips' own value and limits are the result.
COMPUTED_FROM_COUNTS = ("proportion", "crude_rate", "isr", "count")


def _breakdown(row: dict[str, str]) -> tuple[str, str] | None:
    kind, category = row["Category Type"].strip(), row["Category"].strip()
    if not kind:
        age = row.get("Age", "").strip()
        if row.get("Sex", "Persons").strip() not in ("Persons", ""):
            return "sex", row["Sex"].strip()
        if age and age != "All ages":
            return "age_band", age.replace(" yrs", "").replace("+ yrs", "+")
        return "overall", TOTAL
    match = DEPRIVED.match(category)
    if "deprivation" in kind.lower() and match:
        table = ORDINALS if match["kind"].lower() == "decile" else QUINTILE_ORDINALS
        number = table.get(match["ordinal"].lower())
        if number is not None:
            return f"deprivation_{match['kind'].lower()}", str(number)
    return None


def _old_edition(row: dict[str, str]) -> str | None:
    """The IMD edition a deprivation breakdown names, when it is not the current one."""
    found = IMD_EDITION.search(row["Category Type"]) or IMD_EDITION.search(row["Category"])
    return found[1] if found and found[1] not in IMD_VERSIONS else None


def _area_codes(organisation: Any) -> set[str]:
    codes = {organisation.code.strip().upper()}
    if getattr(organisation, "ons_code", ""):
        codes.add(organisation.ons_code.strip().upper())
    return codes


def _none_of_ours(table: Table, organisation: Any) -> Problem:
    types: dict[str, set[str]] = {}
    for row in table.rows:
        types.setdefault(row.get("Area Type", "").strip() or "unnamed", set()).add(
            row["Area Code"].strip()
        )
    held = "; ".join(f"{kind} ({len(codes)} areas)" for kind, codes in types.items())
    looked = " or ".join(sorted(_area_codes(organisation)))
    return Problem(
        table.filename,
        0,
        "",
        f"the file holds none of {organisation.name}'s areas (no rows for {looked}). "
        f"It holds these area types: {held}. Download the Fingertips file for the area type "
        "that covers this organisation, or upload it for the organisation whose area it holds",
    )


def fingertips_to_tidy(
    table: Table, organisation: Any, indicators: dict[str, Indicator]
) -> list[Problem]:
    """Rewrite a Fingertips table in place as tidy rows for this organisation's areas only.

    Returns the problems only the Fingertips columns can show (old IMD editions, no area of
    this organisation); the tidy rows are checked like any other return afterwards.
    """
    by_id = {str(i.fingertips_id): i for i in indicators.values() if i.fingertips_id}
    ours = _area_codes(organisation)
    tidy: list[dict[str, str]] = []
    problems: list[Problem] = []
    other_areas = unsupported = 0
    first_kind: dict[str, str] = {}
    for number, row in enumerate(table.rows, start=2):
        if row["Area Code"].strip().upper() not in ours:
            other_areas += 1
            continue
        found = _breakdown(row)
        if (
            found is None
            or first_kind.setdefault(found[0], row["Category Type"]) != row["Category Type"]
        ):
            unsupported += 1
            continue
        if found[0].startswith("deprivation") and (edition := _old_edition(row)):
            problems.append(
                Problem(
                    table.filename,
                    number,
                    "Category Type",
                    f"{row['Category Type'].strip()!r} uses IMD{edition}: deprivation deciles "
                    "and quintiles must come from IMD 2025 (on 2021 LSOAs) so periods and "
                    "organisations compare. Leave these rows out or download the IMD 2025 "
                    "breakdown",
                    row["Category Type"].strip(),
                )
            )
            continue
        indicator = by_id.get(row["Indicator ID"].strip())
        supplied = not row.get("Count") or (
            indicator is not None and indicator.type not in COMPUTED_FROM_COUNTS
        )
        tidy.append(
            {
                "_row": str(number),
                "indicator": indicator.code
                if indicator is not None
                else f"fingertips:{row['Indicator ID']}",
                "area_code": organisation.code,
                "period": row["Time period"],
                "breakdown": found[0],
                "category": found[1],
                "numerator": row.get("Count", ""),
                "denominator": row.get("Denominator", ""),
                "value": row.get("Value", "") if supplied else "",
                "lower_95": row.get("Lower CI 95.0 limit", "") if supplied else "",
                "upper_95": row.get("Upper CI 95.0 limit", "") if supplied else "",
            }
        )
    if other_areas == len(table.rows):
        problems.append(_none_of_ours(table, organisation))
    elif other_areas:
        table.notes.append(f"{other_areas} rows for other areas were left out.")
    if unsupported:
        table.notes.append(
            f"{unsupported} rows with breakdowns Equity Hub does not use were left out."
        )
    table.rows = tidy
    table.columns = list(tidy[0]) if tidy else []
    return problems
