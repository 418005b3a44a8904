"""The board's question bank in the content admin, kept by the programme team."""

from wagtail.snippets.models import register_snippet

from equityhub.indicators.board.models import BoardQuestion

register_snippet(BoardQuestion)
