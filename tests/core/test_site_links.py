"""Absolute links follow the address actually served (any port) unless SITE_URL is set."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from equityhub.core.site import SiteUrlMiddleware, site_url

SERVED = "http://testserver:8123"


def _links_made_while_serving(host: str, make: Any) -> list[str]:
    found: list[str] = []

    def view(request: HttpRequest) -> HttpResponse:
        found.extend(make())
        return HttpResponse("ok")

    SiteUrlMiddleware(view)(RequestFactory().get("/", HTTP_HOST=host))
    return found


@pytest.mark.django_db
def test_every_kind_of_link_follows_the_served_port(settings: Any, make_user: Any) -> None:
    settings.SITE_URL_CONFIGURED = False
    settings.SITE_URL = "http://127.0.0.1:8000"
    from equityhub.core.notifications import unsubscribe_url
    from equityhub.learning.calendar.services import feed_url
    from equityhub.library.feeds import NewAndUpdatedFeed
    from equityhub.people.services_accounts import absolute_url

    user = make_user()

    def make() -> list[str]:
        return [
            absolute_url("core:sign-in"),  # e-mails
            unsubscribe_url(user, "digest"),  # digests
            feed_url(SimpleNamespace(token="abc")),  # iCalendar feed
            NewAndUpdatedFeed().item_link(SimpleNamespace(url="/library/x/")),  # Atom
            site_url() + "/library/certificates/1/",  # certificates' check URL
        ]

    links = _links_made_while_serving("testserver:8123", make)
    assert len(links) == 5
    assert all(link.startswith(SERVED + "/") for link in links), links
    # outside a request (tasks), the address the site was started on
    assert site_url() == "http://127.0.0.1:8000"


def test_a_configured_site_url_wins(settings: Any) -> None:
    settings.SITE_URL_CONFIGURED = True
    settings.SITE_URL = "https://hub.example.nhs.uk"
    links = _links_made_while_serving("testserver:8123", lambda: [site_url()])
    assert links == ["https://hub.example.nhs.uk"]


def test_serve_gives_its_workers_the_address_it_serves() -> None:
    from equityhub.core.management.commands.serve import served_url

    assert served_url(9123, "0.0.0.0") == "http://127.0.0.1:9123"
    assert served_url(8001, "localhost") == "http://localhost:8001"
