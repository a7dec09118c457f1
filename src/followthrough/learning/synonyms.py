"""The small domain synonym map (``synonyms.toml``): the words panels use for one thing.

Each ``[[same]]`` entry lists phrases that mean the same; every phrase found in a text (longest
first) is replaced by the stems of the first one, so "DV", "domestic violence" and "domestic
abuse" all become ``domestic abus``.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources

from followthrough.learning.text import content_stems


@cache
def _table() -> tuple[dict[tuple[str, ...], tuple[str, ...]], int]:
    data = tomllib.loads(
        resources.files("followthrough.learning").joinpath("synonyms.toml").read_text("utf-8")
    )
    table: dict[tuple[str, ...], tuple[str, ...]] = {}
    for entry in data.get("same", []):
        phrases = entry["phrases"]
        canonical = tuple(content_stems(phrases[0]))
        for phrase in phrases:
            stems = tuple(content_stems(phrase))
            if stems and stems != canonical:
                table[stems] = canonical
    longest = max((len(k) for k in table), default=0)
    return table, longest


def canonical_stems(stems: list[str]) -> list[str]:
    """``stems`` with every phrase of the synonym map replaced by its first phrase's stems."""
    table, longest = _table()
    if not table:
        return stems
    out: list[str] = []
    i = 0
    while i < len(stems):
        for size in range(min(longest, len(stems) - i), 0, -1):
            replacement = table.get(tuple(stems[i : i + size]))
            if replacement is not None:
                out.extend(replacement)
                i += size
                break
        else:
            out.append(stems[i])
            i += 1
    return out
