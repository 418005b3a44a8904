"""The load tool (`equityhub.tools.load`, also `make bench`'s load_mix): one simulated lead signs
in, browses every page type and uploads the upload page's own template up to its preview."""

from __future__ import annotations

from typing import Any

import pytest

from equityhub.indicators.models import DataReturn
from equityhub.indicators.registry.services import indicator_registry_load
from equityhub.tools.load import parse, run
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_simulated_lead_browses_and_uploads_a_return(
    live_server: Any, personas: dict[str, Any]
) -> None:
    indicator_registry_load()  # the upload page offers a template of each indicator
    args = parse(
        ["--base-url", live_server.url, "--users", "1", "--duration", "3", "--ramp", "0",
         "--think", "0.05", "--email", personas["owner"].email, "--password", PASSWORD]
    )  # fmt: skip
    report = run(args)
    assert report["signed_in"] == 1
    journeys = report["journeys"]
    assert isinstance(journeys, dict)
    for journey in ("home", "library search", "indicators dashboard", "upload form", "upload"):
        assert journeys[journey]["requests"] >= 1, journey
    assert (report["server_errors"], report["no_answer"], report["client_errors"]) == (0, 0, 0)
    uploaded = DataReturn.objects.get()
    assert uploaded.status == "preview" and uploaded.row_count > 0
