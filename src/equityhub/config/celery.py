"""The Celery application, used when TASK_BACKEND=celery (several workers on Redis).

Django's tasks API (`@task`, `.enqueue()`) stays the only way our code starts background work;
`django_tasks_celery.CeleryBackend` hands each enqueued task to Celery. Start a worker with

    celery -A equityhub.config.celery worker --loglevel=INFO

The worker imports every app's `tasks` module at start-up, so each task is registered on both
sides. Tasks are acknowledged only after they finish, so a worker killed mid-task leaves the
task on the queue for another worker.
"""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "equityhub.config.settings")

app = Celery("equityhub")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
