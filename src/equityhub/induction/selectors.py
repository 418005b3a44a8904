"""Reads that cross relations: plan candidates, the grid, plan progress, assessment change."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from equityhub.core.models import User
from equityhub.induction import answers, signposts
from equityhub.induction.models import (
    BOARD_WORK_BY_PLACE,
    Activity,
    Assessment,
    BoardWork,
    Focus,
    Horizon,
    Measure,
    PlanItem,
    SupportOffer,
)
from equityhub.induction.planning import Candidate
from equityhub.induction.querysets import CatalogueQuerySet
from equityhub.library.models import Kind, LibraryItem
from equityhub.people.models import Membership, Organisation


def organisation_of(user: Any) -> Organisation | None:
    """The organisation where this person is an approved lead or team member, leads first."""
    if not (user and user.is_authenticated):
        return None
    membership = (
        Membership.objects.approved()
        .filter(user=user, ended_on__isnull=True, role__in=["lead", "team_member"])
        .select_related("organisation__system")
        .order_by("role", "pk")
        .first()
    )
    return membership.organisation if membership else None


def activity_candidates() -> list[Candidate]:
    return [
        Candidate(
            key=f"activity:{a.slug}",
            kind="activity",
            title=a.name,
            href=a.get_absolute_url(),
            themes=tuple(a.themes),
            first_90_days=a.first_90_days,
            horizon=a.horizon,
        )
        for a in Activity.objects.published().order_by("name")
    ]


def pathway_candidates(user: Any) -> list[Candidate]:
    items = LibraryItem.objects.visible_to(user).filter(kind=Kind.PATHWAY).order_by("title")
    return [
        Candidate(key=f"pathway:{p.pk}", kind="pathway", title=p.title, href=p.url, level=p.level)
        for p in items
    ]


def learning_set_candidates(user: Any) -> list[Candidate]:
    from equityhub.learning.sets.selectors import open_sets_for

    organisation = organisation_of(user)
    system_id = organisation.system_id if organisation else None
    region_id = organisation.region_id if organisation else None
    found = []
    for learning_set in open_sets_for(user):
        local = (system_id is not None and learning_set.system_id == system_id) or (
            region_id is not None and learning_set.region_id == region_id
        )
        found.append(
            Candidate(
                key=f"learning_set:{learning_set.pk}",
                kind="learning_set",
                title=learning_set.name,
                href=reverse("learning:set-join", kwargs={"pk": learning_set.pk}),
                local=local,
                area=learning_set.area,
            )
        )
    return found


def live_offers() -> QuerySet[SupportOffer]:
    today = timezone.localdate()
    return SupportOffer.objects.filter(live=True).exclude(ends_on__lt=today)


def offer_candidates() -> list[Candidate]:
    return [
        Candidate(
            key=f"support:{o.pk}",
            kind="support",
            title=o.title,
            href=reverse("induction:support") + f"#offer-{o.pk}",
            audience=o.audience,
        )
        for o in live_offers()
    ]


def candidates_for(user: User) -> dict[str, list[Candidate]]:
    return {
        "activities": activity_candidates(),
        "pathways": pathway_candidates(user),
        "learning_sets": learning_set_candidates(user),
        "buddies": signposts.buddies_for(user, 3),
        "events": signposts.events_for(user, 3),
        "offers": offer_candidates(),
    }


@dataclass(frozen=True)
class GridCell:
    board_work: str
    label: str
    focus: str
    horizon: str
    activities: list[Activity]


def grid(activities: list[Activity]) -> dict[tuple[str, str], GridCell]:
    """The 2×2 board activities grid, keyed by (focus, horizon)."""
    cells = {}
    for focus in Focus:
        for horizon in Horizon:
            work = BoardWork(BOARD_WORK_BY_PLACE[(focus.value, horizon.value)])
            cells[(focus.value, horizon.value)] = GridCell(
                work.value,
                str(work.label),
                focus.value,
                horizon.value,
                [a for a in activities if a.focus == focus and a.horizon == horizon],
            )
    return cells


def catalogue_activities(user: Any) -> CatalogueQuerySet[Activity]:
    # Counting adoptions groups the query, and Django drops Meta.ordering from grouped queries.
    return Activity.objects.visible_to(user).with_adoptions().order_by("name")


def measures_by_class(user: Any) -> list[tuple[str, list[Measure]]]:
    from equityhub.indicators.models import FigureTwoClass

    measures = list(Measure.objects.visible_to(user))
    return [
        (str(label), [m for m in measures if m.figure_two_class == value])
        for value, label in FigureTwoClass.choices
    ]


@dataclass(frozen=True)
class Progress:
    done: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def plan_of(user: Any) -> list[PlanItem]:
    return list(PlanItem.objects.visible_to(user).select_related("activity"))


def progress(items: list[PlanItem]) -> Progress:
    return Progress(sum(1 for i in items if i.is_done), len(items))


def latest_assessment(user: Any) -> Assessment | None:
    first: Assessment | None = Assessment.objects.visible_to(user).first()
    return first


QUESTION_LABELS = {
    "time_in_role": ("Time in the role", answers.TIME_IN_ROLE),
    "time_available": ("Time available", answers.TIME_AVAILABLE),
    **{
        field: (label, answers.MATURITY)
        for theme, label in answers.THEMES.items()
        for field in [answers.MATURITY_FIELDS[theme]]
    },
    "board_roles_clear": ("Board responsibilities clear", answers.BOARD_CLARITY),
}


def assessment_change(user: Any) -> list[tuple[str, str, str]]:
    """What changed between the last two assessments: (question, before, after)."""
    latest_two = list(Assessment.objects.visible_to(user)[:2])
    if len(latest_two) < 2:
        return []
    now, before = latest_two
    changes = []
    for field, (label, options) in QUESTION_LABELS.items():
        old, new = getattr(before, field), getattr(now, field)
        if old != new:
            changes.append((label, options.get(old, old), options.get(new, new)))
    return changes


def guides_by_audience() -> list[tuple[str, list[tuple[str, list[Any]]]]]:
    """Live role guides grouped as a newcomer looks for them: by the post they hold, by their
    organisation's type, and by their situation (new in role, background, sharing the role)."""
    from equityhub.induction.pages import GuideOrganisation, GuidePost, RoleGuidePage

    live = list(RoleGuidePage.objects.live().order_by("title"))
    by_post = [
        (str(label), [g for g in live if g.post == value])
        for value, label in GuidePost.choices
        if value != GuidePost.ALL
    ]
    by_type = [
        (str(label), [g for g in live if g.organisation_type == value])
        for value, label in GuideOrganisation.choices
        if value != GuideOrganisation.ALL
    ]
    general = [g for g in live if g.post == GuidePost.ALL and g.organisation_type == "all"]
    return [
        ("By your post", [(label, found) for label, found in by_post if found]),
        ("By your organisation", [(label, found) for label, found in by_type if found]),
        ("For your situation", [("Every lead", general)] if general else []),
    ]
