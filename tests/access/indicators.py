"""Access-matrix entries for the indicators pages added after the first release."""

from __future__ import annotations

from typing import Any

from tests.access_matrix import PERSONAS, Access, everyone, only, signed_in

# Pipeline endpoints answer 401 without an API key, whoever is signed in to the site.
_NO_KEY = Access(dict.fromkeys(PERSONAS, 401))
_POST_ONLY = Access(dict.fromkeys(PERSONAS, 405))


def _pk(world: dict[str, Any]) -> dict[str, Any]:
    return {"pk": 1}


def _system_indicator(world: dict[str, Any]) -> dict[str, Any]:
    """The test organisation's system and a national indicator (no results: an empty page)."""
    from equityhub.indicators.models import Indicator

    Indicator.objects.get_or_create(
        code="ae-four-hours",
        defaults={"name": "A&E", "description": "d", "type": "proportion",
                  "polarity": "higher_better", "source": "test"},
    )  # fmt: skip
    return {"level": "system", "area": world["organisation"].system.code, "code": "ae-four-hours"}


def _qualitative(world: dict[str, Any]) -> str:
    from equityhub.indicators.models import Indicator

    Indicator.objects.get_or_create(
        code="board-scrutiny",
        defaults={"name": "Board scrutiny", "description": "d", "type": "qualitative",
                  "polarity": "higher_better", "source": "test"},
    )  # fmt: skip
    return "board-scrutiny"


def _pilot(world: dict[str, Any]) -> dict[str, Any]:
    from equityhub.indicators.models import Indicator, Pilot

    indicator, _ = Indicator.objects.get_or_create(
        code="ae-four-hours",
        defaults={"name": "A&E", "description": "d", "type": "proportion",
                  "polarity": "higher_better", "source": "test"},
    )  # fmt: skip
    pilot = Pilot.objects.create(
        organisation=world["organisation"], name="P", hypothesis="h", start_period="2025",
        start_period_number=2025.5, indicator=indicator,
    )  # fmt: skip
    return {"org": world["organisation"].code, "pk": pilot.pk}


def _board_paper(world: dict[str, Any], *, public: bool = False) -> Any:
    """A paper of the test organisation (published and public when asked), with one version."""
    from equityhub.indicators.models import BoardPaper, BoardPaperVersion

    paper = BoardPaper.objects.create(
        organisation=world["organisation"], title="Paper", meeting_date="2026-03-31",
        status="published" if public else "draft", is_public=public, created_by=world["owner"],
    )  # fmt: skip
    frozen = {"sections": []} if public else None
    BoardPaperVersion.objects.create(
        paper=paper, number=1, saved_by=world["owner"], snapshot=frozen, public_snapshot=frozen
    )
    return paper


def _paper(world: dict[str, Any]) -> dict[str, Any]:
    return {"org": world["organisation"].code, "pk": _board_paper(world).pk}


def _public_paper(world: dict[str, Any]) -> dict[str, Any]:
    return {"slug": _board_paper(world, public=True).public_slug}


def _org(world: dict[str, Any]) -> dict[str, Any]:
    return {"org": world["organisation"].code}


ENTRIES: dict[str, Access] = {
    "indicators:api-keys": only(("member", "owner")),
    "indicators:api-key-revoke": signed_in(405, kwargs=_pk),  # POST only
    "indicators:area-results": everyone(kwargs=_system_indicator),
    "indicators:glossary": everyone(),
    "indicators:area-results-csv": everyone(kwargs=_system_indicator),
    "indicators:judgements": only(
        ("member", "owner", "administrator"),
        kwargs=lambda world: {"org": world["organisation"].code, "code": _qualitative(world)},
    ),
    "indicators:statement": only(
        ("member", "owner", "administrator", "board"),
        kwargs=lambda world: {"org": world["organisation"].code},
    ),
    "indicators:pilots": only(
        ("member", "owner", "administrator"),
        kwargs=lambda world: {"org": world["organisation"].code},
    ),
    "indicators:pilot": only(("member", "owner", "administrator"), denied=403, kwargs=_pilot),
    "api:pipeline_upload": _POST_ONLY,
    "api:pipeline_return": Access(_NO_KEY.statuses, kwargs=_pk),
    "api:pipeline_commit": Access(_POST_ONLY.statuses, kwargs=_pk),
    "api:pipeline_discard": Access(_POST_ONLY.statuses, kwargs=_pk),
    "api:pipeline_results": _NO_KEY,
    # The board reads papers (and the statement above); it starts, edits and publishes none.
    "indicators:board-papers": only(("member", "owner", "administrator", "board"), kwargs=_org),
    "indicators:board-paper-new": only(("member", "owner"), kwargs=_org),
    "indicators:board-paper-detail": only(
        ("member", "owner", "administrator", "board"), kwargs=_paper
    ),
    "indicators:board-paper-edit": only(("member", "owner"), kwargs=_paper),
    "indicators:board-paper-history": only(
        ("member", "owner", "administrator", "board"), kwargs=_paper
    ),
    "indicators:board-paper-publish": signed_in(405, kwargs=_paper),  # POST only
    "indicators:board-paper-public": signed_in(405, kwargs=_paper),  # POST only
    "indicators:board-paper-public-view": everyone(kwargs=_public_paper),
    "indicators:statement-edit": only(("member", "owner"), kwargs=_org),
}
