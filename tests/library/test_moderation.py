"""Co-production: suggestions, proposed edits, an editor's decisions, comments and marks."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError

from equityhub.core.models import Notification
from equityhub.library import services
from equityhub.library.contributions import Contribution
from equityhub.library.engagement import Comment
from equityhub.library.models import CaseStudy, LibraryItem

CASE = {
    "title": "Pop-up blood pressure checks",
    "organisation_name": "Riverside PCN",
    "summary": "Checks in community venues found undiagnosed hypertension.",
    "context": "",
    "problem": "Low recorded prevalence in deprived areas.",
    "what_was_done": "Checks at a food bank and a mosque.",
    "results": "186 new diagnoses.",
    "learning": "Trusted venues matter.",
    "link": "",
    "credit_name": "",
}


@pytest.fixture
def editor(make_user: Any, library: Any) -> Any:
    user = make_user(full_name="Eddie Editor")
    user.groups.add(Group.objects.get(name="Content editors"))
    return user


def _suggest(client: Any, data: dict[str, Any] | None = None) -> Contribution:
    response = client.post("/library/suggest/case_study/", data or CASE)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Contribution.objects.latest("pk")


def test_lead_suggests_a_case_study_and_an_editor_approves_it(
    personas: dict[str, Any], client_for: Any, editor: Any
) -> None:
    lead = personas["owner"]
    contribution = _suggest(client_for(lead))
    assert contribution.status == "submitted"
    assert Notification.objects.filter(recipient=editor, kind="library.editor_queue").exists()

    # The lead cannot decide, nor use the content management system.
    lead_client = client_for(lead)
    decide_url = f"/library/editors/contributions/{contribution.pk}/"
    assert lead_client.post(decide_url, {"decision": "publish"}).status_code == 403
    assert lead_client.get("/cms/").status_code == 302
    with pytest.raises(PermissionDenied):
        services.contribution_decide(editor=lead, contribution=contribution, decision="publish")

    response = client_for(editor).post(decide_url, {"decision": "accept", "message": ""})
    assert response.status_code == 302
    contribution.refresh_from_db()
    assert contribution.status == "accepted"
    page = CaseStudy.objects.get(pk=contribution.created_page_id)
    assert not page.live and page.contributed_by == lead.full_name
    assert page.what_was_done == CASE["what_was_done"]
    assert client_for(lead).get(page.url).status_code == 404  # a draft until published
    assert Notification.objects.filter(recipient=lead, kind="library.contribution").exists()


def test_editor_can_publish_straight_away_with_credit(
    personas: dict[str, Any], client_for: Any, editor: Any
) -> None:
    contribution = _suggest(
        client_for(personas["member"]), {**CASE, "credit_name": "Mo, Riverside"}
    )
    client_for(editor).post(
        f"/library/editors/contributions/{contribution.pk}/", {"decision": "publish"}
    )
    page = LibraryItem.objects.get(title=CASE["title"])
    assert page.live
    body = client_for(None).get(page.url).content.decode()
    assert "Suggested by Mo, Riverside" in body


def test_changes_asked_for_then_sent_back(
    personas: dict[str, Any], client_for: Any, editor: Any
) -> None:
    lead = personas["owner"]
    contribution = _suggest(client_for(lead))
    url = f"/library/editors/contributions/{contribution.pk}/"
    missing_reason = client_for(editor).post(url, {"decision": "changes", "message": " "})
    assert missing_reason.status_code == 400
    assert "Say what needs to change" in missing_reason.content.decode()
    client_for(editor).post(url, {"decision": "changes", "message": "Add the numbers checked."})
    contribution.refresh_from_db()
    assert contribution.status == "changes_requested"
    # Someone else cannot change it; the contributor can.
    other = client_for(personas["member"]).get(f"/library/contributions/{contribution.pk}/change/")
    assert other.status_code == 404
    revised = {**CASE, "results": "1,240 checked, 186 new diagnoses."}
    response = client_for(lead).post(f"/library/contributions/{contribution.pk}/change/", revised)
    assert response.status_code == 302
    contribution.refresh_from_db()
    assert contribution.status == "submitted" and contribution.results.startswith("1,240")


def test_rejection_needs_a_reason_and_is_final(
    personas: dict[str, Any], client_for: Any, editor: Any
) -> None:
    contribution = _suggest(client_for(personas["owner"]))
    with pytest.raises(ValidationError):
        services.contribution_decide(editor=editor, contribution=contribution, decision="reject")
    services.contribution_decide(
        editor=editor, contribution=contribution, decision="reject", message="Out of scope."
    )
    with pytest.raises(ValidationError):
        services.contribution_decide(editor=editor, contribution=contribution, decision="accept")


@pytest.mark.parametrize(
    ("path", "data", "message"),
    [
        ("/library/suggest/resource/", {"title": "Hi", "summary": "short"}, "at least 5"),
        (
            "/library/suggest/resource/",
            {"title": "A good title", "summary": "x" * 30},
            "web address",
        ),
        (
            "/library/suggest/resource/",
            {"title": "A good title", "summary": "x" * 30, "link": "not a url"},
            "Enter a valid URL",
        ),
        ("/library/suggest/case_study/", {**CASE, "what_was_done": " "}, "Describe what was done"),
    ],
)
def test_bad_suggestions_are_refused_with_a_clear_message(
    path: str,
    data: dict[str, Any],
    message: str,
    personas: dict[str, Any],
    client_for: Any,
    library: Any,
) -> None:
    response = client_for(personas["member"]).post(path, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Contribution.objects.exists()


def test_unknown_suggestion_kind_is_not_found(personas: dict[str, Any], client_for: Any) -> None:
    assert client_for(personas["member"]).get("/library/suggest/edit/").status_code == 404


def test_proposed_edits_do_not_overwrite_each_other(
    personas: dict[str, Any], client_for: Any, make_item: Any
) -> None:
    item = make_item(title="Shared page", slug="shared-page")
    url = "/library/shared-page/propose/"
    assert client_for(personas["member"]).post(url, {"change": "short"}).status_code == 400
    client_for(personas["member"]).post(url, {"change": "Update the 2024 figures please."})
    client_for(personas["owner"]).post(url, {"change": "Add a link to the children's version."})
    assert Contribution.objects.filter(target=item, kind="edit").count() == 2


def test_comments_wait_for_moderation(
    personas: dict[str, Any], client_for: Any, make_item: Any, editor: Any
) -> None:
    make_item(title="Commented page", slug="commented")
    reader = client_for(personas["member"])
    reader.post("/library/commented/comment/", {"text": "   "})
    assert not Comment.objects.exists()
    reader.post("/library/commented/comment/", {"text": "Used this at our board."})
    comment = Comment.objects.get()
    assert (
        "Used this at our board."
        not in client_for(None).get("/library/commented/").content.decode()
    )
    assert (
        client_for(personas["owner"])
        .post(f"/library/editors/comments/{comment.pk}/", {"decision": "approve"})
        .status_code
        == 403
    )
    client_for(editor).post(f"/library/editors/comments/{comment.pk}/", {"decision": "approve"})
    assert "Used this at our board." in client_for(None).get("/library/commented/").content.decode()


def test_useful_for_my_role_toggles(
    personas: dict[str, Any], client_for: Any, make_item: Any
) -> None:
    make_item(title="Useful page", slug="useful-page")
    reader = client_for(personas["member"])
    reader.post("/library/useful-page/useful/")
    assert "1 person has marked this useful" in reader.get("/library/useful-page/").content.decode()
    reader.post("/library/useful-page/useful/")
    assert "0 people have marked" in reader.get("/library/useful-page/").content.decode()
    assert client_for(None).post("/library/useful-page/useful/").status_code == 302
