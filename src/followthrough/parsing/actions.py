"""One action built from one logical row of the table."""

from __future__ import annotations

import re

from followthrough.interchange import Action, Lead, Milestone, PartialDate
from followthrough.parsing.cleanup import clean, repeated_words
from followthrough.parsing.columns import Col
from followthrough.parsing.dates import DateItem, date_items, find_dates
from followthrough.parsing.leads import parse_leads
from followthrough.parsing.milestones import assign_dates, split_milestones
from followthrough.parsing.outcome import dates_done, opens_done, read_outcome, status_from_text
from followthrough.parsing.rows import LogicalRow
from followthrough.parsing.words import (
    counted,
    is_acronym,
    is_org_word,
    is_role_qualifier,
    is_service_word,
)

# The longest date-as-written kept (the database keeps 100 characters).
MAX_DATE_TEXT = 100
_AGENCY_SEPARATOR = re.compile(r"\s*(?:;|\n|\s/\s)\s*")
# A RAG colour alone ("Green", "A", "Red (overdue)"): what it says of the status, and how sure.
_RAG = re.compile(r"^\s*(?P<colour>blue|green|amber|red|[bgar])\b", re.IGNORECASE)
_RAG_STATUS = {
    "b": ("completed", "completed"),
    "g": ("in_progress", "on track; it does not say the action is completed"),
    "a": ("in_progress", "at risk"),
    "r": ("in_progress", "overdue or at risk; it does not say the action was abandoned"),
}
# A status alone ("Not yet due" beside a recommendation) does not make an action.
_NOT_ACTION = {
    Col.NUMBER, Col.THEME, Col.RECOMMENDATION, Col.SCOPE, Col.STATUS, Col.REVIEW_TITLE,
    Col.REVIEW_REF, Col.FINDING,
}  # fmt: skip


def has_action(row: LogicalRow) -> bool:
    """Whether the row says anything about an action (not only a recommendation). Where the
    plan names its actions, a response alone ("Response: this was for NHS England") is none."""
    skip = _NOT_ACTION | ({Col.RESPONSE} if Col.ACTION in row.columns.headers else set())
    return any(row.text(col) for col in row.cols if col not in skip)


def build_action(
    row: LogicalRow, *, agency: str | None = None, status_column_decides: bool = False
) -> Action:
    """``agency``: the agency of the section the row is in (a plan grouped by agency).
    ``status_column_decides``: the plan's status column is where it says an action is completed
    ("Complete", "Blue"), so a RAG colour there stands over words in the update ("Fieldwork
    complete" beside Green is on track)."""
    notes: list[str] = []
    action = Action(text=row.text(Col.ACTION), warnings=notes)
    if not action.text:
        notes.append("action: the row has no action text")
    elif garbled := repeated_words(action.text):
        notes.append(f"action: '{garbled}' looks garbled by the extraction")
    action.leads = _leads(row, agency, notes)
    _milestones_and_target(row, action, notes)
    _outcome_and_status(row, action, notes, status_column_decides)
    _completed_in_target_cell(row, action, notes)
    action.measure = row.text(Col.MEASURE) or None
    _note_joins(row, notes)
    return action


