"""Which column is which, read from what the header cells mean rather than their exact words.

"Action to take", "Actions" and "Action" are all the action column; "Lead", "Lead agency" and
"Person responsible" the lead; "Target date", "Target completion date" and "Timescale" the
target date; and so on, for the Home Office template and the variants plans use, in any order.
Columns plans add are known too (RAG or status, evidence, agency response, revised target
date), and a column this reader does not use is left out of the map, never misread.

The same words name a field in a plan written as labelled paragraphs ("Person responsible:
..."), so ``column_kind`` reads those labels too.
"""

from __future__ import annotations

import enum
import functools
import re
from dataclasses import dataclass, field


class Col(enum.StrEnum):
    NUMBER = "number"
    THEME = "theme"
    RECOMMENDATION = "recommendation"
    SCOPE = "scope"
    ACTION = "action"
    RESPONSE = "agency response"
    LEAD = "lead"
    AGENCY = "lead agency"  # only beside another lead column (a person or role)
    MILESTONES = "milestones"
    TARGET = "target date"
    REVISED_TARGET = "revised target date"
    COMPLETED = "completion date"
    OUTCOME = "outcome"
    EVIDENCE = "evidence"
    STATUS = "status"
    # How success will be measured: a planned measure ("Measure of success", "Outcome
    # measure", "Expected outcome"), not a result, so never the outcome.
    MEASURE = "measure of success"
    # The review a row belongs to, in an export of many ("Review ID", "Review title").
    REVIEW_TITLE = "review title"
    REVIEW_REF = "review reference"
    # Known, and not the plan's content: record-keeping ("Last updated", "Action No", "Days
    # overdue"). Such a column counts towards recognising the header and is not read.
    SKIP = "not read"
    # "Learning / Finding" beside "Recommendation": what the review found, which groups the
    # recommendations under it (its short title is their theme).
    FINDING = "finding"


# Tried in order: the first rule that matches names the column. Order matters where one header
# holds another's word ("Key milestones achieved in enacting recommendation" is the milestones,
# "Target completion date" the target, "Scope of recommendation" the scope, "Agency response"
# the response, not the lead).
_RULES: list[tuple[Col, str]] = [
    (
        Col.SKIP,
        r"^(?:action|milestone|task|step|sub) ?(?:no|number|ref|id|#)$"
        r"|^(?:last |date )?(?:updated|modified|created|raised|logged|entered)(?: on| date| by)?$"
        r"|^date (?:last )?(?:updated|modified|raised|added|logged)$|^days? (?:overdue|late|left)$",
    ),
    (Col.REVIEW_REF, r"^(?:review|case|dhr|dardr|sar|l?cspr) ?(?:id|ref|reference|no|number)$"),
    (Col.REVIEW_TITLE, r"^(?:review|case)(?: title| name)?$"),
    (Col.TARGET, r"\bmilestones? (?:target |due )?dates?\b|\bmilestones? (?:due|deadline)\b"),
    (Col.MILESTONES, r"\bmilestones?\b|\bkey steps\b"),
    (
        Col.SCOPE,
        r"^scope\b|^(?:local|regional|national)(?: ?(?:/|or) ?(?:local|regional|national))+$",
    ),
    (
        Col.NUMBER,
        r"^(?:no|number|ref|reference|#|item|rec(?:ommendation)? ?(?:no|number|ref|#)"
        r"|recommendation (?:reference|id))$",
    ),
    (
        Col.STATUS,
        r"^(?:current |overall )?(?:status|b?rag)(?: ?/? ?(?:status|b?rag|rating))*$|\bb?rag\b",
    ),
    (
        Col.REVISED_TARGET,
        r"^(?:revised|new|amended|updated) (?:target|completion|due|deadline|date)"
        # "Target date (revised)", or "Revised" under a "Target date" merged over two columns.
        r"|^(?:target|completion|due|deadline)(?: date)? (?:revised|new|amended|updated)$",
    ),
    (Col.TARGET, r"^(?:original )?(?:target|deadline|timescale|due|by when|expected completion)"),
    (
        Col.COMPLETED,
        r"^(?:date (?:of )?completion|completion date|date completed|completed(?: on| date)?"
        r"|actual completion(?: date)?|date achieved|date closed|date signed off"
        r"|closure date|date of closure|closed(?: on| date)?)$",
    ),
    (
        Col.MEASURE,
        r"\bmeasures?\b|\bmeasured\b|success criteria|\bkpis?\b|performance indicator"
        r"|^(?:expected|intended|desired|anticipated) (?:outcomes?|impact|results?)"
        r"|how will (?:we|you|success|impact)|how (?:we|you|will we|do we|would we) (?:will )?know"
        r"|what (?:will )?success (?:will )?look",
    ),
    (Col.RESPONSE, r"\bresponse\b|^accepted\b"),
    (Col.EVIDENCE, r"^evidence\b"),
    (Col.OUTCOME, r"outcome|progress|update|comment|evidence|completion|impact|closure|closing"),
    (
        Col.LEAD,
        r"\blead\b|responsib|owner|accountable|\bwho\b|\bagenc(?:y|ies)\b|organisation"
        r"|addressed to|addressee|directed to",
    ),
    (Col.ACTION, r"\bactions?\b|what will|what (?:we|you|they) will do|\bsteps?\b"),
    (Col.RECOMMENDATION, r"recommendation|learning|finding|^issues? identified$"),
    (Col.TARGET, r"\bdate\b|\bwhen\b"),
    (Col.THEME, r"^(?:theme|category|topic|themes?)$"),
]
_MAX_HEADER_WORDS = 8
# Kinds that may have more than one column: their texts are read together.
_MAY_REPEAT = {Col.OUTCOME, Col.EVIDENCE, Col.STATUS}
_NAMES_AGENCY = re.compile(r"agenc|organi[sz]ation|service|partner|body", re.I)


