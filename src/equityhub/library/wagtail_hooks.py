"""Editors manage topics and audiences as snippets in the content management system."""

from wagtail.snippets.models import register_snippet

from equityhub.library.taxonomy import Audience, Topic

register_snippet(Topic)
register_snippet(Audience)
