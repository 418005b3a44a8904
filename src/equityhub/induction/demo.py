"""Demo content for the induction offer (idempotent; the people demo's accounts must exist).

The catalogues from the shipped YAML, three role guides, example support offers and "you said,
we did" changes, a board responsibilities map, and a plan for the demo lead (Amara Okafor) with
two adopted activities. Another lead's proposed activity waits for an editor.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from equityhub.core.models import User
from equityhub.induction import catalogue, guides, services
from equityhub.induction.models import (
    Activity,
    Assessment,
    BoardResponsibility,
    OfferChange,
    SupportOffer,
)
from equityhub.people.models import Organisation

DEMO_LEAD = "amara.okafor@example.nhs.uk"
PROPOSER = "helen.marsh@example.nhs.uk"
EXAMPLE = "Example entry made up for the demonstration: check real offers with their providers."
AMARA_ANSWERS = {
    "post": "executive",
    "time_in_role": "settling",
    "background": "clinical",
    "organisation_type": "acute_trust",
    "time_available": "some",
    "maturity_public_health": "developing",
    "maturity_data": "emerging",
    "maturity_leadership": "developing",
    "maturity_partnerships": "maturing",
    "board_roles_clear": "partly",
    "wants_buddy": "yes",
    "learning_preference": "both",
}
OFFERS = [
    ("New leads' welcome webinar", "National programme team (demo)", "Webinar", "new", 21),
    (
        "Public health essentials for board members",
        "Regional public health team (demo)",
        "Course",
        "non_public_health",
        45,
    ),
    (
        "Chairs' and non-executives' inequalities network",
        "Demo network",
        "Network",
        "chairs_neds",
        None,
    ),
    ("Monthly inequalities data clinic", "Demo analytics collaborative", "Helpline", "all", None),
    ("Integrated care board leads' forum", "Demo regional team", "Programme", "icbs", 30),
]
MAP = [
    ("Access to planned care and waiting lists", "Amara Okafor", "Medical director"),
    ("Workforce race and disability equality", "Chief people officer (demo)", "Executive director"),
    ("Board scrutiny of inequalities", "Non-executive champion (demo)", "Non-executive director"),
]


def _offers() -> None:
    today = timezone.localdate()
    for title, provider, kind, audience, in_days in OFFERS:
        SupportOffer.objects.get_or_create(
            title=title,
            defaults={
                "provider": provider,
                "kind": kind,
                "audience": audience,
                "description": f"{kind} for {audience.replace('_', ' ')} leads. {EXAMPLE}",
                "eligibility": "Health inequalities leads and their teams.",
                "how_to_join": "Ask the provider for a place; there is no charge.",
                "starts_on": today + datetime.timedelta(days=in_days) if in_days else None,
                "source": EXAMPLE,
            },
        )
    OfferChange.objects.get_or_create(
        part="plan",
        you_said="The plan suggested too much for leads with little time.",
        defaults={"we_did": "Plans now suggest fewer activities when you have less time."},
    )


def _guides() -> None:
    for entry in catalogue.read("role_guides.yaml")["guides"]:
        fields = {k: str(v).strip() for k, v in entry.items() if k not in ("title", "slug")}
        guides.guide_publish(title=entry["title"], slug=entry["slug"], **fields)


def _lead_plan() -> None:
    lead = User.objects.filter(email=DEMO_LEAD).first()
    if lead is None or Assessment.objects.filter(user=lead).exists():
        return
    services.assessment_submit(user=lead, answers=AMARA_ANSWERS)
    for slug in ("board-visibility-assurance", "equity-of-access"):
        activity = Activity.objects.filter(slug=slug).first()
        if activity is not None:
            services.activity_adopt(user=lead, activity=activity)
    organisation = Organisation.objects.filter(code="RQX").first()
    if organisation is not None and not organisation.board_responsibilities.exists():
        for area, member, role in MAP:
            BoardResponsibility.objects.create(
                organisation=organisation,
                area=area,
                board_member=member,
                board_role=role,
                updated_by=lead,
            )


def _proposal() -> None:
    proposer = User.objects.filter(email=PROPOSER).first()
    if proposer is None or Activity.objects.filter(contributed_by=proposer).exists():
        return
    services.activity_propose(
        user=proposer,
        name="Walk the patient journey with community members",
        summary="Follow the route a patient from an under-served community takes into a "
        "service, with people from that community, and bring what you find to the board.",
        steps="Choose one service with a large gap in access.\n"
        "Invite two or three community members to walk it with you.\n"
        "Write up three changes and agree them with the service team.",
        focus="internal",
        horizon="short",
        themes=["partnerships", "leadership"],
    )


def _resources() -> None:
    """Link a few library items to the activities they support (only when none are linked)."""
    from equityhub.library.models import LibraryItem

    items = list(LibraryItem.objects.live().exclude(kind="pathway").order_by("pk")[:3])
    for slug in ("understand-causes", "data-for-decisions", "board-visibility-assurance"):
        activity = Activity.objects.filter(slug=slug).first()
        if activity is not None and items and not activity.resources.exists():
            activity.resources.set(items)


@transaction.atomic
def load(password: str) -> list[tuple[str, str, str]]:
    catalogue.load_catalogue()
    guides.ensure_guide_index()
    _guides()
    _offers()
    _resources()
    _lead_plan()
    _proposal()
    return []
