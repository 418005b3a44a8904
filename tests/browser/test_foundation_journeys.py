"""Journeys through the foundation, with JavaScript on and off, checked by axe."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def test_public_pages(visitor: Any) -> None:
    for path in ("/", "/accessibility/", "/privacy/", "/contact/", "/library/"):
        visitor.visit(path)
    visitor.visit("/no-such-page/", status=404)
    assert "Page not found" in visitor.page.content()


def test_sign_in_with_a_mistake_then_correctly(visitor: Any, make_user: Any) -> None:
    user = make_user(full_name="Priya Lead")
    visitor.visit("/accounts/sign-in/")
    visitor.page.fill("#id_email", user.email)
    visitor.page.fill("#id_password", "not my password")
    visitor.page.click("button[type=submit] >> text=Sign in")
    visitor.page.wait_for_load_state()
    visitor.check()
    assert "There is a problem" in visitor.page.content()
    visitor.sign_in(user.email, PASSWORD)
    assert "What needs you now" in visitor.page.content()
    visitor.visit("/notifications/")
    visitor.visit("/notifications/preferences/")


def test_home_on_a_phone(phone_visitor: Any, make_user: Any) -> None:
    user = make_user()
    phone_visitor.sign_in(user.email, PASSWORD)
    width = phone_visitor.page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, "the page should not scroll sideways on a phone"