@functools.lru_cache(maxsize=4096)  # asked of every cell of every row, many alike
def column_kind(header: str) -> Col | None:
    """What a header cell (or a field's label) means, or None if it is not one we know."""
    text = re.sub(r"\(s\)", "s", header.lower())
    text = re.sub(r"[^\w#/ ]+", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    if not text or len(text.split()) > _MAX_HEADER_WORDS:
        return None
    for kind, pattern in _RULES:
        if re.search(pattern, text):
            return kind
    return None


@dataclass
class ColumnMap:
    """The meaning of each column of the table, by cell index."""

    kinds: dict[int, Col]
    headers: dict[Col, str] = field(default_factory=dict)
    width: int = 0  # cells in the header row
    ignored: dict[int, str] = field(default_factory=dict)  # headers of the columns not read

    def cells_of(self, cells: list[str]) -> dict[Col, str]:
        found: dict[Col, str] = {}
        for i, kind in self.kinds.items():
            if i < len(cells) and cells[i].strip():
                found[kind] = f"{found[kind]}\n{cells[i]}" if kind in found else cells[i]
        last = self.kinds.get(self.width - 1) if self.width else None
        extra = [c for c in cells[self.width :] if c.strip()] if self.width else []
        if extra and last in (Col.LEAD, Col.AGENCY):
            # A tracker's row with a second addressee in a cell of its own past the header.
            found[last] = "\n".join([found.get(last, ""), *extra]).strip("\n")
        return found

    def index_of(self, kind: Col) -> int | None:
        return next((i for i, k in self.kinds.items() if k == kind), None)

    @property
    def outcome_holds_completion_date(self) -> bool:
        """'Date of completion and outcome': a date in it is when the action was completed."""
        return "complet" in self.headers.get(Col.OUTCOME, "").lower()


def header_columns(cells: list[str]) -> ColumnMap | None:
    """The column map if ``cells`` is a header row: at least three cells we recognise, one of
    them the recommendation or the action, and few cells we do not."""
    kinds: dict[int, Col] = {}
    headers: dict[Col, str] = {}
    leads: list[int] = []
    filled = known = 0
    for i, cell in enumerate(cells):
        if not cell.strip():
            continue
        filled += 1
        kind = column_kind(cell)
        if kind is None:
            continue
        known += 1
        if kind == Col.SKIP:
            continue
        if kind == Col.LEAD:
            leads.append(i)
        if kind not in headers or kind in _MAY_REPEAT:
            kinds[i] = kind
            headers.setdefault(kind, " ".join(cell.split()))
    if known < 3 or known < 0.75 * filled:
        return None
    if len(leads) > 1:
        # "Lead officer" beside "Lead agency": the person and the organisation.
        agency = [i for i in leads if _NAMES_AGENCY.search(cells[i])]
        people = [i for i in leads if i not in agency]
        for i in leads:
            kinds.pop(i, None)
        if len(agency) == 1 and people:
            kinds[people[0]], kinds[agency[0]] = Col.LEAD, Col.AGENCY
            headers[Col.LEAD] = " ".join(cells[people[0]].split())
            headers[Col.AGENCY] = " ".join(cells[agency[0]].split())
        else:
            kinds[leads[0]] = Col.LEAD
    recommendations = [i for i, c in enumerate(cells) if column_kind(c) == Col.RECOMMENDATION]
    named = [i for i in recommendations if "recommend" in cells[i].lower()]
    if len(recommendations) > 1 and named and named[0] != recommendations[0]:
        # "Finding" beside "Recommendation": the recommendation is the one that says so.
        kinds[recommendations[0]] = Col.FINDING
        headers[Col.FINDING] = " ".join(cells[recommendations[0]].split())
        kinds[named[0]] = Col.RECOMMENDATION
        headers[Col.RECOMMENDATION] = " ".join(cells[named[0]].split())
    if Col.ACTION not in headers and Col.RECOMMENDATION not in headers:
        if Col.RESPONSE not in headers:
            return None
    response = next((i for i, k in kinds.items() if k == Col.RESPONSE), None)
    if response is not None:
        if Col.ACTION in headers:
            del kinds[response]  # what the agency said, beside what it will do: not read
        else:
            # With no action column, what the agency says it will do is the action.
            kinds[response] = Col.ACTION
            headers[Col.ACTION] = headers.pop(Col.RESPONSE)
    ignored = {
        i: " ".join(cell.split()) for i, cell in enumerate(cells) if cell.strip() and i not in kinds
    }
    return ColumnMap(
        kinds=dict(sorted(kinds.items())), headers=headers, width=len(cells), ignored=ignored
    )
