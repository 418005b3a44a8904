"""Services: the plan from an assessment, retakes, adoption, proposals and moderation."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from equityhub.core.models import Notification
from equityhub.induction import services
from equityhub.induction.models import Activity, Assessment, Measure, PlanItem, Status
from tests.induction.conftest import ANSWERS

pytestmark = pytest.mark.django_db


def test_the_catalogue_is_shipped_with_all_four_kinds_of_board_work(catalogue: None) -> None:
    published = Activity.objects.published()
    assert published.count() >= 20
    assert {a.board_work for a in published} == {
        "accountability",
        "policy",
        "supervision",
        "strategy",
    }
    assert all(a.source for a in published)
    assert Measure.objects.filter(figure_two_class__startswith="process").exists()
    assert Measure.objects.filter(figure_two_class__startswith="outcome").exists()


def test_loading_the_catalogue_twice_changes_nothing(catalogue: None) -> None:
    from equityhub.induction.catalogue import load_catalogue

    Activity.objects.filter(slug="set-targets").update(name="Edited by an editor")
    assert load_catalogue() == (0, 0)
    assert Activity.objects.get(slug="set-targets").name == "Edited by an editor"


def test_an_assessment_makes_a_plan_with_reasons_and_due_dates(lead: Any) -> None:
    services.assessment_submit(user=lead, answers=ANSWERS)
    items = list(PlanItem.objects.visible_to(lead))
    assert items
    assert all(i.reason and i.due_on for i in items)
    assert items[0].key == "activity:clear-responsibilities" or any(
        i.key == "activity:clear-responsibilities" for i in items
    )
    activity_items = [i for i in items if i.kind == "activity"]
    assert all(i.activity is not None for i in activity_items)


def test_bad_answers_store_nothing(lead: Any) -> None:
    with pytest.raises(ValidationError):
        services.assessment_submit(user=lead, answers={**ANSWERS, "post": "emperor"})
    assert not Assessment.objects.exists()
    assert not PlanItem.objects.exists()


def test_retaking_keeps_done_and_adopted_items_and_replaces_open_suggestions(lead: Any) -> None:
    services.assessment_submit(user=lead, answers=ANSWERS)
    first = list(PlanItem.objects.visible_to(lead))
    done = services.plan_item_mark(user=lead, pk=first[0].pk, done=True)
    adopted = services.activity_adopt(user=lead, activity=Activity.objects.get(slug="set-targets"))
    services.assessment_submit(
        user=lead, answers={**ANSWERS, "board_roles_clear": "yes", "time_available": "little"}
    )
    keys = list(PlanItem.objects.visible_to(lead).values_list("key", flat=True))
    assert done.key in keys and adopted.key in keys
    assert len(keys) == len(set(keys))
    assert Assessment.objects.visible_to(lead).count() == 2


def test_after_a_retake_every_open_item_gives_its_reason_from_the_latest_answers(
    lead: Any,
) -> None:
    services.assessment_submit(user=lead, answers=ANSWERS)
    rated = PlanItem.objects.visible_to(lead).filter(
        kind="activity", reason__contains="as emerging"
    )
    item = rated.first()
    assert item is not None and item.activity is not None
    services.activity_adopt(user=lead, activity=item.activity)  # kept through the retake
    grown = {f"maturity_{theme}": "maturing" for theme in ("public_health", "data", "leadership")}
    latest = services.assessment_submit(
        user=lead, answers={**ANSWERS, **grown, "time_in_role": "experienced"}
    )
    for kept in PlanItem.objects.visible_to(lead).filter(done_at__isnull=True):
        assert "emerging" not in kept.reason and "developing" not in kept.reason, kept.reason
        assert "first 90 days" not in kept.reason, kept.reason
        assert kept.assessment_id == latest.pk


def test_adopting_twice_gives_one_item_and_counts_one_adoption(lead: Any, other_lead: Any) -> None:
    activity = Activity.objects.get(slug="learn-from-others")
    services.activity_adopt(user=lead, activity=activity)
    services.activity_adopt(user=lead, activity=activity)
    services.activity_adopt(user=other_lead, activity=activity)
    assert PlanItem.objects.visible_to(lead).filter(activity=activity).count() == 1
    counted = Activity.objects.with_adoptions().get(pk=activity.pk)
    assert counted.adoption_count == 2  # type: ignore[attr-defined]


def test_a_proposal_cannot_be_adopted(lead: Any) -> None:
    proposed = services.activity_propose(
        user=lead, name="Try it", summary="Why", steps="One", focus="internal", horizon="long"
    )
    with pytest.raises(ValidationError):
        services.activity_adopt(user=lead, activity=proposed)


def test_nobody_marks_another_persons_item(lead: Any, other_lead: Any) -> None:
    item = services.activity_adopt(user=lead, activity=Activity.objects.first())  # type: ignore[arg-type]
    with pytest.raises(PermissionDenied):
        services.plan_item_mark(user=other_lead, pk=item.pk, done=True)
    item.refresh_from_db()
    assert item.done_at is None


def test_editor_approves_a_proposal_and_the_contributor_is_credited_and_told(
    lead: Any, editor: Any
) -> None:
    proposed = services.activity_propose(
        user=lead,
        name="Walk the patient journey",
        summary="Follow the route in.",
        steps="Pick a service\nWalk it",
        focus="internal",
        horizon="short",
        themes=["partnerships"],
    )
    assert proposed.status == Status.PROPOSED
    assert Notification.objects.filter(recipient=editor, kind="induction.moderation").exists()
    services.entry_decide(editor=editor, entry=proposed, approve=True)
    proposed.refresh_from_db()
    assert proposed.status == Status.PUBLISHED and proposed.credit == "Lara Lead"
    told = Notification.objects.get(recipient=lead, kind="induction.decision")
    assert "published" in told.title


def test_rejecting_needs_a_reason_and_only_editors_decide(lead: Any, editor: Any) -> None:
    measure = services.measure_propose(
        user=lead,
        name="Community panels held",
        figure_two_class="process_enabling",
        definition="Panels",
        how_to_measure="Count them",
    )
    with pytest.raises(ValidationError):
        services.entry_decide(editor=editor, entry=measure, approve=False, reason="  ")
    with pytest.raises(PermissionDenied):
        services.entry_decide(editor=lead, entry=measure, approve=True)
    services.entry_decide(editor=editor, entry=measure, approve=False, reason="Already covered")
    measure.refresh_from_db()
    assert measure.status == Status.REJECTED
    with pytest.raises(ValidationError):
        services.entry_decide(editor=editor, entry=measure, approve=True)


def test_a_proposal_with_a_bad_placement_is_refused(lead: Any) -> None:
    with pytest.raises(ValidationError):
        services.activity_propose(
            user=lead, name="X", summary="Y", steps="Z", focus="sideways", horizon="long"
        )
    assert not Activity.objects.filter(name="X").exists()


def test_endorsing_twice_withdraws(lead: Any) -> None:
    activity = Activity.objects.first()
    assert services.endorse(user=lead, activity=activity) is True
    assert services.endorse(user=lead, activity=activity) is False


def test_the_plan_suggests_learning_events_and_a_buddy_from_the_learning_pillar(
    lead: Any, other_lead: Any
) -> None:
    import datetime

    from django.utils import timezone

    from equityhub.learning.models import BuddyProfile, Event

    starts = timezone.now() + datetime.timedelta(days=12)
    event = Event.objects.create(
        title="Webinar: data for the board",
        summary="Breaking figures down by deprivation",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=1),
        organiser=other_lead,
    )
    BuddyProfile.objects.create(user=lead, stage="new", background="clinical")
    BuddyProfile.objects.create(user=other_lead, stage="experienced", background="public_health")
    services.assessment_submit(user=lead, answers={**ANSWERS, "time_available": "more"})
    items = {i.key: i for i in PlanItem.objects.visible_to(lead)}
    assert items[f"event:{event.pk}"].due_on == timezone.localtime(starts).date()
    buddy = items[f"buddy:{other_lead.pk}"]
    assert buddy.reason.startswith("You asked for a buddy. ")
    assert buddy.reason.endswith(".") and ";" not in buddy.reason
    assert "Oscar Other" in buddy.title


def test_no_buddy_is_suggested_to_someone_who_did_not_ask(lead: Any, other_lead: Any) -> None:
    from equityhub.learning.models import BuddyProfile

    BuddyProfile.objects.create(user=other_lead, stage="experienced", background="public_health")
    services.assessment_submit(user=lead, answers={**ANSWERS, "wants_buddy": "no"})
    assert not PlanItem.objects.visible_to(lead).filter(kind="buddy").exists()