def _leads(row: LogicalRow, section_agency: str | None, notes: list[str]) -> list[Lead]:
    leads = parse_leads(row.raw(Col.LEAD), notes, warn_missing_agency=False)
    agencies = [a for a in _AGENCY_SEPARATOR.split(row.raw(Col.AGENCY)) if a.strip(" ,.")]
    agencies = [a.strip(" ,.") for a in agencies]
    if agencies:
        for lead in leads:
            if lead.agency and not lead.name and lead.role and _generic(lead.agency):
                # 'Primary Care Safeguarding Lead' beside an agency column: all one title.
                lead.role, lead.agency = f"{lead.agency} {lead.role}", None
            elif lead.agency and lead.role and _abbreviates(lead.agency, agencies):
                # 'Jo Bloggs (NSCP Training Coordinator)' beside 'Northshire Safeguarding
                # Children Partnership': the initials are part of the title; the column names
                # the organisation.
                lead.role, lead.agency = f"{lead.agency} {lead.role}", None
        if not leads:
            leads = [Lead(agency=a) for a in agencies]
        else:
            lacking = [lead for lead in leads if lead.agency is None]
            if len(agencies) == 1:
                for lead in lacking:
                    lead.agency = agencies[0]
            else:
                if len(agencies) != len(lacking):
                    notes.append(
                        f"lead: {counted(len(agencies), 'agency', 'agencies')} for "
                        f"{counted(len(lacking), 'lead')} without one; matched in order"
                    )
                for lead, name in zip(lacking, agencies, strict=False):
                    lead.agency = name
    if section_agency:
        for lead in leads:
            if lead.agency and not lead.name and not lead.role and _generic(lead.agency):
                # 'Safeguarding Team' under 'Anytown NHS Trust': a part of the section's agency.
                notes.append(
                    f"lead: '{lead.agency}' read as a team of '{section_agency}' (the section "
                    "heading)"
                )
                lead.role, lead.agency = lead.agency, section_agency
        if not leads:
            leads = [Lead(agency=section_agency)]
            notes.append(f"lead: none named in the row; the section's agency '{section_agency}'")
        for lead in leads:
            if lead.agency is None:
                lead.agency = section_agency
                notes.append(
                    f"lead '{lead.name or lead.role}': agency '{section_agency}' taken from the "
                    "section heading"
                )
    if not leads:
        notes.append("lead: no lead is named")
    for lead in leads:
        if lead.agency is None:
            notes.append(f"lead '{lead.name or lead.role}' has no agency")
    return leads


def _milestones_and_target(row: LogicalRow, action: Action, notes: list[str]) -> None:
    target = Col.TARGET
    if row.text(Col.REVISED_TARGET):
        target = Col.REVISED_TARGET
        if row.text(Col.TARGET):
            notes.append(
                f"target date: the revised date '{row.text(Col.REVISED_TARGET)}' taken, not the "
                f"original '{row.text(Col.TARGET)}'"
            )
    items: list[DateItem] = []
    if row.whole and len(row.values(Col.MILESTONES)) > 1:
        # A milestone to a row: each row's date is its milestone's.
        for part in row.parts:
            part_items = date_items(part.get(target, ""))
            part_milestones = split_milestones(
                part.get(Col.MILESTONES, ""), expected=None, notes=notes
            )
            _give_dates(part_milestones, part_items, notes)
            action.milestones.extend(part_milestones)
            items.extend(part_items)
    elif not row.text(Col.MILESTONES) and (labelled := labelled_dates(row.raw(target))):
        # "Procedure amended: 31 March 2025" / "System live: 31 May 2025" in the target cell:
        # each a milestone with its date.
        action.milestones = labelled
        items = []
    else:
        items = date_items(row.raw(target))
        dated = [i for i in items if i.date]
        expected = len(dated) if len(dated) > 1 else None
        action.milestones = split_milestones(
            row.raw(Col.MILESTONES), expected=expected, notes=notes
        )
        _give_dates(action.milestones, items, notes)
    for item in items:
        if item.date is None:
            notes.append(f"target date: '{item.text}' is not a date")
        elif item.approximate:
            notes.append(
                f"target date: '{item.text}' read as due by the end of {item.date.display()}"
            )
    dated = [i for i in items if i.date]
    own = [m for m in action.milestones if m.target_date]
    if own and not dated:
        # The action's only dates are its milestones': it is due on the last of them.
        last = max(own, key=lambda m: m.target_date.due_on)
        action.target_date, action.target_date_text = last.target_date, None
        action.target_date_derived = True
        notes.append(
            f"target date: none of its own; {last.target_date.display()}, the date of its last "
            f"milestone ('{_short(last.text)}')"
        )
    elif dated:
        best = max(dated, key=lambda i: i.date.due_on)
        action.target_date = best.date
        action.target_date_text = None if best.exact else _kept(best.text)
        # A date for each milestone and none besides: the action's is its last milestone's.
        action.target_date_derived = len(own) > 1 and len(dated) == len(own)
        if len(dated) > 1 and not action.milestones:
            notes.append(f"target date: {len(dated)} dates and no milestones; took the latest")
    else:
        action.target_date_text = _kept(row.text(target)) or None
        if not opens_done(clean(row.text(target))):  # "Completed": done, not undated
            notes.append("target date: none given")


_LABELLED_DATE = re.compile(r"^(?P<label>[A-Z][^:\n]{1,80}?)\s*:\s+(?P<date>[^:\n]+)$")


