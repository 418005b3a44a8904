"""Plan generation rules: each answer pattern gives the expected kinds of suggestion, every
item has a reason, and nothing is suggested twice. Pure Python: no database."""

from __future__ import annotations

import dataclasses
import datetime
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from equityhub.induction import answers as A
from equityhub.induction.answers import Answers
from equityhub.induction.planning import Candidate, plan_for

TODAY = datetime.date(2026, 11, 28)

BASE = Answers(
    post="executive",
    time_in_role="new",
    background="clinical",
    organisation_type="acute_trust",
    time_available="some",
    maturity_public_health="emerging",
    maturity_data="developing",
    maturity_leadership="maturing",
    maturity_partnerships="maturing",
    board_roles_clear="yes",
    wants_buddy="yes",
    learning_preference="both",
)

ACTIVITIES = [
    Candidate(
        "activity:clear-responsibilities",
        "activity",
        "Clear roles",
        themes=("leadership",),
        first_90_days=True,
        horizon="short",
    ),
    Candidate(
        "activity:data",
        "activity",
        "Data for decisions",
        themes=("data",),
        first_90_days=True,
        horizon="short",
    ),
    Candidate(
        "activity:public-health",
        "activity",
        "Work with public health",
        themes=("public_health", "partnerships"),
        first_90_days=True,
        horizon="long",
    ),
    Candidate(
        "activity:vision", "activity", "Long-term vision", themes=("leadership",), horizon="long"
    ),
    Candidate(
        "activity:causes",
        "activity",
        "Understand causes",
        themes=("public_health", "data"),
        horizon="long",
    ),
    Candidate(
        "activity:governance", "activity", "Governance", themes=("leadership",), horizon="short"
    ),
]
PATHWAYS = [
    Candidate("pathway:1", "pathway", "Essentials", level="introductory"),
    Candidate("pathway:2", "pathway", "Going further", level="advanced"),
]
SETS = [
    Candidate("learning_set:3", "learning_set", "Another system's set", area="West Yorkshire"),
    Candidate("learning_set:1", "learning_set", "National set", area="England"),
    Candidate("learning_set:2", "learning_set", "Our region's set", local=True, area="London"),
]
BUDDIES = [Candidate("buddy:7", "buddy", "Buddy: Bea", hint="Bea has led for three years.")]
EVENTS = [
    Candidate("event:past", "event", "Last month", on=TODAY - datetime.timedelta(days=20)),
    Candidate("event:2", "event", "Later", on=TODAY + datetime.timedelta(days=40)),
    Candidate("event:1", "event", "Soon", on=TODAY + datetime.timedelta(days=10)),
]
OFFERS = [
    Candidate("support:all", "support", "Data clinic", audience="all"),
    Candidate("support:new", "support", "Welcome webinar", audience="new"),
    Candidate("support:neds", "support", "NED network", audience="chairs_neds"),
    Candidate("support:icb", "support", "ICB forum", audience="icbs"),
    Candidate("support:nph", "support", "Public health essentials", audience="non_public_health"),
]
EVERYTHING = dict(
    activities=ACTIVITIES,
    pathways=PATHWAYS,
    learning_sets=SETS,
    buddies=BUDDIES,
    events=EVENTS,
    offers=OFFERS,
)


def plan(answers: Answers = BASE, **overrides: object) -> list:  # type: ignore[type-arg]
    candidates = {**EVERYTHING, **overrides}
    return plan_for(answers, today=TODAY, **candidates)  # type: ignore[arg-type]


def kinds(items: list) -> Counter[str]:  # type: ignore[type-arg]
    return Counter(item.kind for item in items)


def keys(items: list) -> list[str]:  # type: ignore[type-arg]
    return [item.key for item in items]


