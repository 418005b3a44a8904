"""Load the shipped scrutiny questions (YAML in `data/`) into the question bank.

Idempotent: questions are found by slug and never overwritten, so the programme team's edits
survive a reload. The data migration calls this with the historical model; the demo loader with
the real one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

QUESTIONS_FILE = Path(__file__).parent.parent / "data" / "board_questions.yaml"
FIELDS = ("kind", "text", "why", "source", "source_url")


def read_questions() -> list[dict[str, str]]:
    with QUESTIONS_FILE.open(encoding="utf-8") as handle:
        loaded: dict[str, Any] = yaml.safe_load(handle)
    return [{str(k): str(v) for k, v in entry.items()} for entry in loaded["questions"]]


def load_questions(question_model: Any = None) -> int:
    """Create the questions that are missing; return how many were created."""
    if question_model is None:
        from equityhub.indicators.board.models import BoardQuestion

        question_model = BoardQuestion
    made = 0
    for position, entry in enumerate(read_questions()):
        _, created = question_model.objects.get_or_create(
            slug=entry["slug"],
            defaults={**{f: entry.get(f, "") for f in FIELDS}, "position": position},
        )
        made += int(created)
    return made
