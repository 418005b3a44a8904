"""Access-matrix entries for the library's newer pages (the first ones are in
`tests/access_matrix.py`): "new for me" is for everyone signed in."""

from __future__ import annotations

from tests.access_matrix import Access, signed_in

ENTRIES: dict[str, Access] = {
    "library:new-for-me": signed_in(),
}
