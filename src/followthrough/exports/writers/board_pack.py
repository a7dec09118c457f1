"""The board pack as a Word document (python-docx): the same sections as the PDF.

1. Summary: counts, where the actions stand, and the RAG chart (a table with the counts and a
   bar of shaded cells for each rating).
2. What changed since the chosen date: progress updates, completions, sign-off decisions and
   revised target dates.
3. Overdue actions, and exceptions (what else the board should look at).
4. Figures for each review and for each lead agency (no list of the actions on course: those
   are in the Excel appendix, ``writers.appendix``, so the pack's length does not grow with
   them).
5. Reviews in progress (internal profile only; after the figures): each review's current
   stage, the next with its due date and the clock's state; a review's own pack adds its
   stage timeline.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from docx.shared import Cm, Pt

from followthrough.exports.model import BoardPack, PackAction, PackReview, Profile
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


# The figures of a review or an agency: (header, attribute), as both writers lay them out.
FIGURE_COLUMNS = [
    ("Actions", "total"),
    ("Overdue", "overdue"),
    ("Due soon", "due_soon"),
    ("Open, with time to go", "open"),
    ("Awaiting decision", "awaiting"),
    ("Done", "done"),
    ("Red", "red"),
    ("No recent update", "no_recent_update"),
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
        f"{plural(pack.update_count, 'progress update')}, "
        f"{plural(len(pack.completions), 'completion')}, "
        f"{plural(len(pack.sign_offs), 'sign-off decision')}, "
        f"{plural(len(pack.revisions), 'revised target date')}"
        + (
            f", {plural(pack.comment_count, 'comment')}."
            if pack.profile is not Profile.PUBLIC
            else "."
        ),
    )
    _word.heading(document, "Where the actions stand", 2)
    grid = _word.Grid(document, ["Where it stands today", "Actions"], [6.0, 2.4])
    for _state, label, count in pack.state_counts:
        grid.add_row([label, str(count)])
    _word.heading(document, "RAG rating", 2)
    _rag_chart(document, pack)

    _figures(document, "By review", "Review", pack.review_figures)
    _figures(document, "By lead agency", "Lead agency", pack.agency_figures)
    if pack.profile is not Profile.PUBLIC:
        _reviews_in_progress(document, pack)

    _word.heading(document, f"What changed since {pack.since:%-d %B %Y}", 1)
    signed_off = sum(n for _, n in pack.signed_off_meetings)
    counts = [
        ("Progress updates", pack.update_count),
        ("Completions", len(pack.completions)),
        ("Signed off", signed_off),
        ("Returned to their leads", len(pack.returns)),
        ("Revised target dates", len(pack.revisions)),
    ]
    if pack.profile is not Profile.PUBLIC:
        counts.append(("Comments", pack.comment_count))
    grid = _word.Grid(document, ["Since the date", "Number"], [6.0, 2.4])
    for label, count in counts:
        grid.add_row([label, str(count)])
    _word.paragraph(
        document,
        "The progress updates of the actions listed below are given with them; every update "
        "is in the Excel appendix.",
    )
    _word.heading(document, f"Signed off ({signed_off})", 2)
    for summary, count in pack.signed_off_meetings:
        _word.paragraph(document, f"{summary}: {plural(count, 'action')}", style="List Bullet")
    if not pack.signed_off_meetings:
        _word.paragraph(document, "None in this period.")
    for title, changes, others in pack.change_sections:
        _word.heading(document, title, 2)
        for change in changes:
            _change_block(document, pack, change)
        if others:
            _word.paragraph(document, more_changes(others, bool(changes)))
        elif not changes:
            _word.paragraph(document, "None in this period.")

    latest = pack.latest_updates()
    _word.heading(document, f"Overdue actions ({len(pack.overdue)})", 1)
    for item in pack.overdue:
        _item_block(document, pack, item, latest.get(id(item.action)))
    if not pack.overdue:
        _word.paragraph(document, "No action is overdue.")
    _word.heading(document, f"Exceptions ({len(pack.exceptions)})", 1)
    for item in pack.exceptions:
        _item_block(document, pack, item, latest.get(id(item.action)))
    if not pack.exceptions:
        _word.paragraph(document, "Nothing else needs the board's attention.")
    _word.paragraph(document, APPENDIX_NOTE)
    return _word.to_bytes(document)


# The fill of a clock's state, in the reviews in progress and a review's timeline.
CLOCK_FILLS = {"late": "red", "done_late": "amber", "due_soon": "amber", "on_time": "green"}


def clock_fill(status: str) -> str | None:
    fill = CLOCK_FILLS.get(status)
    return _word.FILLS[fill] if fill else None


def no_reviews_in_progress(pack: BoardPack) -> str:
    """What the section says when it lists nothing."""
    if len(pack.reviews) == 1:
        return "No stage of this review has been recorded yet."
    return "No review of this partnership is in progress against a stage clock."


def _reviews_in_progress(document, pack: BoardPack) -> None:
    """Each review in progress: type, reference and title, current stage, next stage with its
    due date, and the clock's state (shaded); a review's own pack adds its timeline."""
    reviews = pack.reviews_in_progress
    _word.heading(document, f"Reviews in progress ({len(reviews)})", 1)
    if not reviews:
        _word.paragraph(document, no_reviews_in_progress(pack))
        return
    grid = _word.Grid(
        document,
        ["Review", "Current stage", "Next stage and due date", "Clock"],
        [11.1, 5.0, 7.0, 4.0],
    )
    for review in reviews:
        cells = grid.add_row(
            [
                review_cell(review),
                review.current_stage or "None recorded",
                review.next_display,
                review.clock_label,
            ]
        )
        fill = clock_fill(review.clock)
        if fill:
            _word.shade(cells[3], fill)
    for review in reviews:
        if not review.timeline:
            continue
        _word.heading(document, f"Timeline: {review.name}", 2)
        grid = _word.Grid(document, ["Stage", "Date, or due date", "Status"], [12.1, 8.0, 7.0])
        for stage in review.timeline:
            cells = grid.add_row([stage.label, stage.date_display, stage.status_label])
            fill = clock_fill(stage.status)
            if fill:
                _word.shade(cells[2], fill)


def review_cell(review: PackReview) -> list[str]:
    """The review's type, then its reference and title."""
    return [review.review_type, review.name]


