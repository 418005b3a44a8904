"""Pathway certificates: completion plus reflections, reviewed by a facilitator; PDF and check."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group


@pytest.fixture
def course(make_item: Any) -> Any:
    from equityhub.library.pathways import PathwayStep

    pathway = make_item(
        "pathway", title="Board basics", slug="board-basics", leads_to_certificate=True
    )
    for position, title in enumerate(["Read the framework", "Watch the seminar"]):
        PathwayStep.objects.create(
            pathway=pathway, item=make_item(title=title), sort_order=position
        )
    return pathway


@pytest.fixture
def facilitator(make_user: Any) -> Any:
    from equityhub.people.models import GlobalRole

    user = make_user(full_name="Fay Facilitator")
    user.groups.add(Group.objects.get_or_create(name=GlobalRole.FACILITATOR)[0])
    return user


def _steps(course: Any) -> list[Any]:
    return list(course.steps.order_by("sort_order"))


def test_a_learner_asks_only_after_every_step_and_reflection(
    course: Any, personas: dict[str, Any], facilitator: Any, client_for: Any
) -> None:
    from equityhub.core.models import Notification
    from equityhub.library.certificates import Certificate

    lead = client_for(personas["owner"])
    first, second = _steps(course)
    lead.post(f"/library/board-basics/steps/{first.pk}/", {"done": "on", "note": "Useful."})
    lead.post(f"/library/board-basics/steps/{second.pk}/", {"done": "on", "note": ""})
    page = lead.get("/library/board-basics/").text
    assert "Write a reflection on step 2" in page and "Complete step 1" not in page
    assert lead.post("/library/board-basics/certificate/").status_code == 302
    assert not Certificate.objects.exists()  # refused: a reflection is missing
    lead.post(f"/library/board-basics/steps/{second.pk}/", {"done": "on", "note": "We will act."})
    assert lead.post("/library/board-basics/certificate/").status_code == 302
    certificate = Certificate.objects.get()
    assert certificate.status == "requested"
    assert Notification.objects.filter(recipient=facilitator, kind="library.certificate").exists()
    assert "A facilitator is reading your reflections" in lead.get("/library/board-basics/").text


def test_facilitator_returns_then_issues_with_pdf_and_public_check(
    course: Any, personas: dict[str, Any], facilitator: Any, client_for: Any
) -> None:
    from equityhub.library import certificates, pages

    owner = personas["owner"]
    for step in _steps(course):
        pages.step_record(user=owner, step=step, done=True, note=f"Reflection on {step.item.title}")
    certificate = certificates.certificate_request(user=owner, pathway=course)
    reviewer = client_for(facilitator)
    review_url = f"/library/editors/certificates/{certificate.pk}/"
    page = reviewer.get(review_url).text
    assert "Reflection on Watch the seminar" in page
    # Returning needs a message; a member who is not a facilitator cannot review.
    assert reviewer.post(review_url, {"decision": "return", "message": ""}).status_code == 400
    assert client_for(personas["member"]).get(review_url).status_code == 403
    reviewer.post(review_url, {"decision": "return", "message": "Say what you will change."})
    certificate.refresh_from_db()
    assert certificate.status == "returned"
    assert "Say what you will change." in client_for(owner).get("/library/board-basics/").text

    certificates.certificate_request(user=owner, pathway=course)
    assert reviewer.post(review_url, {"decision": "issue", "message": ""}).status_code == 302
    certificate.refresh_from_db()
    assert certificate.status == "issued" and certificate.issued_at is not None
    check = client_for(None).get(f"/library/certificates/{certificate.code}/")
    assert check.status_code == 200 and "This certificate is genuine" in check.text
    assert owner.full_name in check.text and "Board basics" in check.text
    pdf = client_for(owner).get(f"/library/certificates/{certificate.code}/pdf/")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert (
        client_for(personas["member"])
        .get(f"/library/certificates/{certificate.code}/pdf/")
        .status_code
        == 404
    )
    assert (
        client_for(None)
        .get("/library/certificates/00000000-0000-0000-0000-000000000000/")
        .status_code
        == 404
    )


def test_no_self_review_and_no_certificate_for_ordinary_pathways(
    make_item: Any, course: Any, facilitator: Any
) -> None:
    from django.core.exceptions import PermissionDenied, ValidationError

    from equityhub.library import certificates, pages

    for step in _steps(course):
        pages.step_record(user=facilitator, step=step, done=True, note="Done")
    mine = certificates.certificate_request(user=facilitator, pathway=course)
    with pytest.raises(PermissionDenied):
        certificates.certificate_decide(reviewer=facilitator, certificate=mine, issue=True)
    plain = make_item("pathway", title="No certificate here")
    with pytest.raises(ValidationError):
        certificates.certificate_request(user=facilitator, pathway=plain)
