"""Table rows put back together: page-break continuations joined, heading rows picked out.

A table printed over several pages repeats its header, and a row cut by the page break goes on,
cell by cell, in the first row of the next page. A row can also run over two source rows on one
page. A row continues the one before when it visibly does:

* strong signs (anywhere): it has no recommendation and no action text; its recommendation,
  action or milestones text starts in lower case (mid-sentence); its milestones go on numbering
  from the row before ("4." after "3."); any cell starts in lower case where the row before
  stopped mid-sentence;
* weaker signs, trusted only just after a page break: any of its cells starts in lower case; the
  row before stopped mid-sentence (on "and", "of", ";", ","); it has recommendation text but no
  action where the row before had one.

A row with its own number in a number column never continues another.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from followthrough.parsing.cleanup import clean, join_fragments
from followthrough.parsing.columns import Col, ColumnMap, header_columns
from followthrough.parsing.document import Block
from followthrough.parsing.milestones import first_number
from followthrough.parsing.themes import LABEL, merge_heading_cells
from followthrough.parsing.words import JOINING_WORDS, bare, counted

_FURNITURE = re.compile(r"^(?:page \d+(?: of \d+)?|\d{1,3}|cont(?:inued|'d|\.)?)$", re.I)
_MAX_HEADING_WORDS = 15
_MAX_UNLABELLED_HEADING_WORDS = 8


@dataclass
class Heading:
    text: str


@dataclass
class LogicalRow:
    """One row of the plan, from one or more source rows."""

    columns: ColumnMap
    fragments: dict[Col, list[str]] = field(default_factory=dict)
    joined_across_pages: int = 0
    joined_on_page: int = 0

    def add(self, cells: dict[Col, str]) -> None:
        for col, text in cells.items():
            self.fragments.setdefault(col, []).append(text)

    def text(self, col: Col) -> str:
        return join_fragments(self.fragments.get(col, []))


def group_rows(
    blocks: list[Block], columns: ColumnMap, notes: list[str]
) -> list[Heading | LogicalRow]:
    """The rows after the header, as headings and logical rows in order."""
    entries: list[Heading | LogicalRow] = []
    current: LogicalRow | None = None
    page_break = False
    ignored = 0
    for block in blocks:
        page_break = page_break or block.page_break_before
        if block.is_blank:
            continue
        if _is_furniture(block.cells):
            page_break = True
            continue
        repeated = header_columns(block.cells)
        if repeated is not None:
            columns, page_break = repeated, True
            continue
        heading = _heading(block.cells, after_break=page_break)
        if heading is not None:
            entries.append(Heading(heading))
            current, page_break = None, False
            continue
        cells = columns.cells_of(block.cells)
        ignored += len(columns.unmapped(block.cells))
        if current is not None and continues(current, cells, after_break=page_break):
            current.add(cells)
            if page_break:
                current.joined_across_pages += 1
            else:
                current.joined_on_page += 1
        else:
            current = LogicalRow(columns)
            current.add(cells)
            entries.append(current)
        page_break = False
    if ignored:
        notes.append(f"table: {counted(ignored, 'cell')} under no known column header ignored")
    return entries


def continues(previous: LogicalRow, cells: dict[Col, str], *, after_break: bool) -> bool:
    if cells.get(Col.NUMBER, "").strip():
        return False
    rec, action = clean(cells.get(Col.RECOMMENDATION)), clean(cells.get(Col.ACTION))
    milestones = clean(cells.get(Col.MILESTONES))
    if not rec and not action:
        return True
    if any(_starts_lower(t) for t in (rec, action, milestones)):
        return True
    number = first_number(milestones) if milestones else None
    if number and number > 1 and previous.text(Col.MILESTONES):
        return True
    lower = [col for col, text in cells.items() if _starts_lower(clean(text))]
    if any(_stops_mid_sentence(previous.text(col)) for col in lower):
        return True
    if not after_break:
        return False
    if lower:
        return True
    if rec and _stops_mid_sentence(previous.text(Col.RECOMMENDATION)):
        return True
    if action and _stops_mid_sentence(previous.text(Col.ACTION)):
        return True
    return bool(rec and not action and previous.text(Col.ACTION))


def _starts_lower(text: str) -> bool:
    return text[:1].islower()


def _stops_mid_sentence(text: str) -> bool:
    if not text:
        return False
    if text.endswith((",", ";", ":", "-", "–", "—")):
        return True
    return bare(text.split()[-1]) in JOINING_WORDS


def _is_furniture(cells: list[str]) -> bool:
    texts = [c.strip() for c in cells if c.strip()]
    return len(texts) == 1 and bool(_FURNITURE.match(texts[0]))


def _heading(cells: list[str], *, after_break: bool) -> str | None:
    """The heading text if the row is a heading across the table: labelled ("Theme 2 – ..."),
    or a short capitalised phrase alone in the first columns ("National recommendations")."""
    texts = [(i, clean(c)) for i, c in enumerate(cells) if clean(c)]
    if not texts or len(texts) > 2 or any(i > 1 for i, _ in texts):
        return None
    merged = merge_heading_cells([t for _, t in texts])
    if LABEL.match(merged):
        return merged if len(merged.split()) <= _MAX_HEADING_WORDS else None
    if after_break or len(merged.split()) > _MAX_UNLABELLED_HEADING_WORDS:
        return None
    if not merged[:1].isupper() or merged.endswith((".", ";", ":", ",")):
        return None
    return merged
