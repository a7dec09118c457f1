"""A PDF table flattened into running text: no tabs, no line per row, only the order of the
words. Each row starts with its reference code and ends with its status word:

    ... Action Ref Number Recommendation/ Overarching Action Sub-Action Owner Target Date
    Delivery Status DA4.2 Improve the recording of repeat victims. NO 1 Add a flag to the
    system Head of Crime Recording March 2024 NO 2 Brief staff Control Room Manager 30/04/2024
    Complete DA7 Review the diversion scheme for first offenders. Complete ...

The rows are cut at the codes (a code such as ``DA4.2``, ``DA11`` or ``PROVUL8.5``: capitals
then a number, its letters used by another code too, followed by text that starts with a
capital; not the template's example after "e.g."). In a row, "NO 1", "NO 2" start its
sub-actions; the text before the first is the recommendation. Each sub-action is read from its
end: a status word, then a date ("March 2024", "Q3 2024/25", "within one month of
publication", "Ongoing"), then its owner (the run of capitalised words the action's words end
before), then the action. A sub-action with no status of its own has the row's. The page's
furniture (a protective marking and "Page 1 of 2", a running head "Plan | Page 1 of 2") is
taken out first, and the text before the first code is the title and the header.
"""

from __future__ import annotations

import re
from dataclasses import replace

from followthrough.parsing.dates import find_date_spans
from followthrough.parsing.document import Block, Document
from followthrough.parsing.layouts.header_line import split_header_line
from followthrough.parsing.words import ORG_WORDS, ROLE_NOUNS, bare

_CODE = re.compile(
    r"(?<![\w.-])(?P<code>[A-Z]{1,8}-?\d{1,3}(?:\.\d{1,3}){0,2}[a-z]?)(?=\s+[A-Z\"“'])"
)
_EXAMPLE = re.compile(r"(?:\be\.?g\.?|for example|example:?)\s*$", re.I)
_STATUS_AT_END = re.compile(
    r"\s*\b(?P<status>complete[d]?|in progress|ongoing|on track|open|closed|not started"
    r"|green|amber|red|blue|partially (?:complete[d]?|met)|not (?:met|achieved)|delayed"
    r"|superseded)\.?\s*$",
    re.I,
)
_SUB_ACTION = re.compile(r"\b(?:NO|No\.?|Sub-action)\s*(?P<n>\d{1,3})\s+(?=[A-Z])")
_RELATIVE_AT_END = re.compile(
    r"\b(?:within|in|by)\s+(?:\w+\s+){1,2}(?:hours?|days?|weeks?|months?|years?)"
    r"(?:\s+(?:of|from|after)\s+(?:the\s+)?[a-z]+(?:\s+[a-z]+)?)?$"
    r"|\b(?:ongoing|annually|quarterly|monthly|immediately|tbc)$",
    re.I,
)
_PAGE = re.compile(
    r"\s*(?:\b(?:OFFICIAL|NOT PROTECTIVELY MARKED|RESTRICTED)(?:\s*[-–]\s*SENSITIVE)?\s+)?"
    r"\bPage \d+(?: of \d+)?\b\s*",
    re.I,
)
_CONNECTORS = {"of", "and", "for", "the", "&", "in", "to", "at", "/"}
_MIN_ROWS = 3
_MIN_LINE = 300  # characters: a line this long, or the whole text in a few lines
_HEADER = ["Ref", "Recommendation", "Action", "Lead", "Target date", "Status"]


def flattened_rows(document: Document) -> Document | None:
    texts = [b for b in document.blocks if not b.is_blank]
    if not texts or any(len([c for c in b.cells if c.strip()]) > 1 for b in texts):
        return None
    if len(texts) > 20 or max(len(b.cells[0]) for b in texts) < _MIN_LINE:
        return None
    # Lines after the last one with a row's code in it are a note under the table.
    last = max((i for i, b in enumerate(texts) if _CODE.search(b.cells[0])), default=len(texts))
    after = [" ".join(b.cells[0].split()) for b in texts[last + 1 :]]
    texts = texts[: last + 1]
    text = _without_page_furniture(" ".join(" ".join(b.cells[0].split()) for b in texts))
    found = [m for m in _CODE.finditer(text) if not _EXAMPLE.search(text[: m.start()])]
    codes = [m for m in found if _shares_letters(m.group("code"), found)]
    if len(codes) < _MIN_ROWS:
        return None
    before = _title(text[: codes[0].start()])
    rows: list[Block] = []
    for i, m in enumerate(codes):
        end = codes[i + 1].start() if i + 1 < len(codes) else len(text)
        rows.extend(Block(cells) for cells in _rows(m.group("code"), text[m.end() : end].strip()))
    return replace(
        document,
        blocks=[*([Block([before], is_text=True)] if before else []), Block(list(_HEADER)), *rows],
        whole_rows=True,
        notes=[
            *document.notes,
            "layout: a table run into running text; its rows were cut where each reference "
            "code starts, and its sub-actions at 'NO 1', 'NO 2'",
            *(f"text after the table not read: '{_short(note)}'" for note in after),
        ],
    )


def _title(before: str) -> str:
    """What comes before the first row, less the header's words and the template's guidance
    ("e.g. VUL1 What needs to change? ..."): the title."""
    example = _EXAMPLE_START.search(before)
    if example:
        before = before[: example.start()]
    words = before.split()
    for i in range(len(words) - 2):
        names = split_header_line(" ".join(words[i:]))
        # Run into a title, a header is read from its short names ("Ref", "Lead", "Target
        # Date"), not from the title's words ("Safety Partnership Domestic Homicide Review").
        if names is not None and all(len(n.split()) <= _MAX_NAME_WORDS for n in names):
            return " ".join(words[:i])
    return before.strip()


