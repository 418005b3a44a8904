"""Access-matrix entries for the library's newer pages (the first ones are in
`tests/access_matrix.py`): "new for me" is for everyone signed in; reading lists are public
(each reading filtered to what the reader may see); a certificate's check page is public, its
PDF is for its holder (the owner here) and reviewers, and requests are reviewed by
facilitators, content editors and administrators."""

from __future__ import annotations

from typing import Any

from tests.access_matrix import SIGN_IN_REDIRECT, Access, everyone, only, signed_in


def _reading_list(world: dict[str, Any]) -> dict[str, Any]:
    from equityhub.library.pathways import ReadingList

    ReadingList.objects.get_or_create(slug="matrix-list", defaults={"title": "Matrix list"})
    return {"slug": "matrix-list"}


def _certificate(world: dict[str, Any]) -> Any:
    """An issued certificate held by the owner (created once per test world)."""
    from django.utils import timezone

    from equityhub.library.certificates import Certificate
    from equityhub.library.models import Pathway
    from equityhub.library.pages import ensure_library_index

    pathway = Pathway.objects.filter(slug="matrix-pathway").first()
    if pathway is None:
        pathway = Pathway(
            title="Matrix pathway", slug="matrix-pathway", summary="A pathway.",
            leads_to_certificate=True,
        )  # fmt: skip
        ensure_library_index().add_child(instance=pathway)
        pathway.save_revision().publish()
    certificate, _ = Certificate.objects.get_or_create(
        pathway=pathway,
        holder=world["owner"],
        defaults={"status": "issued", "issued_at": timezone.now()},
    )
    return certificate


ENTRIES: dict[str, Access] = {
    "library:new-for-me": signed_in(),
    "library:reading-lists": everyone(),
    "library:reading-list": everyone(kwargs=_reading_list),
    "library:reading-list-export": everyone(kwargs=_reading_list),
    "library:pathway-export": everyone(
        kwargs=lambda world: {"slug": _certificate(world).pathway.slug}
    ),
    "library:certificate": everyone(kwargs=lambda world: {"code": _certificate(world).code}),
    "library:certificate-pdf": Access(
        {
            "anonymous": SIGN_IN_REDIRECT,
            "outsider": 404,
            "member": 404,
            "owner": 200,
            "administrator": 200,
        },
        kwargs=lambda world: {"code": _certificate(world).code},
    ),
    "library:certificate-review": only(
        ("administrator",), kwargs=lambda world: {"pk": _certificate(world).pk}
    ),
    "library:certificate-ask": signed_in(405, kwargs=lambda world: {"slug": "matrix-pathway"}),
}
