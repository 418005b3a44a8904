"""Who runs the programme: facilitators and administrators (programme teams) may set up
collaboratives, arrange buddies, add people in bulk, message cohorts and see participation.
"""

from __future__ import annotations

from typing import Any

from equityhub.people.permissions import (
    is_administrator,
    is_facilitator,
)


def can_run(user: Any) -> bool:
    return is_facilitator(user) or is_administrator(user)
