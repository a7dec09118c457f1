"""The table interpreter, shared by every format: blocks in, an action plan out.

1. Find the header row by what its cells mean (``columns.header_columns``), wherever it is;
   what comes before it is free text (title, preamble). A document with no such header may be
   a plan written as paragraphs ("Recommendation 1 ...", "Person responsible: ..."): that is
   ``fields.read_fields``'s to read, into the same rows.
2. Group the rows under it (``rows.group_rows``): repeated headers mark page breaks (or a new
   table), cut rows are joined, heading rows ("Theme 2 – Processes – Cumbria wide",
   "Northvale Police") start a section, the template's guidance is left out.
3. Build the plan: a row with recommendation text starts a recommendation (in the current
   section), unless it repeats the one before; its action cells make an action
   (``actions.build_action``); a row with action text only adds another action to the
   recommendation before it, and so does a row numbered under it ("1.2" under "1").
"""

from __future__ import annotations

import re
from dataclasses import replace

from followthrough.interchange import ActionPlan, Recommendation
from followthrough.parsing.actions import build_action, has_action
from followthrough.parsing.cleanup import clean, repeated_words, restore_lost_bullets, typeset
from followthrough.parsing.columns import Col, ColumnMap, header_columns
from followthrough.parsing.document import Block, Document
from followthrough.parsing.errors import ParseError
from followthrough.parsing.fields import read_fields
from followthrough.parsing.review import read_review
from followthrough.parsing.rows import (
    GUIDANCE_NOTE,
    NUMBERED_TEXT,
    Heading,
    LogicalRow,
    group_rows,
)
from followthrough.parsing.themes import Section, area_of_scope, scope_of, section_after

NO_TABLE = (
    "no action plan found: expected a table with columns such as Recommendation, Action, Lead, "
    "Target date, or recommendations written out as 'Recommendation 1 ...'"
)
_NUMBER_WORDS = re.compile(r"^(?i:recommendation|rec\.?|no\.?|number)\s*")


def interpret(document: Document) -> ActionPlan:
    notes: list[str] = []
    document = _sheets_with_tables(document, notes)
    found = _find_header(document)
    if found is not None:
        header_at, columns = found
        entries = group_rows(
            document.blocks[header_at + 1 :],
            columns,
            notes,
            whole_rows=document.whole_rows,
            separator_in_cells=document.separator_in_cells,
        )
    else:
        fields = read_fields(document.blocks)
        if fields is None:
            if not any(len(b.cells) > 1 for b in document.blocks):
                raise ParseError(
                    f"{NO_TABLE}; in a text file, separate the cells of a table with tabs"
                )
            raise ParseError(NO_TABLE)
        header_at, entries = fields.start, fields.entries
        notes.extend(fields.notes)
    recommendations = _recommendations(entries)
    if not recommendations:
        if any(n.startswith(GUIDANCE_NOTE) for n in notes):
            raise ParseError(
                "no recommendations: the action plan table has the template's column headers "
                "and guidance but nothing filled in under them; this looks like a blank "
                "template: fill in the plan and try again"
            )
        raise ParseError(
            "the action plan table has a header row but no recommendations or actions under it"
        )
    free_text = [
        "" if b.is_caption else typeset(" ".join(c.strip() for c in b.cells if c.strip()))
        for b in document.blocks
    ]
    part = read_review(free_text[:header_at], "\n".join(free_text), name=document.name)
    return ActionPlan(
        review=part.review,
        preamble=part.preamble,
        recommendations=recommendations,
        warnings=[*document.notes, *part.notes, *notes],
    )


def _find_header(document: Document) -> tuple[int, ColumnMap] | None:
    return _header_in(document.blocks)


def _header_in(blocks: list[Block]) -> tuple[int, ColumnMap] | None:
    for i, block in enumerate(blocks):
        if block.is_text or block.is_caption:
            continue
        columns = header_columns(block.cells)
        if columns is not None:
            return i, columns
    return None


