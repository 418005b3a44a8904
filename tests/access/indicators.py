"""Access-matrix entries for the indicators pages added after the first release."""

from __future__ import annotations

from typing import Any

from tests.access_matrix import Access, only, signed_in

# Pipeline endpoints answer 401 without an API key, whoever is signed in to the site.
_NO_KEY = Access(dict.fromkeys(("anonymous", "outsider", "member", "owner", "administrator"), 401))
_POST_ONLY = Access(
    dict.fromkeys(("anonymous", "outsider", "member", "owner", "administrator"), 405)
)


def _pk(world: dict[str, Any]) -> dict[str, Any]:
    return {"pk": 1}


ENTRIES: dict[str, Access] = {
    "indicators:api-keys": only(("member", "owner")),
    "indicators:api-key-revoke": signed_in(405, kwargs=_pk),  # POST only
    "api:pipeline_upload": _POST_ONLY,
    "api:pipeline_return": Access(_NO_KEY.statuses, kwargs=_pk),
    "api:pipeline_commit": Access(_POST_ONLY.statuses, kwargs=_pk),
    "api:pipeline_discard": Access(_POST_ONLY.statuses, kwargs=_pk),
    "api:pipeline_results": _NO_KEY,
}
