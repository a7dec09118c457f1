"""Minutes of a board or committee that record what it agreed will be done:

    The Board AGREED that:
    a) Thornleigh Police will deliver refresher training on stalking to all officers.
    Lead: Detective Inspector, Public Protection Unit, Thornleigh Police. By: 31 December 2025.
    b) ...

Only the points of a decision ("agreed that:", "resolved:") that say what will be done count,
each with the "Lead:" and "By:" written under it, and "ACTION: what – who – when" lines; what
the minutes report
("the Coordinator reported that: a) the audit has been completed") and what they say about a
plan ("the action plan is rated amber") are not actions. Each point is read as a
recommendation with its lead and date; its action is its own text until one is written.
"""

from __future__ import annotations

import re
from dataclasses import replace

from followthrough.parsing.document import Block, Document

# A line that opens the points of a decision.
_DECIDED = re.compile(r"\b(?:agreed|resolved|decided|decisions?)\b[^:]{0,40}:\s*$", re.I)
_POINT = re.compile(r"^\(?(?P<number>[a-z]|\d{1,2})[.)]\s+(?P<text>[A-Z].*)$", re.DOTALL)
# What will be done: "X will ...", "X to ...", "X is to ...", "X agreed to ...".
_WILL = re.compile(r"\b(?:will|shall|to|is to|are to)\s+[a-z]", re.I)
_FIELD = re.compile(
    r"(?P<label>lead|owner|responsible|by|due|deadline|target(?: date)?|timescale)\s*:\s*",
    re.I,
)
# A minuted action on a line of its own: what, then who and by when, set off by dashes.
_ACTION_LINE = re.compile(
    r"^ACTION\s*:\s*(?P<what>.+?)(?:\s+[–—-]\s+(?P<who>[^–—]+?)"
    r"(?:\s+[–—-]\s+(?P<when>[^–—]+?))?)?\.?$"
)
_DATE_LABELS = {"by", "due", "deadline", "target", "target date", "timescale"}
_HEADER = ["No.", "Recommendation", "Lead", "Target date"]


def agreed_points(document: Document) -> Document | None:
    blocks = document.blocks
    rows: list[list[str]] = []
    first: int | None = None
    deciding = False
    for i, block in enumerate(blocks):
        cells = [c for c in block.cells if c.strip()]
        if len(cells) != 1:
            deciding = False
            continue
        text = " ".join(cells[0].split())
        point = _POINT.match(text)
        if point and deciding and _WILL.search(point.group("text")):
            rows.append([point.group("number"), point.group("text"), "", ""])
            first = i if first is None else first
            continue
        if rows and deciding and _FIELD.match(text):
            _fill(rows[-1], text)
            continue
        action = _ACTION_LINE.match(text)
        if action:
            # "ACTION: Circulate the flowchart – Board Manager – 31 March 2025"
            rows.append(
                ["", action.group("what"), action.group("who") or "", action.group("when") or ""]
            )
            first = i if first is None else first
            continue
        deciding = bool(_DECIDED.search(text)) or (deciding and bool(point))
    if not rows or first is None:
        return None
    item = _agenda_item(blocks[:first])
    title = [Block([item], is_text=True)] if item else []
    return replace(
        document,
        blocks=[*title, *blocks[:first], Block(list(_HEADER)), *(Block(r) for r in rows)],
        whole_rows=True,
        notes=[
            *document.notes,
            "layout: minutes; the points of what was agreed read as recommendations, each "
            "with its lead and date",
        ],
    )


_REVIEW = re.compile(
    r"\b(?:review|DHR|DARDR|SAR|L?CSPR|inquiry|prevention of future deaths)\b", re.I
)
_ITEM_NUMBER = re.compile(r"^\d{1,2}(?:\.\d{1,2})?[.)]?\s+")
_MAX_ITEM_WORDS = 15


def _agenda_item(blocks: list[Block]) -> str | None:
    """The heading of the agenda item the decision is under, when it names a review ("3.
    Domestic Homicide Review – Priya: action plan update"): what the plan is of."""
    for block in reversed(blocks):
        text = " ".join(" ".join(block.cells).split())
        if (
            text
            and len(text.split()) <= _MAX_ITEM_WORDS
            and not text.endswith((".", ":"))
            and _ITEM_NUMBER.match(text)
        ):
            return _ITEM_NUMBER.sub("", text) if _REVIEW.search(text) else None
    return None


def _fill(row: list[str], text: str) -> None:
    """The lead and date of a "Lead: ... By: ..." line into the row."""
    found = list(_FIELD.finditer(text))
    for k, m in enumerate(found):
        end = found[k + 1].start() if k + 1 < len(found) else len(text)
        value = text[m.end() : end].strip().rstrip(".;,").strip()
        if m.group("label").lower() in _DATE_LABELS:
            row[3] = value
        else:
            row[2] = value
