"""The buddy match scoring rules, one by one, and that every point comes with a reason."""

from __future__ import annotations

from equityhub.learning.buddying.matching import (
    BACKGROUND_POINTS,
    INTEREST_CAP,
    PEER_POINTS,
    STAGE_POINTS,
    BuddyTraits,
    score_match,
)


def traits(**fields: object) -> BuddyTraits:
    defaults: dict[str, object] = {"stage": "peer", "region": "North West", "system": "A"}
    defaults.update(fields)
    return BuddyTraits(**defaults)  # type: ignore[arg-type]


def test_new_in_role_is_matched_with_experienced_both_ways() -> None:
    new, experienced = traits(stage="new"), traits(stage="experienced")
    seen_by_new = score_match(new, experienced)
    seen_by_experienced = score_match(experienced, new)
    assert seen_by_new.points == seen_by_experienced.points == STAGE_POINTS
    assert seen_by_new.reasons == ("You are new in role and they are experienced",)
    assert seen_by_experienced.reasons == ("They are new in role and you are experienced",)


def test_two_new_people_get_nothing_for_their_stage() -> None:
    result = score_match(traits(stage="new"), traits(stage="new"))
    assert result.points == 0
    assert not result.worth_suggesting


def test_two_peers_are_matched_as_peers() -> None:
    result = score_match(traits(), traits())
    assert result.points == PEER_POINTS
    assert "similar stage" in result.reasons[0]


def test_shared_interests_are_named_and_capped() -> None:
    mine = frozenset({"Housing", "Core20PLUS5", "Data", "Maternity"})
    result = score_match(
        traits(stage="new", interests=mine), traits(stage="new", interests=mine | {"Other"})
    )
    assert result.points == INTEREST_CAP
    assert result.reasons == ("You share an interest in Core20PLUS5, Data, Housing and Maternity",)


def test_one_shared_interest() -> None:
    result = score_match(
        traits(stage="new", interests=frozenset({"Housing", "Data"})),
        traits(stage="new", interests=frozenset({"Housing"})),
    )
    assert result.reasons == ("You share an interest in Housing",)
    assert result.points == 10


def test_complementary_backgrounds_score_but_same_or_other_do_not() -> None:
    different = score_match(
        traits(stage="new", background="finance"), traits(stage="new", background="public health")
    )
    assert different.points == BACKGROUND_POINTS
    assert different.reasons == (
        "Complementary backgrounds: you come from finance, they come from public health",
    )
    same = score_match(
        traits(stage="new", background="finance"), traits(stage="new", background="Finance")
    )
    other = score_match(
        traits(stage="new", background="other"), traits(stage="new", background="finance")
    )
    assert same.points == other.points == 0


def test_nearby_when_asked_for() -> None:
    same_system = score_match(
        traits(stage="new", distance="nearby"), traits(stage="new", distance="either")
    )
    assert same_system.points == 20
    assert same_system.reasons == ("Nearby: you both work in A",)
    same_region = score_match(
        traits(stage="new", distance="nearby"), traits(stage="new", system="B")
    )
    assert same_region.points == 10
    assert same_region.reasons == ("Nearby: you both work in the North West region",)


def test_nearby_wish_is_not_met_by_another_region() -> None:
    result = score_match(
        traits(stage="new", distance="nearby"),
        traits(stage="experienced", region="London", system="L"),
    )
    assert result.points == STAGE_POINTS - 15
    assert not any("Nearby" in reason for reason in result.reasons)


def test_deliberately_far_when_asked_for() -> None:
    result = score_match(
        traits(stage="new", distance="far"), traits(stage="new", region="London", system="L")
    )
    assert result.points == 15
    assert result.reasons == ("Deliberately far: they work in London, for a fresh view",)


def test_far_wish_keeps_people_in_the_same_system_apart() -> None:
    result = score_match(
        traits(stage="new", distance="far"), traits(stage="experienced", distance="either")
    )
    assert result.points == STAGE_POINTS - 25
    assert result.reasons == ("You are new in role and they are experienced",)


def test_the_other_persons_wish_counts_too() -> None:
    result = score_match(
        traits(stage="new", distance="either"), traits(stage="new", distance="nearby")
    )
    assert result.points == 20
    assert result.reasons == ("Nearby: you both work in A",)


def test_unknown_location_adds_nothing() -> None:
    result = score_match(
        traits(stage="new", distance="nearby", region="", system=""), traits(stage="new")
    )
    assert result.points == 0
    assert result.reasons == ()


def test_reasons_add_up_in_a_strong_match() -> None:
    result = score_match(
        traits(stage="new", background="finance", interests=frozenset({"Housing"})),
        traits(
            stage="experienced",
            background="public health",
            interests=frozenset({"Housing"}),
            distance="nearby",
        ),
    )
    assert result.points == STAGE_POINTS + 10 + BACKGROUND_POINTS + 20
    assert len(result.reasons) == 4