def labelled_dates(text: str) -> list[Milestone]:
    """A target date cell whose every line labels a date ("Procedure amended: 31 March 2025"),
    as milestones: the label and its date. Nothing if any line is otherwise."""
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    found: list[Milestone] = []
    for line in lines:
        m = _LABELLED_DATE.match(line)
        items = date_items(m.group("date")) if m else []
        if (
            not m
            or len(items) != 1
            or items[0].date is None
            or find_dates(m.group("label"))
            or opens_done(m.group("label"))  # "Completed: January 2025" is no milestone
        ):
            return []
        item = items[0]
        found.append(
            Milestone(
                text=m.group("label").strip(),
                number=None,
                target_date=item.date,
                target_date_text=None if item.exact else _kept(item.text),
            )
        )
    return found


def _short(text: str, limit: int = 50) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _give_dates(milestones: list[Milestone], items: list[DateItem], notes: list[str]) -> None:
    """Dates to milestones in order: one to one when the counts agree (a line of the date cell
    for each milestone, "TBC" included); otherwise the dates alone, in order."""
    if not milestones:
        return
    dated = [i for i in items if i.date]
    if len(milestones) > 1 and len(items) == 1 and dated:
        notes.append(
            f"milestones: one target date for {counted(len(milestones), 'milestone')}; taken as "
            "the action's, not given to any milestone"
        )
        return
    if len(items) != len(milestones):
        items = [i for i in items if i.date]
        assign_dates(milestones, [i.date for i in items], notes)
    for milestone, item in zip(milestones, items, strict=False):
        milestone.target_date = item.date
        milestone.target_date_text = None if item.exact else _kept(item.text)


def _completed_in_target_cell(row: LogicalRow, action: Action, notes: list[str]) -> None:
    """'Completed – January 2025' where the target date goes: the action is done, and the date
    is when it was done, not when it is due."""
    text = clean(row.text(Col.TARGET))
    if action.status is not None or not opens_done(text):
        return
    action.status, action.outcome = "completed", action.outcome or text
    if action.completed_on is None and action.target_date is not None:
        action.completed_on, action.target_date = action.target_date, None
        notes.append(f"target date: '{text}' says the action is done; read as its completion")
    action.target_date_text = None


def _outcome_and_status(
    row: LogicalRow, action: Action, notes: list[str], status_column_decides: bool = False
) -> None:
    source = Col.EVIDENCE if _completion_in_evidence(row) else Col.OUTCOME
    update, status_text = row.raw(source), row.text(Col.STATUS)
    if _status_holds_update(row):
        # "Update (RAG)": the colour first, then what has been done.
        status_text, update = _rag_and_update(row.raw(Col.STATUS))
        if update:
            notes.append(
                "status: the colour read from the start of the update, the rest as the outcome"
            )
    outcome = read_outcome(
        clean(update),
        holds_completion_date=row.columns.outcome_holds_completion_date,
        updates=update.split("\n"),
    )
    action.outcome, action.status = outcome.text, outcome.status
    action.completed_on = outcome.completed_on
    notes.extend(outcome.notes)
    evidence = row.text(Col.EVIDENCE)
    if evidence and source == Col.OUTCOME:
        # Said under the plan's own name for it ("Evidence to be probed: ...").
        label = row.columns.headers.get(Col.EVIDENCE, "Evidence").rstrip(" :")
        action.outcome = _sentences(action.outcome, f"{label}: {evidence}")

    completed = [i.date for i in date_items(row.raw(Col.COMPLETED)) if i.date]
    if completed:
        action.completed_on = max(completed, key=lambda d: d.due_on)
        action.status = action.status or "completed"
    if status_text:
        stated = status_from_text(status_text)
        rag = _RAG.match(status_text)
        if stated:
            action.status = stated
        elif rag and (action.status is None or status_column_decides):
            colour = rag.group("colour")[0].lower()
            from_words = action.status
            action.status, meaning = _RAG_STATUS[colour]
            if colour == "g" and source == Col.EVIDENCE and row.text(source):
                action.status, meaning = "completed", "completed, beside its evidence of completion"
            notes.append(f"status: RAG '{status_text}' read as {meaning}")
            if from_words and from_words != action.status:
                notes.append(
                    f"status: the update reads as {from_words.replace('_', ' ')}, but the plan's "
                    "status column says when an action is completed; the RAG decides"
                )
                if not completed:
                    action.completed_on = None  # the update's date, read as a completion
        elif not rag:
            notes.append(f"status: '{status_text}' is not a status this reader knows")
    if action.status == "completed" and action.completed_on is None and action.outcome:
        done = dates_done(clean(update))
        dates = _finest([i for i in date_items(clean(update)) if i.date and i.date in done])
        if len(dates) == 1:
            action.completed_on = dates[0].date
            notes.append(
                f"completion date: the one date in the outcome ('{dates[0].text}'), as the "
                "status says the action is completed"
            )
    if action.completed_on and action.status in ("not_achieved", "superseded"):
        # Closed, not completed: the date it was closed is not a completion date.
        notes.append(
            f"completion date: {action.completed_on.display()} is when it was closed "
            f"({action.status.replace('_', ' ')}), not completed; not kept as a completion date"
        )
        action.completed_on = None


