"""Pages: the grid and list work without JavaScript, the assessment keeps answers on errors,
each lead sees only their own plan, editors moderate, the pack downloads."""

from __future__ import annotations

from typing import Any

import pytest

from equityhub.induction import services
from equityhub.induction.models import Activity, Assessment, Measure, PlanItem, Status
from tests.induction.conftest import ANSWERS

pytestmark = pytest.mark.django_db


def test_the_grid_shows_the_four_kinds_of_board_work_with_adoption_counts(
    client: Any, lead: Any
) -> None:
    services.activity_adopt(user=lead, activity=Activity.objects.get(slug="set-targets"))
    html = client.get("/induction/activities/").content.decode()
    for label in (
        "Accountability",
        "Policy formulation",
        "Supervising management",
        "Strategic thinking",
        "External focus",
        "Internal focus",
    ):
        assert label in html
    assert "1 lead has adopted it" in html


def test_the_list_filters_with_a_plain_get_form(client: Any, catalogue: None) -> None:
    html = client.get("/induction/activities/list/?focus=external&horizon=short").content.decode()
    assert "Give the board visibility of inequalities" in html
    assert "Write a theory of change" not in html
    themed = client.get("/induction/activities/list/?theme=data&q=targets").content.decode()
    assert "Set targets" in themed and "Learn from others" not in themed


def test_an_incomplete_assessment_names_each_missing_answer_and_keeps_the_rest(
    client_for: Any, lead: Any
) -> None:
    partial = {k: v for k, v in ANSWERS.items() if k not in ("post", "maturity_data")}
    response = client_for(lead).post("/induction/assessment/", partial)
    html = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in html
    assert "Answer “Which post do you hold on the board?”" in html
    assert "Answer “Data, insight and evidence on inequalities”" in html
    assert 'value="settling"' in html and 'value="new" checked' in html
    assert not Assessment.objects.exists()