def _sheets_with_tables(document: Document, notes: list[str]) -> Document:
    """A workbook's sheets that hold a plan table, one after another; the others (guidance,
    lists) are left out and named in a note. A later sheet's title rows, above its header, go
    too: the first sheet's are the plan's title and preamble."""
    if not any(b.is_caption for b in document.blocks):
        return document
    sheets: list[list[Block]] = []
    for block in document.blocks:
        if block.is_caption or not sheets:
            sheets.append([])
        sheets[-1].append(block)
    kept: list[Block] = []
    for number, sheet in enumerate(sheets, start=1):
        found = _header_in(sheet)
        caption = sheet[0].cells[0] if sheet[0].is_caption and sheet[0].cells else None
        if found is None:
            if any(not b.is_blank for b in sheet[1:]):
                what = f"'{caption}'" if caption else f"number {number}"
                notes.append(f"sheet {what}: no action plan table on it; not read")
            continue
        header_at, _columns = found
        if kept:
            sheet = [sheet[0], *sheet[header_at:]] if sheet[0].is_caption else sheet[header_at:]
        kept.extend(sheet)
    if not kept:
        return document
    return replace(document, blocks=kept)


def _recommendations(entries: list[Heading | LogicalRow]) -> list[Recommendation]:
    recommendations: list[Recommendation] = []
    section = Section()
    current: Recommendation | None = None
    for entry in entries:
        if isinstance(entry, Heading):
            section, current = section_after(section, entry.text), None
            continue
        number, text = _number_and_text(entry)
        if current is not None and _fills_placeholder(current, number, text):
            current.text, current.warnings = text, []
        elif current is None or not _same_recommendation(current, number, text):
            current = _recommendation(entry, number, text, section)
            recommendations.append(current)
        if has_action(entry):
            current.actions.append(build_action(entry, agency=section.agency))
        elif status := entry.text(Col.STATUS):
            current.warnings.append(f"recommendation: a status ('{status}') but no action")
    for rec in recommendations:
        if not rec.actions and rec.text != _NO_TEXT:
            rec.warnings.append("recommendation: no action is given for it")
    return recommendations


_NO_TEXT = "(no recommendation text)"


def _number_and_text(row: LogicalRow) -> tuple[str | None, str]:
    number = _number(row.text(Col.NUMBER))
    text = restore_lost_bullets(row.text(Col.RECOMMENDATION))
    m = NUMBERED_TEXT.match(text)
    if m:
        number = number or m.group("named") or m.group("number").lstrip("(")
        text = text[m.end() :]
    return number, text


def _number(text: str) -> str | None:
    """'1', '8.2.1', 'R4', 'a' as printed in a number column ("1.", "Rec 3", "(a)")."""
    text = _NUMBER_WORDS.sub("", clean(text)).strip(" .:()")
    return text or None


def _same_recommendation(current: Recommendation, number: str | None, text: str) -> bool:
    """Whether a row belongs to the recommendation before it: it has no text of its own or the
    same text again, and no number or the same one or one under it ("1.2" under "1")."""
    if text and clean(text) != clean(current.text):
        return False
    if number is None or number == current.number:
        return True
    return bool(current.number) and number.startswith(f"{current.number}.")


def _fills_placeholder(current: Recommendation, number: str | None, text: str) -> bool:
    """A row that gives the text of the recommendation numbered just before it ("Recommendation
    3" on a row of its own, its text in the next)."""
    return current.text == _NO_TEXT and not current.actions and bool(text) and number is None


def _recommendation(
    row: LogicalRow, number: str | None, text: str, section: Section
) -> Recommendation:
    scope_text = row.text(Col.SCOPE)
    rec = Recommendation(
        text=text or _NO_TEXT,
        number=number,
        theme=row.text(Col.THEME) or section.theme,
        area=area_of_scope(scope_text) or section.area,
        scope=scope_of(scope_text) if scope_text else section.scope,
    )
    if not text:
        rec.warnings.append("recommendation: the row has an action but no recommendation text")
    if garbled := repeated_words(text):
        rec.warnings.append(f"recommendation: '{garbled}' looks garbled by the extraction")
    if text[:1].islower():
        rec.warnings.append(
            f"recommendation: starts mid-sentence ('{text.split()[0]} …'); the start may be "
            "missing from the document"
        )
    return rec