def test_a_new_lead_gets_every_kind_of_suggestion_each_with_a_reason() -> None:
    items = plan()
    assert set(kinds(items)) == {"activity", "pathway", "learning_set", "buddy", "event", "support"}
    assert all(item.reason for item in items)
    assert all(item.due_on is not None and item.due_on >= TODAY for item in items)


def test_weakest_themes_come_first_and_the_reason_names_the_theme() -> None:
    items = [i for i in plan() if i.kind == "activity"]
    assert items[0].key == "activity:public-health"  # public health was rated emerging
    assert "public health capacity" in items[0].reason
    assert "emerging" in items[0].reason
    assert "first 90 days" in items[0].reason
    assert items[1].key in {"activity:data", "activity:causes"}
    assert "data, insight and evidence" in items[1].reason


@pytest.mark.parametrize(("time", "expected"), [("little", 2), ("some", 3), ("more", 4)])
def test_the_number_of_activities_follows_the_time_available(time: str, expected: int) -> None:
    items = plan(dataclasses.replace(BASE, time_available=time))
    assert kinds(items)["activity"] == expected


def test_little_time_means_no_events_and_one_support_offer() -> None:
    items = plan(dataclasses.replace(BASE, time_available="little"))
    assert kinds(items)["event"] == 0
    assert kinds(items)["support"] == 1


def test_unclear_board_roles_put_clear_responsibilities_first() -> None:
    items = plan(dataclasses.replace(BASE, board_roles_clear="no"))
    assert items[0].key == "activity:clear-responsibilities"
    assert "not yet clear" in items[0].reason


def test_experienced_leads_get_long_term_board_work() -> None:
    experienced = dataclasses.replace(
        BASE,
        time_in_role="experienced",
        maturity_public_health="maturing",
        maturity_data="maturing",
    )
    items = [i for i in plan(experienced) if i.kind == "activity"]
    horizons = {c.key: c.horizon for c in ACTIVITIES}
    assert items and all(horizons[i.key] == "long" for i in items)
    assert all("over a year" in i.reason for i in items)


def test_pathway_level_follows_background() -> None:
    newcomer = [i for i in plan() if i.kind == "pathway"]
    assert keys(newcomer) == ["pathway:1"]
    assert "do not come from public health" in newcomer[0].reason
    specialist = dataclasses.replace(
        BASE,
        background="public_health",
        time_in_role="experienced",
        maturity_public_health="developing",
    )
    assert keys([i for i in plan(specialist) if i.kind == "pathway"]) == ["pathway:2"]


def test_learning_sets_only_for_people_who_like_groups_and_local_first() -> None:
    assert (
        kinds(plan(dataclasses.replace(BASE, learning_preference="reading")))["learning_set"] == 0
    )
    chosen = [i for i in plan() if i.kind == "learning_set"]
    assert keys(chosen) == ["learning_set:2"]
    assert "near you" in chosen[0].reason
    national = [i for i in plan(learning_sets=SETS[:2]) if i.kind == "learning_set"]
    assert keys(national) == ["learning_set:1"]
    assert "across England" in national[0].reason
    elsewhere = [i for i in plan(learning_sets=SETS[:1]) if i.kind == "learning_set"]
    assert elsewhere == []  # a set for another area is not suggested


def test_buddy_only_when_asked() -> None:
    assert kinds(plan(dataclasses.replace(BASE, wants_buddy="no")))["buddy"] == 0
    buddy = [i for i in plan() if i.kind == "buddy"]
    assert buddy[0].reason == "You asked for a buddy. Bea has led for three years."


def test_events_are_upcoming_soonest_first_and_due_on_their_date() -> None:
    events = [
        i for i in plan(dataclasses.replace(BASE, time_available="more")) if i.kind == "event"
    ]
    assert keys(events) == ["event:1", "event:2"]
    assert events[0].due_on == TODAY + datetime.timedelta(days=10)