def test_a_made_up_answer_is_refused_clearly(client_for: Any, lead: Any) -> None:
    response = client_for(lead).post("/induction/assessment/", {**ANSWERS, "wants_buddy": "maybe"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not PlanItem.objects.exists()


def test_the_assessment_leads_to_a_plan_with_reasons_and_retaking_shows_the_change(
    client_for: Any, lead: Any
) -> None:
    client = client_for(lead)
    response = client.post("/induction/assessment/", ANSWERS)
    assert response.status_code == 302 and response["Location"] == "/induction/plan/"
    html = client.get("/induction/plan/").content.decode()
    assert "Why:" in html and "You said board responsibilities are not yet clear." in html
    client.post("/induction/assessment/", {**ANSWERS, "maturity_data": "maturing"})
    html = client.get("/induction/plan/").content.decode()
    assert "What changed since your previous self-assessment" in html
    assert "Maturing: this is well established" in html


def test_a_lead_sees_only_their_own_plan_and_cannot_mark_another_persons_item(
    client_for: Any, lead: Any, other_lead: Any
) -> None:
    services.assessment_submit(user=lead, answers=ANSWERS)
    item = PlanItem.objects.visible_to(lead).first()
    assert item is not None
    other = client_for(other_lead)
    assert item.title not in other.get("/induction/plan/").content.decode()
    assert other.post(f"/induction/plan/items/{item.pk}/", {"done": "yes"}).status_code == 403
    item.refresh_from_db()
    assert item.done_at is None
    own = client_for(lead)
    assert own.post(f"/induction/plan/items/{item.pk}/", {"done": "yes"}).status_code == 302
    item.refresh_from_db()
    assert item.done_at is not None


def test_anonymous_visitors_are_sent_to_sign_in_for_the_plan(client: Any) -> None:
    response = client.get("/induction/plan/")
    assert response.status_code == 302 and "sign-in" in response["Location"]


def test_adopting_from_the_activity_page(client_for: Any, lead: Any) -> None:
    client = client_for(lead)
    response = client.post("/induction/activities/learn-from-others/adopt/")
    assert response.status_code == 302
    assert (
        PlanItem.objects.visible_to(lead)
        .filter(key="activity:learn-from-others", adopted=True)
        .exists()
    )
    assert (
        "This activity is in your plan"
        in client.get("/induction/activities/learn-from-others/").content.decode()
    )


def test_proposals_are_hidden_from_others_until_an_editor_approves(
    client_for: Any, lead: Any, other_lead: Any, editor: Any
) -> None:
    response = client_for(lead).post(
        "/induction/propose/activity/",
        {
            "name": "Community walk",
            "summary": "Walk it",
            "steps": "Go",
            "focus": "internal",
            "horizon": "short",
            "themes": ["partnerships"],
        },
    )
    assert response.status_code == 302
    proposed = Activity.objects.get(name="Community walk")
    url = proposed.get_absolute_url()
    assert client_for(other_lead).get(url).status_code == 404
    assert client_for(lead).get(url).status_code == 200
    assert client_for(lead).get("/induction/moderation/").status_code == 403
    decide = f"/induction/moderation/activity/{proposed.pk}/"
    missing_reason = client_for(editor).post(decide, {"decision": "reject", "reason": ""})
    assert missing_reason.status_code == 400
    assert "Say why it is not accepted" in missing_reason.content.decode()
    assert client_for(editor).post(decide, {"decision": "approve"}).status_code == 302
    proposed.refresh_from_db()
    assert proposed.status == Status.PUBLISHED
    html = client_for(other_lead).get(url).content.decode()
    assert "Lara Lead" in html
    assert (
        "Proposed by a lead"
        in client_for(other_lead).get("/induction/activities/").content.decode()
    )


def test_a_proposal_with_missing_fields_shows_errors_and_stores_nothing(
    client_for: Any, lead: Any
) -> None:
    response = client_for(lead).post("/induction/propose/measure/", {"name": "Half"})
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
    assert not Measure.objects.filter(name="Half").exists()


def test_the_pack_is_a_pdf(client_for: Any, lead: Any) -> None:
    services.assessment_submit(user=lead, answers=ANSWERS)
    response = client_for(lead).get("/induction/plan/induction-pack.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_home_page_guides_a_new_lead_then_shows_next_steps(client_for: Any, lead: Any) -> None:
    client = client_for(lead)
    assert "take the 5-minute self-assessment" in client.get("/").content.decode()
    services.assessment_submit(user=lead, answers=ANSWERS)
    html = client.get("/").content.decode()
    assert "Next steps in my plan" in html
    first = PlanItem.objects.visible_to(lead).filter(done_at__isnull=True).first()
    assert first is not None and first.title in html


def test_only_the_team_keeps_the_board_map(
    client_for: Any, personas: dict[str, Any], organisation: Any
) -> None:
    url = f"/induction/board/{organisation.code}/"
    row = {"area": "Workforce equality", "board_member": "Pat Director"}
    assert client_for(personas["outsider"]).post(url, row).status_code == 403
    assert client_for(personas["owner"]).post(url, row).status_code == 302
    assert "Pat Director" in client_for(personas["outsider"]).get(url).content.decode()


def test_feedback_needs_a_rating_and_editors_read_it(
    client_for: Any, lead: Any, editor: Any
) -> None:
    client = client_for(lead)
    assert client.post("/induction/feedback/", {"part": "plan"}).status_code == 400
    sent = {"part": "plan", "rating": "4", "comment": "Fewer items please"}
    assert client.post("/induction/feedback/", sent).status_code == 302
    html = client_for(editor).get("/induction/moderation/").content.decode()
    assert "Fewer items please" in html and "4.0" in html


def test_the_board_kit_lists_the_organisations_inequality_indicators(
    client_for: Any, personas: dict[str, Any], organisation: Any, catalogue: None
) -> None:
    from equityhub.indicators.models import Adoption, Indicator
    from equityhub.indicators.registry.services import indicator_registry_load

    indicator_registry_load()
    Adoption.objects.create(
        organisation=organisation, indicator=Indicator.objects.get(code="smoking-at-delivery")
    )
    html = client_for(personas["owner"]).get("/induction/board-kit/").content.decode()
    assert "Smoking at time of delivery" in html
    assert f"/induction/board/{organisation.code}/" in html
    public = client_for(None).get("/induction/board-kit/").content.decode()
    assert "Smoking at time of delivery" not in public


def test_leads_comment_on_and_endorse_a_measure(
    client_for: Any, lead: Any, catalogue: None
) -> None:
    client = client_for(lead)
    url = "/induction/measures/board-scrutiny/"
    assert client.post(url + "endorse/").status_code == 302
    assert client.post(url + "comment/", {"text": "We score this each spring"}).status_code == 302
    html = client.get(url).content.decode()
    assert "1 lead has endorsed this measure" in html
    assert "We score this each spring" in html
    assert "Withdraw my endorsement" in html


def test_the_pack_uses_the_guide_that_fits_the_post_and_organisation(lead: Any) -> None:
    from equityhub.induction.guides import guide_publish
    from equityhub.induction.pack import guide_for

    guide_publish(title="General", slug="general", summary="All")
    guide_publish(title="ICB", slug="icb", summary="ICB", post="executive", organisation_type="icb")
    guide_publish(title="Chairs", slug="chairs", summary="NEDs", post="chair_ned")
    assert guide_for(lead).title == "General"  # type: ignore[union-attr]
    services.assessment_submit(user=lead, answers=ANSWERS)  # an acute trust executive
    assert guide_for(lead).title == "General"  # type: ignore[union-attr]
    services.assessment_submit(user=lead, answers={**ANSWERS, "organisation_type": "icb"})
    assert guide_for(lead).title == "ICB"  # type: ignore[union-attr]
    services.assessment_submit(user=lead, answers={**ANSWERS, "post": "chair_ned"})
    assert guide_for(lead).title == "Chairs"  # type: ignore[union-attr]


def test_a_measure_with_an_indicator_offers_adoption_to_the_organisations_team(
    client_for: Any, personas: dict[str, Any], organisation: Any, catalogue: None
) -> None:
    from equityhub.indicators.registry.services import indicator_registry_load

    indicator_registry_load()
    url = "/induction/measures/access-experience-service-level/"
    adopt = f"/indicators/{organisation.code}/rtt-waiting-over-18-weeks/adopt/"
    assert adopt in client_for(personas["owner"]).get(url).content.decode()
    outsider = client_for(personas["outsider"]).get(url).content.decode()
    assert adopt not in outsider
    assert "An organisation's lead or team can adopt it" in outsider


def test_leads_comment_on_and_endorse_an_activity(
    client_for: Any, lead: Any, catalogue: None
) -> None:
    client = client_for(lead)
    url = "/induction/activities/set-targets/"
    assert client.post(url + "endorse/").status_code == 302
    assert client.post(url + "comment/", {"text": ""}).status_code == 302
    assert client.post(url + "comment/", {"text": "Our board set three"}).status_code == 302
    html = client.get(url).content.decode()
    assert "Our board set three" in html
    assert "Withdraw my endorsement" in html
