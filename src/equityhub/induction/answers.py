"""The self-assessment's questions and answers, in plain Python (no Django, no database).

The form, the model and the plan rules all read their choices from here, so a question is
defined once.
"""

from __future__ import annotations

from dataclasses import dataclass

POST = {
    "executive": "Executive director (for example medical, nursing or strategy director)",
    "chief_executive": "Chief executive or chief operating officer",
    "chair_ned": "Chair or non-executive director",
    "other": "Another post",
}
TIME_IN_ROLE = {
    "new": "Less than 3 months",
    "settling": "3 to 12 months",
    "experienced": "More than a year",
}
BACKGROUND = {
    "public_health": "Public health",
    "clinical": "Clinical (medicine, nursing, allied health)",
    "management": "Management, operations or finance",
    "other": "Something else",
}
ORGANISATION_TYPE = {
    "acute_trust": "Acute hospital trust",
    "community_trust": "Mental health, community or ambulance trust",
    "icb": "Integrated care board",
    "other": "Another kind of organisation",
}
TIME_AVAILABLE = {
    "little": "Less than 1 hour a week",
    "some": "1 to 3 hours a week",
    "more": "More than 3 hours a week",
}
MATURITY = {
    "emerging": "Emerging: we are just starting",
    "developing": "Developing: some things are in place",
    "maturing": "Maturing: this is well established",
}
BOARD_CLARITY = {
    "yes": "Yes, everyone knows their part",
    "partly": "Partly",
    "no": "No, not yet",
}
YES_NO = {"yes": "Yes", "no": "No"}
LEARNING_PREFERENCE = {
    "reading": "Reading and short courses on my own",
    "groups": "Learning with other leads in a group",
    "both": "Both",
}
THEMES = {
    "public_health": "Public health capacity",
    "data": "Data, insight and evidence",
    "leadership": "Strategic leadership and accountability",
    "partnerships": "System partnerships",
}
# The assessment field that holds the maturity answer for each theme.
MATURITY_FIELDS = {theme: f"maturity_{theme}" for theme in THEMES}
MATURITY_ORDER = {"emerging": 0, "developing": 1, "maturing": 2}


@dataclass(frozen=True)
class Answers:
    """One person's answers to the twelve questions."""

    post: str
    time_in_role: str
    background: str
    organisation_type: str
    time_available: str
    maturity_public_health: str
    maturity_data: str
    maturity_leadership: str
    maturity_partnerships: str
    board_roles_clear: str
    wants_buddy: str
    learning_preference: str

    def maturity(self, theme: str) -> str:
        return str(getattr(self, MATURITY_FIELDS[theme]))

    def themes_to_build(self) -> list[str]:
        """Themes not yet maturing, weakest first (ties keep the questionnaire's order)."""
        weak = [t for t in THEMES if self.maturity(t) != "maturing"]
        return sorted(weak, key=lambda t: MATURITY_ORDER[self.maturity(t)])

    @property
    def is_new(self) -> bool:
        return self.time_in_role == "new"
