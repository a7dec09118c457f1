"""Reads for the spreadsheet round trip: the actions a tracker lists, its rows as the workbook
writes them, and what an uploaded tracker would change (the preview), worked out against the
actions as they are now. Each runs a fixed number of queries whatever the number of rows."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from followthrough.delivery.models import TargetDateRevision
from followthrough.interchange import PartialDate, Precision
from followthrough.parsing.dates import parse_date
from followthrough.plans import lifecycle
from followthrough.plans.forms import LONG_TEXT, MEDIUM_TEXT
from followthrough.plans.lifecycle import ActionStatus, Move
from followthrough.plans.models import Action, ActionLead, Milestone
from followthrough.plans.selectors import NO_LEAD_AGENCY, led_by_their_agencies
from followthrough.trackers.models import TrackerUpload

# The statuses a lead may choose in the New status column, in the order offered.
CHOOSE = [*lifecycle.PROGRESS, ActionStatus.COMPLETED]
STATUS_WORDS = {
    **{lifecycle.label(s).lower(): s for s in lifecycle.PROGRESS},
    "completed": ActionStatus.COMPLETED,
    lifecycle.label(ActionStatus.COMPLETED).lower(): ActionStatus.COMPLETED,
}


def status_choices() -> list[str]:
    """The words of the New status list: "Not started", "On track", "At risk", "Completed"."""
    return ["Completed" if s == ActionStatus.COMPLETED else lifecycle.label(s) for s in CHOOSE]


# The actions a tracker lists ------------------------------------------------------------------


def _tracker_actions(actions: QuerySet[Action]) -> list[Action]:
    """Open actions, with what their rows show: four queries."""
    return list(
        actions.filter(lifecycle.open_q())
        .select_related("recommendation__review__partnership")
        .prefetch_related(
            Prefetch("leads", queryset=ActionLead.objects.select_related("agency")),
            Prefetch("milestones", queryset=Milestone.objects.order_by("order", "pk")),
        )
        .order_by(
            "recommendation__review__partnership__name",
            "recommendation__review__created_at",
            "recommendation__review_id",
            "recommendation__order",
            "order",
            "pk",
        )
    )


def my_tracker_actions(user) -> list[Action]:
    """The open actions the user may update as a lead, across every partnership that made
    them a lead for their agency (empty for a user who leads for no agency)."""
    led = led_by_their_agencies(user)
    if led is None:
        return []
    return _tracker_actions(Action.objects.filter(led))


def partnership_tracker_actions(partnership) -> list[Action]:
    """The partnership's open actions, for its coordinator."""
    return _tracker_actions(Action.objects.filter(partnership=partnership))


def _target_text(action: Action) -> str:
    if action.target_date_text:
        return action.target_date_text
    return action.target.display() if action.target else ""


def _milestone_line(number: int, milestone: Milestone) -> str:
    done = f" (done {milestone.done_on.day} {milestone.done_on:%B %Y})" if milestone.done_on else ""
    return f"{number}. {milestone.text}{done}"


def tracker_lines(actions: list[Action]) -> list[dict[str, str]]:
    """Each action as its tracker row (``trackers.sheet.COLUMNS``): no query."""
    lines = []
    for action in actions:
        rec = action.recommendation
        review = rec.review
        milestones = list(action.milestones.all())
        agencies = sorted({lead.agency.name for lead in action.leads.all() if lead.agency})
        lines.append(
            {
                "action_id": str(action.pk),
                "version": str(action.version),
                "milestone_ids": ",".join(str(m.pk) for m in milestones),
                "partnership": review.partnership.name,
                "review": f"{review.reference}: {review.title}"
                if review.reference
                else review.title,
                "recommendation": f"{rec.number}. {rec.text}" if rec.number else rec.text,
                "action": action.text,
                "leads": "; ".join(agencies) or NO_LEAD_AGENCY,
                "target": _target_text(action),
                "status": action.get_status_display(),
                "milestones": "\n".join(
                    _milestone_line(n, m) for n, m in enumerate(milestones, start=1)
                ),
            }
        )
    return lines


