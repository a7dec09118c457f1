"""The action plan as a Word document in the Home Office template (2016): A4 landscape, the
seven columns, a heading row for each theme with its area, the header row repeated on every
page, statuses and dates as recorded.

Written so that our own reader (``followthrough.parsing``) reads the same plan back:

* the title, the partnership and the preamble are paragraphs before the table, the way
  published plans open; the reference and publication date are short labelled lines the reader
  passes over; what the export itself says (when, which profile) is in the page footer;
* a theme row reads "Theme 2 – Processes – Cumbria wide"; a recommendation's text and scope
  are merged down beside each of its actions;
* a lead is written in the first of the usual layouts ("Name - Role (Agency)", "Rank Name
  (Agency)", ...) that the reader takes back as that same lead;
* the target date cell has a line for each milestone's date, in the milestones' order, and the
  action's own date last where it is not the latest of those;
* the "Date of completion and outcome" cell holds the completion date (unless the outcome
  already says it), the outcome, and the recorded status where the outcome does not already
  say it.

What the template has no place for goes back in a weaker form: a milestone without a date in
the middle of dated ones comes back with the date written "Not set"; a status the words of the
outcome do not say comes back inside the outcome (as "Status: ..."); the reference and the
publication date are not read back; a revised target date comes back as the current date (the
line saying when it was first agreed is for the reader); an action whose own date is earlier
than its latest milestone's comes back with the latest. An action's measure of success is left
out altogether, here and in the PDF of the plan, which follows the same template: its columns
are fixed. The spreadsheets and the JSON carry it.
"""

from __future__ import annotations

from followthrough.exports.model import PlanExport, Profile, Row
from followthrough.exports.writers import _word
from followthrough.interchange import Action, Lead, Milestone, PartialDate, Recommendation
from followthrough.parsing import find_dates, parse_leads
from followthrough.parsing.outcome import status_from_text

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
HEADERS = [
    "Recommendation",
    "Scope of recommendation (local or regional)",
    "Action to take",
    "Lead agency",
    "Key milestones achieved in enacting recommendation",
    "Target date",
    "Date of completion and outcome",
]
WIDTHS_CM = [5.0, 2.8, 4.4, 3.5, 4.8, 2.8, 3.8]
SCOPE_LABELS = {"local": "Local", "regional": "Regional", "national": "National"}
NOT_SET = "Not set"


def plan_docx(export: PlanExport) -> bytes:
    plan = export.plan
    review = plan.review
    document = _word.new_document(footer=footer(export))
    _word.heading(document, review.title, 0)
    if review.partnership:
        _word.paragraph(document, review.partnership, bold=True, size=12)
    details = []
    if review.reference:
        details.append(f"Reference: {review.reference}")
    if review.published_on:
        details.append(f"Published: {review.published_on.display()}")
    for line in details:
        _word.paragraph(document, line)
    _word.heading(document, "Action plan", 1)
    for paragraph in (plan.preamble or "").split("\n\n"):
        if paragraph.strip():
            _word.paragraph(document, " ".join(paragraph.split()))
    grid = _word.Grid(document, HEADERS, WIDTHS_CM)
    rows = list(export.rows())
    theme_number = 0
    previous_key = None
    for rec in plan.recommendations:
        key = (rec.theme, rec.area)
        if key != previous_key and (rec.theme or rec.area or previous_key is not None):
            theme_number += 1
            grid.span_row(theme_heading(theme_number, rec), fill=_word.FILLS["theme"])
        previous_key = key
        rec_rows = [row for row in rows if row.recommendation is rec]
        first_cells = None
        below = []
        for row in rec_rows or [None]:
            cells = grid.add_row(
                [
                    recommendation_text(rec) if first_cells is None else None,
                    SCOPE_LABELS.get(rec.scope or "") if first_cells is None else None,
                    *(_action_cells(export, row) if row else [None] * 5),
                ]
            )
            if first_cells is None:
                first_cells = cells
            else:
                below.append(cells)
        if below:
            for column in (0, 1):
                _word.merge_down(first_cells[column], [cells[column] for cells in below])
    return _word.to_bytes(document)


