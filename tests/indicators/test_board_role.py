"""The board member (chair, non-executive or executive director): reads the dashboard, indicator
pages, board papers and the statement of their organisation, and changes nothing."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from equityhub.indicators.models import Adoption, BoardPaper, Indicator, Result
from equityhub.people.models import ROLES_NEEDING_APPROVAL, Role
from equityhub.people.permissions import is_board_member_of, is_reader_of, is_team_member_of
from tests.indicators.conftest import good_rows

pytestmark = pytest.mark.django_db
RTT = "rtt-waiting-over-18-weeks"


def test_the_board_role_reads_but_is_not_the_team(
    board_member: Any, organisation: Any, personas: dict[str, Any]
) -> None:
    assert Role.BOARD in ROLES_NEEDING_APPROVAL
    assert is_board_member_of(board_member, organisation)
    assert is_reader_of(board_member, organisation)
    assert not is_team_member_of(board_member, organisation)
    assert is_reader_of(personas["member"], organisation)
    assert not is_reader_of(personas["outsider"], organisation)


def test_the_board_sees_unpublished_figures_and_the_dashboard(
    upload: Any, board_member: Any, personas: dict[str, Any], organisation: Any, client_for: Any
) -> None:
    upload(personas["member"], good_rows(period="2024"), publish=False)
    Adoption.objects.create(organisation=organisation, indicator=Indicator.objects.get(code=RTT))
    hidden = Result.objects.filter(organisation=organisation, published=False)
    assert hidden.exists()
    assert Result.objects.visible_to(board_member).filter(pk=hidden.first().pk).exists()  # type: ignore[attr-defined, union-attr]
    assert not Result.objects.visible_to(personas["outsider"]).filter(published=False).exists()  # type: ignore[attr-defined]
    page = client_for(board_member).get("/indicators/").content.decode()
    assert "Test Hospitals NHS Trust" in page
    assert "/indicators/RZZ/board-papers/" in page and "/indicators/RZZ/statement/" in page
    assert "Upload a data return" not in page and "API keys" not in page
    results = client_for(board_member).get(f"/indicators/RZZ/{RTT}/").content.decode()
    assert "Change the owner or target" not in results and "upload it" not in results


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("/indicators/RZZ/board-papers/", True),
        ("/indicators/RZZ/board-paper/", True),
        ("/indicators/RZZ/statement/", True),
        ("/indicators/returns/upload/", False),
        ("/indicators/api-keys/", False),
        ("/indicators/registry/new/", False),
        (f"/indicators/RZZ/{RTT}/adopt/", False),
        ("/indicators/RZZ/board-papers/new/", False),
        ("/indicators/RZZ/statement/edit/", False),
        ("/indicators/RZZ/pilots/", False),
    ],
)
def test_least_privilege_for_the_board(
    registry: None, board_member: Any, client_for: Any, url: str, allowed: bool
) -> None:
    status = client_for(board_member).get(url).status_code
    assert (status == 200) if allowed else status in (302, 403)


def test_services_refuse_writes_by_the_board(
    registry: None, board_member: Any, organisation: Any, personas: dict[str, Any]
) -> None:
    from equityhub.indicators.board import services as services_board
    from equityhub.indicators.returns import services as services_returns
    from equityhub.indicators.tokens import services as services_tokens

    with pytest.raises(PermissionDenied):
        services_board.paper_create(
            actor=board_member,
            organisation=organisation,
            title="A paper",
            meeting_date=datetime.date(2026, 3, 31),
            indicator_codes=[RTT],
        )
    assert not services_returns.can_upload(board_member, organisation)
    with pytest.raises(PermissionDenied):
        services_tokens.token_create(
            actor=board_member, organisation=organisation, name="k", scope="read", days=90
        )
    assert not BoardPaper.objects.exists()


def test_the_board_cannot_edit_or_publish_a_paper(
    registry: None, board_member: Any, organisation: Any, personas: dict[str, Any], client_for: Any
) -> None:
    from equityhub.indicators.board import services as services_board

    Adoption.objects.create(organisation=organisation, indicator=Indicator.objects.get(code=RTT))
    paper = services_board.paper_create(
        actor=personas["owner"],
        organisation=organisation,
        title="Quarterly report",
        meeting_date=datetime.date(2026, 3, 31),
        indicator_codes=[RTT],
    )
    chair = client_for(board_member)
    base = f"/indicators/RZZ/board-papers/{paper.pk}/"
    detail = chair.get(base).content.decode()
    assert "Quarterly report" in detail and "Edit the narrative" not in detail
    assert chair.get(base + "edit/").status_code == 403
    assert chair.post(base + "publish/").status_code == 403
    assert chair.post(base + "public/", {"public": "yes"}).status_code == 403
    paper.refresh_from_db()
    assert not paper.is_published