# The preview of an upload ---------------------------------------------------------------------


def get_upload_for_user(request, pk: int) -> TrackerUpload:
    """The user's own upload, or 404: nobody else's, not even an administrator's view of it."""
    upload = TrackerUpload.objects.filter(pk=pk, uploaded_by=request.user).first()
    if upload is None:
        raise Http404("Not found")
    return upload


@dataclass
class Change:
    """A row that changes its action: a progress update, a completion, a proposed date, or a
    progress update and then one of the others."""

    row: int
    action: Action
    version: int
    lines: list[str] = field(default_factory=list)  # what changes, for the page
    progress_status: str | None = None  # a progress update with this status, or none
    narrative: str = ""
    milestones: list[Milestone] = field(default_factory=list)
    completed_on: dt.date | None = None  # a completion, with ``outcome``
    outcome: str = ""
    proposed: PartialDate | None = None  # a new target date proposed, with ``reason``
    reason: str = ""


@dataclass(frozen=True)
class Refusal:
    """A row not applied, and why: refused, or a conflict (its action changed meanwhile)."""

    row: int
    action_id: str
    text: str  # the action's text, when the user may see it
    reason: str


@dataclass
class Preview:
    changes: list[Change]
    conflicts: list[Refusal]
    refused: list[Refusal]
    skipped: int

    @property
    def nothing(self) -> bool:
        return not (self.changes or self.conflicts or self.refused)


_MAX_ID = 2**63 - 1
_NUMBERS = re.compile(r"\d+")
_NUMBER_LIST = re.compile(r"^[\d\s,;&.]*(?:and[\d\s,;&.]*)*$", re.I)


def _whole(text: str, limit: int = _MAX_ID) -> int | None:
    text = text.strip()
    if text.endswith(".0"):  # a number typed into a cell Excel kept as a number
        text = text[:-2]
    if text.isascii() and text.isdigit() and 0 < int(text) <= limit:
        return int(text)
    return None


def tracker_preview(upload: TrackerUpload, user, today: dt.date) -> Preview:
    """What each filled-in row of ``upload`` would do to its action, as the actions are now.
    Five queries whatever the number of rows: the actions (with their review), their leads,
    their milestones and their waiting date proposals, and the user's roles."""
    ids = {pk for row in upload.rows if (pk := _whole(row.get("action_id", ""))) is not None}
    actions = {
        action.pk: action
        for action in Action.objects.filter(pk__in=ids)
        .select_related("recommendation__review__partnership")
        .prefetch_related(
            Prefetch("leads", queryset=ActionLead.objects.select_related("agency")),
            Prefetch("milestones", queryset=Milestone.objects.order_by("order", "pk")),
            Prefetch(
                "date_revisions",
                queryset=TargetDateRevision.objects.filter(state=TargetDateRevision.State.PENDING),
                to_attr="pending_revisions",
            ),
        )
    }
    preview = Preview(changes=[], conflicts=[], refused=[], skipped=upload.skipped)
    seen: dict[int, int] = {}
    for row in upload.rows:
        _preview_row(row, actions, seen, user, today, preview)
    return preview


