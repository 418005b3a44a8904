"""Induction progress for the programme view for England: one line per lead.

Registered with learning's programme columns at start-up (learning cannot import induction).
Counts only: which plan steps a lead chose or what they answered is never shown.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Count, Q

from equityhub.induction.models_plan import Assessment, PlanItem


def induction_progress(user_ids: Sequence[int]) -> dict[int, str]:
    """ "4 of 7 plan steps done", "Self-assessed, no plan yet" or nothing (not started)."""
    if not user_ids:
        return {}
    plans = (
        PlanItem.objects.filter(user_id__in=user_ids)
        .values("user_id")
        .annotate(total=Count("pk"), done=Count("pk", filter=Q(done_at__isnull=False)))
    )
    words = {row["user_id"]: f"{row['done']} of {row['total']} plan steps done" for row in plans}
    assessed = Assessment.objects.filter(user_id__in=user_ids).values_list("user_id", flat=True)
    for user_id in set(assessed):
        words.setdefault(user_id, "Self-assessed, no plan yet")
    return words


def register() -> None:
    from equityhub.learning.programme.columns import register_lead_column

    register_lead_column(
        "induction", "Induction progress", induction_progress, missing="Not started"
    )
