"""Access-matrix entries of the induction offer (the index is in tests/access_matrix.py)."""

from __future__ import annotations

from typing import Any

from tests.access_matrix import Access, everyone, only, signed_in


def _activity(world: dict[str, Any]) -> dict[str, Any]:
    from equityhub.induction.catalogue import load_catalogue

    load_catalogue()
    return {"slug": "learn-from-others"}


def _measure(world: dict[str, Any]) -> dict[str, Any]:
    from equityhub.induction.catalogue import load_catalogue

    load_catalogue()
    return {"slug": "board-scrutiny"}


def _guide(world: dict[str, Any]) -> dict[str, Any]:
    from equityhub.induction.guides import guide_publish

    guide = guide_publish(title="The role", slug="the-role", summary="For every lead.")
    return {"slug": guide.slug}


def _proposal(world: dict[str, Any]) -> dict[str, Any]:
    from equityhub.induction.models import Activity

    proposed, _ = Activity.objects.get_or_create(
        slug="proposed-for-the-matrix",
        defaults={
            "name": "A proposal",
            "summary": "Waiting",
            "steps": "One",
            "focus": "internal",
            "horizon": "long",
            "status": "proposed",
            "source": "Proposed by the owner",
            "contributed_by": world["owner"],
        },
    )
    return {"kind": "activity", "pk": proposed.pk}


def _organisation(world: dict[str, Any]) -> dict[str, Any]:
    return {"code": world["organisation"].code}


ENTRIES: dict[str, Access] = {
    "induction:activities": everyone(),
    "induction:activity-list": everyone(),
    "induction:activity": everyone(kwargs=_activity),
    "induction:activity-adopt": signed_in(405, kwargs=_activity),  # POST only
    "induction:activity-endorse": signed_in(405, kwargs=_activity),  # POST only
    "induction:activity-comment": signed_in(405, kwargs=_activity),  # POST only
    "induction:measures": everyone(),
    "induction:measure": everyone(kwargs=_measure),
    "induction:measure-endorse": signed_in(405, kwargs=_measure),  # POST only
    "induction:measure-comment": signed_in(405, kwargs=_measure),  # POST only
    "induction:guides": everyone(),
    "induction:guide": everyone(kwargs=_guide),
    "induction:assessment": signed_in(),
    "induction:plan": signed_in(),
    "induction:plan-item": signed_in(405, kwargs=lambda world: {"pk": 1}),  # POST only
    "induction:pack": signed_in(),
    "induction:propose": signed_in(),
    "induction:propose-activity": signed_in(),
    "induction:propose-measure": signed_in(),
    "induction:propose-guide": signed_in(),
    "induction:moderation": only(("administrator",)),
    "induction:decide": only(("administrator",), kwargs=_proposal),
    "induction:support": everyone(),
    "induction:feedback": everyone(),
    "induction:board-map": signed_in(kwargs=_organisation),
    "induction:board-map-remove": signed_in(405, kwargs=lambda world: {"pk": 1}),  # POST only
    "induction:board-kit": everyone(),
}
