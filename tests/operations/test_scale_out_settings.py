"""Scale-out is configuration only: the environment picks Celery and OpenSearch."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

PRINT = (
    "import json, django; from django.conf import settings; django.setup();"
    "print(json.dumps({'tasks': settings.TASKS['default'],"
    " 'search': settings.WAGTAILSEARCH_BACKENDS['default'],"
    " 'broker': settings.CELERY_BROKER_URL, 'acks_late': settings.CELERY_TASK_ACKS_LATE}))"
)


def _settings_with(tmp_path: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO", "PYTEST"))}
    env.update(
        DEBUG="true",
        DJANGO_SETTINGS_MODULE="equityhub.config.settings",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        **extra,
    )
    return subprocess.run(
        [sys.executable, "-c", PRINT], env=env, capture_output=True, text=True, check=False
    )


def test_celery_and_opensearch_are_chosen_by_environment(tmp_path: Path) -> None:
    result = _settings_with(
        tmp_path,
        TASK_BACKEND="celery",
        REDIS_URL="redis://cache.internal:6379/2",
        SEARCH_BACKEND="opensearch",
        OPENSEARCH_URL="https://search.internal:9200",
    )
    assert result.returncode == 0, result.stderr
    chosen = json.loads(result.stdout)
    assert chosen["tasks"]["BACKEND"] == "django_tasks_celery.CeleryBackend"
    assert chosen["broker"] == "redis://cache.internal:6379/2"
    assert chosen["acks_late"] is True
    assert chosen["search"]["BACKEND"] == "wagtail.search.backends.opensearch3"
    assert chosen["search"]["URLS"] == ["https://search.internal:9200"]


def test_the_defaults_need_no_other_service(tmp_path: Path) -> None:
    chosen = json.loads(_settings_with(tmp_path).stdout)
    assert chosen["tasks"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
    assert chosen["search"]["BACKEND"] == "wagtail.search.backends.database"


def test_celery_without_a_broker_stops_with_a_message(tmp_path: Path) -> None:
    result = _settings_with(tmp_path, TASK_BACKEND="celery", REDIS_URL="")
    assert result.returncode != 0
    assert "TASK_BACKEND=celery needs CELERY_BROKER_URL or REDIS_URL" in result.stderr
