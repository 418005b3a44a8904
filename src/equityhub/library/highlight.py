"""Matched-term highlighting for search snippets (the search backend does not do it).

Text is escaped first and only our own <mark> elements are added, so the result is safe HTML.
Terms match at the start of words, case-insensitively ("equit" marks "Equity").
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

SNIPPET_CHARS = 240
_WORD = re.compile(r"\w+", re.UNICODE)


def query_terms(query: str) -> list[str]:
    """Distinct words of a query, longest first, without search operators."""
    words = {w.lower() for w in _WORD.findall(query) if w.upper() not in {"AND", "OR", "NOT"}}
    return sorted(words, key=lambda w: (-len(w), w))


def _pattern(terms: list[str]) -> re.Pattern[str] | None:
    if not terms:
        return None
    return re.compile(r"\b(" + "|".join(re.escape(t) for t in terms) + r")", re.IGNORECASE)


def snippet(text: str, terms: list[str], *, length: int = SNIPPET_CHARS) -> str:
    """The part of `text` around the first matched term, cut at word boundaries."""
    text = " ".join(text.split())
    if len(text) <= length:
        return text
    pattern = _pattern(terms)
    match = pattern.search(text) if pattern else None
    start = 0 if match is None else max(0, match.start() - length // 3)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < match.start() else start  # type: ignore[union-attr]
    end = min(len(text), start + length)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    return ("… " if start else "") + text[start:end] + (" …" if end < len(text) else "")


def highlight(text: str, terms: list[str]) -> Markup:
    """Escape `text` and wrap each matched term in <mark>."""
    pattern = _pattern(terms)
    if pattern is None:
        return Markup(escape(text))
    pieces: list[str] = []
    last = 0
    for match in pattern.finditer(text):
        pieces.append(str(escape(text[last : match.start()])))
        pieces.append(f"<mark>{escape(match.group(0))}</mark>")
        last = match.end()
    pieces.append(str(escape(text[last:])))
    return Markup("".join(pieces))


def highlighted_snippet(text: str, query: str) -> Markup:
    terms = query_terms(query)
    return highlight(snippet(text, terms), terms)
