"""Table rows put back together: page-break continuations joined, headings and the template's
guidance picked out.

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

In a document whose rows are whole (Word, Excel, CSV: ``Document.whole_rows``) nothing is cut,
so a row only adds to the one before when it is the same action: no recommendation or action
text of its own, or the same text again (a cell merged down, or a spreadsheet that repeats the
action on each of its milestone rows). Its cells are kept apart, as items of the row ("parts"):
a milestone and its date on each.

Rows that are not records are left out: the template's guidance under the header ("Realistic
target date", "Red Amber Green", questions to the author), page furniture, and paragraphs of
text between tables that are not headings (noted), and so is a note in a row across the whole
table that heads no rows (noted).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from followthrough.parsing.cleanup import clean, is_page_furniture, join_fragments
from followthrough.parsing.columns import Col, ColumnMap, column_kind, header_columns
from followthrough.parsing.document import Block
from followthrough.parsing.milestones import first_number
from followthrough.parsing.themes import LABEL, merge_heading_cells, names_kind
from followthrough.parsing.words import JOINING_WORDS, bare, counted

GUIDANCE_NOTE = "table: the template's guidance to its author left out"
_MAX_HEADING_WORDS = 15
_MAX_UNLABELLED_HEADING_WORDS = 8
# "Recommendation 3", "Rec 2.1", "Recommendation no. R4", and what follows it (": ", " – ").
_NAMED = (
    r"(?i:recommendation|rec\.?|(?:matter of )?concern)\s*(?i:no\.?\s*)?"
    r"(?P<named>R?\d+(?:\.\d+)*[a-z]?)(?![\w/])"
    r"\s*[:.)–—-]?\s*"
)
# A recommendation written in a row of its own: "Recommendation 3: That ...", or the number
# alone with its text in the row below. A coroner's report numbers its matters of concern
# ("Concern 2:"), which a response answers as recommendations.
RECOMMENDATION_START = re.compile(rf"^{_NAMED}(?P<text>.*)$", re.DOTALL)
# A recommendation's text that starts with its number: "1. That ...", "8.1 That ...",
# "R4: That ...", "a) That ...", "1a All ...", "PE2 The ...", "Recommendation 2: That ..." (but
# not "2 agencies should ...").
NUMBERED_TEXT = re.compile(
    rf"^(?:{_NAMED}"
    r"|(?P<number>R?\d+(?:\.\d+)+|R\d+|\d+[a-z]?(?=[.):])|\d+[a-z](?=\s)|\d{1,2}(?=\s+[A-Z][a-z])"
    r"|[A-Z]{1,3}\d+[a-z]?"
    r"(?=[\s.):])|\(?[a-z](?=\)))[.):]?\s+)(?=[A-Z\"“'])"
)
# What the template says to its author, in place of content.
_GUIDANCE = re.compile(
    r"\?\s*$|^(?:please|insert|enter|state|describe|specify|list|give|include|add|set out"
    r"|detail|explain|identify|outline|record|summarise|e\.g\.|i\.e\.)\b|\bred\W+amber\W+green\b"
    r"|\b(?:local|regional|national)\s+(?:or|/)\s+(?:local|regional|national)\b|^\[.*\]$|^<.*>$"
    r"|\bdd/mm/yy",
    re.IGNORECASE,
)


@dataclass
class Heading:
    text: str


@dataclass
class LogicalRow:
    """One row of the plan, from one or more source rows (``parts``, each the cells of one)."""

    columns: ColumnMap
    parts: list[dict[Col, str]] = field(default_factory=list)
    # The parts are whole rows, items of one action (Word, Excel, CSV), not pieces of cut cells.
    whole: bool = False
    joined_across_pages: int = 0
    joined_on_page: int = 0
    # Where the row starts in the document ("table row 7"), for the person checking it.
    place: str | None = None

    def add(self, cells: dict[Col, str]) -> None:
        self.parts.append(cells)

    def values(self, col: Col) -> list[str]:
        """The column's text in each part that has some (a value repeated in whole rows, as a
        merged cell gives it, once)."""
        found = [p[col] for p in self.parts if clean(p.get(col))]
        if self.whole:
            found = list({clean(v): v for v in reversed(found)}.values())[::-1]
        return found

    def text(self, col: Col) -> str:
        return join_fragments(self.values(col))

    def raw(self, col: Col) -> str:
        """The column's text with its line breaks (a line per milestone in a Word cell)."""
        return ("\n" if self.whole else " ").join(self.values(col))

    @property
    def cols(self) -> set[Col]:
        return {col for part in self.parts for col in part}


