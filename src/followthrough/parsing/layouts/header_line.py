"""A table's header row run into one line: "Recommendation Scope of recommendation (i.e. local
or regional) Action to take Lead Agency Key milestones ... Target Date Date of completion and
outcome". Cut back into its column names by what each name means (``columns.column_kind``).
"""

from __future__ import annotations

import functools

from followthrough.parsing.columns import Col, column_kind, header_columns

_MAX_NAME_WORDS = 8
_MAX_LINE_WORDS = 60
_MIN_COLUMNS = 3
_REPEATABLE = {Col.OUTCOME, Col.EVIDENCE, Col.STATUS, Col.SKIP}


def split_header_line(line: str) -> list[str] | None:
    """The column names a line runs together, or None when it is not a header line: every word
    of it must belong to a name the reader knows, each kind of column once, at least three
    of them, recommendation or action among them. Of the ways to cut it, the most names, then
    the most even lengths ("Target Date | Date of completion", not "Target | Date Date of
    completion")."""
    words = line.split()
    if not (_MIN_COLUMNS <= len(words) <= _MAX_LINE_WORDS):
        return None
    if words[0][:1].islower() or any(w.strip("().,").isdigit() for w in words):
        return None  # a column's name has no numbers ("Action Plan 2024" is a title)
    best = _best(tuple(words), 0, frozenset())
    if best is None or len(best[1]) < _MIN_COLUMNS:
        return None
    cells = [" ".join(words[a:b]) for a, b in best[1]]
    columns = header_columns(cells)
    if columns is None:
        return None
    return cells


@functools.lru_cache(maxsize=4096)
def _kind(name: str) -> Col | None:
    return column_kind(name)


def _best(
    words: tuple[str, ...], start: int, used: frozenset
) -> tuple[tuple[int, int], list[tuple[int, int]]] | None:
    """(score, cuts) for words[start:], or None if they cannot be cut into known names."""
    return _search(words, start, used)


@functools.lru_cache(maxsize=65536)
def _search(words: tuple[str, ...], start: int, used: frozenset):
    if start == len(words):
        return ((0, 0), [])
    best = None
    for end in range(start + 1, min(len(words), start + _MAX_NAME_WORDS) + 1):
        name = " ".join(words[start:end])
        if not (words[start][:1].isupper() or words[start][:1] == "#"):
            break  # a column name starts with a capital
        kind = _kind(name)
        if kind is None or (kind in used and kind not in _REPEATABLE):
            continue
        rest = _search(words, end, used | {kind})
        if rest is None:
            continue
        (count, evenness), cuts = rest
        length = end - start
        score = (count + 1, evenness - length * length)
        if best is None or score > best[0]:
            best = (score, [(start, end), *cuts])
    return best