def states_completion(status: str) -> bool:
    """Whether a status cell says the action is completed: in words, or Blue in a BRAG rating."""
    rag = _RAG.match(status)
    return status_from_text(status) == "completed" or bool(rag and rag.group("colour")[0] in "bB")


_UPDATE_HEADER = re.compile(r"update|progress|comment|note", re.IGNORECASE)
_RAG_FIRST = re.compile(r"^\s*(?P<rag>blue|green|amber|red)\b[\s:–—-]*", re.IGNORECASE)


def _status_holds_update(row: LogicalRow) -> bool:
    """'Update (RAG)', 'Progress / RAG' with no outcome column: one column holds both."""
    headers = row.columns.headers
    return Col.OUTCOME not in headers and bool(_UPDATE_HEADER.search(headers.get(Col.STATUS, "")))


def _rag_and_update(text: str) -> tuple[str, str]:
    """'GREEN\nField live from 02/09/2024' -> ('GREEN', 'Field live from 02/09/2024'); a cell
    with no colour at its start is all update."""
    m = _RAG_FIRST.match(text)
    if not m:
        return "", text.strip()
    return m.group("rag"), text[m.end() :].strip()


def _completion_in_evidence(row: LogicalRow) -> bool:
    """Whether, with no outcome column, an 'Evidence of completion' column says what was done:
    it is the outcome (a plain 'Evidence' column may say how it will be shown, and is added
    to the outcome as such). Beside a Green RAG, which can mean on track or done, evidence of
    completion says done."""
    headers = row.columns.headers
    return Col.OUTCOME not in headers and "complet" in headers.get(Col.EVIDENCE, "").lower()


def _finest(items: list[DateItem]) -> list[DateItem]:
    """The dates less those a more exact one falls within: in 'Published 20/04/2022 – Housing
    Policy 2022' the year alone says nothing more than the day."""
    return [
        item
        for item in items
        if not any(other.date != item.date and _within(other.date, item.date) for other in items)
    ]


def _within(exact: PartialDate, broad: PartialDate) -> bool:
    return exact.year == broad.year and (
        broad.month is None or (exact.month == broad.month and broad.day is None)
    )


def _abbreviates(acronym: str, names: list[str]) -> bool:
    """Whether ``acronym`` is the initials of one of ``names``."""
    if not is_acronym(acronym):
        return False
    initials = {"".join(w[0] for w in n.split() if w[:1].isupper()) for n in names}
    return acronym.upper() in initials


def _generic(name: str) -> bool:
    """'Safeguarding Team', 'Adult Social Care': words for a kind of team, and no proper name."""
    return all(is_org_word(w) or is_role_qualifier(w) or is_service_word(w) for w in name.split())


def _sentences(first: str | None, second: str) -> str:
    if not first:
        return second
    return f"{first} {second}" if first.endswith((".", "!", "?")) else f"{first}. {second}"


def _kept(text: str) -> str:
    text = clean(text)
    return text if len(text) <= MAX_DATE_TEXT else text[: MAX_DATE_TEXT - 1] + "…"


def _note_joins(row: LogicalRow, notes: list[str]) -> None:
    if row.joined_across_pages:
        notes.append(
            f"table: the row went on over {counted(row.joined_across_pages, 'page break')}; its "
            "cells were joined"
        )
    if row.joined_on_page:
        notes.append(
            f"table: {counted(row.joined_on_page, 'more row')} read as the rest of this one"
        )