_MAX_NAME_WORDS = 4
_EXAMPLE_START = re.compile(r"(?:\be\.?g\.?|for example)\s+[A-Z]{1,8}-?\d", re.I)


def _without_page_furniture(text: str) -> str:
    """The text without page numbers, protective markings beside them, and a running head
    ("Saltmere SAB | SAR Derek action plan |") before them: its words are the same before
    every page number."""
    heads = [m for m in re.finditer(r"((?:[^|]+\|){1,3})\s*Page \d+ of \d+", text)]
    if len(heads) >= 2:
        befores = [text[: m.start(1) + len(m.group(1))].split() for m in heads]
        common = _common_suffix(befores)
        head = " ".join(common)
        # The head starts where it visibly does: its first segment before a "|" is short.
        segments = head.split("|")
        if len(segments) > 1:
            first = segments[0].split()
            head = " ".join([*first[-4:], "|", *"|".join(segments[1:]).split()])
            head = re.sub(r"\s+\|", " |", head)
        if head:
            text = re.sub(re.escape(head).replace(r"\ ", r"\s+") + r"\s*", " ", text)
    return " ".join(_PAGE.sub(" ", text).split())


def _common_suffix(lists: list[list[str]]) -> list[str]:
    n = 0
    while all(len(words) > n for words in lists) and len({w[-1 - n] for w in lists}) == 1:
        n += 1
    return lists[0][len(lists[0]) - n :] if n else []


def _shares_letters(code: str, found: list[re.Match]) -> bool:
    """A code shares its letters with another code found (DA4.2 and DA7), so that a stray
    "HMIC2" or "Q3" is not taken for a row's start."""
    letters = re.match(r"[A-Z]+", code).group(0)
    if letters in {"Q", "FY", "NO"}:
        return False
    # "PROVUL8.5" beside "VUL7": one family of codes with a prefix.
    same = [
        m
        for m in found
        if (other := re.match(r"[A-Z]+", m.group("code")).group(0)) == letters
        or (
            min(len(other), len(letters)) >= 2
            and (other.endswith(letters) or letters.endswith(other))
        )
    ]
    return len(same) >= 2


def _rows(code: str, body: str) -> list[list[str]]:
    """A row's cells for each of its sub-actions (the first with the code and the
    recommendation)."""
    subs = list(_SUB_ACTION.finditer(body))
    if not subs:
        # No sub-action numbers: the recommendation is its first sentence, and what follows
        # it (if anything) the action, read from its end like a sub-action.
        cut = _FIRST_SENTENCE.search(body)
        if cut:
            action, owner, date, status = _sub_action(body[cut.end() :])
            if action:
                return [[code, body[: cut.start() + 1].strip(), action, owner, date, status]]
        status, body = _status(body)
        return [[code, body, "", "", "", status]]
    recommendation = body[: subs[0].start()].strip()
    parts = [
        body[m.end() : (subs[i + 1].start() if i + 1 < len(subs) else len(body))].strip()
        for i, m in enumerate(subs)
    ]
    read = [_sub_action(part) for part in parts]
    row_status = read[-1][3]
    rows = []
    for i, (action, owner, date, status) in enumerate(read):
        first = [code, recommendation] if i == 0 else ["", ""]
        rows.append([*first, action, owner, date, status or row_status])
    return rows


_FIRST_SENTENCE = re.compile(r"[.!?]\s+(?=[A-Z])")


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _status(text: str) -> tuple[str, str]:
    m = _STATUS_AT_END.search(text)
    if m and m.start() > 0:
        return m.group("status"), text[: m.start()].strip()
    return "", text


def _sub_action(text: str) -> tuple[str, str, str, str]:
    """(action, owner, date, status) of a sub-action's text, read from its end."""
    status, text = _status(text)
    date = ""
    spans = find_date_spans(text)
    relative = _RELATIVE_AT_END.search(text)
    if relative:
        date, text = text[relative.start() :], text[: relative.start()].strip()
    elif spans and not text[spans[-1].end :].strip(" .,"):
        start = spans[-1].start
        date, text = text[start:], text[:start].strip()
    action, owner = _owner_at_end(text)
    return action, owner, date, status


def _owner_at_end(text: str) -> tuple[str, str]:
    """The action's words and the owner after them: the owner is the run of capitalised words
    (with "of", "and", commas, brackets) at the end; where an organisation's name in it is
    followed by a job title ("the Crown Prosecution Service Superintendent, Criminal
    Justice"), the organisation ends the action."""
    words = text.split()
    start = len(words)
    while start > 0 and _owner_word(words[start - 1], words[start:]):
        start -= 1
    while start < len(words) and bare(words[start]) in _CONNECTORS:
        start += 1
    if start == 0 or start >= len(words):
        return text, ""
    owner = words[start:]
    for i in range(1, len(owner) - 1):
        if (
            bare(owner[i]) in ORG_WORDS
            and _has_role(owner[i + 1 :])
            and not _has_role(owner[: i + 1])
        ):
            start += i + 1
            break
    return " ".join(words[:start]), " ".join(words[start:])


def _owner_word(word: str, after: list[str]) -> bool:
    if word[:1].isupper() or word[:1] in "(/" or word.isupper():
        return True
    return bare(word) in _CONNECTORS and bool(after) and after[0][:1].isupper()


def _has_role(words: list[str]) -> bool:
    return any(bare(w) in ROLE_NOUNS for w in words)
