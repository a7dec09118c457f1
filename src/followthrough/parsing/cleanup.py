"""Mending text that extraction from PDF or Word broke: spacing, split words, lost bullets and
lost line breaks."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from followthrough.parsing.dates import is_month_word
from followthrough.parsing.words import JOINING_WORDS, bare, is_acronym

BULLET = "•"
# Bullets drawn from the Symbol or Wingdings fonts arrive as private-use characters; other
# bullet shapes (square, arrow, circle) are bullets all the same.
_PRIVATE_BULLETS = re.compile(
    "[\uf0a7\uf0b7\uf0d8\uf076\uf0fc\uf0a8\u25aa\u25cf\u25e6\u27a2\u27a4\u25a0\u2023\u2043]"
)
# Typesetting that is not text: soft hyphens, zero-width spaces and joiners, byte order marks.
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
# Ligatures a PDF may keep as one character ("ﬁ" in "ﬁnancial"), and spaces of other widths.
_TYPESET = str.maketrans(
    {
        "\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
        "\ufb05": "st", "\ufb06": "st", "\u00a0": " ", "\u2007": " ", "\u2009": " ",
        "\u202f": " ", "\u2002": " ", "\u2003": " ",
    }
)  # fmt: skip
# "inter- familial": a word hyphenated across a line break ("pre- and post-natal" is left alone).
_BROKEN_HYPHEN = re.compile(r"(?<=[a-z])- (?=[a-z])(?!(?:and|or|to|nor)\b)")


# What a page prints that is not the plan: a page number, a "continued", a protective marking
# ("OFFICIAL", "OFFICIAL – SENSITIVE", "OFFICIAL – FINAL v1.3"), a "Last updated" line.
_FURNITURE = re.compile(
    r"^(?i:page \d+(?: of \d+)?|\d{1,3}|cont(?:inued|'d|\.)?)$"
    r"|^(?:OFFICIAL|NOT PROTECTIVELY MARKED|RESTRICTED|CONFIDENTIAL|PROTECT)\b(?:\W+\S+){0,4}$"
    # Record-keeping under a table: "Last updated: J. Bloggs, 20/01/2025".
    r"|^(?i:last (?:updated|modified|reviewed|saved)\b.{0,60})$"
)


# What a web page prints around its content, copied with it: the skip link, the menu, the
# cookie banner, sharing and feedback, the footer's links.
_WEB_CHROME = re.compile(
    r"^(?:skip to (?:main )?content|(?:main )?menu|search(?: this site| the site)?|home|sign in"
    r"|log in|my account|(?:accept|reject)(?: all| non-essential| optional| additional)? cookies"
    r"|cookie (?:settings|preferences|policy)|(?:we|this (?:web)?site) uses? cookies\b.*"
    r"|back to top|share(?: this page)?(?: on \w+)?|print(?: this page)?|feedback"
    r"|was this page (?:helpful|useful)\??|is this page useful\??|report a problem.*"
    r"|contact us|accessibility(?: statement)?|privacy(?: notice| policy)?|cookies|site ?map"
    r"|terms(?: and conditions| of use)?|follow us(?: on \w+)?"
    r"|facebook|twitter|linkedin|instagram|youtube)$|^(?:©|copyright\b).*",
    re.IGNORECASE,
)
# What starts a web page's footer: nothing after it is the plan.
_WEB_FOOTER = re.compile(
    r"^(?:related (?:documents|pages|content|links|information)|downloads?|documents"
    r"|was this page (?:helpful|useful)\??|is this page useful\??|share this page|back to top"
    r"|page last (?:updated|reviewed|modified)\b.*"
    r")$|^(?:©|copyright\b).*",
    re.IGNORECASE,
)
# A link to a file ("Download the full review (PDF, 1.1MB)"), or a row of footer links
# ("Accessibility | Privacy | Cookies").
_FILE_LINK = re.compile(r"\((?:PDF|Word|DOCX?|XLSX?|ODT|CSV|Excel)\b[^)]{0,40}\)\s*$", re.I)
_LINK_ROW = re.compile(r"^[\w ’'&-]{2,30}(?:\s*[|·•]\s*[\w ’'&-]{2,30}){2,}$")
_BREADCRUMB = re.compile(r"\S\s+[>›»]\s+\S.*\s[>›»]\s")


def is_web_chrome(text: str) -> bool:
    """A line of a web page's navigation, cookie banner or footer ("Skip to main content",
    "Home > Community safety > Reviews", "Accept all cookies")."""
    text = " ".join(text.split())
    if _LINK_ROW.match(text) and all(
        _WEB_CHROME.match(part.strip()) for part in re.split(r"[|·•]", text)
    ):
        return True
    return bool(
        _WEB_CHROME.match(text)
        or _BREADCRUMB.search(text)
        or (_FILE_LINK.search(text) and len(text.split()) <= 12)
    )


def starts_web_footer(text: str) -> bool:
    return bool(_WEB_FOOTER.match(" ".join(text.split())))


def is_page_furniture(text: str) -> bool:
    return bool(_FURNITURE.match(" ".join(text.split())))


@functools.lru_cache(maxsize=4096)  # the interpreter cleans the same cells again and again
def clean(text: str | None) -> str:
    """One line of text: runs of whitespace collapsed, words split at a line-end hyphen
    rejoined, font bullets made real bullets, ligatures spelt out, soft hyphens and zero-width
    characters dropped."""
    if not text:
        return ""
    text = typeset(text)
    text = re.sub(r"\s+", " ", text).strip()
    return _BROKEN_HYPHEN.sub("-", text)


def typeset(text: str) -> str:
    """Text as written rather than as typeset: ligatures spelt out, odd spaces plain, soft
    hyphens and zero-width characters gone, font bullets real bullets. Line breaks are kept."""
    text = _INVISIBLE.sub("", text.translate(_TYPESET))
    return _PRIVATE_BULLETS.sub(BULLET, text)


def join_fragments(fragments: list[str]) -> str:
    """A cell the page breaks cut into pieces, put back together."""
    return clean(" ".join(clean(f) for f in fragments if clean(f)))


def restore_lost_bullets(text: str) -> str:
    """In a list that uses bullets and ends its items with ';', an item starting after '; '
    without a bullet lost its glyph in extraction (typically at a page break): put it back."""
    if f"; {BULLET}" not in text:
        return text
    return re.sub(rf";\s+(?!{BULLET})(?=[A-Z])", f"; {BULLET} ", text)


def repeated_words(text: str, times: int = 3) -> str | None:
    """A word repeated ``times`` or more in a row ("wide wide wide"): text the extraction
    garbled (overlapping text boxes), or None."""
    m = re.search(rf"\b(\w+)(?:\s+\1\b){{{times - 1},}}", text, re.IGNORECASE)
    return m.group(0) if m else None


@dataclass(frozen=True)
class Boundary:
    """Where a new sentence or list item may start: before ``words[index]``.

    ``score``: 4 the previous word ends with . ; ! or ?; 3 a capitalised word after an ordinary
    lower-case word or a number ("... plans Progress report ..."); 2 a capitalised word at the end
    of a run of capitalised words ("... Forensic Nurses Report to ..."); 1 inside such a run.
    Acronyms score one less. Never after joining words ("to", "and", "e.g.") or before months.
    """

    index: int
    score: int


def item_boundaries(words: list[str]) -> list[Boundary]:
    found = []
    for i in range(1, len(words)):
        word, prev = words[i], words[i - 1]
        following = words[i + 1] if i + 1 < len(words) else ""
        if not word[:1].isupper() or is_month_word(word):
            continue
        if bare(prev) in JOINING_WORDS or not re.search(r"\w", prev):
            continue
        if prev.endswith((".", ";", "!", "?")):
            score = 4
        elif prev.endswith(("-", "/", ":", ",", "(", "&")):
            continue
        else:
            ends_run = not following[:1].isupper()
            plain_prev = prev[:1].islower() or prev[-1:].isdigit()
            score = (3 if ends_run else 2) if plain_prev else (2 if ends_run else 1)
        if is_acronym(word) or any(ch.isdigit() for ch in word):
            score -= 1  # an acronym or a code ("Q1", "R4"), as likely mid-sentence as not
        found.append(Boundary(i, score))
    return found


def choose_boundaries(words: list[str], count: int | None, *, min_words: int = 2) -> list[int]:
    """Word indexes at which to cut ``words`` into ``count`` items, the most likely first; with
    no count, cut only where a new item clearly starts (score 3 or more). Every item keeps at
    least ``min_words`` words."""
    candidates = item_boundaries(words)
    if count is None:
        ranked = [b for b in candidates if b.score >= 3]
        wanted = len(ranked)
    else:
        ranked = sorted((b for b in candidates if b.score >= 1), key=lambda b: (-b.score, b.index))
        wanted = count - 1
    chosen: list[int] = []
    for boundary in ranked:
        if len(chosen) >= wanted:
            break
        cuts = sorted([0, *chosen, boundary.index, len(words)])
        if all(b - a >= min_words for a, b in zip(cuts, cuts[1:], strict=False)):
            chosen.append(boundary.index)
    return sorted(chosen)


def split_words_at(words: list[str], cuts: list[int]) -> list[str]:
    edges = [0, *cuts, len(words)]
    return [" ".join(words[a:b]) for a, b in zip(edges, edges[1:], strict=False)]


def mend_run_on_sentences(text: str, *, min_words: int = 3) -> str:
    """Put back the full stops between notes that extraction ran together: "working practice
    followed Report presented 31 January 2014 Action completed" gets one after "followed" and
    one after "2014". Only clear cases: a capitalised ordinary word (not an acronym, a month or
    part of a name) after a lower-case word or a number, each sentence keeping ``min_words``."""
    words = text.split()
    last_start = 0
    cuts = []
    for boundary in item_boundaries(words):
        i = boundary.index
        if boundary.score == 4:
            last_start = i
        elif boundary.score == 3 and i - last_start >= min_words and len(words) - i >= 2:
            cuts.append(i)
            last_start = i
    for i in cuts:
        if re.fullmatch(r"\d{1,3}", words[i - 1]):
            continue  # a count before what it counts: "14 Safe and Well visits"
        if not words[i - 1].endswith((".", ";", "!", "?", ":")):
            words[i - 1] = words[i - 1] + "."
    return " ".join(words)
