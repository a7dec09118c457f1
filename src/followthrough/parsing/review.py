"""The review the plan belongs to, from the free text before the table and names in the plan."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import PurePath

from followthrough.interchange import ReviewInfo

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
)
_NOT_PLACE = {"the", "this", "that", "each", "all", "a", "an", "our", "their", "its", "and"}
_MAX_TITLE_WORDS = 25
_MAX_HEADING_WORDS = 8


@dataclass
class ReviewPart:
    review: ReviewInfo
    preamble: str | None
    notes: list[str] = field(default_factory=list)


def read_review(free_text: list[str], all_text: str, *, name: str | None) -> ReviewPart:
    """``free_text``: the paragraphs before the table; ``all_text``: everything the document
    says (to find the partnership it names most)."""
    notes: list[str] = []
    paragraphs = [p.strip() for p in free_text if p.strip()]
    title = _title(paragraphs)
    if title is None:
        title = PurePath(name).stem if name else "Action plan"
        notes.append(f"title: the document has none before the table; used '{title}'")
    else:
        paragraphs.remove(title)
    preamble = [p for p in paragraphs if not _is_heading(p)]
    about = " ".join([title, *paragraphs])
    partnership = _partnership(all_text)
    if partnership:
        notes.append(f"partnership: '{partnership}', the one the document names most often")
    review = ReviewInfo(
        title=title,
        review_type=_review_type(about),
        subject_pseudonym=_pseudonym(title) or _titled(title) or _pseudonym(about),
        partnership=partnership,
    )
    return ReviewPart(review=review, preamble="\n\n".join(preamble) or None, notes=notes)


def _title(paragraphs: list[str]) -> str | None:
    """The first short paragraph that names a kind of review; else the first short one that is
    not a sentence."""
    short = [p for p in paragraphs if len(p.split()) <= _MAX_TITLE_WORDS]
    for p in short:
        if _review_type(p):
            return p
    for p in short:
        if not p.endswith("."):
            return p
    return None


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


def _partnership(text: str) -> str | None:
    counts: Counter[str] = Counter()
    for m in _PARTNERSHIP.finditer(text):
        words = m.group("place").split()
        while words and words[0].lower() in _NOT_PLACE:
            words.pop(0)
        if words:
            counts[" ".join([*words, m.group("kind")])] += 1
    return counts.most_common(1)[0][0] if counts else None