def _review_words(pack: BoardPack, item: PackAction) -> list[str]:
    return [_review_cell(item)] if len(pack.reviews) > 1 else []


def _change_block(document, pack: BoardPack, change) -> None:
    """One change given in full: what and when (and who), the action, and the note."""
    meta = [f"{change.on:%-d %b %Y}: {change.summary}" + (f" ({change.by})" if change.by else "")]
    meta += _review_words(pack, change.action) + [change.action.leads or "No lead named"]
    _word.paragraph(document, " · ".join(meta), bold=True, size=9)
    _word.paragraph(document, _action_cell(change.action)[0], size=9)
    if change.detail:
        _word.paragraph(document, change.detail, size=9)


def _item_block(document, pack: BoardPack, item, update) -> None:
    """One action the board should look at: where it stands, the action, why it is listed,
    and its latest update since the date."""
    action = item.action
    standing = action.state_label
    if action.days_overdue:
        standing += f", {plural(action.days_overdue, 'day')}"
    meta = [f"{action.rag_label}: {standing}", "Target " + "; ".join(_target(action))]
    meta += [action.status_label] + _review_words(pack, action)
    meta.append(action.leads or "No lead named")
    _word.paragraph(document, " · ".join(meta), bold=True, size=9)
    _word.paragraph(document, _action_cell(action)[0], size=9)
    if item.reason:
        _word.paragraph(document, item.reason, size=9)
    if update:
        words = f"Updated {update.on:%-d %b %Y}: {update.summary}"
        words += f" ({update.by})" if update.by else ""
        words += f". {update.detail}" if update.detail else ""
        _word.paragraph(document, words, size=9)


APPENDIX_NOTE = (
    "Every action, with its lead, target date, status and RAG rating, and every progress "
    "update since the date, are in the Excel appendix that comes with this pack."
)


def more_changes(count: int, some_listed: bool) -> str:
    """The sentence for the changes on actions the pack does not list."""
    more = "more " if some_listed else ""
    return (
        f"{plural(count, more + 'change')} on actions that are not listed in this pack (on "
        "course, or already done): in the Excel appendix."
    )


def _figures(document, title: str, first: str, figures: list) -> None:
    if len(figures) < 2 and first == "Review":
        return  # one review: the summary has its figures
    _word.heading(document, title, 2)
    headers = [first] + [h for h, _ in FIGURE_COLUMNS]
    widths = [8.0] + [2.1] * len(FIGURE_COLUMNS)
    grid = _word.Grid(document, headers, widths)
    for row in figures:
        grid.add_row([row.name] + [str(getattr(row, attr)) for _, attr in FIGURE_COLUMNS])
    if not figures:
        _word.paragraph(document, "There are no actions yet.")


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
