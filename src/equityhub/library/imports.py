"""Bring in and take out: RIS, BibTeX and CSV into draft resources, and any search out again.

Imports are all-or-nothing: every record is checked first, and if any has a mistake nothing is
stored and each mistake is reported by record number. Duplicates (same DOI, same web address or
same title once normalised), whether already in the library or repeated in the file, are skipped
and reported, never stored twice.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from dataclasses import dataclass, field

import bibtexparser
import rispy
from django.core.exceptions import PermissionDenied
from django.core.validators import URLValidator
from django.db import transaction

from equityhub.core.audit import audit_record
from equityhub.core.models import User
from equityhub.core.spreadsheet import read_cell, safe_cell
from equityhub.library.bibtex import bibtex_string
from equityhub.library.models import LibraryItem, Resource
from equityhub.library.pages import ensure_library_index, unique_slug
from equityhub.library.permissions import is_editor

FORMATS = ("ris", "bibtex", "csv")
CSV_COLUMNS = ("title", "summary", "link", "doi", "publisher", "year", "authors")


@dataclass
class Record:
    number: int
    title: str = ""
    summary: str = ""
    link: str = ""
    doi: str = ""
    publisher: str = ""
    year: str = ""
    authors: str = ""
    outcome: str = ""  # "imported", "duplicate", "error"
    reason: str = ""


@dataclass
class ImportReport:
    records: list[Record] = field(default_factory=list)
    parse_errors: list[str] = field(default_factory=list)
    stored: bool = False

    @property
    def errors(self) -> list[Record]:
        return [r for r in self.records if r.outcome == "error"]

    def count(self, outcome: str) -> int:
        return sum(1 for r in self.records if r.outcome == outcome)


def normal_title(title: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", title.lower()))


def normal_doi(doi: str) -> str:
    return re.sub(r"^(https?://(dx\.)?doi\.org/|doi:)", "", doi.strip().lower())


def normal_url(url: str) -> str:
    return re.sub(r"^https?://(www\.)?", "", url.strip().lower()).rstrip("/")


def _from_ris(text: str) -> tuple[list[Record], list[str]]:
    try:
        entries = rispy.loads(text)
    except Exception as error:  # rispy raises plain exceptions on malformed files
        return [], [f"The RIS file could not be read: {error}"]
    if not entries and text.strip():
        return [], ["The RIS file could not be read: no record starts with a 'TY  - ' line"]
    return [
        Record(
            number=n,
            title=str(e.get("title") or e.get("primary_title") or ""),
            summary=str(e.get("abstract") or ""),
            link=str((e.get("urls") or [""])[0]),
            doi=str(e.get("doi") or ""),
            publisher=str(e.get("publisher") or ""),
            year=str(e.get("year") or e.get("publication_year") or "")[:4],
            authors="; ".join(e.get("authors") or []),
        )
        for n, e in enumerate(entries, start=1)
    ], []


def _from_bibtex(text: str) -> tuple[list[Record], list[str]]:
    library = bibtexparser.parse_string(text)
    problems = [
        f"A BibTeX entry could not be read (starting on line {(block.start_line or 0) + 1})"
        for block in library.failed_blocks
    ]
    records = []
    for n, entry in enumerate(library.entries, start=1):
        f = {key.lower(): str(value.value).strip("{}") for key, value in entry.fields_dict.items()}
        records.append(
            Record(
                number=n,
                title=f.get("title", ""),
                summary=f.get("abstract", ""),
                link=f.get("url", ""),
                doi=f.get("doi", ""),
                publisher=f.get("publisher") or f.get("institution") or f.get("journal", ""),
                year=f.get("year", "")[:4],
                authors="; ".join(a.strip() for a in f.get("author", "").split(" and ") if a),
            )
        )
    return records, problems


def _from_csv(text: str) -> tuple[list[Record], list[str]]:
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "title" not in [h.strip().lower() for h in reader.fieldnames]:
        return [], ["The CSV file needs a header row with at least a 'title' column"]
    records = []
    for n, row in enumerate(reader, start=1):
        # read_cell: the library's own export guards formula-like text with an apostrophe
        clean = {(k or "").strip().lower(): read_cell((v or "").strip()) for k, v in row.items()}
        records.append(Record(number=n, **{c: clean.get(c, "") for c in CSV_COLUMNS}))
    return records, []


def _check(record: Record) -> str:
    if not record.title.strip():
        return "it has no title"
    if record.link:
        try:
            URLValidator()(record.link)
        except Exception:
            return f"the web address “{record.link[:80]}” is not valid"
    if record.year and not (record.year.isdigit() and 1800 <= int(record.year) <= 2100):
        return f"the year “{record.year}” is not a year"
    if len(record.title) > 255:
        return "the title is longer than 255 characters"
    return ""


def _mark_duplicates(records: list[Record]) -> None:
    existing = Resource.objects.values_list("title", "link", "doi")
    # Titles of every kind of item, not only resources: the library's own export carries case
    # studies and pathways too, and re-importing it must not copy them as resources.
    titles = {normal_title(t) for t in LibraryItem.objects.values_list("title", flat=True)}
    links = {normal_url(u) for _, u, _ in existing if u}
    dois = {normal_doi(d) for _, _, d in existing if d}
    for record in records:
        if record.outcome:
            continue
        doi, link, title = (
            normal_doi(record.doi),
            normal_url(record.link),
            normal_title(record.title),
        )
        if doi and doi in dois:
            record.outcome, record.reason = (
                "duplicate",
                f"the DOI {record.doi} is already in the library",
            )
        elif link and link in links:
            record.outcome, record.reason = "duplicate", "the web address is already in the library"
        elif title in titles:
            record.outcome, record.reason = (
                "duplicate",
                "an item with the same title is already in the library",
            )
        else:
            record.outcome = "imported"
        titles.add(title)
        links.update([link] if link else [])
        dois.update([doi] if doi else [])


def parse(kind: str, text: str) -> ImportReport:
    readers = {"ris": _from_ris, "bibtex": _from_bibtex, "csv": _from_csv}
    if kind not in readers:
        return ImportReport(parse_errors=["Choose RIS, BibTeX or CSV"])
    records, problems = readers[kind](text)
    for record in records:
        if reason := _check(record):
            record.outcome, record.reason = "error", reason
    if not records and not problems:
        problems = ["The file has no records in it"]
    report = ImportReport(records=records, parse_errors=problems)
    _mark_duplicates(records)
    return report


@transaction.atomic
def import_resources(*, editor: User, kind: str, text: str) -> ImportReport:
    """Check every record; store new ones as drafts only when no record has a mistake."""
    if not is_editor(editor):
        raise PermissionDenied("Only content editors import into the library")
    report = parse(kind, text)
    if report.parse_errors or report.errors:
        return report
    index = ensure_library_index()
    for record in report.records:
        if record.outcome != "imported":
            continue
        page = Resource(
            title=record.title.strip(),
            slug=unique_slug(record.title, index),
            summary=record.summary or "Imported: an editor needs to write the summary.",
            link=record.link,
            doi=record.doi,
            publisher=record.publisher[:200],
            authors=record.authors[:400],
            publication_date=datetime.date(int(record.year), 1, 1) if record.year else None,
            live=False,
            owner=editor,
        )
        index.add_child(instance=page)
        page.save_revision(user=editor)
    report.stored = True
    audit_record(
        action="library.import",
        actor=editor,
        detail={
            "format": kind,
            "imported": report.count("imported"),
            "duplicates": report.count("duplicate"),
        },
    )
    return report


def export(items: list[LibraryItem], kind: str) -> str:
    """RIS, BibTeX or CSV for reference managers."""
    rows = [
        {
            "title": item.title,
            "summary": item.summary,
            "link": getattr(item, "link", "") or "",
            "doi": getattr(item, "doi", "") or "",
            "publisher": item.publisher,
            "year": str(item.publication_date.year) if item.publication_date else "",
            "authors": item.authors,
        }
        for item in items
    ]
    if kind == "ris":
        entries = [
            {
                "type_of_reference": "RPRT" if r["publisher"] else "GEN",
                "title": r["title"],
                "abstract": r["summary"],
                "urls": [r["link"]] if r["link"] else [],
                "doi": r["doi"],
                "publisher": r["publisher"],
                "year": r["year"],
                "authors": [a.strip() for a in r["authors"].split(";") if a.strip()],
            }
            for r in rows
        ]
        return rispy.dumps([{k: v for k, v in e.items() if v} for e in entries])
    if kind == "bibtex":
        keys = (f"equityhub{item.pk}" for item in items)
        return bibtex_string(zip(keys, rows, strict=True))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    for r in rows:
        writer.writerow({k: safe_cell(v) for k, v in r.items()})
    return buffer.getvalue()
