"""WSGI entry point (gunicorn equityhub.config.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "equityhub.config.settings")
application = get_wsgi_application()
