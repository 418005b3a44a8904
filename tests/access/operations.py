"""Access to the data-rights pages: each signed-in person sees only their own data."""

from __future__ import annotations

from tests.access_matrix import Access, signed_in

ENTRIES: dict[str, Access] = {
    "core:my-data": signed_in(),
    "core:my-data-download": signed_in(),
    "core:account-delete": signed_in(),
}
