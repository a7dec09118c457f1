"""A milestones cell cut into its milestones, and the target-date cell's dates given to them.

Cells come with bullets, with numbers ("3. Interim progress report to SLCSP"), or, when the
extraction lost the bullets, as one run of words. A run is cut where a new item visibly starts
(see ``cleanup.item_boundaries``), into as many items as the layout implies: the numbering
("3." first means two unnumbered items came before) or the number of target dates beside it.
"""

from __future__ import annotations

import re

from followthrough.interchange import Milestone, PartialDate
from followthrough.parsing.cleanup import BULLET, choose_boundaries, clean, split_words_at
from followthrough.parsing.words import counted

_MARKER = re.compile(r"(?:^|(?<=\s))(\d{1,2})[.)]\s+(?=\S)")
_BULLETS = re.compile(rf"\s*[{BULLET}●▪◦■►➢✓]\s*")
# "a) ", "(b) ", "iv. ", "- ": a list marker with no number the schema can keep.
_LETTER = re.compile(r"^(?:[-*–]\s+|\(?(?:[a-z]|[ivx]{1,4})[.)]\s+)(?=\S)")


def first_number(text: str) -> int | None:
    """The number the cell's first item carries, if it starts with one ("4. Review ...")."""
    m = _MARKER.match(clean(text))
    return int(m.group(1)) if m else None


def split_milestones(text: str, *, expected: int | None, notes: list[str]) -> list[Milestone]:
    """The milestones in ``text``. ``expected`` is how many items the dates beside the cell
    suggest, if more than one; it guides cutting a run of words that lost its bullets."""
    lines = [clean(line) for line in text.split("\n") if clean(line)]
    if len(lines) > 1:
        return _split_lines(lines, notes)
    text = clean(text)
    if not text:
        return []
    pieces = [p for p in _BULLETS.split(text) if p.strip()]
    if len(pieces) > 1:
        items = [item for piece in pieces for item in _numbered_items(piece)]
        return _with_inferred_numbers(items, notes)
    lead_in, numbered = _split_numbered(text)
    items: list[tuple[int | None, str]] = []
    if lead_in:
        if numbered and numbered[0][0] > 1:
            wanted: int | None = numbered[0][0] - 1
        elif numbered:
            wanted = 1
        else:
            wanted = expected
        parts = _cut_run(lead_in, wanted, notes)
        items.extend((None, p) for p in parts)
    items.extend(numbered)
    return _with_inferred_numbers(items, notes)


def _split_lines(lines: list[str], notes: list[str]) -> list[Milestone]:
    """A cell typed one milestone to a line (Word, Excel): each line is an item, unless it goes
    on from the line before (it starts in lower case); a line may still hold a numbered run."""
    items: list[tuple[int | None, str]] = []
    for line in lines:
        if items and line[:1].islower():
            number, previous = items[-1]
            items[-1] = (number, f"{previous} {line}")
            continue
        line = _LETTER.sub("", line)
        pieces = [p.strip() for p in _BULLETS.split(line) if p.strip()]
        for piece in pieces:
            items.extend(_numbered_items(piece))
    return _with_inferred_numbers(items, notes)


def assign_dates(milestones: list[Milestone], dates: list[PartialDate], notes: list[str]) -> None:
    """Give the dates to the milestones in order (the way the cells sit side by side)."""
    for milestone, date in zip(milestones, dates, strict=False):
        milestone.target_date = date
    if not milestones:
        return
    if not dates:
        notes.append(f"milestones: no target date for {counted(len(milestones), 'milestone')}")
    elif len(dates) != len(milestones):
        missing = len(milestones) - len(dates)
        tail = (
            ("the last milestone got none" if missing == 1 else f"the last {missing} got none")
            if missing > 0
            else f"{counted(-missing, 'date')} left over"
        )
        notes.append(
            f"milestones: {counted(len(dates), 'target date')} for "
            f"{counted(len(milestones), 'milestone')}, given out in order; {tail}"
        )


def _split_numbered(text: str) -> tuple[str, list[tuple[int, str]]]:
    """('lead-in text', [(3, 'Interim ...'), (4, 'Review ...')]): markers count only while they
    go up one at a time, so a stray "2." in a sentence does not cut it."""
    markers = []
    for m in _MARKER.finditer(text):
        number = int(m.group(1))
        if not markers or number == markers[-1][0] + 1:
            markers.append((number, m))
    if not markers:
        return text, []
    lead_in = text[: markers[0][1].start()].strip()
    items = []
    for (number, m), following in zip(markers, [*markers[1:], None], strict=False):
        end = following[1].start() if following else len(text)
        items.append((number, text[m.end() : end].strip()))
    return lead_in, items


def _numbered_items(text: str) -> list[tuple[int | None, str]]:
    lead_in, numbered = _split_numbered(text)
    return ([(None, lead_in)] if lead_in else []) + list(numbered)


def _cut_run(text: str, wanted: int | None, notes: list[str]) -> list[str]:
    words = text.split()
    if wanted == 1:
        return [text]
    cuts = choose_boundaries(words, wanted)
    parts = split_words_at(words, cuts)
    if wanted is not None and len(parts) != wanted:
        notes.append(
            f"milestones: expected {wanted} items before the numbered ones or from the dates, "
            f"found {len(parts)} in '{_short(text)}'"
        )
    elif len(parts) > 1:
        notes.append(
            f"milestones: no bullets or numbers; cut into {len(parts)} items where capitalised "
            f"words start them ('{_short(text)}')"
        )
    return parts


def _with_inferred_numbers(
    items: list[tuple[int | None, str]], notes: list[str]
) -> list[Milestone]:
    """Items before the first numbered one are numbered too when the numbering says so: two
    unnumbered items then "3." are 1 and 2."""
    numbered = [i for i, (n, _) in enumerate(items) if n is not None]
    if numbered:
        first = numbered[0]
        if items[first][0] == first + 1 and all(n is None for n, _ in items[:first]):
            items = [(k + 1, t) if k < first else (n, t) for k, (n, t) in enumerate(items)]
            if first:
                notes.append(
                    f"milestones: the first {counted(first, 'item')} had no number; numbered "
                    f"from 1 as the numbering that follows implies"
                )
    return [Milestone(text=t, number=n) for n, t in items if t]


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
