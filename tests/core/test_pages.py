"""Public pages, the home page slot, health check and error pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import DatabaseError
from django.test import Client

from equityhub.core import home

pytestmark = pytest.mark.django_db


def test_public_home_explains_the_service(client: Client) -> None:
    html = client.get("/").content.decode()
    assert "support for health inequalities leads" in html
    assert 'href="#maincontent"' in html  # skip link
    for text in ("Accessibility statement", "Privacy notice", "Contact us"):
        assert text in html


def test_signed_in_home_shows_registered_sections(make_user: Any, client: Client) -> None:
    client.force_login(make_user(full_name="Lee Lead"))
    html = client.get("/").content.decode()
    assert "What needs you now" in html

    def provider(request: Any) -> home.HomeSection:
        return home.HomeSection(
            title="Next meeting", items=(home.HomeItem(text="Set 4 on Tuesday", href="/x/"),)
        )

    home.register_home_provider("test.meeting", provider)
    try:
        html = client.get("/").content.decode()
    finally:
        home._providers.pop("test.meeting")
    assert "Next meeting" in html and "Set 4 on Tuesday" in html


def test_healthz_answers_ok(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"


def test_healthz_reports_a_database_failure(client: Client, monkeypatch: Any) -> None:
    from equityhub.core import views

    class Broken:
        def cursor(self) -> Any:
            raise DatabaseError("connection refused")

    monkeypatch.setattr(views, "connection", Broken())
    response = client.get("/healthz")
    assert response.status_code == 503


def test_not_found_page_is_an_nhs_page(client: Client) -> None:
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_pages_answer_head_requests(client: Client) -> None:
    assert client.head("/").status_code == 200
