"""Writes that deliver actions: progress, evidence, completion, sign-off, closure, reopening
and revised target dates. Each runs in one transaction, records an audit event, refuses to act
on a stale page (the action's version must be the one the user saw: ``plans.concurrency``), and
refuses a move the lifecycle does not allow (``plans.lifecycle``: which status may follow which,
and who may make each move)."""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from followthrough.audit import events
from followthrough.audit.services import audit_event_record
from followthrough.delivery.evidence import EvidenceRejected, display_name, evidence_check
from followthrough.delivery.models import (
    ActionComment,
    Evidence,
    ProgressUpdate,
    SignOffDecision,
    TargetDateRevision,
)
from followthrough.delivery.news import News, announce
from followthrough.interchange import PartialDate
from followthrough.plans import lifecycle
from followthrough.plans.concurrency import StaleEdit, claim
from followthrough.plans.lifecycle import ActionStatus, Move
from followthrough.plans.models import Action, Milestone
from followthrough.plans.smart import findings_refresh

__all__ = ["DeliveryRuleError", "StaleEdit"]  # and the services below


class DeliveryRuleError(Exception):
    """A change the delivery rules do not allow; the message says why."""


@dataclass(frozen=True)
class Upload:
    name: str
    data: bytes


def _move(move: Move, action: Action, expected_version: int, actor, *, status, **changes) -> Action:
    """Make a lifecycle move: refused unless the table allows it from the action's status (as
    locked, not as the page showed it) and the actor holds the move's permission; then the
    change, under the action's lock and version."""
    rule = lifecycle.TABLE[move]
    if actor is not None and not actor.has_perm(rule.permission, action):
        raise DeliveryRuleError("You do not have permission to do this to this action.")

    def next_status(locked: Action) -> str:
        target = status(locked) if callable(status) else status
        try:
            lifecycle.check(move, current=locked.status, target=target)
        except lifecycle.TransitionRefused as exc:
            raise DeliveryRuleError(str(exc)) from None
        return target

    moved = claim(
        action, expected_version, changes={"status": next_status, **changes}, always=True
    ).obj
    findings_refresh(review=action.recommendation.review)  # the checker reads the status
    return moved


def _snapshot(action: Action) -> dict:
    return {
        "status": action.status,
        "target_date": action.target_date.isoformat() if action.target_date else None,
        "completed_on": action.completed_on.isoformat() if action.completed_on else None,
        "version": action.version,
    }


def _record(
    actor, event_type, action: Action, summary: str, before: dict, after: dict | None = None
):
    audit_event_record(
        actor=actor,
        event_type=event_type,
        target=action,
        partnership=action.recommendation.review.partnership,
        summary=summary,
        before=before,
        after=after if after is not None else _snapshot(action),
    )


@dataclass(frozen=True)
class _Checked:
    upload: Upload
    name: str
    kind: object  # evidence.EvidenceType


class _EvidenceFiles:
    """Evidence files written during a service. Each file is first opened in a limited child
    process to check it is what it claims (``evidence.evidence_check``): ``check`` runs before
    the service's transaction, so no database lock is held while a file is opened. Files are
    not transactional: if the service then fails, the files it wrote are deleted again. Each is
    stored under a random name with the extension of the type found; the name the person gave
    is kept, cleaned, only to show."""

    def __init__(self, files: list[Upload] = (), *, max_bytes: int | None = None):
        self.written: list[tuple] = []
        self.checked = self.check(list(files), max_bytes if max_bytes else _max_bytes())

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None:
            for storage, name in self.written:
                storage.delete(name)
        return False

    @staticmethod
    def _check_limits():
        from django.conf import settings

        from followthrough.sandbox import Limits

        return Limits(
            seconds=settings.FOLLOWTHROUGH_EVIDENCE_CHECK_SECONDS,
            memory_bytes=settings.FOLLOWTHROUGH_EVIDENCE_CHECK_MEMORY_MB << 20,
        )

    def check(self, files: list[Upload], max_bytes: int) -> list[_Checked]:
        checked = []
        for upload in files:
            name = display_name(upload.name)
            if len(upload.data) > max_bytes:
                raise EvidenceRejected(
                    f"{name} is larger than the limit of {max_bytes // (1024 * 1024)} MB."
                )
            try:
                kind = evidence_check(upload.data, limits=self._check_limits())
            except EvidenceRejected as exc:
                raise EvidenceRejected(f"{name}: {exc}") from None
            checked.append(_Checked(upload, name, kind))
        return checked

    def store(self, *, update: ProgressUpdate, actor):
        for upload, name, kind in ((c.upload, c.name, c.kind) for c in self.checked):
            evidence = Evidence(
                update=update,
                action=update.action,
                original_name=name,
                content_type=kind.content_type,
                size=len(upload.data),
                sha256=hashlib.sha256(upload.data).hexdigest(),
            )
            evidence.file.save(f"evidence.{kind.extension}", ContentFile(upload.data), save=False)
            self.written.append((evidence.file.storage, evidence.file.name))
            evidence.save()
            audit_event_record(
                actor=actor,
                event_type=events.EVIDENCE_ADDED,
                target=evidence,
                partnership=update.action.recommendation.review.partnership,
                summary=f"Evidence added ({kind.label}, {len(upload.data)} bytes)",
                after={"sha256": evidence.sha256, "content_type": kind.content_type},
            )


