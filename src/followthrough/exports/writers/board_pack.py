"""The board pack as a Word document (python-docx): the same sections as the PDF.

1. Summary: counts, where the actions stand, and the RAG chart (a table with the counts and a
   bar of shaded cells for each rating).
2. What changed since the chosen date: progress updates, completions, sign-off decisions and
   revised target dates.
3. Overdue actions, and exceptions (what else the board should look at).
4. A table of actions for each lead agency.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from docx.shared import Cm, Pt

from followthrough.exports.model import BoardPack, PackAction, Profile
from followthrough.exports.writers import _word

BAR_CELLS = 24
PAGE_WIDTH_CM = 27.1  # A4 landscape less the margins


def plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n} {word if n == 1 else (words or word + 's')}"


@dataclass(frozen=True)
class Col:
    header: str
    width_cm: float
    value: Callable[[object], str | list[str] | None]
    internal_only: bool = False
    many_reviews_only: bool = False


def _action_cell(item: PackAction) -> list[str]:
    number = f"Recommendation {item.recommendation_number}: " if item.recommendation_number else ""
    return [f"{number}{item.text}"]


def _review_cell(item: PackAction) -> str:
    return item.review + (f" ({item.review_reference})" if item.review_reference else "")


def _target(item: PackAction) -> list[str]:
    lines = [item.target_display]
    if item.target_revisions and item.original_target:
        times = "once" if item.target_revisions == 1 else f"{item.target_revisions} times"
        lines.append(f"Revised {times}; first agreed {item.original_target.display()}")
    return lines


def _status(item: PackAction) -> str:
    return f"{item.status_label} ({item.rag_label})"


CHANGE_COLUMNS = [
    Col("Date", 2.4, lambda c: f"{c.on:%-d %b %Y}"),
    Col("Review", 4.0, lambda c: _review_cell(c.action), many_reviews_only=True),
    Col("Action", 6.6, lambda c: _action_cell(c.action)),
    Col("Lead", 3.6, lambda c: c.action.leads or "None named"),
    Col("What happened", 4.2, lambda c: c.summary),
    Col("By", 2.6, lambda c: c.by, internal_only=True),
    Col("Note", 6.0, lambda c: c.detail, internal_only=True),
]
OVERDUE_COLUMNS = [
    Col("Review", 4.4, _review_cell, many_reviews_only=True),
    Col("Action", 8.0, _action_cell),
    Col("Lead", 5.0, lambda i: i.leads or "None named"),
    Col("Target date", 3.4, _target),
    Col("Days overdue", 2.2, lambda i: str(i.days_overdue)),
    Col("Status", 3.6, _status),
]
EXCEPTION_COLUMNS = [
    Col("Review", 4.4, lambda e: _review_cell(e.action), many_reviews_only=True),
    Col("Action", 8.0, lambda e: _action_cell(e.action)),
    Col("Lead", 4.4, lambda e: e.action.leads or "None named"),
    Col("Why it is listed", 4.6, lambda e: e.reason),
    Col("Target date", 3.0, lambda e: _target(e.action)),
    Col("Status", 2.8, lambda e: _status(e.action)),
]
AGENCY_COLUMNS = [
    Col("Review", 4.6, _review_cell, many_reviews_only=True),
    Col("Action", 9.0, _action_cell),
    Col("Lead", 4.0, lambda i: i.leads or None),
    Col("Target date", 3.4, _target),
    Col("Status", 3.4, lambda i: i.status_label),
    Col("RAG", 1.6, lambda i: i.rag_label),
    Col("Completed", 2.4, lambda i: i.completed_on.display() if i.completed_on else None),
]


def _columns(pack: BoardPack, columns: list[Col]) -> list[Col]:
    return [
        c
        for c in columns
        if not (c.internal_only and pack.profile is Profile.PUBLIC)
        and not (c.many_reviews_only and len(pack.reviews) == 1)
    ]


def _table(document, pack: BoardPack, columns: list[Col], items: list, *, fills=None) -> None:
    """A table of ``items`` across the page: the columns this pack shows, widened in
    proportion to fill the width a column left out (one review, public profile) leaves."""
    columns = _columns(pack, columns)
    scale = PAGE_WIDTH_CM / sum(c.width_cm for c in columns)
    grid = _word.Grid(
        document, [c.header for c in columns], [round(c.width_cm * scale, 2) for c in columns]
    )
    for item in items:
        cells = grid.add_row([c.value(item) for c in columns])
        if fills:
            for i, c in enumerate(columns):
                fill = fills(item, c)
                if fill:
                    _word.shade(cells[i], fill)


def footer(pack: BoardPack) -> str:
    if pack.profile is Profile.PUBLIC:
        return f"Board pack · {pack.title} · {pack.today:%-d %B %Y} · Public profile: no names"
    return (
        f"Board pack · {pack.title} · {pack.today:%-d %B %Y} · Internal: contains personal "
        "data, OFFICIAL-SENSITIVE"
    )


def board_pack_docx(pack: BoardPack) -> bytes:
    document = _word.new_document(footer=footer(pack))
    _word.heading(document, f"Board pack: {pack.title}", 0)
    _word.paragraph(document, pack.partnership, bold=True, size=12)
    _word.paragraph(
        document,
        f"Changes since {pack.since:%-d %B %Y}. Prepared on {pack.today:%-d %B %Y}.",
    )
    if pack.profile is Profile.PUBLIC:
        _word.paragraph(
            document,
            "Public profile: published reviews only; agencies are named, people are not, and "
            "narrative notes are left out.",
        )

    _word.heading(document, "Summary", 1)
    _word.paragraph(
        document,
        f"{plural(len(pack.reviews), 'review')}, "
        f"{plural(pack.recommendation_count, 'recommendation')}, "
        f"{plural(pack.action_count, 'action')}. Since {pack.since:%-d %B %Y}: "
        f"{plural(len(pack.updates), 'progress update')}, "
        f"{plural(len(pack.completions), 'completion')}, "
        f"{plural(len(pack.sign_offs), 'sign-off decision')}, "
        f"{plural(len(pack.revisions), 'revised target date')}"
        + (
            f", {plural(len(pack.comments), 'comment')}."
            if pack.profile is not Profile.PUBLIC
            else "."
        ),
    )
    if len(pack.reviews) > 1:
        for title in pack.reviews:
            _word.paragraph(document, title, style="List Bullet")
    _word.heading(document, "Where the actions stand", 2)
    grid = _word.Grid(document, ["Where it stands today", "Actions"], [6.0, 2.4])
    for _state, label, count in pack.state_counts:
        grid.add_row([label, str(count)])
    _word.heading(document, "RAG rating", 2)
    _rag_chart(document, pack)

    _word.heading(document, f"What changed since {pack.since:%-d %B %Y}", 1)
    for title, changes in pack.change_sections:
        _word.heading(document, f"{title} ({len(changes)})", 2)
        if changes:
            _table(document, pack, CHANGE_COLUMNS, changes)
        else:
            _word.paragraph(document, "None in this period.")

    _word.heading(document, f"Overdue actions ({len(pack.overdue)})", 1)
    if pack.overdue:
        _table(document, pack, OVERDUE_COLUMNS, pack.overdue)
    else:
        _word.paragraph(document, "No action is overdue.")
    _word.heading(document, f"Exceptions ({len(pack.exceptions)})", 1)
    if pack.exceptions:
        _table(document, pack, EXCEPTION_COLUMNS, pack.exceptions)
    else:
        _word.paragraph(document, "Nothing else needs the board's attention.")

    _word.heading(document, "Actions by lead agency", 1)
    for table in pack.agencies:
        _word.heading(document, _agency_heading(table), 2)
        _table(
            document,
            pack,
            AGENCY_COLUMNS,
            table.actions,
            fills=lambda item, col: _word.FILLS.get(item.rag) if col.header == "RAG" else None,
        )
    if not pack.agencies:
        _word.paragraph(document, "There are no actions yet.")
    return _word.to_bytes(document)


def _agency_heading(table) -> str:
    parts = [plural(len(table.actions), "action")]
    for state, word in (("overdue", "overdue"), ("due_soon", "due soon")):
        if count := table.count(state):
            parts.append(f"{count} {word}")
    return f"{table.agency}: " + ", ".join(parts)


def _rag_chart(document, pack: BoardPack) -> None:
    """A table: the rating, the count, and a bar of shaded cells as long as the count."""
    widths = [3.0, 1.8] + [0.5] * BAR_CELLS
    tbl = document.add_table(rows=1, cols=len(widths))
    tbl.style = "Table Grid"
    tbl.autofit = False
    for column, width in zip(tbl.columns, widths, strict=True):
        column.width = Cm(width)
    header = tbl.rows[0].cells
    _word.repeat_header(tbl.rows[0])
    for cell, text in ((header[0], "RAG"), (header[1], "Actions")):
        _word.write(cell, [text], bold=True)
        _word.shade(cell, _word.FILLS["header"])
    bar_header = header[2].merge(header[-1])
    _word.write(bar_header, ["Share of actions"], bold=True)
    _word.shade(bar_header, _word.FILLS["header"])
    for rag, label, count in pack.rag_counts:
        cells = tbl.add_row().cells
        _word.write(cells[0], [label])
        _word.write(cells[1], [str(count)])
        filled = round(BAR_CELLS * count / pack.rag_max) if count else 0
        for i, cell in enumerate(cells[2:]):
            cell.width = Cm(0.5)
            if i < filled:
                _word.shade(cell, _word.FILLS[f"{rag}_bar"])
        for paragraph in cells[2].paragraphs:
            paragraph.paragraph_format.space_after = Pt(0)
