"""Editors manage topics, audiences and reading lists as snippets in the CMS."""

from wagtail.snippets.models import register_snippet

from equityhub.library.pathways import ReadingList
from equityhub.library.taxonomy import Audience, Topic

register_snippet(Topic)
register_snippet(Audience)
register_snippet(ReadingList)
