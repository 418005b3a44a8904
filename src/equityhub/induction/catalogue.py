"""Load the shipped activities and measures (YAML in `data/`) into the database.

Idempotent: entries are found by slug and never overwritten, so an editor's changes survive a
reload. The data migration calls this with historical models; the demo loader with the real ones.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).parent / "data"


def read(name: str) -> dict[str, Any]:
    with (DATA / name).open(encoding="utf-8") as handle:
        loaded: dict[str, Any] = yaml.safe_load(handle)
    return loaded


def load_catalogue(activity_model: Any = None, measure_model: Any = None) -> tuple[int, int]:
    """Create missing activities and measures; return how many of each were created."""
    if activity_model is None or measure_model is None:
        from equityhub.induction.models import Activity, Measure

        activity_model, measure_model = Activity, Measure
    measures = read("measures.yaml")
    made_measures = 0
    for entry in measures["measures"]:
        _, created = measure_model.objects.get_or_create(
            slug=entry["slug"],
            defaults={
                "name": entry["name"],
                "figure_two_class": entry["class"],
                "definition": entry["definition"],
                "how_to_measure": entry["how_to_measure"],
                "data_sources": entry.get("data_sources", ""),
                "indicator_code": entry.get("indicator") or "",
                "source": entry.get("source", measures["source"]),
                "status": "published",
            },
        )
        made_measures += created
    activities = read("activities.yaml")
    made_activities = 0
    for entry in activities["activities"]:
        activity, created = activity_model.objects.get_or_create(
            slug=entry["slug"],
            defaults={
                "name": entry["name"],
                "summary": entry["summary"],
                "steps": entry["steps"].strip(),
                "focus": entry["focus"],
                "horizon": entry["horizon"],
                "themes": entry.get("themes", []),
                "first_90_days": entry.get("first_90_days", False),
                "source": entry.get("source", activities["source"]),
                "status": "published",
            },
        )
        if created:
            linked = measure_model.objects.filter(slug__in=entry.get("measures", []))
            activity.measures.set(linked)
            made_activities += 1
    return made_activities, made_measures