def group_rows(
    blocks: list[Block],
    columns: ColumnMap,
    notes: list[str],
    *,
    whole_rows: bool = False,
    separator_in_cells: str | None = None,
) -> list[Heading | LogicalRow]:
    """The rows after the header, as headings and logical rows in order."""
    entries: list[Heading | LogicalRow] = []
    current: LogicalRow | None = None
    # The last row with a recommendation of its own: the rows after it without one are more
    # actions of it (its cell merged down over them, or left blank below it).
    owner: LogicalRow | None = None
    page_break = False
    ignored: dict[str, int] = {}
    skipped_text: list[str] = []
    notes_across: list[str] = []
    guidance = rejoined = 0
    rows_seen = 0  # table rows read, for where each row is
    for at, block in enumerate(blocks):
        page_break = page_break or block.page_break_before
        if block.is_blank:
            continue
        if _is_furniture(block.cells):
            page_break = True
            continue
        if block.is_text or block.is_caption:
            heading = _heading(block.cells, after_break=False)
            if heading is not None:
                entries.append(Heading(heading))
                current = owner = None
            elif (row := _recommendation_row(block.cells, columns, whole_rows)) is not None:
                entries.append(row)
                current = owner = row
            elif not block.is_caption:
                skipped_text.append(clean(" ".join(block.cells)))
            continue
        repeated = header_columns(block.cells)
        if repeated is not None:
            # The same header again is a page break; a different one starts a new table, and
            # nothing runs on from one table into another.
            page_break = repeated.kinds == columns.kinds
            columns = repeated
            if not page_break:
                current = owner = None
            continue
        if is_guidance(block.cells, columns):
            guidance += 1
            continue
        row = _recommendation_row(block.cells, columns, whole_rows)
        if row is not None:
            entries.append(row)
            current, owner, page_break = row, row, False
            continue
        heading = _heading(block.cells, after_break=page_break)
        if heading is not None:
            entries.append(Heading(heading))
            current, owner, page_break = None, None, False
            continue
        if block.across_table and _heads_nothing(blocks[at + 1 :], columns):
            notes_across.append(clean(" ".join(block.cells)))
            continue
        rows_seen += 1
        cells = _rejoin_split_cell(block.cells, columns, separator_in_cells)
        rejoined += len(cells) != len(block.cells)
        mapped = columns.cells_of(cells)
        extra_lead = columns.kinds.get(columns.width - 1) in (Col.LEAD, Col.AGENCY)
        for i, text in enumerate(cells):
            if extra_lead and i >= columns.width:
                continue  # a second addressee, read with the lead (``ColumnMap.cells_of``)
            if text.strip() and i not in columns.kinds:
                header = columns.ignored.get(i)
                what = f"the column '{header}'" if header else "cells beyond the header's columns"
                ignored[what] = ignored.get(what, 0) + 1
        if current is not None and whole_rows and _same_action(current, mapped):
            current.add(mapped)
        elif (
            current is not None
            and not whole_rows
            and continues(current, mapped, after_break=page_break)
        ):
            if page_break:
                _add_cut_row(current, mapped, owner)
                current.joined_across_pages += 1
            else:
                current.add(mapped)
                current.joined_on_page += 1
        else:
            current = LogicalRow(columns, whole=whole_rows, place=f"table row {rows_seen}")
            current.add(mapped)
            entries.append(current)
        if _has_own_recommendation(current):
            owner = current
        page_break = False
    for what, count in ignored.items():
        notes.append(f"table: {what} not read ({counted(count, 'cell')})")
    if guidance:
        notes.append(f"{GUIDANCE_NOTE} ({counted(guidance, 'row')})")
    if rejoined:
        notes.append(
            f"table: {counted(rejoined, 'row')} had more cells than the header; the lead cell, "
            f"which can hold '{separator_in_cells.strip()}' itself, was put back together"
        )
    for text in skipped_text:
        notes.append(f"text between or after the tables not read: '{_short(text)}'")
    for text in notes_across:
        notes.append(f"table: a note across the table not read: '{_short(text)}'")
    return entries


def _has_own_recommendation(row: LogicalRow | None) -> bool:
    return row is not None and bool(row.text(Col.NUMBER) or row.text(Col.RECOMMENDATION))


def _add_cut_row(current: LogicalRow, cells: dict[Col, str], owner: LogicalRow | None) -> None:
    """Adds the part of a row a page break cut to the row. Where that row has no recommendation
    of its own but the part has recommendation text, the recommendation's cell was merged down
    over this row from the one above (``owner``) and its text runs on over the page break: the
    text goes to that row's recommendation, the other cells to this row."""
    text = cells.get(Col.RECOMMENDATION, "")
    if owner is None or owner is current or not clean(text) or _has_own_recommendation(current):
        current.add(cells)
        return
    owner.add({Col.RECOMMENDATION: text})
    current.add({col: value for col, value in cells.items() if col != Col.RECOMMENDATION})


