"""Demo content for the library (filled in below)."""

from __future__ import annotations


def load(password: str) -> list[tuple[str, str, str]]:
    from equityhub.library.pages import ensure_library_index

    ensure_library_index()
    return []