def _preview_row(row: dict, actions: dict, seen: dict, user, today, preview: Preview) -> None:
    number = row.get("row", 0)
    given = row.get("action_id", "")

    def refuse(reason: str, action: Action | None = None) -> None:
        if action is None:
            preview.refused.append(Refusal(number, given[:30], "", reason))
        else:
            preview.refused.append(Refusal(number, str(action.pk), action.text, reason))

    pk = _whole(given)
    action = actions.get(pk) if pk is not None else None
    if action is None or not user.has_perm("plans.view_action", action):
        refuse(
            "Unknown action: there is no action with this id that you can see in Followthrough. "
            "Fill in a spreadsheet downloaded from Followthrough without changing its hidden "
            "columns."
        )
        return
    if pk in seen:
        refuse(
            f"This action is on row {seen[pk]} already: fill in one row for each action.", action
        )
        return
    seen[pk] = number
    if not user.has_perm("delivery.update_action", action):
        refuse(
            "You may not update this action: only the leads of its lead agency and the "
            "partnership's coordinator may.",
            action,
        )
        return
    version = _whole(row.get("version", ""), 2**31 - 1)
    if version is None:
        refuse(
            "Its 'Version at download' cell was changed, so Followthrough cannot tell whether "
            "the action changed since: download a new spreadsheet.",
            action,
        )
        return
    if version != action.version:
        preview.conflicts.append(
            Refusal(
                number,
                str(action.pk),
                action.text,
                "The action was changed in Followthrough after you downloaded the spreadsheet, "
                "so this row was not applied: check the action as it is now, then update it "
                "there or in a new download.",
            )
        )
        return
    change = Change(row=number, action=action, version=version)
    reasons = _read_change(row, action, change, today)
    if reasons:
        refuse(" ".join(reasons), action)
    elif not change.lines:
        refuse("Nothing to change: the milestones given are done already.", action)
    else:
        preview.changes.append(change)


def _read_change(row: dict, action: Action, change: Change, today: dt.date) -> list[str]:
    """Fill ``change`` from the row's cells; the reasons the row is refused, if any."""
    reasons: list[str] = []
    new_status = row.get("new_status", "").strip()
    narrative = row.get("narrative", "").strip()
    milestones_text = row.get("milestones_done", "").strip()
    completed_text = row.get("completed_on", "").strip()
    outcome = row.get("outcome", "").strip()
    proposed_text = row.get("proposed_date", "").strip()
    reason = row.get("reason", "").strip()

    status = None
    if new_status:
        status = STATUS_WORDS.get(" ".join(new_status.lower().split()))
        if status is None:
            choices = status_choices()
            reasons.append(
                f"New status '{new_status[:40]}' is not one to choose: "
                f"{', '.join(choices[:-1])} or {choices[-1]}."
            )
    completing = status == ActionStatus.COMPLETED or bool(completed_text or outcome)
    milestones = _milestones(milestones_text, row.get("milestone_ids", ""), action, reasons)
    progressing = bool(
        narrative or milestones_text or (status and status != ActionStatus.COMPLETED)
    )

    if progressing:
        if not lifecycle.allowed(Move.PROGRESS, action.status):
            reasons.append(_refusal(Move.PROGRESS, action))
        if not narrative:
            reasons.append("Write the progress narrative: what has happened since the last update.")
        elif len(narrative) > LONG_TEXT:
            reasons.append(f"The progress narrative must be {LONG_TEXT:,} characters or fewer.")
        if status in lifecycle.PROGRESS:
            change.progress_status = status
        elif action.status in lifecycle.PROGRESS:
            change.progress_status = action.status
        elif completing:
            change.progress_status = ActionStatus.ON_TRACK
        else:
            reasons.append(
                f"Choose the new status: the action is {action.get_status_display().lower()}, "
                "which a progress update does not keep."
            )
        change.narrative = narrative
        change.milestones = [m for m in milestones if not m.done_on]

    if completing:
        if not lifecycle.allowed(Move.COMPLETE, action.status):
            reasons.append(_refusal(Move.COMPLETE, action))
        change.completed_on = _day(completed_text, today, reasons)
        if not outcome:
            reasons.append("Write the outcome: what was done, and how it shows it is complete.")
        elif len(outcome) > LONG_TEXT:
            reasons.append(f"The outcome must be {LONG_TEXT:,} characters or fewer.")
        change.outcome = outcome

    if proposed_text or reason:
        change.proposed = _proposed(proposed_text, action, completing, today, reasons)
        if not reason:
            reasons.append("Give the reason the target date needs to change.")
        elif len(reason) > MEDIUM_TEXT:
            reasons.append(
                f"The reason for the new date must be {MEDIUM_TEXT:,} characters or fewer."
            )
        change.reason = reason

    if not reasons:
        change.lines = _describe(change, action)
    return reasons


