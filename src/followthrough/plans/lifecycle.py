"""An action's life: its statuses, the moves between them and who may make each move.

This is the one place that says which statuses are open, done and closed, and which status may
follow which. Models, services, selectors, reminders, dashboards, exports and the SMART checker's
bridge all ask it; ``tests/plans/test_lifecycle.py`` walks the whole table.

    not started / on track / at risk / no information        (open: the lead's to deliver)
        | progress (lead or coordinator): stays open, any open status
        | complete (lead or coordinator)        -> completed, awaiting sign-off
        | propose closing (lead, with a reason) -> closure proposed, awaiting decision
        | close (coordinator or board member, with a reason) -> partly met, not met, already
        |                                          in place, closed - not implemented, superseded
    completed (awaiting sign-off)
        | sign off (coordinator or board member) -> signed off
        | return   (coordinator or board member) -> on track, back to the lead
    closure proposed (awaiting decision)
        | accept the closure (coordinator or board member) -> the ending the lead proposed
        | return   (coordinator or board member) -> on track, back to the lead
    signed off, already in place, partly met, not met, closed - not implemented, superseded
        | reopen (coordinator or board member, with a reason) -> an open status

Ending an action is the partnership's decision, like completing it: a lead proposes, the
coordinator or a board member decides.

Whether an action is overdue or due soon is worked out from its dates and today, never stored.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from django.db import models
from django.db.models import Q


class ActionStatus(models.TextChoices):
    """The recorded status of an action (docs/domain.md)."""

    NOT_STARTED = "not_started", "Not started"
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    COMPLETED = "completed", "Completed (awaiting sign-off)"
    SIGNED_OFF = "signed_off", "Signed off"
    PARTLY_MET = "partly_met", "Partly met"
    NOT_MET = "not_met", "Not met"
    ALREADY_IN_PLACE = "already_in_place", "Already in place"
    CLOSED_NOT_IMPLEMENTED = "closed_not_implemented", "Closed - not implemented"
    SUPERSEDED = "superseded", "Superseded"
    NO_INFORMATION = "no_information", "No information"
    CLOSURE_PROPOSED = "closure_proposed", "Closure proposed (awaiting decision)"


S = ActionStatus

# Under way: the lead's to deliver. "No information" is open: nobody has said it is done.
OPEN = frozenset({S.NOT_STARTED, S.ON_TRACK, S.AT_RISK, S.NO_INFORMATION})
# The statuses a lead may choose when recording progress (no one records "no information").
PROGRESS = (S.NOT_STARTED, S.ON_TRACK, S.AT_RISK)
# Done: what was asked is in place (awaiting sign-off, signed off, or already in place).
DONE = frozenset({S.COMPLETED, S.SIGNED_OFF, S.ALREADY_IN_PLACE})
# Ended without being done as planned.
CLOSED = frozenset({S.PARTLY_MET, S.NOT_MET, S.CLOSED_NOT_IMPLEMENTED, S.SUPERSEDED})
# Needs no more work from its lead.
FINISHED = DONE | CLOSED
# Waiting for the partnership: completion to sign off, or an ending to accept or return.
AWAITING_DECISION = frozenset({S.COMPLETED, S.CLOSURE_PROPOSED})
# The ways an action can end other than completion and sign-off, in the order offered.
CLOSING = (
    S.PARTLY_MET,
    S.NOT_MET,
    S.ALREADY_IN_PLACE,
    S.CLOSED_NOT_IMPLEMENTED,
    S.SUPERSEDED,
)
# Every ending other than completion is explained (the reason is recorded and shown).
NEEDS_REASON = frozenset(CLOSING)

assert OPEN | FINISHED | {S.CLOSURE_PROPOSED} == set(ActionStatus)  # noqa: S101
assert not OPEN & FINISHED and S.CLOSURE_PROPOSED not in OPEN | FINISHED  # noqa: S101


def is_open(status: str, completed_on: dt.date | None) -> bool:
    """Still to deliver: an open status and no completion date."""
    return status in OPEN and completed_on is None


def open_q(prefix: str = "") -> Q:
    """The SQL twin of ``is_open``, for a queryset of actions (or, with ``prefix``, of rows
    that reach an action through it: ``open_q("action__")``)."""
    return Q(**{f"{prefix}status__in": sorted(OPEN), f"{prefix}completed_on__isnull": True})


def is_done(status: str, completed_on: dt.date | None) -> bool:
    """Counts as delivered: done statuses, or an open one with a completion date recorded (a
    published plan that gave a completion date and no status)."""
    return status in DONE or (status in OPEN and completed_on is not None)


def done_q(prefix: str = "") -> Q:
    """The SQL twin of ``is_done``."""
    return Q(**{f"{prefix}status__in": sorted(DONE)}) | Q(
        **{f"{prefix}status__in": sorted(OPEN), f"{prefix}completed_on__isnull": False}
    )


def closed_q(prefix: str = "") -> Q:
    """Ended without being done: the actions that are neither open, done nor awaiting the
    partnership's decision on a proposed closure (a closed status is never done, whatever its
    completion date)."""
    return Q(**{f"{prefix}status__in": sorted(CLOSED)})


def awaiting_decision_q(prefix: str = "") -> Q:
    """The SQL twin of ``status in AWAITING_DECISION``: completions to sign off and proposed
    closures to accept or return."""
    return Q(**{f"{prefix}status__in": sorted(AWAITING_DECISION)})


# The interchange format (shared/schema) has a coarser status vocabulary. Stored -> interchange:
TO_INTERCHANGE: dict[str, str | None] = {
    S.NOT_STARTED: "not_started",
    S.ON_TRACK: "in_progress",
    S.AT_RISK: "in_progress",
    S.COMPLETED: "completed",
    S.SIGNED_OFF: "completed",
    S.ALREADY_IN_PLACE: "completed",
    S.PARTLY_MET: "not_achieved",
    S.NOT_MET: "not_achieved",
    S.CLOSED_NOT_IMPLEMENTED: "not_achieved",
    S.SUPERSEDED: "superseded",
    S.NO_INFORMATION: None,
    S.CLOSURE_PROPOSED: "in_progress",  # not ended until the partnership decides
}
# ... and interchange -> stored, for an imported plan. A published plan's "completed" has not
# been signed off here: it waits for the partnership's sign-off.
FROM_INTERCHANGE: dict[str | None, str] = {
    "not_started": S.NOT_STARTED,
    "in_progress": S.ON_TRACK,
    "completed": S.COMPLETED,
    "not_achieved": S.NOT_MET,
    "superseded": S.SUPERSEDED,
    None: S.NO_INFORMATION,
}


def from_interchange(status: str | None, completed_on) -> str:
    """The stored status of an imported action: a completion date with no status that says
    otherwise means it was completed."""
    stored = FROM_INTERCHANGE.get(status, S.NO_INFORMATION)
    if completed_on is not None and stored in OPEN:
        return S.COMPLETED
    return stored


class Move(enum.StrEnum):
    PROGRESS = "progress"
    COMPLETE = "complete"
    SIGN_OFF = "sign_off"
    RETURN = "return"
    PROPOSE_CLOSE = "propose_close"
    CLOSE = "close"
    ACCEPT_CLOSE = "accept_close"
    REOPEN = "reopen"


@dataclass(frozen=True)
class Rule:
    """A move: from which statuses, to which, and the permission (plans/rules.py) it needs."""

    move: Move
    sources: frozenset[str]
    targets: frozenset[str]
    permission: str
    refusal: str  # why it is refused from any other status, for the person trying


TABLE: dict[Move, Rule] = {
    rule.move: rule
    for rule in [
        Rule(
            Move.PROGRESS,
            OPEN,
            frozenset(PROGRESS),
            "delivery.update_action",
            "This action is {status}: progress is recorded only while it is open. "
            "To change it, the partnership reopens it first.",
        ),
        Rule(
            Move.COMPLETE,
            OPEN,
            frozenset({S.COMPLETED}),
            "delivery.update_action",
            "This action is {status}: only an open action can be marked completed.",
        ),
        Rule(
            Move.SIGN_OFF,
            frozenset({S.COMPLETED}),
            frozenset({S.SIGNED_OFF}),
            "delivery.sign_off",
            "This action is {status}: only an action marked completed can be signed off.",
        ),
        Rule(
            Move.RETURN,
            AWAITING_DECISION,
            frozenset({S.ON_TRACK}),
            "delivery.sign_off",
            "This action is {status}: only an action waiting for the partnership's decision "
            "can be returned.",
        ),
        Rule(
            Move.PROPOSE_CLOSE,
            OPEN,
            frozenset({S.CLOSURE_PROPOSED}),
            "delivery.update_action",
            "This action is {status}: only an open action can be proposed for closing. To change "
            "how it ended, the partnership reopens it first.",
        ),
        Rule(
            Move.CLOSE,
            OPEN,
            frozenset(CLOSING),
            "delivery.sign_off",
            "This action is {status} already: only an open action can be closed. To change how "
            "it ended, the partnership reopens it first.",
        ),
        Rule(
            Move.ACCEPT_CLOSE,
            frozenset({S.CLOSURE_PROPOSED}),
            frozenset(CLOSING),
            "delivery.sign_off",
            "This action is {status}: only a proposed closure can be accepted.",
        ),
        Rule(
            Move.REOPEN,
            FINISHED,
            frozenset(PROGRESS),
            "delivery.reopen",
            "This action is {status}: only a finished action can be reopened.",
        ),
    ]
}


class TransitionRefused(Exception):
    """A move the lifecycle does not allow; the message says why."""


def check(move: Move, *, current: str, target: str) -> Rule:
    """The rule for ``move`` from ``current`` to ``target``, or ``TransitionRefused``."""
    rule = TABLE[move]
    if current not in rule.sources:
        raise TransitionRefused(rule.refusal.format(status=label(current).lower()))
    if target not in rule.targets:
        raise TransitionRefused(f"{label(target)} is not a status this step can set.")
    return rule


def allowed(move: Move, current: str) -> bool:
    return current in TABLE[move].sources


def label(status: str) -> str:
    try:
        return ActionStatus(status).label
    except ValueError:
        return status
