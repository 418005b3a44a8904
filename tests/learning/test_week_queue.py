"""The home page's work queue for learning: overdue actions with days overdue, the next meeting
and what is due for it, and the facilitator's sets needing a date and unmatched buddy requests."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from equityhub.learning.buddying.models import Buddying, BuddyProfile
from equityhub.learning.home import selectors as selectors_week
from equityhub.learning.models import Action, LearningSet, Meeting, Presentation
from tests.learning.conftest import hours_from_now

pytestmark = pytest.mark.django_db


def test_an_action_is_not_overdue_before_the_meeting_that_reviews_it(
    presentation: Presentation, next_meeting: Meeting, people: dict
) -> None:
    assert selectors_week.my_overdue_actions(people["member"]) == []
    assert selectors_week.actions_due_at(next_meeting, people["member"]) == 1


def test_an_action_still_open_after_its_review_meeting_is_overdue_by_the_days_since(
    presentation: Presentation, learning_set: LearningSet, people: dict
) -> None:
    Meeting.objects.create(
        learning_set=learning_set,
        starts_at=hours_from_now(-24 * 5),
        ends_at=hours_from_now(-24 * 5 + 2),
    )
    [overdue] = selectors_week.my_overdue_actions(people["member"])
    assert overdue.days_overdue == 5
    assert overdue.due_on == timezone.localdate(hours_from_now(-24 * 5))
    Action.objects.update(review_status="done")
    assert selectors_week.my_overdue_actions(people["member"]) == []


def test_the_facilitator_sees_sets_without_a_date_and_overdue_actions_across_sets(
    presentation: Presentation, learning_set: LearningSet, people: dict
) -> None:
    assert selectors_week.sets_needing_a_date(people["facilitator"]) == [learning_set]
    Meeting.objects.create(
        learning_set=learning_set, starts_at=hours_from_now(-30), ends_at=hours_from_now(-28)
    )
    assert len(selectors_week.overdue_across_sets(people["facilitator"])) == 1
    Meeting.objects.create(
        learning_set=learning_set, starts_at=hours_from_now(48), ends_at=hours_from_now(50)
    )
    assert selectors_week.sets_needing_a_date(people["facilitator"]) == []
    assert selectors_week.sets_needing_a_date(people["member"]) == []


def test_new_leads_with_no_pairing_wait_in_the_programme_queue(people: dict) -> None:
    for key in ("member", "other_member"):
        BuddyProfile.objects.create(user=people[key], stage="new", background="clinical")
    Buddying.objects.create(proposer=people["other_member"], partner=people["outsider"])
    waiting = selectors_week.unmatched_buddy_requests()
    assert [profile.user for profile in waiting] == [people["member"]]


def test_home_page_queue_for_the_facilitator(
    learning_set: LearningSet, people: dict, client: Client
) -> None:
    client.force_login(people["facilitator"])
    html = client.get("/").content.decode()
    assert 'id="work-queue"' in html
    assert "Sets needing a date:" in html and "Needs a date" in html
    assert "Buddy requests unmatched:" in html


def test_home_page_queue_for_a_member_with_an_overdue_action(
    presentation: Presentation, learning_set: LearningSet, people: dict, client: Any
) -> None:
    Meeting.objects.create(
        learning_set=learning_set, starts_at=hours_from_now(-48), ends_at=hours_from_now(-46)
    )
    client.force_login(people["member"])
    html = client.get("/").content.decode()
    assert "Overdue actions:" in html and "2 days overdue" in html