def _max_bytes() -> int:
    from django.conf import settings

    return settings.FOLLOWTHROUGH_MAX_UPLOAD_BYTES


def progress_update_add(
    *,
    action: Action,
    actor,
    expected_version: int,
    narrative: str,
    status: str,
    milestones_done: list[Milestone] = (),
    files: list[Upload] = (),
    today: dt.date | None = None,
) -> ProgressUpdate:
    """A dated narrative, a status, milestones done and evidence, all or nothing."""
    if status not in lifecycle.PROGRESS:
        raise DeliveryRuleError(
            "A progress update keeps the action open: to finish it, mark it completed or close it."
        )
    today = today or timezone.localdate()
    with _EvidenceFiles(files) as evidence, transaction.atomic():
        before = _snapshot(action)
        action = _move(Move.PROGRESS, action, expected_version, actor, status=status)
        update = ProgressUpdate.objects.create(
            action=action, author=actor, narrative=narrative, status=status
        )
        done_ids = [m.pk for m in milestones_done if m.action_id == action.pk and not m.done_on]
        for milestone in Milestone.objects.filter(pk__in=done_ids):
            milestone.done_on = today
            milestone.save(update_fields=["done_on"])  # through save(): the history keeps it
        evidence.store(update=update, actor=actor)
        _record(
            actor,
            events.PROGRESS_UPDATED,
            action,
            f"Progress recorded: {action.get_status_display()}, "
            f"{len(done_ids)} milestone(s) done, {len(files)} evidence file(s)",
            before,
        )
    return update


def action_mark_completed(
    *,
    action: Action,
    actor,
    expected_version: int,
    outcome: str,
    completed_on: dt.date,
    files: list[Upload] = (),
) -> ProgressUpdate:
    """The lead says the action is done: it waits for sign-off by the partnership."""
    with _EvidenceFiles(files) as evidence, transaction.atomic():
        before = _snapshot(action)
        action = _move(
            Move.COMPLETE,
            action,
            expected_version,
            actor,
            status=ActionStatus.COMPLETED,
            outcome=outcome,
            completed_on=completed_on,
            completed_on_precision="day",
        )
        update = ProgressUpdate.objects.create(
            action=action,
            author=actor,
            narrative=outcome,
            status=ActionStatus.COMPLETED,
            marks_completed=True,
        )
        evidence.store(update=update, actor=actor)
        _record(
            actor, events.ACTION_COMPLETED, action, "Marked completed; awaiting sign-off", before
        )
        announce(News.COMPLETED, action=action, actor=actor)
    return update


@transaction.atomic
def action_sign_off(
    *,
    action: Action,
    actor,
    expected_version: int,
    meeting_date: dt.date,
    minutes_reference: str,
    comment: str = "",
) -> SignOffDecision:
    before = _snapshot(action)
    action = _move(Move.SIGN_OFF, action, expected_version, actor, status=ActionStatus.SIGNED_OFF)
    decision = SignOffDecision.objects.create(
        action=action,
        decision=SignOffDecision.Decision.SIGNED_OFF,
        decided_by=actor,
        meeting_date=meeting_date,
        minutes_reference=minutes_reference,
        comment=comment,
    )
    _record(
        actor,
        events.ACTION_SIGNED_OFF,
        action,
        f"Signed off at the meeting of {meeting_date:%d %B %Y} ({minutes_reference})",
        before,
    )
    return decision


