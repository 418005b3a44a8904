"""The Jinja2 environment: Django's static/url helpers and Wagtail's template tags."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.urls import reverse
from django.utils.formats import date_format
from jinja2 import Environment

from equityhub.core.formrender import field_spec, form_error_list


def url(name: str, *args: Any, **kwargs: Any) -> str:
    """Reverse a URL by name, as Django's ``{% url %}`` does."""
    return reverse(name, args=args or None, kwargs=kwargs or None)


def environment(**options: Any) -> Environment:
    options.setdefault(
        "extensions",
        [
            "wagtail.jinja2tags.core",
            "wagtail.admin.jinja2tags.userbar",
            "wagtail.images.jinja2tags.images",
        ],
    )
    env = Environment(**options)
    env.globals.update(
        {
            "static": staticfiles_storage.url,
            "static_url": settings.STATIC_URL,
            "url": url,
            "field_spec": field_spec,
            "form_error_list": form_error_list,
        }
    )
    env.filters["date"] = date_format
    return env
