"""Walk every named URL and request it as every persona; each must be declared."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.access_matrix import EXPECTED, PERSONAS

# Third-party admin sites have their own permission systems and tests.
EXCLUDED_PREFIXES = ("cms/", "django-admin/", "documents/", "pages/", "media/")


def named_urls(
    patterns: list[Any] | None = None, prefix: str = "", namespace: str = ""
) -> Iterator[str]:
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(entry.pattern)
        if route.startswith(EXCLUDED_PREFIXES):
            continue
        if isinstance(entry, URLResolver):
            inner = (
                f"{namespace}:{entry.namespace}"
                if entry.namespace and namespace
                else (entry.namespace or namespace)
            )
            yield from named_urls(entry.url_patterns, route, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}:{entry.name}" if namespace else entry.name


def test_every_url_has_an_entry() -> None:
    missing = sorted(set(named_urls()) - set(EXPECTED))
    assert not missing, f"Add these URLs to tests/access_matrix.py: {missing}"


def test_no_stale_entries() -> None:
    stale = sorted(set(EXPECTED) - set(named_urls()))
    assert not stale, f"These entries name URLs that no longer exist: {stale}"


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_access_matrix(
    persona: str,
    personas: dict[str, Any],
    client_for: Any,
    organisation: Any,
    request: pytest.FixtureRequest,
) -> None:
    if persona == "board":
        personas = {**personas, "board": request.getfixturevalue("board_member")}
    world = {**personas, "organisation": organisation}
    client = client_for(personas[persona])
    wrong = []
    for name in sorted(named_urls()):
        access = EXPECTED[name]
        url = reverse(name, kwargs=access.kwargs(world) or None)
        status = client.get(url).status_code
        if status != access.statuses[persona]:
            wrong.append(f"{name} ({url}): got {status}, expected {access.statuses[persona]}")
    assert not wrong, f"As {persona}:\n" + "\n".join(wrong)
