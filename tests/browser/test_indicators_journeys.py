"""Journeys through accountability: upload a return (broken, then good), commit, adopt, read.

Run with JavaScript on (checked by axe) and off (the same journeys must still work).
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import PASSWORD
from tests.indicators.conftest import csv_bytes, good_rows

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def team(personas: dict[str, Any]) -> dict[str, Any]:
    from equityhub.indicators.registry.services import indicator_registry_load

    indicator_registry_load()
    return personas


def choose_file(visitor: Any, content: bytes, name: str = "return.csv") -> None:
    visitor.page.set_input_files(
        "#id_file", files=[{"name": name, "mimeType": "text/csv", "buffer": content}]
    )
    visitor.page.click("button >> text=Check the file")
    visitor.page.wait_for_load_state()
    visitor.check()


def test_upload_commit_adopt_and_read(visitor: Any, team: dict[str, Any]) -> None:
    visitor.sign_in(team["member"].email, PASSWORD)
    visitor.visit("/indicators/returns/upload/")
    broken = good_rows()
    broken[0][5] = 5000
    choose_file(visitor, csv_bytes(broken))
    assert "row 2, column numerator" in visitor.page.content()
    choose_file(visitor, csv_bytes(good_rows()))
    assert "What will be stored" in visitor.page.content()
    visitor.page.click("button >> text=Commit this return")
    visitor.page.wait_for_load_state()
    visitor.check()
    assert "Committed" in visitor.page.content()
    visitor.visit("/indicators/RZZ/rtt-waiting-over-18-weeks/adopt/")
    visitor.page.fill("#id_target_value", "20")
    visitor.page.fill("#id_target_date", "2030-03-31")
    visitor.page.click("button >> text=Save")
    visitor.page.wait_for_load_state()
    visitor.check()
    content = visitor.page.content()
    assert "Slope index of inequality" in content and "Methods" in content
    visitor.visit("/indicators/")
    assert "Waiting more than 18 weeks" in visitor.page.content()


def test_make_and_revoke_an_api_key(visitor: Any, team: dict[str, Any]) -> None:
    visitor.sign_in(team["member"].email, PASSWORD)
    visitor.visit("/indicators/api-keys/")
    visitor.page.click("button >> text=Make the key")  # nothing filled in: errors named
    visitor.page.wait_for_load_state()
    visitor.check()
    assert "There is a problem" in visitor.page.content()
    visitor.page.fill("#id_name", "Weekly pipeline")
    visitor.page.check("input[name=scope][value=upload]")
    visitor.page.click("button >> text=Make the key")
    visitor.page.wait_for_load_state()
    visitor.check()
    key = visitor.page.locator("[data-testid=new-key]").inner_text()
    assert key.startswith("ehk_")
    visitor.visit("/indicators/api-keys/")
    assert key not in visitor.page.content() and "Works until" in visitor.page.content()
    visitor.page.click("button >> text=Revoke")
    visitor.page.wait_for_load_state()
    visitor.check()
    assert "Revoked" in visitor.page.content()


def test_system_page_and_peers(visitor: Any, team: dict[str, Any], organisation: Any) -> None:
    from equityhub.indicators.returns.services import return_check, return_commit

    preview = return_check(
        actor=team["member"],
        organisation=organisation,
        filename="r.csv",
        content=csv_bytes(good_rows()),
        publish=True,
    )
    assert preview.data_return is not None
    return_commit(actor=team["member"], data_return=preview.data_return)  # transaction: computes
    visitor.visit("/indicators/RZZ/rtt-waiting-over-18-weeks/")
    assert "Compared with peers and England" in visitor.page.content()
    visitor.page.click("a >> text=Test Integrated Care Board")
    visitor.page.wait_for_load_state()
    visitor.check()
    content = visitor.page.content()
    # the system rests on this one trust: it says so and points back to the trust's figures
    assert "Only one organisation in this area" in content
    visitor.page.click("a >> text=See Test Hospitals NHS Trust's results")
    visitor.page.wait_for_load_state()
    assert "Deprivation decile" in visitor.page.content()


def test_record_a_judgement_and_read_the_statement(
    visitor: Any, team: dict[str, Any], organisation: Any
) -> None:
    from equityhub.indicators.returns.services import return_check, return_commit

    visitor.sign_in(team["member"].email, PASSWORD)
    visitor.visit("/indicators/RZZ/board-scrutiny/judgements/")
    visitor.page.fill("#id_period", "next spring")
    visitor.page.click("button >> text=Record the judgement")
    visitor.page.wait_for_load_state()
    visitor.check()
    assert "There is a problem" in visitor.page.content()
    visitor.page.fill("#id_period", "2025-26")
    visitor.page.check("input[name=rating][value='3']")
    visitor.page.fill("#id_evidence", "Board minutes of 3 June 2025: four questions on waits.")
    visitor.page.click("button >> text=Record the judgement")
    visitor.page.wait_for_load_state()
    visitor.check()
    assert "3 – Developing" in visitor.page.content()
    preview = return_check(
        actor=team["member"],
        organisation=organisation,
        filename="r.csv",
        content=csv_bytes(good_rows()),
    )
    assert preview.data_return is not None
    return_commit(actor=team["member"], data_return=preview.data_return)
    visitor.visit("/indicators/RZZ/statement/")
    visitor.check()
    assert "unknown or not stated deprivation decile" in visitor.page.content()


def test_register_and_evaluate_a_pilot(
    visitor: Any, team: dict[str, Any], organisation: Any
) -> None:
    from equityhub.indicators.returns.services import return_check, return_commit

    for period, shift in (("2023-24", 0), ("2024-25", 30)):
        preview = return_check(
            actor=team["member"],
            organisation=organisation,
            filename=f"{period}.csv",
            content=csv_bytes(good_rows(period, shift=shift)),
        )
        assert preview.data_return is not None
        return_commit(actor=team["member"], data_return=preview.data_return)
    visitor.sign_in(team["member"].email, PASSWORD)
    visitor.visit("/indicators/RZZ/pilots/")
    visitor.page.click("button >> text=Register the pilot")  # empty: errors named
    visitor.page.wait_for_load_state()
    visitor.check()
    assert "There is a problem" in visitor.page.content()
    visitor.page.fill("#id_name", "Text reminders")
    visitor.page.fill("#id_hypothesis", "Fewer long waits in the most deprived areas")
    visitor.page.fill("#id_start_period", "2024-25")
    visitor.page.select_option(
        "#id_indicator", label="Waiting more than 18 weeks for planned treatment"
    )
    visitor.page.click("button >> text=Register the pilot")
    visitor.page.wait_for_load_state()
    visitor.check()
    assert "statistically significant" in visitor.page.content()