def test_support_offers_match_the_person() -> None:
    chair = dataclasses.replace(
        BASE,
        post="chair_ned",
        time_in_role="experienced",
        background="public_health",
        organisation_type="icb",
        time_available="more",
    )
    offered = keys([i for i in plan(chair) if i.kind == "support"])
    assert offered == ["support:neds", "support:icb", "support:all"]
    newcomer = keys([i for i in plan() if i.kind == "support"])
    assert set(newcomer) <= {"support:new", "support:nph"}
    assert "support:neds" not in newcomer


def test_things_already_in_the_plan_are_not_suggested_again() -> None:
    first = plan()
    again = plan(exclude=keys(first))
    assert not set(keys(first)) & set(keys(again))


def test_no_candidates_means_an_empty_plan() -> None:
    assert plan_for(BASE, today=TODAY) == []


answer_sets = st.builds(
    Answers,
    post=st.sampled_from(list(A.POST)),
    time_in_role=st.sampled_from(list(A.TIME_IN_ROLE)),
    background=st.sampled_from(list(A.BACKGROUND)),
    organisation_type=st.sampled_from(list(A.ORGANISATION_TYPE)),
    time_available=st.sampled_from(list(A.TIME_AVAILABLE)),
    maturity_public_health=st.sampled_from(list(A.MATURITY)),
    maturity_data=st.sampled_from(list(A.MATURITY)),
    maturity_leadership=st.sampled_from(list(A.MATURITY)),
    maturity_partnerships=st.sampled_from(list(A.MATURITY)),
    board_roles_clear=st.sampled_from(list(A.BOARD_CLARITY)),
    wants_buddy=st.sampled_from(list(A.YES_NO)),
    learning_preference=st.sampled_from(list(A.LEARNING_PREFERENCE)),
)


# A shared, busy machine draws slowly: the health check would fail on speed, not on the rules.
@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(answer_sets)
def test_any_answers_give_a_plan_with_reasons_and_no_repeats(answers: Answers) -> None:
    items = plan(answers)
    assert len(keys(items)) == len(set(keys(items)))
    assert all(item.reason for item in items)
    assert kinds(items)["activity"] >= 2
    assert kinds(items)["pathway"] == 1


def _pathway_for(**changes: str) -> tuple[str, str]:
    [item] = [i for i in plan(dataclasses.replace(BASE, **changes)) if i.kind == "pathway"]
    return item.key, item.reason


@pytest.mark.parametrize(
    ("changes", "expected_key", "reason_says"),
    [
        # new in role, not from public health: the essentials, and the reason names both
        ({}, "pathway:1", ("new in the role", "do not come from public health")),
        # experienced, not from public health: still the essentials, for the background
        ({"time_in_role": "experienced"}, "pathway:1", ("do not come from public health",)),
        # from public health but new to the board role: the essentials, for the board's side
        (
            {"background": "public_health", "maturity_public_health": "maturing"},
            "pathway:1",
            ("new in the role", "public health background"),
        ),
        # from public health, experienced, the organisation past "emerging": going further
        (
            {
                "background": "public_health",
                "time_in_role": "experienced",
                "maturity_public_health": "maturing",
            },
            "pathway:2",
            ("public health background", "goes further"),
        ),
        # a chair or non-executive director gets the essentials, for the questions to ask
        (
            {
                "post": "chair_ned",
                "background": "public_health",
                "time_in_role": "experienced",
                "maturity_public_health": "maturing",
            },
            "pathway:1",
            ("chair or non-executive director",),
        ),
        # a chief executive new in role, from management: the essentials
        (
            {"post": "chief_executive", "background": "management"},
            "pathway:1",
            ("new in the role", "do not come from public health"),
        ),
    ],
)
def test_the_essentials_pathway_follows_role_and_experience(
    changes: dict[str, str], expected_key: str, reason_says: tuple[str, ...]
) -> None:
    key, reason = _pathway_for(**changes)
    assert key == expected_key
    for words in reason_says:
        assert words in reason, reason
