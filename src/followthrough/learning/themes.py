"""The themes a recommendation's text suggests, from a weighted table of words and phrases.

``themes.toml`` lists, for each of the 24 themes of docs/domain.md, the words and phrases that
suggest it with a weight (3: the theme itself; 2: strong; 1: a hint). A text's words are
stemmed like the table's (``learning/text.py``); read left to right, the longest phrase of the
table at each place claims its words (so "mental health" does not also count "health" for
health services, nor "risk assessment" the word "risk" again); each phrase counts once, and
a theme is suggested when its total reaches ``MINIMUM`` and is not far behind the best theme's.
The score is ``1 - exp(-total / SCALE)``: 0..1, higher when more and stronger words agree.
Figures: ``bench/themes_accuracy.py``.
"""

from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from followthrough.learning.text import STOP_WORDS, stem

THEMES: tuple[str, ...] = (
    "Risk assessment and management",
    "Information sharing",
    "Multi-agency working (MARAC, MAPPA, MASH)",
    "Training and awareness (professionals)",
    "Public and community awareness",
    "Policies and procedures",
    "Record keeping and IT systems",
    "Professional curiosity and routine enquiry",
    "Coercive control and economic abuse",
    "Mental health",
    "Substance misuse",
    "Suicide",
    "Children and young people",
    "Adult safeguarding and older or familial victims",
    "Criminal justice (police, CPS, courts, probation)",
    "Health services (GP, acute, maternity)",
    "Housing and homelessness",
    "Welfare and benefits",
    "Perpetrator management",
    "Equality and diversity (including honour-based abuse, disability, male victims)",
    "Specialist domestic abuse services",
    "Family and community involvement",
    "The review process itself",
    "National policy and legislation",
)

MINIMUM = 1.5  # the least total weight for a theme to be suggested at all (a strong hint)
RELATIVE = 0.3  # ... and the least share of the best theme's total
SCALE = 4.0  # total -> score: 1 - exp(-total / SCALE)

_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")


@dataclass(frozen=True)
class ThemeSuggestion:
    theme: str
    score: float
    because: tuple[str, ...]


def _stems_with_spans(text: str) -> list[tuple[str, int, int]]:
    """The content stems of ``text`` with where each word starts and ends in it."""
    out = []
    for match in _WORD.finditer(text.lower()):
        word = re.split(r"['’]", match.group(0))[0]
        if word == "it" and text[match.start() : match.end()] == "IT":
            word = "ict"  # "IT systems", not the pronoun
        if word in STOP_WORDS or len(word) < 2:
            continue
        out.append((stem(word), match.start(), match.end()))
    return out


@cache
def table() -> dict[tuple[str, ...], list[tuple[int, float]]]:
    """Each phrase of ``themes.toml`` as stems -> the (theme position, weight) it suggests."""
    data = tomllib.loads(
        resources.files("followthrough.learning").joinpath("themes.toml").read_text("utf-8")
    )
    names = [entry["name"] for entry in data["theme"]]
    if tuple(names) != THEMES:
        raise ValueError("themes.toml must list the 24 themes of docs/domain.md, in order")
    phrases: dict[tuple[str, ...], dict[int, float]] = {}
    for position, entry in enumerate(data["theme"]):
        for phrase, weight in entry["terms"].items():
            stems = tuple(s for s, _, _ in _stems_with_spans(phrase))
            if stems and weight > 0:
                mine = phrases.setdefault(stems, {})
                mine[position] = max(mine.get(position, 0.0), float(weight))
    return {stems: sorted(weights.items()) for stems, weights in phrases.items()}


def suggest_themes(text: str, *, limit: int = 3) -> list[ThemeSuggestion]:
    """The themes ``text`` suggests, best first, at most ``limit``; [] when nothing does."""
    phrases = table()
    longest = max(len(p) for p in phrases)
    words = _stems_with_spans(text or "")
    totals = [0.0] * len(THEMES)
    found: list[dict[tuple[str, ...], str]] = [{} for _ in THEMES]
    i = 0
    while i < len(words):  # the longest phrase at each place claims its words
        for size in range(min(longest, len(words) - i), 0, -1):
            stems = tuple(s for s, _, _ in words[i : i + size])
            suggested = phrases.get(stems)
            if suggested:
                for position, weight in suggested:
                    if stems not in found[position]:
                        found[position][stems] = text[words[i][1] : words[i + size - 1][2]]
                        totals[position] += weight
                i += size
                break
        else:
            i += 1
    best = max(totals)
    if best < MINIMUM:
        return []
    ranked = sorted(range(len(THEMES)), key=lambda p: (-totals[p], p))
    suggestions = []
    for position in ranked[:limit]:
        total = totals[position]
        if total < MINIMUM or total < RELATIVE * best:
            break
        because = tuple(dict.fromkeys(found[position].values()))
        score = round(1.0 - math.exp(-total / SCALE), 3)
        suggestions.append(ThemeSuggestion(THEMES[position], score, because))
    return suggestions
