"""Plan generation: pure rules from self-assessment answers and candidate lists to plan items.

No database and no Django here: callers pass the answers and what could be suggested (as
`Candidate`s), and get back `Suggestion`s, each with the reason it was chosen. Nothing is
suggested twice, and nothing in `exclude` (already in the person's plan) is suggested again.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from equityhub.induction.answers import MATURITY, THEMES, Answers

ACTIVITIES_BY_TIME = {"little": 2, "some": 3, "more": 4}
OFFERS_BY_TIME = {"little": 1, "some": 2, "more": 3}
EVENTS_BY_TIME = {"little": 0, "some": 1, "more": 2}
CLEAR_RESPONSIBILITIES = "activity:clear-responsibilities"
TRUST_TYPES = {"acute_trust", "community_trust"}
NATIONAL = "England"


@dataclass(frozen=True)
class Candidate:
    """Something the plan could suggest, with the facts the rules look at."""

    key: str
    kind: str
    title: str
    href: str = ""
    themes: tuple[str, ...] = ()
    first_90_days: bool = False
    horizon: str = ""
    level: str = ""
    audience: str = ""
    local: bool = False
    on: datetime.date | None = None
    hint: str = ""
    area: str = ""


@dataclass(frozen=True)
class Suggestion:
    key: str
    kind: str
    title: str
    href: str
    reason: str
    due_on: datetime.date | None


@dataclass
class _Plan:
    today: datetime.date
    exclude: frozenset[str]
    items: list[Suggestion] = field(default_factory=list)

    def taken(self, candidate: Candidate) -> bool:
        return candidate.key in self.exclude or any(i.key == candidate.key for i in self.items)

    def add(self, candidate: Candidate, reason: str, *, days: int | None = None) -> None:
        if self.taken(candidate):
            return
        due = candidate.on if candidate.on else (self.today + datetime.timedelta(days=days or 30))
        self.items.append(
            Suggestion(candidate.key, candidate.kind, candidate.title, candidate.href, reason, due)
        )


def _maturity_word(answers: Answers, theme: str) -> str:
    return MATURITY[answers.maturity(theme)].split(":")[0].lower()


def _preferred_activities(answers: Answers, activities: Sequence[Candidate]) -> list[Candidate]:
    """New and settling leads start with first-90-days activities; experienced leads with
    long-term board work. The rest follow, in the order given."""
    if answers.time_in_role == "experienced":
        first = [a for a in activities if a.horizon == "long"]
    else:
        first = [a for a in activities if a.first_90_days]
    return first + [a for a in activities if a not in first]


def _activities(plan: _Plan, answers: Answers, activities: Sequence[Candidate]) -> None:
    wanted = ACTIVITIES_BY_TIME[answers.time_available]
    start = len(plan.items)

    def room() -> bool:
        return len(plan.items) - start < wanted

    def due() -> int:
        return min(90, 30 * (len(plan.items) - start + 1))

    if answers.board_roles_clear != "yes":
        for candidate in activities:
            if candidate.key == CLEAR_RESPONSIBILITIES:
                plan.add(candidate, "You said board responsibilities are not yet clear.", days=30)
    pool = _preferred_activities(answers, activities)
    for theme in answers.themes_to_build():
        match = next((a for a in pool if theme in a.themes and not plan.taken(a)), None)
        if match is not None and room():
            word = _maturity_word(answers, theme)
            reason = f"You rated {THEMES[theme].lower()} as {word}: this builds it."
            if answers.is_new and match.first_90_days:
                reason += " It is a good start in your first 90 days."
            plan.add(match, reason, days=due())
    for candidate in pool:
        if not room():
            break
        if answers.time_in_role == "experienced":
            reason = "You have been in the role over a year: this is long-term board work."
        else:
            reason = "A good first step for your first 90 days in the role."
        plan.add(candidate, reason, days=due())


def _pathway_reason(answers: Answers) -> tuple[str, str]:
    """The pathway level and the reason for it, from the role, time in role and background."""
    from_public_health = answers.background == "public_health"
    if answers.post == "chair_ned":
        return "introductory", (
            "As a chair or non-executive director, the essentials give you the questions to "
            "ask about inequalities."
        )
    if not from_public_health and answers.is_new:
        return "introductory", (
            "You are new in the role and do not come from public health: this pathway covers "
            "the essentials."
        )
    if not from_public_health:
        return (
            "introductory",
            "You do not come from public health: this pathway covers the essentials.",
        )
    if answers.is_new:
        return "introductory", (
            "You have a public health background but are new in the role: the essentials cover "
            "the board's side of the work."
        )
    if answers.maturity("public_health") == "emerging":
        return "introductory", "A pathway to build your organisation's public health capacity."
    return "advanced", "You have a public health background: this pathway goes further."


def _pathway(plan: _Plan, answers: Answers, pathways: Sequence[Candidate]) -> None:
    level, reason = _pathway_reason(answers)
    chosen = next((p for p in pathways if p.level == level and not plan.taken(p)), None)
    chosen = chosen or next((p for p in pathways if not plan.taken(p)), None)
    if chosen is None:
        return
    plan.add(chosen, reason, days=60)


def _learning_set(plan: _Plan, answers: Answers, sets: Sequence[Candidate]) -> None:
    if answers.learning_preference == "reading":
        return
    # Sets near the person first, then national ones; sets for other areas are not suggested.
    ordered = [s for s in sets if s.local] + [s for s in sets if not s.local and s.area == NATIONAL]
    chosen = next((s for s in ordered if not plan.taken(s)), None)
    if chosen is None:
        return
    where = "with leads near you" if chosen.local else "with leads across England"
    plan.add(chosen, f"You like learning with other leads: this set is open {where}.", days=30)


def _buddy(plan: _Plan, answers: Answers, buddies: Sequence[Candidate]) -> None:
    if answers.wants_buddy != "yes":
        return
    chosen = next((b for b in buddies if not plan.taken(b)), None)
    if chosen is not None:
        hint = f" {chosen.hint}" if chosen.hint else ""
        plan.add(chosen, f"You asked for a buddy.{hint}", days=14)


def _events(plan: _Plan, answers: Answers, events: Sequence[Candidate]) -> None:
    wanted = EVENTS_BY_TIME[answers.time_available]
    upcoming = sorted(
        (e for e in events if e.on is None or e.on >= plan.today),
        key=lambda e: e.on or plan.today,
    )
    for event in [e for e in upcoming if not plan.taken(e)][:wanted]:
        plan.add(event, "An event coming up that fits the time you have.", days=30)


def offer_fits(answers: Answers, audience: str) -> str:
    """Why an offer for `audience` fits these answers, or "" when it does not."""
    reasons = {
        "new": "It is for leads new in the role." if answers.is_new else "",
        "non_public_health": "It is for leads without a public health background."
        if answers.background != "public_health"
        else "",
        "chairs_neds": "It is for chairs and non-executive directors."
        if answers.post == "chair_ned"
        else "",
        "trusts": "It is for leads in trusts." if answers.organisation_type in TRUST_TYPES else "",
        "icbs": "It is for leads in integrated care boards."
        if answers.organisation_type == "icb"
        else "",
        "all": "It is open to every health inequalities lead.",
    }
    return reasons.get(audience, "")


def _offers(plan: _Plan, answers: Answers, offers: Sequence[Candidate]) -> None:
    wanted = OFFERS_BY_TIME[answers.time_available]
    fitting = [(o, offer_fits(answers, o.audience)) for o in offers]
    specific = [(o, r) for o, r in fitting if r and o.audience != "all"]
    general = [(o, r) for o, r in fitting if r and o.audience == "all"]
    added = 0
    for offer, reason in specific + general:
        if added >= wanted:
            break
        if not plan.taken(offer):
            plan.add(offer, reason, days=45)
            added += 1


def plan_for(
    answers: Answers,
    *,
    today: datetime.date,
    activities: Sequence[Candidate] = (),
    pathways: Sequence[Candidate] = (),
    learning_sets: Sequence[Candidate] = (),
    buddies: Sequence[Candidate] = (),
    events: Sequence[Candidate] = (),
    offers: Sequence[Candidate] = (),
    exclude: Iterable[str] = (),
) -> list[Suggestion]:
    """The suggested plan for these answers, each item with its reason."""
    plan = _Plan(today=today, exclude=frozenset(exclude))
    _activities(plan, answers, activities)
    _pathway(plan, answers, pathways)
    _learning_set(plan, answers, learning_sets)
    _buddy(plan, answers, buddies)
    _events(plan, answers, events)
    _offers(plan, answers, offers)
    return plan.items
