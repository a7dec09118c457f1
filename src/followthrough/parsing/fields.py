"""A plan with no table: recommendations written out one after another.

Two ways plans do it, often together:

* a list: "Recommendation 1" (or "1.", "R2") starts each recommendation, its text after it or
  in the paragraphs that follow; lettered points ("a) ...") are part of its text;
* labelled fields: "Actions to be taken: ...", "Person responsible: ...", "Target completion
  date: ...", as paragraphs ("Label: value", or the label alone and the value below it) or as
  the rows of a two-column table (label | value). The labels mean what the same words mean as
  column headers (``columns.column_kind``). A second "Action" label in one recommendation starts
  its second action; "Recommendation: ..." starts the next recommendation when no
  "Recommendation 1" numbering does.

The result is the rows the table interpreter builds a plan from, so everything it knows about
leads, dates, milestones and outcomes applies here too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from followthrough.parsing.cleanup import clean
from followthrough.parsing.columns import Col, ColumnMap, column_kind
from followthrough.parsing.dates import find_date_spans
from followthrough.parsing.document import Block
from followthrough.parsing.rows import RECOMMENDATION_START, Heading, LogicalRow
from followthrough.parsing.themes import LABEL
from followthrough.parsing.words import NAMED_ORG_WORDS, bare

_MAX_LABEL_WORDS = 6  # "Action taken / to be taken"
_NOT_LABEL_START = frozenset(
    "that the this these those all each every it we they there a an if when where".split()
)
_LABELLED = re.compile(r"^(?P<label>[^:\n]{2,60}?)\s*:\s*(?P<value>.*)$", re.DOTALL)
_NUMBERED = re.compile(r"^(?P<number>R?\d+(?:\.\d+)*)[.):]?\s+(?P<text>[A-Z\"“'].*)$", re.DOTALL)
# "a) Northvale Police to ...", "(b) The practice to ...": lettered points.
_LETTERED = re.compile(r"^\(?(?P<letter>[a-z])[.)]\s+(?P<text>[A-Z\"“'].*)$", re.DOTALL)
_MAX_HEADING_WORDS = 8


@dataclass
class Fields:
    start: int  # the index of the first block of the plan proper: free text before it
    entries: list[Heading | LogicalRow]
    notes: list[str] = field(default_factory=list)


@dataclass
class _Token:
    index: int  # of the block
    # "start" (a recommendation), "field", "numbered", "lettered", "heading", "text"
    kind: str
    text: str = ""
    col: Col | None = None
    label: str = ""
    number: str | None = None
    bare_label: bool = False  # a label alone, with no colon: "Actions to be taken"


@dataclass
class _Record:
    number: str | None
    text: list[str] = field(default_factory=list)
    own: dict[Col, list[str]] = field(default_factory=dict)  # theme, scope
    actions: list[dict[Col, list[str]]] = field(default_factory=list)
    place: str | None = None  # "paragraph 12": where it starts


def read_fields(blocks: list[Block]) -> Fields | None:
    """The plan's recommendations read as a list or as labelled fields, or None if the blocks
    are neither."""
    tokens = [_token(i, b) for i, b in enumerate(blocks) if not b.is_blank and not b.is_caption]
    starts = [t for t in tokens if t.kind == "start"]
    how = "a list of recommendations ('Recommendation 1 ...')"
    if not starts:
        starts = _bare_labels(tokens)
        how = "a list of recommendations, each under a 'Recommendation' label"
    if starts:
        starts += _listed_after(tokens, starts[0])
    if not starts:
        # "Recommendations" alone is a heading; "Recommendation:" starts one.
        starts = [
            t
            for t in tokens
            if t.kind == "field" and t.col == Col.RECOMMENDATION and not t.bare_label
        ]
        how = "labelled fields ('Recommendation: ...')"
        for t in starts:
            t.kind = "start"
    if not starts:
        starts = _numbered_starts(tokens)
        how = "a numbered list of recommendations"
    if not starts:
        return None
    if how.startswith("a list"):
        _numbered_headings(tokens)
    first = tokens.index(starts[0])
    while first > 0 and tokens[first - 1].kind == "heading":
        first -= 1
    # The labels the plan uses, as a table's headers (filled in as they are read).
    columns = ColumnMap(kinds={}, headers={})
    entries = _read(tokens[first:], columns)
    entries = _responses_as_actions(entries, columns, writer=_letter_writer(tokens))
    if not any(isinstance(e, LogicalRow) for e in entries):
        return None
    notes = [f"layout: no table; the plan was read as {how}"]
    if not any(e.text(col) for e in entries if isinstance(e, LogicalRow) for col in _ACTION_COLS):
        entries = [_as_own_action(e, columns) if isinstance(e, LogicalRow) else e for e in entries]
        notes.append(
            "layout: a list of recommendations with no actions: each recommendation is an "
            "action of its own until its actions are written"
        )
    return Fields(start=tokens[first].index, entries=entries, notes=notes)


# What makes a record more than a recommendation: an action, a lead, a date, an outcome.
_ACTION_COLS = (Col.ACTION, Col.LEAD, Col.TARGET, Col.OUTCOME, Col.STATUS, Col.COMPLETED)
# A date the text sets itself ("by September 2024", "no later than 31 March 2025"); a date
# said relatively ("within six months") is not one.
_DUE_BY = re.compile(
    r"\b(?:by|before|no later than|not later than|by the end of|by end of)\s+"
    r"(?P<date>(?:the end of\s+)?(?:\d{1,2}(?:st|nd|rd|th)?\s+)?"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{4})\b",
    re.IGNORECASE,
)


def _as_own_action(row: LogicalRow, columns: ColumnMap) -> LogicalRow:
    """A recommendation of a list with no actions, as its own action: its text, and the date
    its text sets ("by September 2024"), so that it can be tracked until actions are written."""
    text = row.text(Col.RECOMMENDATION)
    if not text:
        return row
    columns.headers.setdefault(Col.ACTION, "Action")
    cells = {col: row.raw(col) for col in row.cols}
    cells[Col.ACTION] = text
    due = _DUE_BY.search(text)
    if due:
        columns.headers.setdefault(Col.TARGET, "Target date")
        cells[Col.TARGET] = due.group(0)
    own = LogicalRow(columns, whole=True, place=row.place)
    own.add(cells)
    return own


# "1 We have amended the template ... 2 We are reviewing ...": a response's numbered points,
# run together in one paragraph as a letter writes them.
_INLINE_POINT = re.compile(r"(?:^|(?<=[.!?:]\s))(?P<n>\d{1,2})\s+(?=[A-Z])")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def _responses_as_actions(
    entries: list[Heading | LogicalRow], columns: ColumnMap, *, writer: str | None = None
) -> list[Heading | LogicalRow]:
    """With no action named anywhere, what a response says will be done is the action (as a
    response column is in a table), and a response's numbered points are an action each: the
    sentence that says what is done, then what it says of it since (its outcome)."""
    rows = [e for e in entries if isinstance(e, LogicalRow)]
    if any(r.text(Col.ACTION) for r in rows) or not any(r.text(Col.RESPONSE) for r in rows):
        return entries
    columns.headers[Col.ACTION] = columns.headers.pop(Col.RESPONSE, "Response")
    out: list[Heading | LogicalRow] = []
    for entry in entries:
        if not isinstance(entry, LogicalRow) or not entry.text(Col.RESPONSE):
            out.append(entry)
            continue
        cells = {col: entry.raw(col) for col in entry.cols if col != Col.RESPONSE}
        points = _inline_points(entry.text(Col.RESPONSE))
        for k, point in enumerate(points):
            sentences = _SENTENCE_END.split(point, maxsplit=1)
            part = dict(cells) if k == 0 else {c: v for c, v in cells.items() if c not in _OWN}
            part[Col.ACTION] = sentences[0]
            if len(points) > 1 and len(sentences) > 1:
                columns.headers.setdefault(Col.OUTCOME, "Outcome")
                part[Col.OUTCOME] = sentences[1]
            _read_point(part, sentences[0], columns, writer)
            row = LogicalRow(columns, whole=True, place=entry.place)
            row.add(part)
            out.append(row)
    return out


# A letter's points in the first person: "We have amended" is done, "We are reviewing" under
# way, "we will" to come.
_DONE = re.compile(
    r"^(?:we|the trust|the council|it)\s+(?:have|has)\s+(?:now\s+)?\w+(?:ed|en|t)\b", re.I
)
_UNDER_WAY = re.compile(
    r"^(?:we|the trust|the council|it)\s+(?:are|is)\s+(?:now\s+)?\w+ing\b", re.I
)
_FIRST_PERSON = re.compile(r"\b(?:we|our)\b", re.I)
_LED_BY = re.compile(r"\bled by (?:the |our )?(?P<role>[A-Z][\w'’ -]{2,60}?)(?=[.,;]|$)")
_POINT_DATE = re.compile(
    r"\b(?:by|before|no later than|from|by the end of)\s+(?P<date>(?:\d{1,2}\s+)?"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{4})\b",
    re.IGNORECASE,
)


def _read_point(part: dict[Col, str], text: str, columns: ColumnMap, writer: str | None) -> None:
    """What a letter's point says of itself: whether it is done or under way, the date it
    sets ("by 31 March 2026"), and who leads it (the writer, "we"; "led by the ...")."""
    if _DONE.match(text):
        part[Col.STATUS] = "Completed"
    elif _UNDER_WAY.match(text):
        part[Col.STATUS] = "In progress"
    due = _POINT_DATE.search(text)
    if due and Col.TARGET not in part:
        part[Col.TARGET] = due.group("date")
    lead = [writer] if writer and _FIRST_PERSON.search(text) else []
    led = _LED_BY.search(text)
    if led:
        lead = [f"{led.group('role')}, {writer}" if writer else led.group("role")]
    if lead and Col.LEAD not in part:
        part[Col.LEAD] = lead[0]
    for col, name in ((Col.STATUS, "Status"), (Col.TARGET, "Target date"), (Col.LEAD, "Lead")):
        if col in part:
            columns.headers.setdefault(col, name)


_SIGN_OFF = re.compile(r"^yours (?:sincerely|faithfully)\b", re.I)


def _letter_writer(tokens: list[_Token]) -> str | None:
    """The organisation a letter is from: the last line of its signature that names one."""
    for i, t in enumerate(tokens):
        if _SIGN_OFF.match(t.text or t.label):
            for after in reversed(tokens[i + 1 : i + 5]):
                text = (after.text or after.label).strip()
                if text and any(bare(w) in NAMED_ORG_WORDS for w in text.split()):
                    return text
    return None


# The recommendation's own fields: on its first row only.
_OWN = (Col.NUMBER, Col.RECOMMENDATION, Col.THEME, Col.SCOPE)


def _inline_points(text: str) -> list[str]:
    """The numbered points of a paragraph ("1 We have ... 2 We are ..."), numbered one after
    another; the paragraph whole when it has fewer than two."""
    found = list(_INLINE_POINT.finditer(text))
    if len(found) < 2 or found[0].start() != 0:
        return [text]
    numbers = [int(m.group("n")) for m in found]
    if numbers != list(range(numbers[0], numbers[0] + len(numbers))):
        return [text]
    return [
        text[m.end() : (found[k + 1].start() if k + 1 < len(found) else len(text))].strip()
        for k, m in enumerate(found)
    ]


def _bare_labels(tokens: list[_Token]) -> list[_Token]:
    """ "Recommendation" alone on a line before each recommendation's paragraph, two or more
    times: each starts a recommendation (no number)."""
    found = [
        t
        for i, t in enumerate(tokens)
        if t.kind == "field"
        and t.bare_label
        and t.label.lower() == "recommendation"
        and i + 1 < len(tokens)
        and tokens[i + 1].kind in ("text", "numbered")
    ]
    if len(found) < 2:
        return []
    for t in found:
        t.kind = "start"
    return found


# A paragraph number of another document quoted ("14.133. Safeguarding Adults Boards must"):
# statutory guidance, not a recommendation.
_QUOTED_NUMBER = re.compile(r"^\d+\.\d+\.\s")
# An entry of a list of documents: a publication date, a file's kind and size, "·" between.
_DOCUMENT_ENTRY = re.compile(
    r"\((?:PDF|Word|DOCX?|XLSX?|ODT)\b|\b(?:PDF|Word|DOCX?),?\s+\d+(?:\.\d+)?\s*[KM]B\b"
    r"|\s·\s.*\bpublished\b|\bpublished\s+\d{1,2}\s+\w+\s+\d{4}\s·",
    re.IGNORECASE,
)
# "Northvale Police to review ...": a recommendation's usual form, an agency to do something.
_TO_DO = re.compile(r"^(?:the\s+)?[A-Z][\w'’&,() -]{1,80}?\s+to\s+(?!be\b)[a-z]{3,}\b")
# How a recommendation asks: "X should ...", "That X ...", "X is asked to ...".
_ASKS = re.compile(
    r"\b(?:should|must|shall|ought to|(?:is|are) asked to|to ensure)\b|^That\b", re.IGNORECASE
)
_BULLETED = re.compile(r"^[-–•*▪]\s+(?P<text>[A-Z\"“'].*)$", re.DOTALL)
_MIN_LISTED_WORDS = 8


def _listed_after(tokens: list[_Token], first: _Token) -> list[_Token]:
    """After the first recommendation, recommendations written otherwise: numbered paragraphs
    ("4.1 The Partnership should ...") and items of a dash or bullet list under a heading of
    their own. Not items that go on a paragraph ending in ":" (its points), nor quoted
    guidance ("- 14.133. ..."), nor headings."""
    found: list[_Token] = []
    after = tokens.index(first) + 1
    previous: _Token | None = None
    heading = ""  # the last heading: "Recommendations for national bodies"
    for t in tokens[after:]:
        text = (t.text or t.label).strip()
        if t.kind == "heading" or (t.kind in ("text", "field") and _is_heading(text)):
            heading = text
        asks = "recommend" in heading.lower() or bool(_ASKS.search(text))
        if t.kind == "numbered" and not _is_heading(t.text) and "." in (t.number or ""):
            if asks and (previous is None or not previous.text.rstrip().endswith(":")):
                t.kind = "start"
                found.append(t)
        elif t.kind == "text" and (m := _BULLETED.match(text)):
            item = m.group("text")
            if (
                previous is not None
                and (
                    previous.kind in ("heading", "start")
                    or previous in found
                    or _is_heading(previous.text or previous.label)
                )
                and not (previous.text or previous.label).rstrip().endswith(":")
                and asks
                and not _QUOTED_NUMBER.match(item)
                and len(item.split()) >= _MIN_LISTED_WORDS
                and item.rstrip().endswith(".")
            ):
                t.kind, t.text, t.number = "start", item, None
                found.append(t)
                continue
        if t.kind != "text" or not _BULLETED.match(text):
            previous = t
    return found


def _token(index: int, block: Block) -> _Token:
    cells = [c.strip() for c in block.cells if c.strip()]
    if len(cells) > 1:
        head, rest = cells[0], "\n".join(cells[1:])
        m = RECOMMENDATION_START.match(head)
        if m:
            text = "\n".join(t for t in (m.group("text").strip(), rest) if t)
            return _Token(index, "start", text=text, number=m.group("named"))
        col = _label_kind(head.rstrip(" :"))
        if col is not None:
            return _Token(index, "field", text=rest, col=col, label=head.rstrip(" :"))
        return _Token(index, "text", text="\n".join(cells))
    text = cells[0]
    m = RECOMMENDATION_START.match(text)
    if m:
        return _Token(index, "start", text=m.group("text").strip(), number=m.group("named"))
    if LABEL.match(text) and len(text.split()) <= 15:
        return _Token(index, "heading", text=clean(text))
    m = _LABELLED.match(text)
    if m and (col := _label_kind(m.group("label"))) is not None:
        return _Token(index, "field", text=m.group("value").strip(), col=col,
                      label=m.group("label").strip())  # fmt: skip
    if not text.endswith(".") and (col := _label_kind(text)) is not None:
        return _Token(index, "field", col=col, label=text, bare_label=True)
    m = _NUMBERED.match(text)
    if m and not any(span.start == 0 for span in find_date_spans(text)):
        # ("30 September 2024" is a date, not paragraph 30.)
        return _Token(index, "numbered", text=m.group("text"), number=m.group("number"))
    m = _LETTERED.match(text)
    if m:
        return _Token(index, "lettered", text=text, number=m.group("letter"))
    return _Token(index, "text", text=text)


def _numbered_headings(tokens: list[_Token]) -> None:
    """In a list of 'Recommendation 1 ...', a numbered line that reads as a heading ('11.2
    Single agency recommendations', '12. Glossary') is the report's section heading."""
    for t in tokens:
        if t.kind == "numbered" and _is_heading(t.text):
            t.kind, t.number = "heading", None


def _label_kind(label: str) -> Col | None:
    words = [w for w in label.split() if w not in ("/", "&", "-", "–")]
    if not words or len(words) > _MAX_LABEL_WORDS or not words[0][:1].isupper():
        return None
    if words[0].lower() in _NOT_LABEL_START:
        return None
    return column_kind(label)


def _numbered_starts(tokens: list[_Token]) -> list[_Token]:
    """Numbered paragraphs at the top level of the numbering ("1.", "2." but not "1.1"), when
    there are two or more of them."""
    # "3. Serious violence duty" over a paragraph of minutes is an agenda item or a section's
    # heading, not a recommendation: a recommendation is a sentence.
    # Nor is a list of documents ("1. Review · Published 3 February 2025 · PDF, 1.8 MB").
    numbered = [
        t
        for t in tokens
        if t.kind == "numbered" and not _is_heading(t.text) and not _DOCUMENT_ENTRY.search(t.text)
    ]
    if not numbered:
        return []
    depth = min(t.number.count(".") for t in numbered)
    top = [t for t in numbered if t.number.count(".") == depth]
    if len(top) < 2:
        return []
    if sum(1 for t in top if _ASKS.search(t.text) or _TO_DO.search(t.text)) < len(top) / 2:
        return []  # numbered paragraphs of a report or a page, most of them asking nothing
    for t in top:
        t.kind = "start"
    return top


def _read(tokens: list[_Token], columns: ColumnMap) -> list[Heading | LogicalRow]:
    entries: list[Heading | LogicalRow | _Placeholder] = []
    record: _Record | None = None
    target: list[str] | None = None  # where a paragraph of running text goes
    waiting = False  # a label alone was the last thing: the next paragraph is its value
    # Under a heading and before any "Recommendation N", lettered points are recommendations
    # of their own ("Northvale Police" then "a) ...", "b) ..."), not points of the one before.
    lettered_list = False
    for i, token in enumerate(tokens):
        following = tokens[i + 1] if i + 1 < len(tokens) else None
        if token.kind == "lettered" and lettered_list:
            m = _LETTERED.match(token.text)
            token = _Token(token.index, "start", text=m.group("text"), number=token.number)
        elif token.kind == "lettered":
            token = _Token(token.index, "text", text=token.text)
        if token.kind == "start":
            lettered_list = lettered_list and token.number is not None and token.number.isalpha()
            record = _Record(
                token.number,
                [token.text] if token.text else [],
                place=f"paragraph {token.index + 1}",
            )
            entries.append(_Placeholder(record, columns))
            target, waiting = record.text, not token.text
            continue
        if (
            token.kind == "heading"
            or (
                token.kind == "numbered"
                and record is not None
                and _is_heading(token.text)
                and not waiting
            )
            or (
                token.kind == "text"
                and not waiting
                and _is_heading(token.text)
                and (
                    (following is not None and following.kind in ("start", "lettered"))
                    # A heading after a recommendation's text ends it: what follows is another
                    # part of the report ("The duty to review").
                    or (target is not None and record is not None and target is record.text)
                )
            )
        ):
            entries.append(Heading(token.text))
            target, waiting = None, False
            lettered_list = True
            continue
        if record is None:
            continue
        if token.kind == "field":
            columns.headers.setdefault(token.col, token.label)
            target = _field(record, token.col)
            if token.text:
                target.append(token.text)
            waiting = not token.text
            continue
        if target is not None:
            numbered = token.kind == "numbered"
            target.append(f"{token.number}. {token.text}" if numbered else token.text)
            waiting = False
    return [row for e in entries for row in (e.rows() if isinstance(e, _Placeholder) else [e])]


def _field(record: _Record, col: Col) -> list[str]:
    """The list a field's value goes into: a new action for a second "Action" label."""
    if col == Col.RECOMMENDATION:
        return record.text
    if col in (Col.THEME, Col.SCOPE, Col.NUMBER):
        return record.own.setdefault(col, [])
    if not record.actions or (col == Col.ACTION and Col.ACTION in record.actions[-1]):
        record.actions.append({})
    return record.actions[-1].setdefault(col, [])


def _is_heading(text: str) -> bool:
    words = text.split()
    return (
        0 < len(words) <= _MAX_HEADING_WORDS
        and text[:1].isupper()
        and not text.endswith((".", ":", ";", ","))
    )


@dataclass
class _Placeholder:
    """A record's place among the headings until all its fields are read."""

    record: _Record
    columns: ColumnMap

    def rows(self) -> list[LogicalRow]:
        """A row for each action, the first with the recommendation's own fields."""
        record = self.record
        first: dict[Col, str] = {}
        if record.number:
            first[Col.NUMBER] = record.number
        if record.text:
            first[Col.RECOMMENDATION] = " ".join(clean(t) for t in record.text)
        for col, values in record.own.items():
            first[col] = "\n".join(values)
        rows = []
        for i, action in enumerate(record.actions or [{}]):
            row = LogicalRow(self.columns, whole=True, place=record.place)
            row.add({**first, **_joined(action)} if i == 0 else _joined(action))
            rows.append(row)
        return rows


def _joined(action: dict[Col, list[str]]) -> dict[Col, str]:
    return {col: "\n".join(values) for col, values in action.items() if values}
