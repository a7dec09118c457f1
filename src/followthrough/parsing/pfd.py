"""A coroner's Regulation 28 report to prevent future deaths, read from its text.

Coroners write these reports to one template (the Chief Coroner's, 2013 on): a title
("REGULATION 28 REPORT TO PREVENT FUTURE DEATHS"), who it is sent to ("THIS REPORT IS BEING SENT
TO: 1. ... 2. ..."), numbered sections (1 CORONER, 2 CORONER'S LEGAL POWERS, 3 INVESTIGATION and
INQUEST, 4 CIRCUMSTANCES OF THE DEATH, 5 CORONER'S CONCERNS, 6 ACTION SHOULD BE TAKEN, 7 YOUR
RESPONSE, 8 COPIES and PUBLICATION, 9 the date and signature). ``read_pfd_report`` finds those
sections in the text, however it was copied (headings in capitals or not, numbered or not, a
section's text on the heading's line or below it), and returns what Followthrough keeps of the
report: its date, the date it says responses are due, the coroner area, the addressees as the
coroner wrote them, and the matters of concern as interchange ``Recommendation`` rows.

The deceased is named in the report; Followthrough never keeps the name. The reader finds it
where the template puts it ("the death of ...", "Name of deceased: ...") and writes "the
deceased" wherever it appears in what it returns; a report where it cannot find the name says
so in its warnings, for a person to check the concerns before saving. The circumstances of the
death, the copies list (the family) and the coroner's own name are never read into the result.

The text is cut into paragraphs by the reader's own text format (``formats/text.py``: wrapped
lines joined, page numbers and running heads dropped, list markers starting paragraphs). The
table layouts under ``layouts/`` do not fit a letter and are not used.

Plain Python: no Django import.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from followthrough.interchange import Precision, Recommendation
from followthrough.parsing.cleanup import clean
from followthrough.parsing.dates import find_date_spans
from followthrough.parsing.errors import ParseError
from followthrough.parsing.formats.text import document_from_text
from followthrough.parsing.limits import Limits
from followthrough.parsing.sniff import decode_text

TITLE = "Prevention of future deaths report"
DECEASED = "the deceased"


class NotAPfdReport(ParseError):
    """The text is not a Regulation 28 report, or its concerns cannot be found in it."""


@dataclass
class PfdReport:
    """What Followthrough keeps of a report (never the deceased's name)."""

    report_date: dt.date | None = None
    response_by: dt.date | None = None  # "within 56 days ..., namely by 12 May 2025"
    coroner_area: str | None = None
    addressees: list[str] = field(default_factory=list)
    concerns: list[Recommendation] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        return review_title(self.report_date)


def review_title(report_date: dt.date | None) -> str:
    """The review's title: the kind of report and its date, never the deceased's name."""
    if report_date is None:
        return TITLE
    return f"{TITLE}, {report_date.day} {report_date:%B %Y}"


# The report identifies itself so in its title (or the template's footer).
_MARKER = re.compile(
    r"regulation\s+28\b|reports?\s+to\s+prevent\s+future\s+deaths|prevention\s+of\s+future\s+deaths",
    re.IGNORECASE,
)
# Section headings, each with the key of the section it opens. A heading may carry its
# section's number ("5 CORONER'S CONCERNS", "5. Coroner's concerns") and its section's first
# words on the same line ("THIS REPORT IS BEING SENT TO: 1. NHS England").
_APOSTROPHE = r"['’]?"
_HEADINGS = [
    ("addressees", r"this\s+report\s+is\s+being\s+sent\s+to\b\s*:?"),
    ("legal_powers", rf"coroner{_APOSTROPHE}s?\s+legal\s+powers\b"),
    ("concerns", rf"coroner{_APOSTROPHE}s?\s+concerns\b\s*:?"),
    ("coroner", r"coroner\b(?!['’]?s\b)(?!\s+area)\s*:?"),
    ("investigation", r"investigation\s+and\s+inquest\b"),
    ("circumstances", r"circumstances\s+of\s+(?:the\s+)?death\b"),
    ("action", r"action\s+should\s+be\s+taken\b"),
    ("response", r"your\s+response\b\s*:?"),
    ("copies", r"copies\s+and\s+publication\b"),
    ("date", r"dated?\b\s*:?(?=\s*\d)"),
]
_HEADING = [
    (key, re.compile(rf"^(?:\d{{1,2}}[.)]?\s+)?(?P<words>{pattern})\s*", re.IGNORECASE))
    for key, pattern in _HEADINGS
]
# Where the template lists the concerns: everything before it in the section is boilerplate.
_CONCERNS_INTRO = re.compile(r"matters\s+of\s+concern\s+are\s+(?:as\s+follows)?\s*:?", re.I)
# Sentences of the template's section 5 that are not concerns.
_BOILERPLATE = re.compile(
    r"^(?:during\s+the\s+course\s+of\s+the\s+inquest|in\s+my\s+opinion\s+there\s+is\s+a\s+risk"
    r"|in\s+the\s+circumstances\s+it\s+is\s+my\s+statutory\s+duty)",
    re.IGNORECASE,
)
# A list item's marker: "1.", "1)", "(1)", "a)", "(iv)", a bullet or a dash.
_MARKER_AT_START = re.compile(
    r"^\s*(?:\(?(?P<n>\d{1,2}|[a-z]|[ivx]{1,4})[.)]|(?P<bullet>[•*▪◦‣–-]))\s+", re.IGNORECASE
)
# Numbered points run together in one paragraph: "(1) ... (2) ..." or "1. ... 2. ...".
_INLINE_POINT = re.compile(r"(?:^|(?<=\s))(?:\((?P<a>\d{1,2})\)|(?P<b>\d{1,2})[.)])\s+(?=\S)")
_HONORIFIC = r"(?:Mr|Mrs|Ms|Miss|Mx|Master|Dr|Baby|Sir|Dame|Lady|Lord)\.?"
_NAME_WORD = r"[A-Z][A-Za-z'’-]+"
# Where the template names the deceased.
_DECEASED = [
    re.compile(
        rf"\bdeath\s+of\s+(?P<name>(?:{_HONORIFIC}\s+)?{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,4}})"
    ),
    re.compile(
        rf"\b(?:name\s+of\s+(?:the\s+)?deceased|deceased(?:['’]s)?\s+name|deceased)\s*:\s*"
        rf"(?P<name>(?:{_HONORIFIC}\s+)?{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,4}})",
        re.IGNORECASE,
    ),
    re.compile(
        rf"\b(?:re|in\s+the\s+matter\s+of|inquest\s+(?:into|touching)\s+the\s+death\s+of)\s*:?\s+"
        rf"(?P<name>(?:{_HONORIFIC}\s+)?{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,4}})\s*\(deceased\)",
        re.IGNORECASE,
    ),
]
# Words a name's capture may run into ("the death of John Smith On 3 May ...").
_NOT_NAME = {
    "on", "aged", "who", "which", "at", "in", "the", "and", "was", "born", "died", "deceased",
    "late", "of", "an", "a", "i", "hm", "coroner", "inquest", "investigation", "january",
    "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december",
}  # fmt: skip
_AREA = [
    re.compile(r"coroner\s+area\s+of\s+(?:the\s+)?(?P<area>[^.;\n]+)", re.IGNORECASE),
    re.compile(
        r"\b(?:senior|area|assistant|deputy)\s+coroner,?\s+(?:for|of)\s+(?:the\s+)?"
        r"(?P<area>[^.,;\n]+)",
        re.IGNORECASE,
    ),
]
_MAX_ITEM = 5_000  # a concern longer than this is not one concern: the reading went wrong


def read_pfd_report(source: str | bytes, *, limits: Limits | None = None) -> PfdReport:
    """The report in ``source`` (its text, or the bytes of a text file). Raises
    ``NotAPfdReport`` (one line, for the person) if it is not a Regulation 28 report or no
    concern can be found in it."""
    text = decode_text(source) if isinstance(source, bytes) else source
    if not _MARKER.search(text):
        raise NotAPfdReport(
            "This is not a Regulation 28 report to prevent future deaths: it does not say "
            "\u201cReport to prevent future deaths\u201d or \u201cRegulation 28\u201d anywhere"
        )
    paragraphs = _paragraphs(text, limits)
    sections = _sections(paragraphs)
    report = PfdReport()
    name = _deceased(paragraphs)

    raw_concerns = _concerns(sections.get("concerns", []), report.warnings)
    if not raw_concerns:
        raise NotAPfdReport(
            "No concerns could be found in this report: paste the whole report, including the "
            "section \u201cCoroner\u2019s concerns\u201d and its numbered matters of concern"
        )
    for number, words in raw_concerns:
        report.concerns.append(
            Recommendation(text=_without_name(words, name), number=number or None)
        )
    report.addressees = [
        _without_name(item, name)
        for _, item in _items(sections.get("addressees", []), one_per_paragraph=True)
    ]
    report.coroner_area = _area(sections.get("coroner", []), name)
    report.report_date = _first_day(sections.get("date", []))
    report.response_by = _response_by(sections.get("response", []))
    if not report.addressees:
        report.warnings.append(
            "No addressees could be read (the section \u201cThis report is being sent to\u201d): "
            "add them after saving"
        )
    if report.report_date is None:
        report.warnings.append("The report\u2019s date could not be read: enter it below")
    if name is None:
        report.warnings.append(
            "The deceased\u2019s name could not be found, so it could not be left out: read the "
            "concerns and addressees for it before saving, and change any that name them"
        )
    return report


def _paragraphs(text: str, limits: Limits | None) -> list[str]:
    document = document_from_text(text, limits=limits)
    found = []
    for block in document.blocks:
        words = clean(" ".join(cell for cell in block.cells if cell.strip()))
        if words:
            found.append(words)
    return found


def _heading(paragraph: str) -> tuple[str, str] | None:
    """(section key, the rest of the paragraph) if the paragraph opens a section. A heading
    is in capitals as the template prints it, or stands alone on its line (a paragraph that
    merely starts "Your response must ..." opens nothing)."""
    for key, pattern in _HEADING:
        m = pattern.match(paragraph)
        if m is None:
            continue
        words, rest = m.group("words"), paragraph[m.end() :].strip()
        if key == "date" or words.upper() == words or not rest or len(paragraph.split()) <= 6:
            return key, rest
    return None


def _sections(paragraphs: list[str]) -> dict[str, list[str]]:
    """Each section's paragraphs by key (a section met twice keeps its first text; a
    report's running title repeated is not a section)."""
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for paragraph in paragraphs:
        found = _heading(paragraph)
        if found is not None:
            key, rest = found
            if key in sections:
                current = None  # the same heading again (a running head): ignore what follows
                continue
            current = sections[key] = []
            if rest:
                current.append(rest)
        elif current is not None:
            current.append(paragraph)
    return sections


def _items(paragraphs: list[str], *, one_per_paragraph: bool) -> list[tuple[str, str]]:
    """The list in ``paragraphs`` as (number, text): items start at a list marker and go on
    over the paragraphs without one; numbered points run together in one paragraph are
    split. With no marker at all, each paragraph is an item when ``one_per_paragraph``."""
    items: list[list[str]] = []  # [number, text]
    marked = False
    for paragraph in paragraphs:
        for point in _inline_points(paragraph):
            m = _MARKER_AT_START.match(point)
            if m is not None:
                marked = True
                items.append([m.group("n") or "", point[m.end() :].strip()])
            elif items and marked:
                items[-1][1] = f"{items[-1][1]} {point}".strip()
            elif one_per_paragraph:
                items.append(["", point])
    return [
        (number, _tidy(text))
        for number, text in items
        if _tidy(text)  # a marker with nothing after it is no item
    ]


def _inline_points(paragraph: str) -> list[str]:
    """The paragraph's numbered points when it runs two or more together, numbered one after
    another from its start ("(1) Staff ... (2) The policy ..."); else the paragraph whole."""
    found = list(_INLINE_POINT.finditer(paragraph))
    if len(found) < 2 or found[0].start() != 0:
        return [paragraph]
    numbers = [int(m.group("a") or m.group("b")) for m in found]
    # Keep the points numbered in sequence from the first; a later "2." that breaks the
    # sequence ("within 2. weeks") stays inside its point.
    kept = [found[0]]
    for m, n in zip(found[1:], numbers[1:], strict=True):
        if n == int(kept[-1].group("a") or kept[-1].group("b")) + 1:
            kept.append(m)
    if len(kept) < 2:
        return [paragraph]
    ends = [m.start() for m in kept[1:]] + [len(paragraph)]
    return [paragraph[m.start() : end].strip() for m, end in zip(kept, ends, strict=True)]


def _concerns(paragraphs: list[str], warnings: list[str]) -> list[tuple[str, str]]:
    """The matters of concern: after the template's "The MATTERS OF CONCERN are as follows:"
    when it is there, without the template's sentences before it."""
    after: list[str] = []
    intro_seen = False
    for paragraph in paragraphs:
        m = _CONCERNS_INTRO.search(paragraph)
        if m is not None and not intro_seen:
            intro_seen = True
            after = [paragraph[m.end() :].strip()] if paragraph[m.end() :].strip() else []
            continue
        after.append(paragraph)
    if not intro_seen:
        after = [p for p in after if not _BOILERPLATE.match(p)]
    items = _items(after, one_per_paragraph=False)
    if not items:
        items = [("", p) for p in after if not _BOILERPLATE.match(p)]
        if items:
            warnings.append(
                "The concerns are not numbered, so each paragraph was read as one concern: "
                "check where each begins and ends"
            )
    long = [n for n, (_, text) in enumerate(items, start=1) if len(text) > _MAX_ITEM]
    if long:
        warnings.append(
            f"Concern {long[0]} is very long ({len(items[long[0] - 1][1]):,} characters): "
            "check that it is one concern"
        )
    return [(number, text[:_MAX_ITEM]) for number, text in items]


def _tidy(text: str) -> str:
    text = clean(text).strip(" ;,")
    return re.sub(r"\s+(?:and|;)$", "", text).strip(" ;,")


def _deceased(paragraphs: list[str]) -> list[str] | None:
    """The words of the deceased's name as the report gives them (honorific left out), or
    None when it is not where the template puts it."""
    text = "\n".join(paragraphs)
    for pattern in _DECEASED:
        m = pattern.search(text)
        if m is None:
            continue
        words = []
        for word in m.group("name").split():
            if word.lower().strip(".") in _NOT_NAME:
                break
            words.append(word.rstrip(".,'’"))
        words = [w for w in words if not re.fullmatch(_HONORIFIC, w)]
        if words:
            return words
    return None


def _without_name(text: str, name: list[str] | None) -> str:
    """``text`` with the deceased's name, whole or in part, with or without a title, written
    as "the deceased"."""
    if not name:
        return text
    # As names are written: capitalised, or in capitals ("ROWAN PELL"); never a word that only
    # spells the same ("will" for a Will).
    forms = {form for w in name if len(w) > 1 for form in (w[0].upper() + w[1:], w.upper())}
    if not forms:
        return text
    one = "|".join(re.escape(w) for w in sorted(forms, key=len, reverse=True))
    pattern = re.compile(rf"\b(?:{_HONORIFIC}\s+)?(?:{one})(?:\s+(?:{one}))*(?P<s>['’]s)?\b")

    def replace(m: re.Match) -> str:
        return DECEASED + (m.group("s") or "")

    return pattern.sub(replace, text)


def _area(paragraphs: list[str], name: list[str] | None) -> str | None:
    text = " ".join(paragraphs)
    for pattern in _AREA:
        m = pattern.search(text)
        if m is not None:
            return _without_name(_tidy(m.group("area")), name)[:200] or None
    return None


def _first_day(paragraphs: list[str]) -> dt.date | None:
    for paragraph in paragraphs:
        for found in find_date_spans(paragraph):
            if found.date.precision is Precision.DAY:
                return found.date.due_on
    return None


def _response_by(paragraphs: list[str]) -> dt.date | None:
    text = " ".join(paragraphs)
    m = re.search(r"namely\s+(?:by\s+)?(?P<rest>.{0,40})", text, re.IGNORECASE)
    return _first_day([m.group("rest")]) if m else None


def report_text(payload: bytes, *, filename: str | None = None) -> str:
    """The text of a report sent as a Word or PDF file, paragraph by paragraph, read by the
    reader's own format readers (in a child process: ``followthrough.sandbox``)."""
    from followthrough.parsing.formats.pdf import document_from_pdf, is_pdf
    from followthrough.parsing.formats.word import document_from_docx

    if is_pdf(payload):
        document = document_from_pdf(payload, name=filename)
    else:
        document = document_from_docx(payload, name=filename)
    return "\n\n".join(
        "\t".join(cell for cell in block.cells if cell.strip())
        for block in document.blocks
        if not block.is_blank
    )
