"""Access-matrix entries for the programme team's pages (facilitators and administrators).

No persona is a facilitator, so only the administrator opens them; everyone else signed in gets
403 and anonymous people are sent to sign in.
"""

from __future__ import annotations

from typing import Any

from tests.access.learning import _collaborative_pk, _event_pk
from tests.access_matrix import FACILITATOR_ONLY, Access, _inside_set, _set_pk, everyone, only


def _set_cohort(world: dict[str, Any]) -> dict[str, Any]:
    return {"kind": "set", **_set_pk(world)}


ENTRIES: dict[str, Access] = {
    # Indicators for England, a region or a system: public, like each area's results.
    "indicators:area-index": everyone(
        kwargs=lambda world: {"level": "system", "area": world["organisation"].system.code}
    ),
    "learning:programme-england": only(("administrator",)),
    "learning:programme-england-export": only(
        ("administrator",), kwargs=lambda world: {"fmt": "csv"}
    ),
    "learning:buddy-pairs": only(("administrator",)),
    # Adding a region's or system's organisations: the collaborative's lead and administrators.
    "learning:collaborative-add-organisations": only(("administrator",), kwargs=_collaborative_pk),
    # Adding many people to a set: its facilitator (the owner) only; 404 outside the set.
    "learning:set-add-people": _inside_set(FACILITATOR_ONLY, _set_pk),
    # Messaging a cohort: a set by its facilitator (anyone else 404, the set stays hidden);
    # an event by its organiser (the owner) and administrators; a community by the programme
    # team (no persona is a facilitator: administrators).
    "learning:cohort-message": _inside_set({"owner": 200}, _set_cohort),
    # Event attendance and the attendee list: the organiser (the owner) and administrators.
    "learning:event-attendance": only(("owner", "administrator"), kwargs=_event_pk),
    "learning:event-attendees-export": only(("owner", "administrator"), kwargs=_event_pk),
}
