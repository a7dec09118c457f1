"""Writes for the spreadsheet round trip: a tracker downloaded (audited), a filled-in one
uploaded (read in a limited child process, kept with its rows), and applied once.

Applying goes through the delivery services the pages use (``progress_update_add``,
``action_mark_completed``, ``target_date_revision_propose``), with their locks, version checks,
lifecycle rules, permissions and audit events: a row is all or nothing (its own savepoint),
and a row that fails never stops the others."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from followthrough.audit import events
from followthrough.audit.services import audit_event_record
from followthrough.delivery import services as delivery
from followthrough.sandbox import ChildFailed, ChildRefused, Limits, SandboxError, run_limited
from followthrough.trackers import sheet
from followthrough.trackers.models import TrackerUpload
from followthrough.trackers.selectors import (
    Change,
    Preview,
    Refusal,
    status_choices,
    tracker_preview,
)
from followthrough.trackers.sheet import TrackerRefused

__all__ = ["TrackerAlreadyApplied", "TrackerRefused"]  # and the services below

HELP = [
    "How to fill in this spreadsheet",
    "",
    "Each row is one open action. Fill in the yellow columns of the actions you have news of "
    "and leave the others empty: rows with nothing filled in are skipped. Then upload the "
    "spreadsheet on Followthrough's 'Upload a filled-in spreadsheet' page. You see what each "
    "row will change before anything is saved.",
    "",
    "New status: choose from the list. Leave it empty to keep the current status. Choose "
    "Completed when the action is done, and fill in the date of completion and the outcome.",
    "Progress narrative: what has happened since the last update. Needed for a progress "
    "update: a new status, or milestones done.",
    "Milestones done (numbers): the numbers of the milestones done since the last update, as "
    "the Milestones column numbers them, for example 1, 3.",
    "Date of completion: the day the action was completed, for example 27/3/2026.",
    "Outcome: what was done, and how it shows the action is complete. The partnership reads "
    "it before signing the action off.",
    "Proposed new target date and Reason for the new date: when the action needs more time. "
    "The coordinator approves the new date or not; the original date is kept.",
    "",
    "Do not change the hidden columns (the action's id and its version): they tell "
    "Followthrough which action each row is, and whether it changed after you downloaded the "
    "spreadsheet. A row whose action changed since is shown as a conflict and not applied: "
    "download the spreadsheet again for those.",
    "",
    "The sheet is protected so that the action's details are not changed by a slip; it has no "
    "password. Everything you type is read as text: nothing is worked out as a formula.",
]


class TrackerAlreadyApplied(Exception):
    """The upload was applied already (perhaps in another tab): nothing was done again."""


def tracker_download(
    *, lines: list[dict[str, str]], title: str, target, partnership, actor
) -> bytes:
    """The workbook of ``lines`` (``selectors.tracker_lines``), audited as downloaded."""
    data = sheet.write_tracker(lines, statuses=status_choices(), help_lines=HELP, title=title)
    audit_event_record(
        actor=actor,
        event_type=events.TRACKER_DOWNLOADED,
        target=target,
        partnership=partnership,
        summary=f"Spreadsheet of {len(lines)} open action(s) downloaded to fill in offline",
        after={"actions": len(lines)},
    )
    return data


def tracker_read(data: bytes) -> dict:
    """The filled-in rows of ``data`` (``sheet.read_tracker``), read in a child process held to
    the plan reader's ceilings on time and memory. Raises ``TrackerRefused``."""
    try:
        return run_limited(
            "followthrough.trackers.sheet:read_in_child",
            data,
            limits=Limits(
                seconds=settings.FOLLOWTHROUGH_PARSE_SECONDS,
                memory_bytes=settings.FOLLOWTHROUGH_PARSE_MEMORY_MB << 20,
            ),
            expected=(f"{TrackerRefused.__module__}.{TrackerRefused.__qualname__}",),
            what="reading the spreadsheet",
        )
    except ChildRefused as exc:
        raise TrackerRefused(str(exc)) from None
    except ChildFailed:
        raise TrackerRefused(
            "The spreadsheet could not be read: it may be damaged. Open it in Excel, save it "
            "again and upload it again"
        ) from None
    except SandboxError as exc:  # out of time or memory
        raise TrackerRefused(
            f"{str(exc)[:1].upper()}{str(exc)[1:]}: upload a smaller spreadsheet"
        ) from None


