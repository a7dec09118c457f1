"""The table interpreter, shared by every format: blocks in, an action plan out.

1. Find the header row by what its cells mean (``columns.header_columns``); what comes before
   it is free text (title, preamble).
2. Group the rows under it (``rows.group_rows``): repeated headers mark page breaks, cut rows
   are joined, heading rows ("Theme 2 – Processes – Cumbria wide") start a section.
3. Build the plan: a row with recommendation text starts a recommendation (in the current
   section); its action cells make an action (``actions.build_action``); a row with action
   text only adds another action to the recommendation before it.
"""

from __future__ import annotations

import re

from followthrough.interchange import ActionPlan, Recommendation
from followthrough.parsing.actions import build_action, has_action
from followthrough.parsing.cleanup import repeated_words, restore_lost_bullets
from followthrough.parsing.columns import Col, ColumnMap, header_columns
from followthrough.parsing.document import Document
from followthrough.parsing.errors import ParseError
from followthrough.parsing.review import read_review
from followthrough.parsing.rows import Heading, LogicalRow, group_rows
from followthrough.parsing.themes import Section, scope_of, section_from_heading

NO_TABLE = (
    "no action plan found: expected a table with columns such as Recommendation, Action, Lead, "
    "Target date"
)
# "1. That ...", "8.1 That ...", "R4: That ..." (but not "2 agencies should ...").
_NUMBER = re.compile(r"^(?P<number>R?\d+(?:\.\d+)+|R\d+|\d+[a-z]?(?=[.):]))[.):]?\s+(?=[A-Z])")


def interpret(document: Document) -> ActionPlan:
    header_at, columns = _find_header(document)
    notes: list[str] = []
    free_text = [" ".join(c.strip() for c in b.cells if c.strip()) for b in document.blocks]
    entries = group_rows(document.blocks[header_at + 1 :], columns, notes)
    recommendations = _recommendations(entries)
    if not recommendations:
        raise ParseError(
            "the action plan table has a header row but no recommendations or actions under it"
        )
    part = read_review(free_text[:header_at], "\n".join(free_text), name=document.name)
    return ActionPlan(
        review=part.review,
        preamble=part.preamble,
        recommendations=recommendations,
        warnings=[*part.notes, *notes],
    )


def _find_header(document: Document) -> tuple[int, ColumnMap]:
    for i, block in enumerate(document.blocks):
        columns = header_columns(block.cells)
        if columns is not None:
            return i, columns
    if not any(len(b.cells) > 1 for b in document.blocks):
        raise ParseError(f"{NO_TABLE}, with cells separated by tabs")
    raise ParseError(NO_TABLE)


def _recommendations(entries: list[Heading | LogicalRow]) -> list[Recommendation]:
    recommendations: list[Recommendation] = []
    section = Section()
    current: Recommendation | None = None
    for entry in entries:
        if isinstance(entry, Heading):
            section, current = section_from_heading(entry.text), None
            continue
        text = restore_lost_bullets(entry.text(Col.RECOMMENDATION))
        if text or current is None:
            current = _recommendation(entry, text, section)
            recommendations.append(current)
        if has_action(entry):
            current.actions.append(build_action(entry))
        elif text:
            current.warnings.append("recommendation: no action is given for it")
    return recommendations


def _recommendation(row: LogicalRow, text: str, section: Section) -> Recommendation:
    number = row.text(Col.NUMBER) or None
    m = _NUMBER.match(text)
    if number is None and m:
        number, text = m.group("number"), text[m.end() :]
    rec = Recommendation(
        text=text or "(no recommendation text)",
        number=number,
        theme=row.text(Col.THEME) or section.theme,
        area=section.area,
        scope=scope_of(row.text(Col.SCOPE)) if row.text(Col.SCOPE) else section.scope,
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
