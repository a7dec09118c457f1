"""Where a review stands against its clocks: each stage's due date, whether it was done on time,
and what is due next.

Plain functions of plain data: the stage rules (rules.py), the dates recorded for a review, any
extensions, and today's date, which is always passed in so that every answer can be tested with
fixed dates.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from followthrough.clocks.rules import ReviewTypeStages, StageRule

DONE = "done"
DONE_LATE = "done_late"
LATE = "late"
DUE_SOON = "due_soon"
ON_TIME = "on_time"
NO_CLOCK = "no_clock"
WAITING = "waiting"
STATUSES = (DONE, DONE_LATE, LATE, DUE_SOON, ON_TIME, NO_CLOCK, WAITING)

RETURNED = "returned"


@dataclass(frozen=True)
class Recorded:
    """A stage's date (and outcome, if it has outcomes); a stage may be recorded again in a
    later round, after a return."""

    stage: str
    on: date
    outcome: str = ""


@dataclass(frozen=True)
class Extension:
    """A stage's due date moved, with the reason."""

    stage: str
    due_on: date
    reason: str


@dataclass(frozen=True)
class ClockState:
    status: str  # one of STATUSES
    due_on: date | None
    done_on: date | None
    days_late: int  # > 0 for late and done_late
    days_left: int  # >= 0 for on_time and due_soon
    label: str  # "On time", "Due in 3 days", "Late by 12 days", "Done", "Done 4 days late"

    @property
    def is_late(self) -> bool:
        return self.status == LATE


def _days(n: int) -> str:
    return "1 day" if n == 1 else f"{n} days"


def clock(
    *, due_on: date | None, done_on: date | None, today: date, due_soon_days: int = 14
) -> ClockState:
    """The state of one clock on ``today``.

    Done on or before the due date is "done"; after it, "done_late". Not done: "late" once the
    due date has passed, "due_soon" within ``due_soon_days`` of it (the due date itself
    included), "on_time" before that, and "no_clock" when there is no due date.
    """
    if done_on is not None:
        if due_on is not None and done_on > due_on:
            late = (done_on - due_on).days
            return ClockState(DONE_LATE, due_on, done_on, late, 0, f"Done {_days(late)} late")
        return ClockState(DONE, due_on, done_on, 0, 0, "Done")
    if due_on is None:
        return ClockState(NO_CLOCK, None, None, 0, 0, "No time limit")
    left = (due_on - today).days
    if left < 0:
        return ClockState(LATE, due_on, None, -left, 0, f"Late by {_days(-left)}")
    if left <= due_soon_days:
        label = "Due today" if left == 0 else f"Due in {_days(left)}"
        return ClockState(DUE_SOON, due_on, None, 0, left, label)
    return ClockState(ON_TIME, due_on, None, 0, left, "On time")


@dataclass(frozen=True)
class StageRow:
    """One line of a timeline: a stage in one round."""

    rule: StageRule
    round: int  # 1, or 2 and more after a return
    done_on: date | None
    outcome: str
    due_on: date | None  # after any extension
    extension: Extension | None
    state: ClockState

    @property
    def key(self) -> str:
        return self.rule.key

    @property
    def label(self) -> str:
        if self.round > 1:
            return f"{self.rule.label} (round {self.round})"
        return self.rule.label


@dataclass(frozen=True)
class Timeline:
    stages: ReviewTypeStages
    rows: tuple[StageRow, ...]  # in order; the rounds after a return come after the return
    next: StageRow | None  # the first row not done (None when closed or all done)
    state: ClockState  # the next row's state ("done" when nothing is left)
    closed: bool


