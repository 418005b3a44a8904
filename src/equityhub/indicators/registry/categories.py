"""Categories allowed in each breakdown, the unknown ones, and periods as people write them."""

from __future__ import annotations

import re

ETHNIC_CODES = (*tuple("ABCDEFGHJKLMNPRS"), "Z", "99")
ETHNIC_NAMES = {
    "A": "White: British",
    "B": "White: Irish",
    "C": "White: any other White background",
    "D": "Mixed: White and Black Caribbean",
    "E": "Mixed: White and Black African",
    "F": "Mixed: White and Asian",
    "G": "Mixed: any other mixed background",
    "H": "Asian or Asian British: Indian",
    "J": "Asian or Asian British: Pakistani",
    "K": "Asian or Asian British: Bangladeshi",
    "L": "Asian or Asian British: any other Asian",
    "M": "Black or Black British: Caribbean",
    "N": "Black or Black British: African",
    "P": "Black or Black British: any other Black",
    "R": "Other ethnic groups: Chinese",
    "S": "Other ethnic groups: any other",
    "Z": "Not stated",
    "99": "Not known",
}
TOTAL = "Total"
UNKNOWN = "Unknown"
AGE_BAND = re.compile(r"^(\d{1,3}-\d{1,3}|\d{1,3}\+)$")
DECILES = tuple(str(n) for n in range(1, 11))
QUINTILES = tuple(str(n) for n in range(1, 6))
# The NHS Data Dictionary's broad groups of the ethnic category codes; Z and 99 are unknown.
ETHNIC_GROUPS = {
    "White": "ABC",
    "Mixed": "DEFG",
    "Asian": "HJKL",
    "Black": "MNP",
    "Other": "RS",
}
ETHNIC_GROUP_NAMES = {
    "White": "White",
    "Mixed": "Mixed or multiple ethnic groups",
    "Asian": "Asian or Asian British",
    "Black": "Black or Black British",
    "Other": "Other ethnic groups",
}
# The category vocabulary of each breakdown, in the order pages list them (age bands are open:
# any "0-4" or "85+" band is allowed and sorted by its first age).
ALLOWED: dict[str, tuple[str, ...]] = {
    "overall": (TOTAL,),
    "deprivation_decile": (*DECILES, UNKNOWN),
    "deprivation_quintile": (*QUINTILES, UNKNOWN),
    "ethnicity": ETHNIC_CODES,
    "ethnic_group": (*ETHNIC_GROUPS, UNKNOWN),
    "sex": ("Female", "Male", UNKNOWN),
    "disability": ("Disabled", "Not disabled", UNKNOWN),
}
# Breakdowns whose categories nest inside another breakdown's: each detailed category belongs to
# exactly one broad one, so a broad count is the sum of its detailed counts (disclosure control
# must see these sums, or a broad count minus the published detail gives a hidden cell away).
NESTED_IN: dict[str, tuple[str, dict[str, str]]] = {
    "deprivation_decile": (
        "deprivation_quintile",
        {**{d: str((int(d) + 1) // 2) for d in DECILES}, UNKNOWN: UNKNOWN},
    ),
    "ethnicity": (
        "ethnic_group",
        {
            **{code: group for group, codes in ETHNIC_GROUPS.items() for code in codes},
            "Z": UNKNOWN,
            "99": UNKNOWN,
        },
    ),
}
UNKNOWN_CATEGORIES = {UNKNOWN, "Z", "99"}
SYNONYMS = {
    "overall": {"all": TOTAL, "persons": TOTAL, "total": TOTAL},
    "sex": {
        "f": "Female",
        "m": "Male",
        "female": "Female",
        "male": "Male",
        "not known": UNKNOWN,
        "unknown": UNKNOWN,
    },
    # The WDES publishes "Non-disabled" and "Unknown/null".
    "disability": {
        "non-disabled": "Not disabled",
        "non disabled": "Not disabled",
        "unknown/null": UNKNOWN,
    },
}


def normalise_category(breakdown: str, category: str) -> str | None:
    """The category in its canonical spelling, or None when the breakdown does not allow it."""
    text = category.strip()
    if text.lower() in SYNONYMS.get(breakdown, {}):
        return SYNONYMS[breakdown][text.lower()]
    if text.lower() == "unknown":
        text = UNKNOWN
    if breakdown == "age_band":
        return text if AGE_BAND.match(text) or text == UNKNOWN else None
    if breakdown == "ethnicity":
        text = text.upper()
    if breakdown == "ethnic_group":
        text = next((g for g in ALLOWED[breakdown] if g.lower() == text.lower()), text)
    if text.endswith(".0") and text[:-2].isdigit():
        text = text[:-2]
    return text if text in ALLOWED.get(breakdown, ()) else None


def is_unknown(category: str) -> bool:
    return category in UNKNOWN_CATEGORIES


def category_label(breakdown: str, category: str) -> str:
    """Words for a category on a page, e.g. "1 (most deprived)"."""
    if breakdown == "ethnicity":
        return f"{category} – {ETHNIC_NAMES.get(category, category)}"
    if breakdown == "ethnic_group":
        return ETHNIC_GROUP_NAMES.get(category, category)
    if breakdown.startswith("deprivation") and category.isdigit():
        last = "10" if breakdown == "deprivation_decile" else "5"
        if category == "1":
            return "1 (most deprived)"
        if category == last:
            return f"{last} (least deprived)"
    return category


def category_sort_key(breakdown: str, category: str) -> tuple[int, float, str]:
    """Total first, then the vocabulary's order (age bands by first age), unknowns last.

    Only categories are sorted with it: summary measures are results of another kind.
    """
    if category == TOTAL:
        return (0, 0, "")
    if is_unknown(category):
        return (2, 0, category)
    vocabulary = ALLOWED.get(breakdown, ())
    if category in vocabulary:
        return (1, vocabulary.index(category), category)
    leading = re.match(r"\d+", category)
    return (1, float(leading.group()) if leading else 0, category)


PERIOD_YEAR = re.compile(r"^(\d{4})$")
PERIOD_FINANCIAL = re.compile(r"^(\d{4})[-/](\d{2})$")
PERIOD_QUARTER = re.compile(r"^(\d{4})-?Q([1-4])$", re.IGNORECASE)
PERIOD_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def parse_period(text: str) -> tuple[str, float] | None:
    """A period's canonical text and mid-point in years; None when it is not a period.

    Accepted: ``2024`` (calendar year), ``2024-25`` or ``2024/25`` (financial year, April to
    March), ``2024-Q1`` (calendar quarter), ``2024-03`` (month).
    """
    value = text.strip()
    if match := PERIOD_YEAR.match(value):
        return value, int(match[1]) + 0.5
    if (match := PERIOD_FINANCIAL.match(value)) and int(match[2]) == (int(match[1]) + 1) % 100:
        return f"{match[1]}-{match[2]}", int(match[1]) + 0.75
    if match := PERIOD_QUARTER.match(value):
        return f"{match[1]}-Q{match[2]}", int(match[1]) + (int(match[2]) - 1) / 4 + 0.125
    if (match := PERIOD_MONTH.match(value)) and 1 <= int(match[2]) <= 12:
        return value, int(match[1]) + (int(match[2]) - 0.5) / 12
    return None
