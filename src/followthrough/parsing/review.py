"""The review the plan belongs to, from the free text before the table and names in the plan."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import PurePath

from followthrough.interchange import PartialDate, ReviewInfo
from followthrough.parsing.dates import parse_date

_REVIEW_TYPES: list[tuple[str, str]] = [
    ("DARDR", r"domestic abuse related death review|(?-i:\bDARDR\b)"),
    ("DHR", r"domestic homicide review|(?-i:\bDHR\b)"),
    ("CSPR", r"child safeguarding practice review|(?-i:\bL?CSPR\b)"),
    ("SAR", r"safeguarding adults? review|(?-i:\bSAR\b)"),
    ("PFD", r"prevention of future deaths|(?-i:\bPFD\b)|regulation 28"),
    ("inquiry", r"\binquiry\b"),
]
_NAME = r"(?:Adult|Child|Baby|Mr|Mrs|Ms|Miss)\s+[A-Z][\w'-]*|[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)?"
_PSEUDONYM = re.compile(
    rf"\b(?:death|deaths|murder|killing|homicide|suicide)\s+of\s+[\"“']?(?P<name>{_NAME})"
    rf"|\b(?:concerning|regarding|in respect of|relating to)\s+[\"“']?(?P<about>{_NAME})"
    # "Child T", "Adult K": the letters reviews give the person when they give no name.
    r"|(?P<letters>\b(?:Child|Adult|Baby)\s+[A-Z]{1,3})\b"
)
_PARTNERSHIP = re.compile(
    r"\b(?P<place>[A-Z][\w'&-]*(?:[ \t]+[A-Z][\w'&-]*){0,3})[ \t]+"
    r"(?P<kind>Community Safety Partnership|Safeguarding Adults Board|Safeguarding Children"
    r" Partnership|Safeguarding Partnership|Domestic Abuse Partnership(?: Board)?|CSP|SAB)\b"
    # "Safer Northshire Partnership", "Northshire Safer Partnership": how many community
    # safety partnerships name themselves.
    r"|\b(?P<safer>Safer[ \t]+[A-Z][\w'&-]*(?:[ \t]+[A-Z][\w'&-]*)?[ \t]+Partnership"
    r"|[A-Z][\w'&-]*(?:[ \t]+[A-Z][\w'&-]*)?[ \t]+Safer[ \t]+(?:Communities[ \t]+)?Partnership)\b"
)
# Who commissions each kind of review: a DHR's plan names its CSP, a SAR's its adults board.
_COMMISSIONED_BY = {
    "DHR": "csp", "DARDR": "csp", "SAR": "sab", "CSPR": "children",
}  # fmt: skip
# A review's own reference: "DARDR/2023/03", "NSAB/SAR/2022/02", "DHR 2019-04".
_REFERENCE = re.compile(
    r"\b(?:[A-Z]{2,6}[/-])?(?:DHR|DARDR|SAR|L?CSPR|PFD)[/ -]?(?:[A-Z0-9]{1,6}[/-]){0,2}\d{2,4}"
    r"(?:[/-]\d{1,4})?\b"
)
# What the title says of the document rather than the review: "– Overview Report".
_DOCUMENT_KIND = re.compile(
    r"\s*[–—:-]\s*(?:final\s+)?(?:overview report|action plan(?: update| progress)?"
    r"|executive summary|final report|report)\s*$",
    re.IGNORECASE,
)
_SUBJECT_LINE = re.compile(r"^(?:re|subject)\s*:\s*", re.IGNORECASE)
_NOT_PLACE = {"the", "this", "that", "each", "all", "a", "an", "our", "their", "its", "and"}
_MAX_TITLE_WORDS = 25
_MAX_HEADING_WORDS = 8


@dataclass
class ReviewPart:
    review: ReviewInfo
    preamble: str | None
    notes: list[str] = field(default_factory=list)


def read_review(
    free_text: list[str],
    all_text: str,
    *,
    name: str | None,
    title: str | None = None,
    reference: str | None = None,
) -> ReviewPart:
    """``free_text``: the paragraphs before the table; ``all_text``: everything the document
    says (to find the partnership it names most). ``title`` and ``reference``: what a column
    of the table says of the review, if one does (the text before the table comes first)."""
    notes: list[str] = []
    paragraphs = [p.strip() for p in free_text if p.strip()]
    from_column = title
    title = _title(paragraphs)
    if title is None and from_column:
        title = from_column
        paragraphs.insert(0, title)
    if title is None:
        title = PurePath(name).stem if name else "Action plan"
        notes.append(f"title: the document has none before the table; used '{title}'")
    else:
        paragraphs.remove(title)
        title = _DOCUMENT_KIND.sub("", title) or title
        title = _SUBJECT_LINE.sub("", title) or title  # a letter's "Re: ..."
    preamble = [p for p in _after_plan_heading(paragraphs) if not _is_heading(p)]
    about = " ".join([title, *paragraphs])
    review_type = _review_type(about)
    partnership = _partnership(all_text, review_type)
    if partnership:
        notes.append(
            f"partnership: '{partnership}', the one the document names most often"
            + (" of those that commission such a review" if review_type in _COMMISSIONED_BY else "")
        )
    review = ReviewInfo(
        title=title,
        reference=reference or _reference(all_text),
        review_type=review_type,
        subject_pseudonym=_pseudonym(title) or _titled(title) or _pseudonym(about),
        partnership=partnership,
        published_on=_published(all_text),
    )
    return ReviewPart(review=review, preamble="\n\n".join(preamble) or None, notes=notes)


# "Our ref: CE/PFD/2024/117", "Ref: NSAB/SAR/2022/02": a reference, not a title.
_REF_LINE = re.compile(r"^(?:our |your |review |case )?ref(?:erence)?\.?\s*(?:no\.?)?\s*:", re.I)


# The name of a site's section, as a menu or breadcrumbs give it: "Domestic Homicide Reviews".
_SECTION_NAME = re.compile(r"^(?:[\w-]+\s+){0,5}(?:reviews|DHRs|SARs|CSPRs)$", re.IGNORECASE)


def _title(paragraphs: list[str]) -> str | None:
    """The first short paragraph that names a kind of review; else the first short one that is
    not a sentence."""
    short = [p for p in paragraphs if len(p.split()) <= _MAX_TITLE_WORDS and not _REF_LINE.match(p)]
    naming = [p for p in short if _review_type(p)]
    # A page's menu or breadcrumbs name the kind of review too ("Domestic Abuse Related Death
    # Reviews"): the title is the one that names whom the review is about, if one does.
    for p in naming:
        if _pseudonym(p) or _titled(p):
            return p
    for p in naming:
        if not _SECTION_NAME.search(p):
            return p
    for p in naming:
        return p
    for p in short:
        if not p.endswith("."):
            return p
    return None


# The heading the plan stands under: 'Appendix A – Action Plan', '11. Recommendations'.
_PLAN_HEADING = re.compile(
    r"\baction plan\b|^(?:\d+(?:\.\d+)*\.?\s+)?recommendations$", re.IGNORECASE
)


def _after_plan_heading(paragraphs: list[str]) -> list[str]:
    """In a report with the plan at its end ('Appendix A – Action Plan'), the paragraphs under
    that heading introduce the plan; the report before it is not the plan's preamble."""
    at = [i for i, p in enumerate(paragraphs) if _is_heading(p) and _PLAN_HEADING.search(p)]
    return paragraphs[at[-1] + 1 :] if at else paragraphs


