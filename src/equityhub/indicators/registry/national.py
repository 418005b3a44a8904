"""Reading the national indicator registry from the data file shipped in the package."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from equityhub.indicators.registry.models import Breakdown, FigureTwoClass, IndicatorType, Polarity

REGISTRY_FILE = Path(__file__).parent.parent / "data" / "national_indicators.yaml"
REQUIRED = ("code", "name", "description", "type", "polarity", "source")
FIELDS = {
    "code",
    "name",
    "description",
    "type",
    "multiplier",
    "unit",
    "polarity",
    "numerator",
    "denominator",
    "breakdowns",
    "frameworks",
    "figure_two_class",
    "is_performance",
    "fingertips_id",
    "source",
}


class RegistryError(ValueError):
    """The registry file has a problem; the message names the entry and field."""


def _choice(entry: dict[str, Any], name: str, choices: Any, where: str) -> None:
    value = entry.get(name)
    if value not in choices.values:
        allowed = ", ".join(choices.values)
        raise RegistryError(f"{where}: {name} {value!r} is not one of {allowed}")


def _row(entry: dict[str, Any], defaults: dict[str, Any], where: str) -> dict[str, Any]:
    unknown = set(entry) - FIELDS
    if unknown:
        raise RegistryError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
    for name in REQUIRED:
        if not str(entry.get(name) or "").strip():
            raise RegistryError(f"{where}: {name} is missing")
    _choice(entry, "type", IndicatorType, where)
    _choice(entry, "polarity", Polarity, where)
    if entry.get("figure_two_class"):
        _choice(entry, "figure_two_class", FigureTwoClass, where)
    breakdowns = list(entry.get("breakdowns", defaults.get("breakdowns", ["overall"])))
    for breakdown in breakdowns:
        if breakdown not in Breakdown.values:
            raise RegistryError(f"{where}: breakdown {breakdown!r} is not known")
    return {
        "code": str(entry["code"]),
        "name": str(entry["name"]).strip(),
        "description": str(entry["description"]).strip(),
        "type": entry["type"],
        "multiplier": float(entry.get("multiplier", 100)),
        "unit": str(entry.get("unit", "")),
        "polarity": entry["polarity"],
        "numerator_definition": str(entry.get("numerator", "")).strip(),
        "denominator_definition": str(entry.get("denominator", "")).strip(),
        "breakdowns": breakdowns,
        "frameworks": [str(tag) for tag in entry.get("frameworks", [])],
        "figure_two_class": entry.get("figure_two_class", ""),
        "is_performance": bool(entry.get("is_performance", False)),
        "fingertips_id": entry.get("fingertips_id"),
        "source": str(entry["source"]).strip(),
    }


def read_registry(path: Path = REGISTRY_FILE) -> list[dict[str, Any]]:
    """The registry's entries as model field values, checked; RegistryError names a bad entry."""
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise RegistryError(f"{path.name}: cannot be read ({error})") from error
    if not isinstance(document, dict) or not isinstance(document.get("indicators"), list):
        raise RegistryError(f"{path.name}: expected a mapping with an 'indicators' list")
    defaults = document.get("defaults") or {}
    rows, seen = [], set()
    for number, entry in enumerate(document["indicators"], start=1):
        where = f"{path.name}, entry {number} ({entry.get('code', 'no code')})"
        row = _row(entry, defaults, where)
        if row["code"] in seen:
            raise RegistryError(f"{where}: code is used twice")
        seen.add(row["code"])
        rows.append(row)
    return rows