@transaction.atomic
def action_return(*, action: Action, actor, expected_version: int, comment: str) -> SignOffDecision:
    """Not done, or not to be ended that way: the action goes back to its lead with a comment
    (a completion awaiting sign-off, or a proposed closure)."""
    before = _snapshot(action)
    action = _move(
        Move.RETURN,
        action,
        expected_version,
        actor,
        status=ActionStatus.ON_TRACK,
        completed_on=None,
        proposed_closure="",
    )
    decision = SignOffDecision.objects.create(
        action=action,
        decision=SignOffDecision.Decision.RETURNED,
        decided_by=actor,
        comment=comment,
    )
    _record(
        actor,
        events.ACTION_RETURNED,
        action,
        "Returned to the lead",
        before,
        {**_snapshot(action), "comment": comment},
    )
    return decision


def _closing(status: str, reason: str) -> None:
    if status not in lifecycle.CLOSING:
        raise DeliveryRuleError("Choose how the action ended.")
    if status in lifecycle.NEEDS_REASON and not reason.strip():
        raise DeliveryRuleError("Give the reason the action is ending this way.")


def action_closure_propose(
    *,
    action: Action,
    actor,
    expected_version: int,
    status: str,
    reason: str,
    files: list[Upload] = (),
) -> ProgressUpdate:
    """The lead proposes ending the action other than by completion (partly met, not met,
    already in place, closed - not implemented, superseded), with a reason and evidence. It
    waits for the partnership's decision, as a completion waits for sign-off."""
    _closing(status, reason)
    with _EvidenceFiles(files) as evidence, transaction.atomic():
        before = _snapshot(action)
        action = _move(
            Move.PROPOSE_CLOSE,
            action,
            expected_version,
            actor,
            status=ActionStatus.CLOSURE_PROPOSED,
            proposed_closure=status,
            outcome=reason,
        )
        update = ProgressUpdate.objects.create(
            action=action,
            author=actor,
            narrative=f"Proposed closing it as {lifecycle.label(status).lower()}: {reason}",
            status=ActionStatus.CLOSURE_PROPOSED,
        )
        evidence.store(update=update, actor=actor)
        _record(
            actor,
            events.ACTION_CLOSURE_PROPOSED,
            action,
            f"Closure proposed: {lifecycle.label(status)}; awaiting the partnership's decision",
            before,
            {**_snapshot(action), "proposed": status, "reason": reason},
        )
        announce(News.CLOSURE_PROPOSED, action=action, actor=actor)
    return update


@transaction.atomic
def action_close(
    *, action: Action, actor, expected_version: int, status: str, reason: str
) -> Action:
    """The partnership (its coordinator or a board member) ends an open action other than by
    completion, with a reason: the decision and the proposal in one."""
    _closing(status, reason)
    before = _snapshot(action)
    action = _move(
        Move.CLOSE,
        action,
        expected_version,
        actor,
        status=status,
        outcome=lambda locked: reason or locked.outcome,
    )
    ProgressUpdate.objects.create(action=action, author=actor, narrative=reason, status=status)
    _record(
        actor,
        events.ACTION_CLOSED,
        action,
        f"Closed: {action.get_status_display()}",
        before,
        {**_snapshot(action), "reason": reason},
    )
    return action


@transaction.atomic
def action_closure_accept(
    *,
    action: Action,
    actor,
    expected_version: int,
    meeting_date: dt.date,
    minutes_reference: str,
    comment: str = "",
) -> SignOffDecision:
    """The partnership accepts the ending its lead proposed, at a meeting."""
    before = _snapshot(action)
    proposed = action.proposed_closure
    action = _move(
        Move.ACCEPT_CLOSE,
        action,
        expected_version,
        actor,
        status=lambda locked: locked.proposed_closure,
        proposed_closure="",
    )
    decision = SignOffDecision.objects.create(
        action=action,
        decision=SignOffDecision.Decision.CLOSED,
        decided_by=actor,
        meeting_date=meeting_date,
        minutes_reference=minutes_reference,
        comment=comment,
    )
    _record(
        actor,
        events.ACTION_CLOSED,
        action,
        f"Closure accepted as {lifecycle.label(proposed).lower()} at the meeting of "
        f"{meeting_date:%d %B %Y} ({minutes_reference})",
        before,
    )
    return decision