def timeline(
    stages: ReviewTypeStages,
    recorded: Iterable[Recorded],
    extensions: Iterable[Extension] = (),
    *,
    today: date,
    due_soon_days: int = 14,
) -> Timeline:
    """A review's stages, each with its date, due date and state, and what is due next.

    - A stage is due ``within`` after its ``clock_from`` stage's date (in the same round, or the
      latest round when it counts from a repeated stage). An extension replaces the due date:
      the last extension given for a stage moves its latest round.
    - An outcome "returned" starts a new round: the stages from ``returns_to`` to the stage with
      the outcome are done again, and in that round the ``returns_to`` stage's clock (if it has
      one) counts from the return.
    - Dates may be entered late or out of order: a stage whose ``clock_from`` stage has no date
      is "waiting"; a stage not recorded while a later one is counts as passed ("Not recorded"),
      and what is next is the first stage not done after the last one done.
    - Optional stages are never next, so they never make a review late.
    - Recording a stage that ``closes`` ends the timeline: closed, nothing next.
    Records of a stage the review type does not have (a stage since removed from the stages
    file) are left out.
    """
    rules = stages.stages
    keys = [rule.key for rule in rules]
    by_stage: dict[str, list[Recorded]] = defaultdict(list)
    for entry in recorded:
        if entry.stage in keys:
            by_stage[entry.stage].append(entry)
    for entries in by_stage.values():
        entries.sort(key=lambda e: e.on)  # stable: same-day entries keep their order
    extended: dict[str, Extension] = {}
    for ext in extensions:
        if ext.stage in keys:
            extended[ext.stage] = ext

    # The stages a return repeats, and how many rounds there are.
    loop: list[str] = []
    for i, rule in enumerate(rules):
        if rule.returns_to is not None:
            loop = keys[keys.index(rule.returns_to) : i + 1]
    rounds = 1
    if loop:
        rounds = max(1, *(len(by_stage[k]) for k in loop))
        outcomes = by_stage[loop[-1]]
        if len(outcomes) == rounds and outcomes[-1].outcome == RETURNED:
            rounds += 1

    def entry_of(key: str, round_: int) -> Recorded | None:
        entries = by_stage[key]
        if key in loop:
            return entries[round_ - 1] if len(entries) >= round_ else None
        return entries[-1] if entries else None

    def start_of(rule: StageRule, round_: int) -> date | None:
        """The date this stage's clock counts from, in this round."""
        if rule.clock_from is None:
            return None
        if rule.key in loop and round_ > 1 and rule.key == loop[0]:
            returned = entry_of(loop[-1], round_ - 1)
            return returned.on if returned else None
        if rule.key in loop and rule.clock_from in loop:
            entry = entry_of(rule.clock_from, round_)
        else:
            entry = by_stage[rule.clock_from][-1] if by_stage[rule.clock_from] else None
        return entry.on if entry else None

    plan: list[tuple[StageRule, int]] = []
    for rule in rules:
        if loop and rule.key == loop[0]:
            for r in range(1, rounds + 1):
                plan.extend((stages.stage(k), r) for k in loop)
        elif rule.key not in loop:
            plan.append((rule, 1))
    last_round = {rule.key: r for rule, r in plan}

    done = [entry_of(rule.key, r) for rule, r in plan]
    last_done = max((i for i, e in enumerate(done) if e is not None), default=-1)
    closed = any(e is not None and rule.closes for (rule, _), e in zip(plan, done, strict=True))

    rows: list[StageRow] = []
    for i, ((rule, r), entry) in enumerate(zip(plan, done, strict=True)):
        extension = extended.get(rule.key) if r == last_round[rule.key] else None
        start = start_of(rule, r)
        due_on = rule.within.after(start) if rule.within and start else None
        if extension is not None:
            due_on = extension.due_on
        done_on = entry.on if entry else None
        if done_on is not None:
            state = clock(due_on=due_on, done_on=done_on, today=today)
        elif i < last_done:
            state = ClockState(NO_CLOCK, due_on, None, 0, 0, "Not recorded")
        elif rule.within is not None and due_on is None:
            state = ClockState(WAITING, None, None, 0, 0, "Clock not started")
        else:
            state = clock(due_on=due_on, done_on=None, today=today, due_soon_days=due_soon_days)
        rows.append(
            StageRow(
                rule=rule,
                round=r,
                done_on=done_on,
                outcome=entry.outcome if entry else "",
                due_on=due_on,
                extension=extension,
                state=state,
            )
        )

    following = None
    if not closed:
        following = next(
            (row for row in rows[last_done + 1 :] if row.done_on is None and not row.rule.optional),
            None,
        )
    if following is not None:
        state = following.state
    else:
        state = ClockState(DONE, None, None, 0, 0, "Closed" if closed else "Done")
    return Timeline(stages=stages, rows=tuple(rows), next=following, state=state, closed=closed)
