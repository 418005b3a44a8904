"""Exchange visits: offers and requests matched by topic, arranging a visit, and the learning
note that can become a library case study suggestion."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from equityhub.core.models import Notification
from equityhub.learning.models import ExchangeListing, Visit
from equityhub.learning.visits import services as services_visits
from equityhub.library.contributions import Contribution
from equityhub.library.taxonomy import Topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def topics() -> dict[str, Topic]:
    return {
        slug: Topic.objects.get_or_create(slug=slug, defaults={"name": name})[0]
        for slug, name in [("anchor-x", "Anchors X"), ("data-x", "Data X"), ("mh-x", "MH X")]
    }


@pytest.fixture
def offer(people: dict[str, Any], topics: dict[str, Topic]) -> ExchangeListing:
    return services_visits.listing_create(
        by=people["member"],
        kind="offer",
        title="Come and see our local hiring scheme",
        description="Two hours with our recruitment team",
        topics=[topics["anchor-x"], topics["data-x"]],
    )


def test_listings_need_a_topic_and_a_kind(people: dict[str, Any]) -> None:
    with pytest.raises(ValidationError) as error:
        services_visits.listing_create(by=people["member"], kind="swap", title="", description="")
    assert set(error.value.message_dict) == {"kind", "title", "description", "topics"}
    assert not ExchangeListing.objects.exists()


def test_offers_and_requests_are_matched_by_topic(
    offer: ExchangeListing, people: dict[str, Any], topics: dict[str, Topic]
) -> None:
    request = services_visits.listing_create(
        by=people["outsider"],
        kind="request",
        title="How do others hire locally?",
        description="Looking for a trust that has done it",
        topics=[topics["anchor-x"], topics["data-x"], topics["mh-x"]],
    )
    services_visits.listing_create(
        by=people["other_member"],
        kind="request",
        title="Mental health only",
        description="Unrelated",
        topics=[topics["mh-x"]],
    )
    matches = services_visits.matches_for(offer)
    assert [m.listing for m in matches] == [request]
    assert matches[0].shared_topics == ["Anchors X", "Data X"]
    told = Notification.objects.filter(recipient=people["member"], title__contains="matches")
    assert told.count() == 1


def test_a_visit_is_arranged_agreed_and_its_learning_captured(
    offer: ExchangeListing, people: dict[str, Any]
) -> None:
    visitor, host = people["outsider"], people["member"]
    with pytest.raises(ValidationError, match="your own"):
        services_visits.visit_arrange(by=host, listing=offer)
    visit = services_visits.visit_arrange(by=visitor, listing=offer, message="Could we come?")
    assert (visit.host, visit.visitor) == (host, visitor)
    with pytest.raises(PermissionDenied):
        services_visits.visit_answer(by=visitor, visit=visit, agree=True)
    with pytest.raises(ValidationError) as error:
        services_visits.visit_answer(by=host, visit=visit, agree=True)
    assert "visit_date" in error.value.message_dict
    soon = timezone.localdate() + datetime.timedelta(days=3)
    services_visits.visit_answer(by=host, visit=visit, agree=True, visit_date=soon)
    with pytest.raises(ValidationError, match="after the visit"):
        services_visits.learning_note_save(by=visitor, visit=visit, learning_note="Good")
    Visit.objects.filter(pk=visit.pk).update(visit_date=timezone.localdate())
    visit.refresh_from_db()
    with pytest.raises(ValidationError, match="learning note first"):
        services_visits.visit_capture(by=visitor, visit=visit, title="x", summary="y")
    services_visits.learning_note_save(
        by=visitor, visit=visit, learning_note="Local hiring works with a named lead"
    )
    with pytest.raises(PermissionDenied):
        services_visits.learning_note_save(
            by=people["other_member"], visit=visit, learning_note="Not mine"
        )
    services_visits.visit_capture(
        by=visitor,
        visit=visit,
        title="Hiring from local neighbourhoods",
        summary="A trust hires from its most deprived neighbourhoods with a named lead.",
    )
    contribution = Contribution.objects.get()
    assert contribution.kind == "case_study" and contribution.status == "submitted"
    assert "exchange visit" in contribution.context
    with pytest.raises(ValidationError, match="already"):
        services_visits.visit_capture(
            by=host, visit=visit, title="Again", summary="A summary long enough to pass."
        )


def test_from_a_request_the_responder_hosts(
    people: dict[str, Any], topics: dict[str, Topic]
) -> None:
    request = services_visits.listing_create(
        by=people["outsider"],
        kind="request",
        title="See a health equity audit",
        description="x",
        topics=[topics["data-x"]],
    )
    visit = services_visits.visit_arrange(by=people["member"], listing=request)
    assert (visit.host, visit.visitor) == (people["member"], people["outsider"])
    services_visits.visit_answer(by=people["outsider"], visit=visit, agree=False)
    assert Visit.objects.get().status == "declined"


def test_a_visit_is_private_to_its_two_people(
    client_for: Any, offer: ExchangeListing, people: dict[str, Any]
) -> None:
    client = client_for(people["outsider"])
    listing_url = reverse("learning:listing", kwargs={"pk": offer.pk})
    assert (
        "Come and see our local hiring scheme"
        in client.get(reverse("learning:visits")).content.decode()
    )
    response = client.post(listing_url, {"message": "PRIVATE-NOTE"})
    visit = Visit.objects.get()
    assert response.status_code == 302
    url = reverse("learning:visit", kwargs={"pk": visit.pk})
    assert "PRIVATE-NOTE" in client_for(people["member"]).get(url).content.decode()
    for key in ("other_member", "administrator"):
        assert client_for(people[key]).get(url).status_code == 404
    answer = reverse("learning:visit-answer", kwargs={"pk": visit.pk})
    day = (timezone.localdate() + datetime.timedelta(days=5)).isoformat()
    client_for(people["member"]).post(answer, {"answer": "agree", "visit_date": day})
    visit.refresh_from_db()
    assert visit.status == "agreed"
    assert visit.visit_date is not None and visit.visit_date.isoformat() == day