@transaction.atomic
def action_reopen(
    *, action: Action, actor, expected_version: int, status: str, reason: str
) -> Action:
    """The partnership reopens a finished action (signed off, already in place, closed): it is
    open again with the status chosen, its completion date cleared and the reason recorded. The
    outcome it had stays in its history and in the update that reopened it."""
    if not reason.strip():
        raise DeliveryRuleError("Give the reason the action is being reopened.")
    before = _snapshot(action)
    previous_outcome = action.outcome
    action = _move(
        Move.REOPEN,
        action,
        expected_version,
        actor,
        status=status,
        completed_on=None,
        outcome="",
    )
    ProgressUpdate.objects.create(
        action=action, author=actor, narrative=f"Reopened: {reason}", status=status
    )
    _record(
        actor,
        events.ACTION_REOPENED,
        action,
        f"Reopened as {action.get_status_display()}",
        before,
        {**_snapshot(action), "reason": reason, "previous_outcome": previous_outcome},
    )
    return action


@transaction.atomic
def target_date_revision_propose(
    *, action: Action, actor, proposed: PartialDate, reason: str
) -> TargetDateRevision:
    if not reason.strip():
        raise DeliveryRuleError("Give the reason the target date needs to change.")
    if action.date_revisions.filter(state=TargetDateRevision.State.PENDING).exists():
        raise DeliveryRuleError(
            "A new target date is already waiting for approval: wait for the coordinator's "
            "decision on it first."
        )
    if action.target == proposed:
        raise DeliveryRuleError("That is the target date already.")
    revision = TargetDateRevision.objects.create(
        action=action,
        previous_date=action.target_date,
        previous_date_precision=action.target_date_precision,
        proposed_date=proposed.due_on,
        proposed_date_precision=proposed.precision.value,
        reason=reason,
        proposed_by=actor,
    )
    _record(
        actor,
        events.DATE_REVISION_PROPOSED,
        action,
        f"New target date proposed: {proposed.display()}",
        _snapshot(action),
        {"proposed": proposed.isoformat(), "reason": reason},
    )
    announce(News.DATE_PROPOSED, action=action, actor=actor)
    return revision


@transaction.atomic
def target_date_revision_decide(
    *, revision: TargetDateRevision, actor, approve: bool, note: str = ""
) -> TargetDateRevision:
    """A coordinator approves (the target date changes, the original is kept) or declines."""
    revision = TargetDateRevision.objects.select_for_update().get(pk=revision.pk)
    if revision.state != TargetDateRevision.State.PENDING:
        raise DeliveryRuleError("This revised date has already been decided.")
    action = revision.action
    before = _snapshot(action)
    revision.state = (
        TargetDateRevision.State.APPROVED if approve else TargetDateRevision.State.REJECTED
    )
    revision.decided_by, revision.decided_at = actor, timezone.now()
    revision.decision_note = note
    revision.save()
    if approve:
        changes = {
            "target_date": revision.proposed_date,
            "target_date_precision": revision.proposed_date_precision,
            "target_date_revisions": lambda locked: locked.target_date_revisions + 1,
        }
        if action.original_target_date is None:
            changes["original_target_date"] = action.target_date
            changes["original_target_date_precision"] = action.target_date_precision
        action = claim(action, action.version, changes=changes, always=True).obj
        findings_refresh(review=action.recommendation.review)
    _record(
        actor,
        events.DATE_REVISION_APPROVED if approve else events.DATE_REVISION_REJECTED,
        action,
        f"Revised target date {'approved' if approve else 'not approved'}: "
        f"{revision.proposed.display()}",
        before,
    )
    return revision


# The action's thread ------------------------------------------------------------------------


