"""The five dates a review's details page shares with its timeline, and what the timeline reads.

``Review`` keeps ``notified_on``, ``decided_on``, ``qa_submitted_on``, ``qa_approved_on`` and
``published_on`` for their many readers (public pages, lessons, the SMART checker's plan date).
Each mirrors a stage: the services keep the two in step, whichever page changes them, and
the timeline reads the review's field for those stages, so that even a write that went round
the services (a revised plan's publication date, the admin) cannot make the pages disagree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from followthrough.clocks.engine import RETURNED, Recorded
from followthrough.clocks.rules import ReviewTypeStages


@dataclass(frozen=True)
class MirroredDate:
    field: str  # the Review field
    stages: tuple[str, ...]  # the stage it mirrors: the first of these the review type has
    outcome: str = ""  # only an entry with this outcome (the QA approval)

    def stage_in(self, stages: ReviewTypeStages) -> str | None:
        keys = stages.keys()
        return next((key for key in self.stages if key in keys), None)

    def matches(self, entry) -> bool:
        return not self.outcome or entry.outcome == self.outcome


MIRRORED = (
    MirroredDate("notified_on", ("notification", "incident_known", "referral", "received")),
    MirroredDate("decided_on", ("decision",)),
    MirroredDate("qa_submitted_on", ("qa_submitted",)),
    MirroredDate("qa_approved_on", ("qa_outcome",), outcome="approved"),
    MirroredDate("published_on", ("publication", "annual_report", "published")),
)
BY_FIELD = {mirrored.field: mirrored for mirrored in MIRRORED}


def mirrored_for(stages: ReviewTypeStages, stage: str) -> MirroredDate | None:
    """The review field a stage of this review type mirrors, if any."""
    return next((m for m in MIRRORED if m.stage_in(stages) == stage), None)


@dataclass(frozen=True)
class Effective:
    """One stage date as the timeline reads it: from an entry (``entry``), or from the review's
    own field where no entry holds it (``entry`` None; a review imported with its dates)."""

    stage: str
    round: int
    on: dt.date
    outcome: str
    entry: object | None

    def recorded(self) -> Recorded:
        return Recorded(stage=self.stage, on=self.on, outcome=self.outcome)


def effective(review, stages: ReviewTypeStages, entries: Iterable) -> list[Effective]:
    """The review's stage dates, in the order the engine reads them: its entries, with the
    latest entry of each mirrored stage holding the review's field where it has one (no entry:
    one made from the field)."""
    entries = sorted(entries, key=lambda e: (e.round, e.on, e.pk or 0))
    items = [Effective(e.stage, e.round, e.on, e.outcome, e) for e in entries]
    current = current_round(stages, entries)
    looping = loop_keys(stages)
    for mirrored in MIRRORED:
        key = mirrored.stage_in(stages)
        if key is None:
            continue
        value = getattr(review, mirrored.field)
        of_stage = [i for i, item in enumerate(items) if item.stage == key]
        latest = of_stage[-1] if of_stage else None
        if value is None:
            continue  # only the services clear a date, and they remove its entry with it
        if latest is not None and mirrored.matches(items[latest]):
            if items[latest].on != value:
                old = items[latest]
                items[latest] = Effective(old.stage, old.round, value, old.outcome, old.entry)
        else:
            round_ = current if key in looping else 1
            items.append(Effective(key, round_, value, mirrored.outcome, None))
    return sorted(items, key=lambda item: (item.round, item.on))


def loop_keys(stages: ReviewTypeStages) -> tuple[str, ...]:
    """The stages done again after a return (from ``returns_to`` to the stage returning)."""
    keys = stages.keys()
    for i, rule in enumerate(stages.stages):
        if rule.returns_to is not None:
            return keys[keys.index(rule.returns_to) : i + 1]
    return ()


def current_round(stages: ReviewTypeStages, entries: Iterable) -> int:
    """The round a review is in: 1, plus one for each time its report was returned."""
    looping = next((rule.key for rule in stages.stages if rule.returns_to), None)
    if looping is None:
        return 1
    return 1 + sum(1 for e in entries if e.stage == looping and e.outcome == RETURNED)