def _refusal(move: Move, action: Action) -> str:
    return lifecycle.TABLE[move].refusal.format(status=action.get_status_display().lower())


def _milestones(text: str, ids_text: str, action: Action, reasons: list[str]) -> list[Milestone]:
    """The milestones a row says are done, by their numbers in the download (the hidden
    column keeps which milestone each number was, so one added since does not shift them)."""
    if not text:
        return []
    if not _NUMBER_LIST.match(text):
        reasons.append(
            f"Milestones done '{text[:40]}' is not a list of milestone numbers, like 1, 3."
        )
        return []
    downloaded = [int(p) for p in ids_text.split(",") if p.strip().isdigit()]
    current = {m.pk: m for m in action.milestones.all()}
    found = []
    for number in dict.fromkeys(int(n) for n in _NUMBERS.findall(text)):
        if not 1 <= number <= len(downloaded):
            reasons.append(f"There is no milestone {number} on this action.")
        elif downloaded[number - 1] not in current:
            reasons.append(f"Milestone {number} has been removed from the plan.")
        else:
            milestone = current[downloaded[number - 1]]
            milestone.tracker_number = number
            found.append(milestone)
    return found


def _day(text: str, today: dt.date, reasons: list[str]) -> dt.date | None:
    if not text:
        reasons.append("Give the date of completion, like 27/3/2026.")
        return None
    parsed = parse_date(text)
    if parsed is None or parsed.precision is not Precision.DAY:
        reasons.append(f"The date of completion '{text[:40]}' is not a day, like 27/3/2026.")
        return None
    if parsed.due_on > today:
        reasons.append("The date of completion must be today or in the past.")
        return None
    return parsed.due_on


def _proposed(
    text: str, action: Action, completing: bool, today: dt.date, reasons: list[str]
) -> PartialDate | None:
    if completing:
        reasons.append(
            "A row that completes the action cannot also propose a new target date: leave the "
            "proposed date empty."
        )
        return None
    if not action.is_open:
        reasons.append("Only an open action's target date can change.")
        return None
    if action.pending_revisions:
        reasons.append(
            "A new target date is already waiting for the coordinator's decision: wait for it "
            "before proposing another."
        )
        return None
    if not text:
        reasons.append("Give the proposed new target date, like July 2026 or 31/07/2026.")
        return None
    parsed = parse_date(text)
    if parsed is None:
        reasons.append(
            f"The proposed target date '{text[:40]}' is not a date, like July 2026 or 31/07/2026."
        )
        return None
    if parsed.due_on < today:
        reasons.append("The proposed target date must be in the future.")
        return None
    if action.target == parsed:
        reasons.append("The proposed target date is the target date already.")
        return None
    return parsed


def _short(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _describe(change: Change, action: Action) -> list[str]:
    lines = []
    if change.progress_status:
        now, then = action.get_status_display(), lifecycle.label(change.progress_status)
        lines.append(
            f"Status: {now.lower()} → {then.lower()}"
            if now != then
            else f"Status stays {now.lower()}"
        )
        lines.append(f"Progress narrative: {_short(change.narrative)}")
        for milestone in change.milestones:
            lines.append(f"Milestone {milestone.tracker_number} done: {_short(milestone.text, 80)}")
    if change.completed_on:
        lines.append(
            f"Marked completed on {change.completed_on.day} {change.completed_on:%B %Y}, for the "
            f"partnership to sign off. Outcome: {_short(change.outcome)}"
        )
    if change.proposed:
        current = action.target.display() if action.target else "none"
        lines.append(
            f"New target date proposed: {change.proposed.display()} (now {current}), for the "
            f"coordinator to approve. Reason: {_short(change.reason)}"
        )
    return lines
