"""A PDF table flattened into running text: no tabs, no line per row, only the order of the
words. Each row starts with its reference code and ends with its status word:

    ... Action Ref Number Recommendation/ Overarching Action Sub-Action Delivery Status DA4.2
    Improve the recording of repeat victims. NO 3 Train call handlers in the repeat-victim
    flag Complete DA7 Review the diversion scheme for first offenders. Complete ...

The rows are cut at the codes (a code such as ``DA4.2``, ``DA11`` or ``PROVUL8.5``: capitals
then a number, used at least three times, each followed by text that starts with a capital).
In a row, a status word at the end is its status, and "NO 3" (a sub-action's number) starts
its action; the rest is its recommendation. The text before the first code is the title and
the header.
"""

from __future__ import annotations

import re
from dataclasses import replace

from followthrough.parsing.document import Block, Document

_CODE = re.compile(r"(?<![\w.])(?P<code>[A-Z]{1,8}\d{1,3}(?:\.\d{1,3}){0,2}[a-z]?)(?=\s+[A-Z\"“'])")
_STATUS_AT_END = re.compile(
    r"\s+(?P<status>complete[d]?|in progress|ongoing|on track|open|closed|not started"
    r"|green|amber|red|blue|partially (?:complete[d]?|met)|not (?:met|achieved)|delayed"
    r"|superseded)\.?\s*$",
    re.I,
)
_SUB_ACTION = re.compile(r"(?:^|(?<=[.;:]\s))(?:NO|No\.?|Sub-action)\s*(?P<n>\d{1,3})\s+(?=[A-Z])")
_MIN_ROWS = 3
_MIN_LINE = 300  # characters: a line this long, or the whole text in a few lines
_HEADER = ["Ref", "Recommendation", "Action", "Status"]


def flattened_rows(document: Document) -> Document | None:
    texts = [b for b in document.blocks if not b.is_blank]
    if not texts or any(len([c for c in b.cells if c.strip()]) > 1 for b in texts):
        return None
    if len(texts) > 20 or max(len(b.cells[0]) for b in texts) < _MIN_LINE:
        return None
    text = " ".join(" ".join(b.cells[0].split()) for b in texts)
    codes = list(_CODE.finditer(text))
    codes = [m for m in codes if _looks_like_ref(m.group("code"), codes)]
    if len(codes) < _MIN_ROWS:
        return None
    before = text[: codes[0].start()].strip()
    rows: list[Block] = []
    for i, m in enumerate(codes):
        end = codes[i + 1].start() if i + 1 < len(codes) else len(text)
        rows.append(Block(_row(m.group("code"), text[m.end() : end].strip())))
    return replace(
        document,
        blocks=[*([Block([before], is_text=True)] if before else []), Block(list(_HEADER)), *rows],
        whole_rows=True,
        notes=[
            *document.notes,
            "layout: a table run into running text; its rows were cut where each reference "
            "code starts",
        ],
    )


def _looks_like_ref(code: str, found: list[re.Match]) -> bool:
    """A code shares its letters with another code found (DA4.2 and DA7), so a stray
    "HMIC2" or "Q3" alone is not taken for a row's start."""
    letters = re.match(r"[A-Z]+", code).group(0)
    if letters in {"Q", "FY", "NO"}:
        return False
    return sum(1 for m in found if re.match(r"[A-Z]+", m.group("code")).group(0) == letters) >= 2


def _row(code: str, body: str) -> list[str]:
    status = ""
    m = _STATUS_AT_END.search(body)
    if m:
        status, body = m.group("status"), body[: m.start()].strip()
    action = ""
    sub = _SUB_ACTION.search(body)
    if sub:
        action = body[sub.end() :].strip()
        body = body[: sub.start()].strip()
    return [code, body, action, status]
