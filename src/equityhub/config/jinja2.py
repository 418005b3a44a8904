"""The Jinja2 environment: Django's static/url helpers and Wagtail's template tags."""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from jinja2 import Environment
from jinja2.runtime import Macro
from markupsafe import Markup

from equityhub.core.context_processors import SIGN_OUT_TOKEN
from equityhub.core.formrender import field_spec, form_error_list
from equityhub.core.pagination import page_query
from equityhub.core.site import absolute
from equityhub.indicators.board.selectors import public_papers


def url(name: str, *args: Any, **kwargs: Any) -> str:
    """Reverse a URL by name, as Django's ``{% url %}`` does."""
    return reverse(name, args=args or None, kwargs=kwargs or None)


def local_date(value: datetime.date | datetime.datetime | None, fmt: str = "j F Y") -> str:
    """Format a date or time as people in England read it (times in UK local time)."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return date_format(value, fmt)


def html_id(value: object, prefix: str = "id") -> str:
    """A valid HTML id (and ARIA idref) from any text: a letter first, then letters, digits and
    hyphens only, so spaces or punctuation in a title never split or break the reference."""
    return f"{prefix}-{slugify(str(value))}".rstrip("-")


def breadcrumb_items(crumbs: list[tuple[str, str]]) -> list[dict[str, str]]:
    """(text, href) pairs, as the NHS.UK breadcrumb macro wants them."""
    return [{"text": text, "href": href} for text, href in crumbs]


# Rendered components by macro name and parameters: a header per person, section and unread
# count, one footer. Emptied when full, so it holds at most about 5 MB.
_RENDERED: dict[tuple[str, str], Markup] = {}
RENDERED_MOST = 512


def rendered_once(macro: Macro, params: dict[str, Any]) -> Markup:
    """The macro's HTML for these parameters, rendered once per process.

    For NHS.UK components imported without context, whose output depends only on their
    parameters: the header is about two thirds of the time a page takes to render.
    """
    key = (macro.name, json.dumps(params, sort_keys=True, default=str))
    html = _RENDERED.get(key)
    if html is None:
        if len(_RENDERED) >= RENDERED_MOST:
            _RENDERED.clear()
        html = _RENDERED[key] = Markup(macro(params))
    return html


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
            "absolute": absolute,
            "field_spec": field_spec,
            "form_error_list": form_error_list,
            "page_query": page_query,
            "breadcrumb_items": breadcrumb_items,
            "rendered_once": rendered_once,
            # Listed on organisation, system and region pages, which the people app draws.
            "public_board_papers": public_papers,
            "SIGN_OUT_TOKEN": SIGN_OUT_TOKEN,
        }
    )
    env.filters["date"] = local_date
    env.filters["html_id"] = html_id
    return env
