"""Wagtail-served library pages: public, members-only and draft, as each persona."""

from __future__ import annotations

from typing import Any

import pytest

from tests.access_matrix import SHARED_PERSONAS as PERSONAS


@pytest.fixture
def pages(make_item: Any) -> dict[str, Any]:
    return {
        "public": make_item(title="Public guide", slug="public-guide"),
        "members": make_item(title="Members guide", slug="members-guide", members_only=True),
        "draft": make_item(title="Draft guide", slug="draft-guide", live=False),
        "case": make_item("case", title="Illustrative case", slug="a-case", is_illustrative=True),
    }


EXPECTED = {
    "public-guide": {p: 200 for p in PERSONAS},
    "a-case": {p: 200 for p in PERSONAS},
    "members-guide": {**{p: 200 for p in PERSONAS}, "anonymous": 302},
    "draft-guide": {p: 404 for p in PERSONAS},
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_library_pages_as_each_persona(
    persona: str, pages: dict[str, Any], personas: dict[str, Any], client_for: Any
) -> None:
    client = client_for(personas[persona])
    got = {slug: client.get(f"/library/{slug}/").status_code for slug in EXPECTED}
    assert got == {slug: statuses[persona] for slug, statuses in EXPECTED.items()}


def test_members_only_asks_anonymous_visitors_to_sign_in(
    pages: dict[str, Any], client: Any
) -> None:
    response = client.get("/library/members-guide/")
    assert response["Location"].startswith("/accounts/sign-in/?next=/library/members-guide/")
    assert pages["members"].url == "/library/members-guide/"


def test_wagtail_address_enforces_the_same_rules(pages: dict[str, Any], client: Any) -> None:
    from wagtail.models import Site

    site = Site.objects.get(is_default_site=True)
    prefix = "/pages/" + pages["members"].url_path[len(site.root_page.url_path) :]
    assert client.get(prefix).status_code == 302
    draft = "/pages/" + pages["draft"].url_path[len(site.root_page.url_path) :]
    assert client.get(draft).status_code == 404


def test_case_study_says_it_is_fictional(pages: dict[str, Any], client: Any) -> None:
    body = client.get("/library/a-case/").content.decode()
    assert "This case study is fictional" in body


def test_members_only_items_are_missing_from_lists_for_the_public(
    pages: dict[str, Any], client: Any, client_for: Any, personas: dict[str, Any]
) -> None:
    assert "Members guide" not in client.get("/library/").content.decode()
    assert "Members guide" in client_for(personas["member"]).get("/library/").content.decode()
