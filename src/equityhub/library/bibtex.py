"""BibTeX out for reference managers, written by bibtexparser with LaTeX escaping by pylatexenc.

Hand-written BibTeX lost braces and left `%`, `&` and `#` bare, so "from 62% to 91%" typeset as
"from 62" (`%` starts a TeX comment). Every text field is now LaTeX-encoded, accents included;
web addresses and DOIs are read verbatim by BibTeX styles, so they are kept as they are apart from
braces, which would unbalance the field and are percent-encoded as any browser would.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import bibtexparser
from bibtexparser.model import Block, Entry, Field
from pylatexenc.latexencode import UnicodeToLatexEncoder

VERBATIM_FIELDS = ("url", "doi")
_LATEX = UnicodeToLatexEncoder(
    non_ascii_only=False, replacement_latex_protection="braces-all", unknown_char_policy="keep"
)


def _value(name: str, text: str) -> str:
    if name in VERBATIM_FIELDS:
        return text.replace("{", "%7B").replace("}", "%7D")
    return _LATEX.unicode_to_latex(text)


def bibtex_string(rows: Iterable[tuple[str, Mapping[str, str]]]) -> str:
    """One `@misc` entry for each (key, row): title, summary, link, doi, publisher, year and
    authors ("; " between names). The caller's key stays the same whatever the result order."""
    entries: list[Block] = []
    for key, row in rows:
        names = [a.strip() for a in row["authors"].split(";") if a.strip()]
        raw = {
            "title": row["title"],
            "author": " and ".join(names),
            "abstract": row["summary"],
            "url": row["link"],
            "doi": row["doi"],
            "publisher": row["publisher"],
            "year": row["year"],
        }
        fields = [Field(name, _value(name, text)) for name, text in raw.items() if text]
        entries.append(Entry("misc", key, fields))
    return bibtexparser.write_string(bibtexparser.Library(entries))
