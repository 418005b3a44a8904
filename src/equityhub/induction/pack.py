"""The induction pack: a printable PDF for a new lead (typst, no system packages).

Role guide summary, the person's plan, the board activities grid and key contacts in their
integrated care system (the leads of its organisations and who sits on its structures).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.utils import timezone

from equityhub.core.models import User
from equityhub.induction import selectors
from equityhub.induction.pages import RoleGuidePage
from equityhub.people.selectors import system_detail

TEMPLATE = Path(__file__).parent / "typst" / "induction_pack.typ"
MOST_CONTACTS = 12


def guide_for(user: User) -> RoleGuidePage | None:
    """The live guide that fits the person best: their post and organisation type before the
    general guide (from their latest self-assessment; the general guide without one)."""
    assessment = selectors.latest_assessment(user)
    post = "chair_ned" if assessment and assessment.post == "chair_ned" else "executive"
    kind = assessment.organisation_type if assessment else ""
    organisation = {"icb": "icb", "acute_trust": "trust", "community_trust": "trust"}.get(kind)
    fitting = [
        guide
        for guide in RoleGuidePage.objects.live().order_by("title")
        if guide.post in (post, "all") and guide.organisation_type in (organisation, "all")
    ]
    return max(
        fitting,
        key=lambda g: 2 * (g.post == post) + (g.organisation_type == organisation),
        default=None,
    )


def _guide(user: User) -> dict[str, Any]:
    chosen = guide_for(user)
    if chosen is None:
        return {"title": "Role guide", "summary": "No role guide is published yet.", "sections": []}
    return {
        "title": chosen.title,
        "summary": chosen.summary,
        "sections": [
            {"heading": heading, "text": paragraphs[0]} for heading, paragraphs in chosen.sections()
        ][:4],
    }


def contacts(user: User) -> list[dict[str, str]]:
    """Leads of the other organisations in the person's system, and its structures' members."""
    organisation = selectors.organisation_of(user)
    if organisation is None or organisation.system is None:
        return []
    system = system_detail(code=organisation.system.code)
    if system is None:
        return []
    found: list[dict[str, str]] = []
    for other in getattr(system, "current_organisations", []):
        for membership in getattr(other, "current_leads", []):
            if membership.user_id != user.pk:
                found.append(
                    {
                        "name": membership.user.full_name or membership.user.email,
                        "role": "Health inequalities lead",
                        "where": other.name,
                        "email": membership.user.email,
                    }
                )
    for structure in getattr(system, "current_structures", []):
        for seat in getattr(structure, "current_seats", []):
            if seat.user_id != user.pk:
                found.append(
                    {
                        "name": seat.user.full_name or seat.user.email,
                        "role": seat.role,
                        "where": structure.name,
                        "email": seat.user.email,
                    }
                )
    return found[:MOST_CONTACTS]


def pack_data(user: User) -> dict[str, Any]:
    items = selectors.plan_of(user)
    cells = selectors.grid(list(selectors.catalogue_activities(user).published()))
    organisation = selectors.organisation_of(user)
    return {
        "name": user.full_name or user.email,
        "organisation": organisation.name if organisation else "",
        "date": timezone.localdate().strftime("%d %B %Y"),
        "guide": _guide(user),
        "progress": f"{selectors.progress(items).done} of {len(items)} done",
        "plan": [
            {
                "title": i.title,
                "kind": i.get_kind_display(),
                "reason": i.reason,
                "due": i.due_on.strftime("%d %b %Y") if i.due_on else "",
                "done": "Done" if i.is_done else "",
            }
            for i in items
        ],
        "grid": {
            f"{focus}_{horizon}": {
                "label": cell.label,
                "activities": [a.name for a in cell.activities],
            }
            for (focus, horizon), cell in cells.items()
        },
        "contacts": contacts(user),
    }


def render_pdf(user: User) -> bytes:
    import typst

    data = json.dumps(pack_data(user))
    return bytes(typst.compile(str(TEMPLATE), sys_inputs={"data": data}))
