"""A table pasted from a web page: its header on one line, then one paragraph per cell.

    Recommendation Scope of recommendation (i.e. local or regional) Action to take Lead ...
    a) Eastmere Borough Council to review how housing officers record disclosures of abuse.
    b) The review to include tenancy visits.
    Local
    1. Revise the recording procedure.
    2. Brief all housing officers.
    Eastmere Borough Council
    Procedure revised
    March 2024
    Completed April 2024 – procedure in use

Which paragraph is which cell is not written anywhere; it is read from what each paragraph is
like (a date, a scope word, a numbered item, a short name, a sentence) and the order of the
columns, by choosing the most likely way through the columns for the whole run of paragraphs
(a Viterbi path over the columns): a cell may hold several paragraphs, a cell may be empty, and
a new row starts at the first column again. What fits no column well at the end (a page's
footer) ends the table.
"""

from __future__ import annotations

import re
from dataclasses import replace

from followthrough.parsing.cleanup import is_page_furniture
from followthrough.parsing.columns import Col, column_kind
from followthrough.parsing.dates import find_date_spans, is_date_only
from followthrough.parsing.document import Block, Document
from followthrough.parsing.layouts.header_line import split_header_line

# "Local", "Local and regional", "Regional (Corrowshire)", "Regional – the ICB's area".
_SCOPE = re.compile(
    r"^(?:local|regional|national|sub-regional|pan-\w+)"
    r"(?:\s*(?:and|/|or|&|,)\s*(?:local|regional|national))*\.?"
    r"(?:\s*(?:\([^)]{1,60}\)|[–—:-]\s*[^.]{1,60}))?$",
    re.I,
)
_NUMBERED = re.compile(r"^\(?\d{1,2}[.)]\s+\S")
_LETTERED = re.compile(r"^\(?[a-h][.)]\s+\S")
_BULLET = re.compile(r"^[•▪◦*–-]\s+\S")
_STATE = re.compile(
    r"^(?:completed?|achieved|done|closed|ongoing|on-going|in progress|not started|open"
    r"|partially|part(?:ly)? (?:met|completed?)|not (?:met|achieved)|superseded|delayed"
    r"|on track|overdue)\b",
    re.I,
)
_RAG = re.compile(r"^(?:red|amber|green|blue|r|a|g|b)\b\.?$", re.I)
_RELATIVE = re.compile(
    r"^(?:within|in|by|after|every|each)\s+(?:\w+\s+){0,3}"
    r"(?:hours?|days?|weeks?|months?|years?|quarters?)\b",
    re.I,
)
_PERIODIC = re.compile(
    r"^(?:ongoing|annual(?:ly)?|quarterly|monthly|immediate(?:ly)?|tbc)\.?$", re.I
)
_NUMBER_ONLY = re.compile(r"^\(?[A-Z]{0,4}\d+(?:\.\d+)*[a-z]?[.)]?$")
# The furniture of a web page copied with the plan: it ends the table.
_PAGE_FURNITURE = re.compile(
    r"©|\bcopyright\b|\bcookies?\b|accessibility statement|back to top|share this page"
    r"|print this page|page last (?:updated|reviewed)|was this page (?:helpful|useful)"
    r"|privacy (?:notice|policy)|^contact us$|^site ?map$|^(?:related|download)s?\b",
    re.I,
)
# Cells of these columns hold one paragraph, rarely more.
_SINGLE = {Col.SCOPE, Col.TARGET, Col.REVISED_TARGET, Col.COMPLETED, Col.STATUS, Col.NUMBER}

_END = -1  # the state after the table
_TIGHT_STAY = 2.5


def paragraph_cells(document: Document) -> Document | None:
    """The document as a table, if one of its paragraphs is a header line with the cells of
    the table after it a paragraph each; else None."""
    blocks = document.blocks
    for at in range(len(blocks)):
        found = _header_at(blocks, at)
        if found is None:
            continue
        names, taken = found
        after = blocks[at + taken :]
        if not after or not all(_is_paragraph(b) or b.is_blank for b in after):
            return None  # a real table follows: the interpreter reads it as it is
        paragraphs = [b for b in after if not b.is_blank]
        kinds = [column_kind(n) for n in names]
        rows, rest = _rows(paragraphs, kinds)
        if not rows:
            return None
        header = Block(names)
        table = [Block(["\n".join(cell) for cell in row], page_break_before=False) for row in rows]
        return replace(
            document,
            blocks=[*blocks[:at], header, *table, *rest],
            whole_rows=True,
            notes=[
                *document.notes,
                "layout: the table's cells were paragraphs under a header line; each "
                "paragraph was put in the column it reads as",
            ],
        )
    return None


def _header_at(blocks: list[Block], at: int) -> tuple[list[str], int] | None:
    """The column names of a header that starts at ``blocks[at]``, and how many blocks it
    takes: a line of names run together, or a row of them (tab-separated text), either
    perhaps going on in the next line ("Key milestones ... | Target Date | Date of
    completion and outcome" under the first four)."""
    names = _names(blocks[at])
    if names is None:
        return None
    taken = 1
    if at + 1 < len(blocks) and (more := _names(blocks[at + 1], alone=False)) is not None:
        kinds = {column_kind(n) for n in names}
        if not kinds & {column_kind(n) for n in more}:
            names, taken = [*names, *more], 2
    return names, taken


def _names(block: Block, *, alone: bool = True) -> list[str] | None:
    """The column names a block holds: a line that runs them together, or a row of them;
    with ``alone`` false, also fewer than a header needs (the rest of one)."""
    cells = [c.strip() for c in block.cells if c.strip()]
    if not cells or block.across_table:
        return None
    if len(cells) == 1:
        names = split_header_line(cells[0])
        if names is None and not alone and column_kind(cells[0]) is not None:
            names = cells
        return names
    if all(column_kind(c) is not None for c in cells):
        return cells if not alone or len(cells) >= 3 else None
    return None