@transaction.atomic
def action_comment_add(*, action: Action, actor, text: str) -> ActionComment:
    """A comment on the action's thread, from a lead or the partnership: whoever may update
    the action or decide on it (``delivery.comment``). The other side hears of it that day."""
    if actor is not None and not actor.has_perm("delivery.comment", action):
        raise DeliveryRuleError("You do not have permission to comment on this action.")
    if not text.strip():
        raise DeliveryRuleError("Write your comment.")
    comment = ActionComment.objects.create(action=action, author=actor, text=text.strip())
    _record(
        actor,
        events.ACTION_COMMENTED,
        action,
        "Comment added",
        None,
        {"comment_id": comment.pk, "comment": comment.text},
    )
    announce(News.COMMENTED, action=action, actor=actor)
    return comment


# Several actions decided at one meeting --------------------------------------------------------


class MeetingDecision(enum.StrEnum):
    ACCEPT = "accept"  # sign off the completions, accept the proposed closures
    RETURN = "return"  # return each to its lead, with the comment


@dataclass(frozen=True)
class Problem:
    """Why one ticked action could not be decided."""

    action_id: int
    text: str  # the action's text ("" when it is gone)
    reason: str


class MeetingRefused(Exception):
    """Nothing was saved, because some of the ticked actions could not be decided: the
    problems say which and why."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} action(s) could not be decided; nothing was saved")
        self.problems = problems


def actions_decide(
    *,
    partnership,
    choices: list[tuple[int, int]],
    decision: str,
    actor,
    meeting_date: dt.date | None = None,
    minutes_reference: str = "",
    comment: str = "",
) -> list[SignOffDecision]:
    """Several actions of ``partnership`` decided at one meeting, each as it would be on its
    own: ``choices`` are (action id, the version the page showed). To accept, a completion is
    signed off and a proposed closure accepted, with the meeting date and minutes reference
    (and the comment, if any); to return, each goes back to its lead with the comment. Every
    action goes through its one-action service (its lock, version, lifecycle rule, permission
    and audit event), in one transaction and in id order (so two meetings deciding at once
    lock rows in the same order).

    All or nothing: if any ticked action cannot be decided (changed since the page was opened,
    decided already, no longer in the partnership's plans), nothing is saved and
    ``MeetingRefused`` lists each such action and why."""
    decision = MeetingDecision(decision)
    if not choices:
        raise DeliveryRuleError("Tick the actions the meeting decided.")
    if decision is MeetingDecision.ACCEPT and not (meeting_date and minutes_reference.strip()):
        raise DeliveryRuleError("Give the meeting date and the minutes reference.")
    if decision is MeetingDecision.RETURN and not comment.strip():
        raise DeliveryRuleError("Say why the actions go back to their leads.")
    versions = dict(choices)
    actions = {
        action.pk: action
        for action in Action.objects.select_related("recommendation__review__partnership").filter(
            pk__in=list(versions), recommendation__review__partnership=partnership
        )
    }
    made: list[SignOffDecision] = []
    problems: list[Problem] = []
    with transaction.atomic():
        for pk in sorted(versions):
            action = actions.get(pk)
            if action is None:
                problems.append(Problem(pk, "", "It is no longer in the partnership's plans."))
                continue
            try:  # each service runs in a savepoint of its own
                made.append(
                    _decide(
                        action,
                        versions[pk],
                        decision,
                        actor,
                        meeting_date,
                        minutes_reference,
                        comment,
                    )
                )
            except (StaleEdit, DeliveryRuleError) as exc:
                problems.append(Problem(pk, action.text, str(exc)))
        if problems:
            raise MeetingRefused(problems)  # rolls back every decision made above
    return made


def _decide(action, version, decision, actor, meeting_date, minutes_reference, comment):
    if decision is MeetingDecision.RETURN:
        return action_return(action=action, actor=actor, expected_version=version, comment=comment)
    accept = (
        action_closure_accept if action.status == ActionStatus.CLOSURE_PROPOSED else action_sign_off
    )
    return accept(
        action=action,
        actor=actor,
        expected_version=version,
        meeting_date=meeting_date,
        minutes_reference=minutes_reference,
        comment=comment,
    )
