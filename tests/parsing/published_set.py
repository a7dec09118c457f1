"""The published-layout documents (``tests/parsing/published``): plans and pages written from
the catalogue of layouts by authors who never saw the reader, each with its key written first.

Each author's folder (``a``, ``b``: the first round; ``c``, ``d``: the second) holds
``<layout>-<n>.<ext>`` beside ``<layout>-<n>.expected.json``; a key of
``{"refused": true}`` is a page that holds no plan. The keys are kept as the authors wrote them;
this project's decided conventions are applied to them by rule here (``with_conventions``), never
by hand, so that a difference of convention is not counted as a misreading.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from followthrough.parsing.dates import parse_date

PUBLISHED = Path(__file__).parent / "published"

# The catalogue's layouts (shared/docs/plan-layouts.md), by the prefix of their documents' names.
LAYOUTS = {
    "web-table": "1. Home Office template as a web page",
    "sections": "2. a section per recommendation, labelled fields",
    "flattened": "3. a PDF table flattened into running text",
    "tracker": "4. a tracker or index",
    "list": "5. recommendations as a list in a report",
    "minutes": "6. minutes and letters",
    "noplan": "6. a page with no plan",
    "office": "7. Word and Excel variants",
}
_KEY_SUFFIX = ".expected.json"
_SOURCES = (".html", ".htm", ".txt", ".md", ".docx", ".xlsx", ".pdf", ".csv")


@dataclass
class PublishedDocument:
    name: str  # "a/web-table-1.html"
    data: bytes
    filename: str
    expected: dict


# Two rounds of authors: the first scored as they came and then mended for; the second
# written once the first was mended, to see how the mending holds on documents it never saw.
ROUNDS = {1: ("a", "b"), 2: ("c", "d")}


def published_documents(round_: int = 1) -> list[PublishedDocument]:
    found = []
    keys = [k for a in ROUNDS[round_] for k in sorted((PUBLISHED / a).glob(f"*{_KEY_SUFFIX}"))]
    for key in keys:
        stem = key.name[: -len(_KEY_SUFFIX)]
        sources = [p for p in key.parent.glob(f"{stem}.*") if p.suffix in _SOURCES]
        for source in sources:
            expected = json.loads(key.read_text(encoding="utf-8"))
            found.append(
                PublishedDocument(
                    f"{key.parent.name}/{source.name}",
                    source.read_bytes(),
                    source.name,
                    expected if expected.get("refused") else with_conventions(expected),
                )
            )
    return found


def with_conventions(key: dict) -> dict:
    """The key with this project's conventions applied:

    * a date as written (``target_date_text``) is kept only when the date does not say all it
      says: "March 2024" beside 2024-03 is the date itself, "Q2 2024/25" or "within six months"
      is kept;
    * the title names the review, not the document: "Safeguarding Adults Review: Elsie –
      Executive Summary" is "Safeguarding Adults Review: Elsie" (as the held-out keys' titles);
    * list bullets ("•") are kept in text as the document prints them; the authors dropped
      them, so both sides are compared without them (``comparable``).
    """
    key = json.loads(json.dumps(key))
    review = key.get("review") or {}
    if review.get("title"):
        review["title"] = _DOCUMENT_KIND.sub("", review["title"]) or review["title"]
    for rec in key.get("recommendations", []):
        for action in rec.get("actions", []):
            _drop_exact_text(action)
            for milestone in action.get("milestones", []):
                _drop_exact_text(milestone)
    return key


# What a title says of the document rather than the review, at its end. Written out here, not
# asked of the reader, so that the convention does not lean on the code under test.
_DOCUMENT_KIND = re.compile(
    r"\s*[–—:-]\s*(?:final\s+)?(?:overview report|action plan|executive summary|final report"
    r"|report)\s*$",
    re.IGNORECASE,
)


def _drop_exact_text(item: dict) -> None:
    text, date = item.get("target_date_text"), item.get("target_date")
    if text and date:
        parsed = parse_date(text)
        if parsed is not None and parsed.isoformat() == date:
            item["target_date_text"] = None


_BULLETS = re.compile(r"(?:(?<=\s)|^)[•▪◦]\s*")


def comparable(text):
    return _BULLETS.sub("", text) if isinstance(text, str) else text
