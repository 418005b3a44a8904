"""Settings for the processes the fault tests start: production settings, with static files
served from their sources (no collectstatic) and, when asked, tables made straight from the
models instead of running every migration (seconds instead of minutes on a fresh cluster)."""

from __future__ import annotations

import os
from typing import Any

from equityhub.config.settings import *  # noqa: F403
from equityhub.config.settings import STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


class _NoMigrations(dict[str, Any]):
    def __contains__(self, key: object) -> bool:
        return True

    def __getitem__(self, key: str) -> None:
        return None


if os.environ.get("FAULT_NO_MIGRATIONS") == "1":
    MIGRATION_MODULES = _NoMigrations()