def _is_heading(text: str) -> bool:
    """'Action Plan': a few words and no full stop."""
    return len(text.split()) <= _MAX_HEADING_WORDS and not text.endswith((".", ":"))


def _review_type(text: str) -> str | None:
    for kind, pattern in _REVIEW_TYPES:
        if re.search(pattern, text, re.IGNORECASE):
            return kind
    return None


# In a title only: the name after the kind of review ("Safeguarding Adults Review: Margaret",
# "SAR – Adult Q"), or a name in quotes ("DHR 'Daniel' action tracker").
_TITLED = re.compile(
    rf"(?i:review|\bDHR|\bDARDR|\bSAR|\bL?CSPR)\s*[:–—-]\s*[\"“‘']?(?P<after>{_NAME})[\"”’']?\s*$"
    r"|[\"“‘'](?P<quoted>[A-Z][a-z'-]+(?:\s[A-Z][a-z'-]+)?)[\"”’']"
)


_NOT_NAMES = {"action plan", "plan", "actions", "recommendations", "report", "overview report"}


def _titled(title: str) -> str | None:
    m = _TITLED.search(title)
    name = (m.group("after") or m.group("quoted")) if m else None
    return name if name and name.lower() not in _NOT_NAMES else None


def _pseudonym(text: str) -> str | None:
    m = _PSEUDONYM.search(text)
    return (m.group("name") or m.group("about") or m.group("letters")) if m else None


def _partnership(text: str, review_type: str | None = None) -> str | None:
    """The partnership the document names most often; of those that commission this kind of
    review, when it names one (a DHR's plan may name the adults board as often as the CSP)."""
    counts: Counter[str] = Counter()
    kinds: dict[str, str] = {}
    for m in _PARTNERSHIP.finditer(text):
        if m.group("safer"):
            name = " ".join(m.group("safer").split())
            counts[name] += 1
            kinds[name] = "csp"
            continue
        words = m.group("place").split()
        while words and words[0].lower() in _NOT_PLACE:
            words.pop(0)
        if words:
            name = " ".join([*words, m.group("kind")])
            counts[name] += 1
            kinds[name] = _kind_of(m.group("kind"))
    wanted = _COMMISSIONED_BY.get(review_type or "")
    suited = [(n, c) for n, c in counts.most_common() if kinds[n] == wanted]
    if suited:
        return suited[0][0]
    return counts.most_common(1)[0][0] if counts else None


# A line that labels the date the review was published: "Overview report published: 14 January
# 2021", "Date of publication: March 2023".
_PUBLISHED = re.compile(
    r"^[\w ]{0,40}?\b(?:published(?: on)?|publication date|date of publication)\s*:"
    r"\s*(?P<date>.+)$",
    re.IGNORECASE | re.MULTILINE,
)


def _published(text: str) -> PartialDate | None:
    """The date a labelled line gives as the review's publication ("Published: 14 January
    2021"), when the line holds that date alone."""
    for m in _PUBLISHED.finditer(text):
        date = parse_date(m.group("date").strip())
        if date is not None:
            return date
    return None


def _reference(text: str) -> str | None:
    m = _REFERENCE.search(text)
    return m.group(0) if m and any(ch.isdigit() for ch in m.group(0)) else None


def _kind_of(kind: str) -> str:
    if kind in ("SAB", "Safeguarding Adults Board"):
        return "sab"
    if "Children" in kind or kind == "Safeguarding Partnership":
        return "children"  # the safeguarding partnerships of 2019 on are for children
    return "csp"
