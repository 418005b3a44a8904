"""`equityhub rebuild_library_search`: write every library item's search row again."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from equityhub.library.search_index import rebuild_search_documents


class Command(BaseCommand):
    help = (
        "Write every library item's search row again (visibility flags, and on PostgreSQL its "
        "words): after changing the search fields or SEARCH_CONFIG. Saving a page keeps its "
        "row current, and a restore rebuilds them all, so it is rarely needed."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        written = rebuild_search_documents()
        self.stdout.write(f"Library search rows written: {written}.")
