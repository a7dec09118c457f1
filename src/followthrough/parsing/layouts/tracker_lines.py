"""A tracker flattened to lines: each a recommendation's number and text with the body it is
addressed to glued on the end, sometimes a status after it.

    9.1 Eastmere Police to review its training on coercive control. Eastmere Police
    9.10 The CSP to write to the Home Office about guidance on economic abuse. Home Office

The addressee is what follows the recommendation's last full stop, when that is a short name
(capitalised words, no full stop of its own). Read as a table of number, recommendation,
addressee and status, when most of the numbered lines have such a name.
"""

from __future__ import annotations

import re
from dataclasses import replace

from followthrough.parsing.document import Block, Document

_LINE = re.compile(
    r"^(?P<number>\d{1,2}(?:\.\d{1,3}){0,2}|[A-Z]{1,3}\d{1,3})[.)]?\s+(?P<text>[A-Z\"“'].+)$"
)
_STATUS = re.compile(
    r"\s+(?:[-–—|]\s*)?(?P<status>complete[d]?|in progress|ongoing|open|closed|not started"
    r"|partially (?:complete[d]?|implemented|met)|implemented|not implemented|no information"
    r"|accepted|rejected|green|amber|red|blue)\.?\s*$",
    re.I,
)
_TAIL = re.compile(r"(?<=[.!?”\"'])\s+(?P<name>[A-Z][^.!?]{1,80})$")
_NAME_WORD = re.compile(r"^(?:[A-Z][\w'’&-]*|of|and|for|the|in|on|&|[-–/,;]|\(.*\)|[A-Z]{2,})$")
_MAX_NAME_WORDS = 10
_MIN_LINES = 3


def tracker_lines(document: Document) -> Document | None:
    lines = [
        (i, b.cells[0].strip())
        for i, b in enumerate(document.blocks)
        if len([c for c in b.cells if c.strip()]) == 1 and b.cells[0].strip()
    ]
    numbered = [(i, m) for i, text in lines if (m := _LINE.match(" ".join(text.split())))]
    if len(numbered) < _MIN_LINES:
        return None
    rows = [(i, _split(m.group("number"), m.group("text"))) for i, m in numbered]
    named = [r for _, r in rows if r[2]]
    if len(named) < max(_MIN_LINES, 0.6 * len(rows)):
        return None
    first = numbered[0][0]
    kept = [b for b in document.blocks[:first]]
    table = [Block(r) for _, r in rows]
    return replace(
        document,
        blocks=[*kept, Block(["No.", "Recommendation", "Addressed to", "Status"]), *table],
        whole_rows=True,
        notes=[
            *document.notes,
            "layout: a list of recommendations each with whom it is addressed to at its end",
        ],
    )


def _split(number: str, text: str) -> list[str]:
    text = " ".join(text.split())
    status = ""
    m = _STATUS.search(text)
    if m and not text[: m.start()].rstrip().endswith((" to", " the")):
        status, text = m.group("status"), text[: m.start()].rstrip()
    name = ""
    tail = _TAIL.search(text)
    if tail and _is_name(tail.group("name")):
        name, text = tail.group("name").strip(), text[: tail.start()].rstrip()
    return [number, text, name, status]


def _is_name(text: str) -> bool:
    words = text.split()
    return (
        0 < len(words) <= _MAX_NAME_WORDS
        and not text.rstrip().endswith((".", ":"))
        and all(_NAME_WORD.match(w) for w in words)
    )