def footer(export: PlanExport) -> str:
    when = f" on {export.exported_on:%-d %B %Y}" if export.exported_on else ""
    if export.profile is Profile.PUBLIC:
        return f"Exported from Followthrough{when} · Public profile: agencies only, no names"
    return (
        f"Exported from Followthrough{when} · Internal profile: contains personal data, "
        "OFFICIAL-SENSITIVE, do not publish"
    )


def theme_heading(number: int, rec: Recommendation) -> str:
    parts = [rec.theme or "No theme"]
    if rec.area:
        parts.append(rec.area)
    return f"Theme {number} – " + " – ".join(parts)


def recommendation_text(rec: Recommendation) -> str:
    text = " ".join(rec.text.split())
    if not rec.number:
        return text
    if len(rec.number) == 1 and rec.number.isalpha():
        return f"{rec.number}) {text}"
    return f"{rec.number}. {text}"


def _action_cells(export: PlanExport, row: Row) -> list:
    action = row.action
    return [
        " ".join(action.text.split()),
        [lead_text(lead) for lead in action.leads] or None,
        [milestone_text(ms) for ms in action.milestones] or None,
        target_lines(action, row) or None,
        outcome_lines(export, row) or None,
    ]


def lead_text(lead: Lead) -> str:
    """The lead in the first usual layout that our reader reads back as the same lead."""
    name, role, agency = lead.name, lead.role, lead.agency
    candidates: list[str] = []
    if name and role and agency:
        candidates += [
            f"{name} - {role} ({agency})",
            f"{name} ({role} {agency})",
            f"{name} ({agency} {role})",
            f"{role} {name} ({agency})",
        ]
    elif name and agency:
        candidates += [f"{name} ({agency})"]
    elif role and agency:
        candidates += [f"{role} ({agency})", f"{agency} {role}", f"{role}, {agency}"]
    elif name and role:
        candidates += [f"{name} - {role}", f"{role} {name}"]
    else:
        candidates += [name or role or agency or ""]
    for text in candidates:
        if parse_leads(text) == [Lead(name=name, role=role, agency=agency)]:
            return text
    return candidates[0]


def milestone_text(ms: Milestone) -> str:
    text = " ".join(ms.text.split())
    return f"{ms.number}. {text}" if ms.number is not None else text


def _date_text(date: PartialDate | None, written: str | None) -> str | None:
    if written:
        return written
    return date.display() if date else None


def target_lines(action: Action, row: Row | None = None) -> list[str]:
    """A line for each milestone's date (in order; a milestone without one is left out when
    only undated milestones follow it, else written "Not set"), then the action's own date
    where it is not the latest of them, then how often it was revised."""
    dates = [_date_text(ms.target_date, ms.target_date_text) for ms in action.milestones]
    last = max((i for i, d in enumerate(dates) if d), default=-1)
    lines = [d or NOT_SET for d in dates[: last + 1]]
    latest = max(
        (ms.target_date for ms in action.milestones if ms.target_date),
        key=lambda d: d.due_on,
        default=None,
    )
    own = _date_text(action.target_date, action.target_date_text)
    if own and (latest is None or action.target_date != latest or not lines):
        lines.append(own)
    delivery = row.delivery if row else None
    if delivery and delivery.target_revisions and delivery.original_target:
        times = "once" if delivery.target_revisions == 1 else f"{delivery.target_revisions} times"
        lines.append(f"Revised {times}; first agreed {delivery.original_target.display()}")
    return lines


def outcome_lines(export: PlanExport, row: Row) -> list[str]:
    action = row.action
    outcome = [" ".join(p.split()) for p in (action.outcome or "").split("\n") if p.strip()]
    lines: list[str] = []
    if action.completed_on:
        said = find_dates(" ".join(outcome))
        if max(said, key=lambda d: d.due_on, default=None) != action.completed_on:
            lines.append(action.completed_on.display())
    lines += outcome
    said_status = status_from_text(" ".join(lines))
    if said_status is None and action.completed_on:
        said_status = "completed"  # a date in this column says when it was completed
    label = export.status_label(row)
    if label and action.status and said_status != action.status:
        lines.append(f"Status: {label}")
    return lines
