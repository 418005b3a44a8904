"""What the library holds about a person (see `equityhub.core.privacy.registry`).

Suggestions and comments are contributions to a shared space: they stay, without the name.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from equityhub.core.privacy.registry import register_personal_data as held


def _forget_credit(rows: QuerySet[Any]) -> None:
    rows.update(credit_name="")


held(
    "library.Contribution",
    "contributor",
    action="anonymise",
    what="Resources, case studies and changes you suggested",
    scrub=_forget_credit,
)
held("library.Contribution", "editor", action="detach", what="Suggestions you decided on")
held("library.Comment", "author", action="anonymise", what="Your comments on library items")
held(
    "library.Comment", "moderated_by", action="detach", what="Comments you moderated", export=False
)
held("library.UsefulMark", "user", action="erase", what="Items you marked as useful")
held(
    "library.PathwayProgress",
    "user",
    action="erase",
    what="Your progress and notes on learning pathways",
)
held("library.ReadingList", "owner", action="detach", what="Reading lists you made")
held(
    "library.LibraryItem",
    "review_owner",
    action="detach",
    what="Library items you are responsible for reviewing",
)
held("library.Certificate", "holder", action="erase", what="Your pathway certificates")
held(
    "library.Certificate",
    "reviewer",
    action="detach",
    what="Pathway certificates you reviewed",
    export=False,
)