def tracker_upload_create(*, data: bytes, filename: str, actor) -> TrackerUpload:
    """Read an uploaded tracker and keep it, with its rows, for its preview. Raises
    ``TrackerRefused`` (nothing is kept) when it cannot be read."""
    read = tracker_read(data)
    with transaction.atomic():
        upload = TrackerUpload.objects.create(
            uploaded_by=actor,
            filename=filename[:255],
            sha256=hashlib.sha256(data).hexdigest(),
            size=len(data),
            content=data,
            rows=read["rows"],
            skipped=read["skipped"],
        )
        audit_event_record(
            actor=actor,
            event_type=events.TRACKER_UPLOADED,
            target=upload,
            summary=f"Filled-in spreadsheet uploaded: {len(upload.rows)} row(s) filled in",
            after={"sha256": upload.sha256, "size": upload.size, "rows": len(upload.rows)},
        )
    return upload


def _apply(change: Change, actor, today: dt.date) -> None:
    action, version = change.action, change.version
    if change.progress_status:
        update = delivery.progress_update_add(
            action=action,
            actor=actor,
            expected_version=version,
            narrative=change.narrative,
            status=change.progress_status,
            milestones_done=change.milestones,
            today=today,
        )
        action, version = update.action, update.action.version
    if change.completed_on:
        delivery.action_mark_completed(
            action=action,
            actor=actor,
            expected_version=version,
            outcome=change.outcome,
            completed_on=change.completed_on,
        )
    if change.proposed:
        delivery.target_date_revision_propose(
            action=action, actor=actor, proposed=change.proposed, reason=change.reason
        )


def _refusal_json(refusal: Refusal) -> dict:
    return {
        "row": refusal.row,
        "action_id": refusal.action_id,
        "text": refusal.text,
        "reason": refusal.reason,
    }


def tracker_upload_apply(*, upload: TrackerUpload, actor, today: dt.date | None = None) -> dict:
    """Apply the upload, once: what it would change is worked out again now (so an action
    changed since the preview is a conflict), then each row through the delivery services in
    a savepoint of its own. Returns ``upload.result``: the rows applied, the conflicts and the
    refused rows, each with its reason. Raises ``TrackerAlreadyApplied``."""
    today = today or timezone.localdate()
    with transaction.atomic():
        claimed = TrackerUpload.objects.filter(pk=upload.pk, applied_at__isnull=True).update(
            applied_at=timezone.now()
        )
        if not claimed:
            raise TrackerAlreadyApplied(
                "This spreadsheet has been applied already: nothing was done again."
            )
        preview: Preview = tracker_preview(upload, actor, today)
        applied, refused = [], [_refusal_json(r) for r in preview.refused]
        for change in preview.changes:
            try:
                with transaction.atomic():
                    _apply(change, actor, today)
            except (delivery.StaleEdit, delivery.DeliveryRuleError) as exc:
                refused.append(
                    _refusal_json(
                        Refusal(change.row, str(change.action.pk), change.action.text, str(exc))
                    )
                )
                continue
            applied.append(
                {
                    "row": change.row,
                    "action_id": str(change.action.pk),
                    "text": change.action.text,
                    "lines": change.lines,
                }
            )
        refused.sort(key=lambda r: r["row"])
        result = {
            "applied": applied,
            "conflicts": [_refusal_json(r) for r in preview.conflicts],
            "refused": refused,
            "skipped": preview.skipped,
        }
        upload.refresh_from_db(fields=["applied_at"])
        upload.result = result
        upload.save(update_fields=["result"])
        audit_event_record(
            actor=actor,
            event_type=events.TRACKER_APPLIED,
            target=upload,
            summary=(
                f"Filled-in spreadsheet applied: {len(applied)} action(s) updated, "
                f"{len(result['conflicts'])} conflict(s), {len(refused)} row(s) refused"
            ),
            after={
                "applied": [int(a["action_id"]) for a in applied],
                "conflicts": len(result["conflicts"]),
                "refused": len(refused),
            },
        )
    return result
