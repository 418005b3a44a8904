"""What a return shows when its background check is given up (every attempt failed or its
worker was lost each time): failed, with the reason, and the kept file dropped. Without this the
return would say "checking" for ever."""

from __future__ import annotations

from typing import Any

from equityhub.core.worker import register_dead_letter_handler


def check_return_given_up(kwargs: dict[str, Any], reason: str) -> None:
    from equityhub.indicators.returns.models import DataReturn, ReturnStatus

    DataReturn.objects.filter(
        pk=int(kwargs["data_return_id"]), status=ReturnStatus.CHECKING
    ).update(
        status=ReturnStatus.FAILED,
        upload_content=None,
        problems=[
            f"The check of this file could not finish ({reason}). Nothing was stored. Upload it "
            "again; if that fails too, save it as CSV or split it into smaller files."
        ],
    )


def register() -> None:
    register_dead_letter_handler("equityhub.indicators.tasks.check_return", check_return_given_up)
