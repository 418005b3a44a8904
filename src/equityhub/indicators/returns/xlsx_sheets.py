"""Finding a named sheet's part inside an XLSX file, and the cells of it that hold formulas.

The parts were size-checked by `returns.xlsx_reader.check_workbook` before any of this runs; they
are read with regular expressions, not an XML parser, as the rest of those checks are.
"""

from __future__ import annotations

import html
import posixpath
import re
import zipfile

SHEET = re.compile(rb"<(?:\w+:)?sheet\b([^>]*)/?>")
ATTRIBUTE = re.compile(rb'([\w:]+)="([^"]*)"')
RELATIONSHIP = re.compile(rb"<(?:\w+:)?Relationship\b([^>]*)/?>")
CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.DOTALL)
FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
VALUE = re.compile(rb"<(?:\w+:)?(?:v|is)>\s*(?:<(?:\w+:)?t[^>]*>)?\s*[^<\s]")


def _attributes(text: bytes) -> dict[str, str]:
    return {
        name.decode().split(":")[-1]: html.unescape(value.decode("utf-8", "replace"))
        for name, value in ATTRIBUTE.findall(text)
    }


def sheet_part(archive: zipfile.ZipFile, name: str) -> str | None:
    """The zip entry holding the sheet called ``name``, from the workbook and its relations."""
    try:
        workbook = archive.read("xl/workbook.xml")
        relations = archive.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return None
    ids = [_attributes(m[1]) for m in SHEET.finditer(workbook)]
    wanted = next((a.get("id") for a in ids if a.get("name") == name), None)
    for match in RELATIONSHIP.finditer(relations):
        relation = _attributes(match[1])
        if relation.get("Id") == wanted and relation.get("Target"):
            target = relation["Target"]
            if target.startswith("/"):
                return target.lstrip("/")
            return posixpath.normpath(posixpath.join("xl", target))
    return None


def formula_cells(archive: zipfile.ZipFile, name: str) -> list[tuple[str, bool]]:
    """(cell reference, whether a value was saved) for each formula cell of the sheet."""
    part = sheet_part(archive, name)
    if part is None or part not in archive.namelist():
        return []
    found = []
    for match in CELL.finditer(archive.read(part)):
        body = match[2] or b""
        if FORMULA.search(body):
            reference = _attributes(match[1]).get("r", "?")
            found.append((reference, VALUE.search(body) is not None))
    return found
