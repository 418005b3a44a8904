"""API `next` links use the address actually served, here a live server on a random port."""

from __future__ import annotations

import json
import urllib.request
from typing import Any

import pytest

from tests.indicators.conftest import good_rows


@pytest.mark.django_db(transaction=True)
def test_api_next_links_work_on_a_non_default_port(
    live_server: Any, settings: Any, upload: Any, personas: dict[str, Any]
) -> None:
    settings.SITE_URL_CONFIGURED = False
    settings.SITE_URL = "http://127.0.0.1:8000"
    assert not live_server.url.endswith(":8000")
    upload(personas["member"], good_rows(), publish=True)
    address = f"{live_server.url}/api/indicators/results?organisation=RZZ&page_size=2"
    with urllib.request.urlopen(address) as response:
        page = json.load(response)
    assert page["next"].startswith(live_server.url + "/api/indicators/results?")
    with urllib.request.urlopen(page["next"]) as response:
        assert json.load(response)["results"]


@pytest.mark.django_db
def test_api_next_links_use_a_configured_site_url(
    settings: Any, upload: Any, personas: dict[str, Any], client_for: Any
) -> None:
    # behind a proxy the request's own host is the internal one; SITE_URL is the public one
    settings.SITE_URL_CONFIGURED = True
    settings.SITE_URL = "https://hub.example.nhs.uk"
    upload(personas["member"], good_rows(), publish=True)
    page = client_for(None).get("/api/indicators/results?organisation=RZZ&page_size=2").json()
    assert page["next"].startswith("https://hub.example.nhs.uk/api/indicators/results?")
