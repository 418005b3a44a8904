"""Editors keep the offer in the content management system: role guides, activities (their
placement on the grid included), support offers and "you said, we did"."""

from __future__ import annotations

from typing import Any

import pytest

from equityhub.induction.guides import ensure_guide_index, guide_publish
from equityhub.induction.models import Activity, SupportOffer

pytestmark = pytest.mark.django_db


def test_an_editor_opens_the_catalogue_and_offers_in_the_cms(
    client_for: Any, editor: Any, catalogue: None
) -> None:
    ensure_guide_index()
    client = client_for(editor)
    activity = Activity.objects.get(slug="set-targets")
    assert client.get(f"/cms/snippets/induction/activity/edit/{activity.pk}/").status_code == 200
    assert client.get("/cms/snippets/induction/supportoffer/add/").status_code == 200
    assert client.get("/cms/snippets/induction/offerchange/").status_code == 200


def test_an_editor_moves_an_activity_on_the_grid(
    client_for: Any, editor: Any, catalogue: None
) -> None:
    ensure_guide_index()
    activity = Activity.objects.get(slug="set-targets")
    assert activity.board_work == "strategy"
    activity.focus = "external"
    activity.save()
    html = client_for(editor).get("/induction/activities/").content.decode()
    policy = html.split('id="cell-policy"')[1].split("</td>")[0]
    assert "Set targets" in policy


def test_an_editor_may_edit_a_role_guide_and_a_lead_may_not(
    client_for: Any, editor: Any, lead: Any
) -> None:
    guide = guide_publish(title="The role", slug="the-role", summary="For every lead.")
    edit = f"/cms/pages/{guide.pk}/edit/"
    assert client_for(editor).get(edit).status_code == 200
    assert client_for(lead).get(edit).status_code in (302, 403)
    page = client_for(lead).get("/induction/guides/the-role/").content.decode()
    assert "For every lead." in page


def test_support_offers_that_ended_are_not_listed(client: Any) -> None:
    import datetime

    SupportOffer.objects.create(
        title="Old course",
        provider="P",
        kind="Course",
        description="D",
        how_to_join="Ask",
        ends_on=datetime.date(2020, 1, 1),
    )
    SupportOffer.objects.create(
        title="Current helpline", provider="P", kind="Helpline", description="D", how_to_join="Call"
    )
    html = client.get("/induction/support/").content.decode()
    assert "Current helpline" in html and "Old course" not in html
