"""Who a learning set is for: its scope (national, region, system, place) against where a person
works (the organisations they hold an approved role in, or their profile's organisation).

Applying to a set outside your area is refused. The programme team (facilitators and
administrators) may override the scope when they add people, and the override is audited.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from equityhub.core.models import User
from equityhub.learning.sets.models import LearningSet, Scope
from equityhub.people.models import Organisation


@dataclass(frozen=True)
class Area:
    systems: frozenset[int]
    regions: frozenset[int]


def area_of(user: User) -> Area:
    """The systems and regions a person works in (one query)."""
    roles = Q(memberships__user=user, memberships__status="approved")
    organisations = Organisation.objects.filter(roles | Q(profiles__user=user)).distinct()
    systems: set[int] = set()
    regions: set[int] = set()
    for system_id, region_id, system_region_id in organisations.values_list(
        "system_id", "region_id", "system__region_id"
    ):
        systems.update({system_id} - {None})
        regions.update({region_id, system_region_id} - {None})
    return Area(frozenset(systems), frozenset(regions))


def set_system_id(learning_set: LearningSet) -> int | None:
    if learning_set.scope == Scope.PLACE and learning_set.place is not None:
        return learning_set.place.system_id
    return learning_set.system_id


def in_scope(user: User, learning_set: LearningSet, area: Area | None = None) -> bool:
    """May this person join this set by where they work?"""
    if learning_set.scope == Scope.NATIONAL:
        return True
    area = area or area_of(user)
    if learning_set.scope == Scope.REGION:
        return learning_set.region_id is None or learning_set.region_id in area.regions
    system_id = set_system_id(learning_set)
    return system_id is None or system_id in area.systems


def outside_scope_message(learning_set: LearningSet) -> str:
    return (
        f"{learning_set} is for people working in {learning_set.area}. "
        "Ask its facilitator if you think you should join."
    )