def _is_paragraph(block: Block) -> bool:
    return len([c for c in block.cells if c.strip()]) == 1 and not block.across_table


def _rows(
    paragraphs: list[Block], kinds: list[Col | None]
) -> tuple[list[list[list[str]]], list[Block]]:
    """The paragraphs as rows of cells (each cell its paragraphs), and what follows the table."""
    texts = [" ".join(b.cells[0].split()) if "\n" not in b.cells[0] else b.cells[0].strip()
             for b in paragraphs]  # fmt: skip
    path = _best_path(texts, kinds, [b.tight for b in paragraphs])
    rows: list[list[list[str]]] = []
    previous = None
    end_at = len(texts)
    for i, state in enumerate(path):
        if state == _END:
            end_at = i
            break
        if previous is None or state < previous:
            rows.append([[] for _ in kinds])
        rows[-1][state].append(texts[i])
        previous = state
    return rows, paragraphs[end_at:]


def _best_path(texts: list[str], kinds: list[Col | None], tight: list[bool]) -> list[int]:
    """The most likely column of each paragraph (Viterbi): ``_fit`` says how well a paragraph
    reads as a column's cell, ``_move`` what going from one column to the next costs."""
    n = len(kinds)
    states = [*range(n), _END]
    score = {
        s: (_fit(kinds[s], texts[0]) if s == 0 else (-12.0 if s != _END else -30.0)) for s in states
    }
    back: list[dict[int, int]] = []
    for i, text in enumerate(texts[1:], start=1):
        new, came = {}, {}
        for s in states:
            emit = _end_fit(text) if s == _END else _fit(kinds[s], text)
            best_from, best = None, float("-inf")
            for p in states:
                value = score[p] + _move(p, s, kinds)
                if tight[i] and p != _END:
                    # A line straight under the one before, no blank line between: as a rule
                    # the same cell (a second lead, a list's next item).
                    value += _TIGHT_STAY if s == p else -_TIGHT_STAY
                if value > best:
                    best_from, best = p, value
            new[s], came[s] = best + emit, best_from
        score = new
        back.append(came)
    # The table ends in any column (trailing cells left empty cost a little each).
    last = max(states, key=lambda s: score[s] - (0 if s == _END else 0.5 * (n - 1 - s)))
    path = [last]
    for came in reversed(back):
        path.append(came[path[-1]])
    return list(reversed(path))


def _move(previous: int, state: int, kinds: list[Col | None]) -> float:
    n = len(kinds)
    if previous == _END:
        return 0.0 if state == _END else float("-inf")
    if state == _END:
        return -4.0
    if state == previous:
        if kinds[state] in _SINGLE:
            return -3.0
        return -2.0 if kinds[state] in (Col.LEAD, Col.AGENCY) else -0.3
    if state > previous:
        return -1.5 * (state - previous - 1)
    # A new row: back to the first column, the columns after ``previous`` left empty.
    return -1.0 - 0.7 * (n - 1 - previous) - 2.5 * state


def _end_fit(text: str) -> float:
    return 4.0 if _PAGE_FURNITURE.search(text) or is_page_furniture(text) else -1.0


def _fit(kind: Col | None, text: str) -> float:
    """How well ``text`` reads as a cell of a column of this kind (higher is better)."""
    words = text.split()
    first = text.strip()
    is_date = (
        is_date_only(first)
        or bool(_RELATIVE.match(first) and len(words) <= 9)
        or bool(_PERIODIC.match(first))
    )
    has_date = bool(find_date_spans(first))
    is_scope = bool(_SCOPE.match(first))
    numbered = bool(_NUMBERED.match(first))
    lettered = bool(_LETTERED.match(first))
    bullet = bool(_BULLET.match(first))
    state = bool(_STATE.match(first))
    sentence = first.endswith((".", ";")) or len(words) >= 10
    short = len(words) <= 12 and not first.endswith(".") and first[:1].isupper()
    if is_scope:
        return 6.0 if kind == Col.SCOPE else -8.0
    if kind == Col.SCOPE:
        return -8.0
    if kind == Col.NUMBER:
        return 5.0 if _NUMBER_ONLY.match(first) else -6.0
    if _NUMBER_ONLY.match(first):
        return -4.0
    if kind in (Col.TARGET, Col.REVISED_TARGET):
        return 4.0 if is_date else (-1.0 if has_date and len(words) <= 8 else -5.0)
    if kind == Col.STATUS:
        return 4.0 if (_RAG.match(first) or (state and len(words) <= 4)) else -4.0
    if kind in (Col.COMPLETED, Col.OUTCOME, Col.EVIDENCE):
        if state:
            return 4.0
        if is_date:
            return 0.5 if kind == Col.COMPLETED else -0.5
        return 0.5 if sentence else -1.0
    if is_date:
        return -4.0 if kind != Col.MILESTONES else -1.5
    if state and kind in (Col.RECOMMENDATION, Col.ACTION, Col.LEAD):
        return -2.0
    if kind == Col.RECOMMENDATION:
        return 3.0 if lettered else (2.0 if sentence else (0.5 if numbered else -1.0))
    if kind == Col.ACTION:
        return 3.0 if numbered else (2.0 if bullet or sentence else (0.5 if lettered else -0.5))
    if kind in (Col.LEAD, Col.AGENCY):
        if short and not numbered:
            return 3.0
        return 1.0 if bullet and len(words) <= 12 else -3.0
    if kind in (Col.MILESTONES, Col.MEASURE):
        return 1.5 if short else (1.0 if numbered or bullet else 0.5)
    return -3.0