def _heads_nothing(following: list[Block], columns: ColumnMap) -> bool:
    """Whether a row across the table, not a heading, is a note ("Note: the panel agreed
    ..."): the row after it starts a recommendation of its own, or the table ends, so no row
    belongs under it. Before rows without a recommendation it is their recommendation."""
    after = next((b for b in following if not b.is_blank), None)
    if after is None or after.is_text or after.is_caption or after.across_table:
        return True
    if header_columns(after.cells) is not None:
        return True
    cells = columns.cells_of(after.cells)
    return any(clean(cells.get(col)) for col in (Col.NUMBER, Col.RECOMMENDATION))


def is_guidance(cells: list[str], columns: ColumnMap) -> bool:
    """A row of the template's instructions: most of its cells ask the author for something
    ("What is the overarching recommendation?", "Red Amber Green") or restate their column
    ("Realistic target date" under "Target date")."""
    filled = [(i, clean(c)) for i, c in enumerate(cells) if clean(c)]
    if len(filled) < 2:
        return False
    guidance = sum(
        1
        for i, text in filled
        if _GUIDANCE.search(text)
        or (i in columns.kinds and column_kind(text) == columns.kinds[i] and not _has_digit(text))
    )
    return guidance >= 2 and guidance >= 0.5 * len(filled)


def _has_digit(text: str) -> bool:
    return any(ch.isdigit() for ch in text)


def _same_action(current: LogicalRow, cells: dict[Col, str]) -> bool:
    """In whole rows: the row goes on with the current action (a milestone on its own row, a
    cell merged down) rather than starting a new action or recommendation."""
    for col in (Col.NUMBER, Col.RECOMMENDATION, Col.ACTION):
        text = clean(cells.get(col))
        if text and text != current.text(col):
            return False
    return True


def _recommendation_row(
    cells: list[str], columns: ColumnMap, whole_rows: bool
) -> LogicalRow | None:
    """A row of one cell that starts with "Recommendation 3": the recommendation, written
    across the table above its actions."""
    texts = [clean(c) for c in cells if clean(c)]
    if len(texts) != 1:
        return None
    m = RECOMMENDATION_START.match(texts[0])
    if not m:
        return None
    row = LogicalRow(columns, whole=whole_rows)
    found = {Col.NUMBER: m.group("named")}
    if m.group("text").strip():
        found[Col.RECOMMENDATION] = m.group("text").strip()
    row.add(found)
    return row


def _rejoin_split_cell(cells: list[str], columns: ColumnMap, separator: str | None) -> list[str]:
    """With " / " between cells, a lead cell "Jo Bloggs / Sam Rowe" was cut in two: a row with
    more cells than its header gets the extra ones back into its lead cell."""
    surplus = len(cells) - columns.width
    lead = columns.index_of(Col.LEAD)
    if separator is None or surplus <= 0 or columns.width == 0 or lead is None:
        return cells
    end = lead + surplus + 1
    return [*cells[:lead], separator.join(cells[lead:end]), *cells[end:]]


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def continues(previous: LogicalRow, cells: dict[Col, str], *, after_break: bool) -> bool:
    if cells.get(Col.NUMBER, "").strip():
        return False
    rec, action = clean(cells.get(Col.RECOMMENDATION)), clean(cells.get(Col.ACTION))
    if NUMBERED_TEXT.match(rec):
        return False
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
    return text[:1].islower() and not NUMBERED_TEXT.match(text)


def _stops_mid_sentence(text: str) -> bool:
    if not text:
        return False
    if text.endswith((",", ";", ":", "-", "–", "—")):
        return True
    return bare(text.split()[-1]) in JOINING_WORDS


def _is_furniture(cells: list[str]) -> bool:
    texts = [c.strip() for c in cells if c.strip()]
    return len(texts) == 1 and is_page_furniture(texts[0])


def _heading(cells: list[str], *, after_break: bool) -> str | None:
    """The heading text if the row is a heading across the table: labelled ("Theme 2 – ..."),
    or a short capitalised phrase alone in the first columns ("National recommendations")."""
    texts = [(i, clean(c)) for i, c in enumerate(cells) if clean(c)]
    if not texts or len(texts) > 2 or any(i > 1 for i, _ in texts):
        return None
    merged = merge_heading_cells([t for _, t in texts])
    if LABEL.match(merged) or names_kind(merged):
        if len(merged.split()) <= _MAX_HEADING_WORDS:
            return merged
        # "LP1 Seeing the child" above the finding it names: the heading is its first line.
        first = clean(cells[texts[0][0]].split("\n")[0])
        labelled = LABEL.match(first) or names_kind(first)
        return first if labelled and len(first.split()) <= _MAX_HEADING_WORDS else None
    if after_break or len(merged.split()) > _MAX_UNLABELLED_HEADING_WORDS:
        return None
    if not merged[:1].isupper() or merged.endswith((".", ";", ":", ",")):
        return None
    return merged
