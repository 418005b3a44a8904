"""The e-mail, search and task backends, read from the environment (see the README's configuration).

``EMAIL_MODE=console`` prints each message (development); ``smtp`` sends through ``EMAIL_HOST``.
A real deployment must send: printing would mean nobody gets a password reset.

Search runs on the database (PostgreSQL full-text search, or SQLite FTS5) unless
``SEARCH_BACKEND=opensearch``: a large library (pip install 'equityhub[opensearch]', then
`equityhub update_index` once; docs/operations/scale-out.md).
"""

from __future__ import annotations

from typing import Any

from equityhub.config.env import Env, SettingError


def email_mode(env: Env, *, production: bool) -> str:
    mode = env.choice("EMAIL_MODE", ("console", "smtp"), "smtp" if production else "console")
    if production and mode == "console":
        raise SettingError(
            "EMAIL_MODE=console only prints emails (no one would get a password reset): with "
            "DEBUG off use EMAIL_MODE=smtp and set EMAIL_HOST"
        )
    return mode


def mailers(env: Env, mode: str) -> dict[str, dict[str, Any]]:
    """Django's MAILERS setting for the mode."""
    if mode == "console":
        return {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
    return {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": env.str("EMAIL_HOST", "localhost"),
                "port": env.int("EMAIL_PORT", 25, minimum=1),
                "username": env.str("EMAIL_HOST_USER"),
                "password": env.str("EMAIL_HOST_PASSWORD"),
                "use_tls": env.bool("EMAIL_USE_TLS", False),
            },
        }
    }


def search_backends(env: Env) -> dict[str, dict[str, Any]]:
    """Wagtail's WAGTAILSEARCH_BACKENDS setting."""
    if env.choice("SEARCH_BACKEND", ("database", "opensearch"), "database") == "opensearch":
        backend = {
            "BACKEND": "wagtail.search.backends.opensearch3",
            "URLS": [env.required("OPENSEARCH_URL")],
            "INDEX_PREFIX": env.str("OPENSEARCH_INDEX_PREFIX", "equityhub_"),
            "TIMEOUT": env.int("OPENSEARCH_TIMEOUT", 10, minimum=1),
        }
    else:
        backend = {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "english"}
    return {"default": backend}


def task_backends(kind: str, *, broker: str) -> dict[str, dict[str, Any]]:
    """Django's TASKS setting: the database queue, or Celery (which needs a broker)."""
    if kind != "celery":
        return {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    if not broker:
        raise SettingError("TASK_BACKEND=celery needs CELERY_BROKER_URL or REDIS_URL")
    return {
        "default": {
            "BACKEND": "django_tasks_celery.CeleryBackend",
            "OPTIONS": {"CELERY_APP": "equityhub.config.celery.app"},
        }
    }
