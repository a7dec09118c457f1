"""Every write to a review's stages: recorded, changed, removed (asked first), extended.

Each runs in one transaction, under the review's row lock, refuses a page older than the
review (``StaleEdit``: the form carries the version of the review, or of the entry, the page
showed), records an audit event beside the row history, and keeps the review's own date of a
mirrored stage (``stages.dates``) equal to the stage's latest entry, so that the details page
and the timeline always say the same. ``review_dates_changed`` is the other direction: the
details page's service calls it for the dates it changed.

Dates may be entered late (a review that began before Followthrough), never in the future.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from followthrough.audit import events
from followthrough.audit.services import audit_event_record
from followthrough.clocks.engine import RETURNED, Recorded, StageRow, timeline
from followthrough.clocks.rules import ReviewTypeStages, StageRule
from followthrough.plans.concurrency import StaleEdit, jsonable
from followthrough.plans.models import PrecisionChoices, Review
from followthrough.plans.services.authoring import PlanRuleError
from followthrough.stages.dates import (
    BY_FIELD,
    current_round,
    effective,
    loop_keys,
    mirrored_for,
)
from followthrough.stages.models import StageEntry, StageExtension
from followthrough.stages.selectors import stages_of

__all__ = ["StageError", "StaleEdit"]  # StaleEdit: what a change on a stale page raises

FROM_DETAILS = "Recorded on the review's details"


class StageError(PlanRuleError):
    """A stage change the rules do not allow; the message says why and what to do instead."""


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _stages(review: Review) -> ReviewTypeStages:
    stages = stages_of(review)
    if stages is None:
        raise StageError(
            f"No stages are set for a {review.get_review_type_display()} in the stages file."
        )
    return stages


def _rule(stages: ReviewTypeStages, key: str) -> StageRule:
    try:
        return stages.stage(key)
    except KeyError:
        raise StageError(f"'{key}' is not a stage of a {stages.label}.") from None


def _lock(review: Review, expected_version: int | None) -> Review:
    locked = Review.objects.select_for_update().get(pk=review.pk)
    if expected_version is not None and locked.version != expected_version:
        raise StaleEdit("review")
    return locked


def _entries(review: Review) -> list[StageEntry]:
    return list(StageEntry.objects.filter(review=review).order_by("round", "on", "id"))


def _check_day(rule: StageRule, on: dt.date, today: dt.date) -> None:
    if on > today:
        raise StageError(
            f"The date of '{rule.label}' cannot be in the future: record a stage once it has "
            "happened."
        )


def _check_outcome(rule: StageRule, outcome: str) -> None:
    if rule.outcomes and outcome not in rule.outcomes:
        raise StageError(f"Choose the outcome of '{rule.label}': {' or '.join(rule.outcomes)}.")
    if not rule.outcomes and outcome:
        raise StageError(f"'{rule.label}' has no outcome to record.")


def _rows(stages, review, entries, today, *, from_entries_only=False) -> tuple[StageRow, ...]:
    if from_entries_only:
        recorded = [Recorded(e.stage, e.on, e.outcome) for e in entries]
    else:
        recorded = [d.recorded() for d in effective(review, stages, entries)]
    return timeline(stages, recorded, today=today).rows


def _row(rows, key: str, round_: int) -> StageRow | None:
    return next((r for r in rows if r.key == key and r.round == round_), None)


def _check_order(stages, rule, round_, on, rows, *, entry=None) -> None:
    """A stage is not before the stage its clock counts from, and a stage done again is not
    before its earlier round (nor, changed, after its later one)."""
    looping = loop_keys(stages)
    earlier: list[tuple[StageRow | None, str]] = []
    if rule.clock_from:
        if rule.key in looping and rule.clock_from in looping:
            earlier.append((_row(rows, rule.clock_from, round_), ""))
        else:
            dated = [r for r in rows if r.key == rule.clock_from and r.done_on]
            earlier.append((dated[-1] if dated else None, ""))
    if rule.key in looping and round_ > 1:
        earlier.append((_row(rows, rule.key, round_ - 1), " in the round before"))
        if rule.key == looping[0]:
            earlier.append((_row(rows, looping[-1], round_ - 1), " (the return)"))
    for row, why in earlier:
        if row is not None and row.done_on is not None and on < row.done_on:
            raise StageError(
                f"'{rule.label}' must be on or after '{row.rule.label}'{why}, {_day(row.done_on)}."
            )
    if entry is not None and rule.key in looping:
        later = _row(rows, rule.key, round_ + 1)
        if later is not None and later.done_on is not None and on > later.done_on:
            raise StageError(
                f"'{rule.label}' must be on or before its next round, {_day(later.done_on)}."
            )


def _mirror(review: Review, stages: ReviewTypeStages, stage: str) -> dict:
    """Set the review's own date of ``stage`` (if it mirrors one) to its latest entry's.
    Returns the field's change for the audit event."""
    mirrored = mirrored_for(stages, stage)
    if mirrored is None:
        return {}
    latest = StageEntry.objects.filter(review=review, stage=stage).order_by("round", "on").last()
    value = latest.on if latest is not None and mirrored.matches(latest) else None
    before = getattr(review, mirrored.field)
    if before == value:
        return {}
    setattr(review, mirrored.field, value)
    if mirrored.field == "published_on":
        review.published_on_precision = PrecisionChoices.DAY
    return {mirrored.field: (jsonable(before), jsonable(value))}


def _save_review(review: Review) -> None:
    review.version += 1  # an open details page or timeline is now stale
    review.save()


def _entry_fields(entry: StageEntry) -> dict:
    return {
        "stage": entry.stage,
        "round": entry.round,
        "on": entry.on.isoformat(),
        "outcome": entry.outcome,
    }


def _record(actor, event_type, target, review, summary, before=None, after=None):
    audit_event_record(
        actor=actor,
        event_type=event_type,
        target=target,
        partnership=review.partnership,
        summary=summary,
        before=before,
        after=after,
    )


def _with_review(after: dict, review_change: dict) -> dict:
    if review_change:
        after = {**after, "review": {k: v for k, (_, v) in review_change.items()}}
    return after


@transaction.atomic
def stage_record(
    *,
    review: Review,
    stage: str,
    on: dt.date,
    outcome: str = "",
    note: str = "",
    actor,
    expected_version: int,
    today: dt.date | None = None,
) -> StageEntry:
    """Record that ``stage`` happened ``on`` a day (not in the future), in the first round it
    is not yet recorded for. A stage with outcomes needs one; an outcome "returned" opens a
    new round of the stages it returns to."""
    today = today or timezone.localdate()
    stages = _stages(review)
    rule = _rule(stages, stage)
    review = _lock(review, expected_version)
    _check_day(rule, on, today)
    _check_outcome(rule, outcome)
    entries = _entries(review)
    # The first round of this stage with no entry (the review's own date, shown where no entry
    # holds it, may be recorded as an entry: the services then keep both).
    own = _rows(stages, review, entries, today, from_entries_only=True)
    free = next((r for r in own if r.key == stage and r.done_on is None), None)
    if free is None:
        raise StageError(f"'{rule.label}' is already recorded: change its date instead.")
    _check_order(stages, rule, free.round, on, _rows(stages, review, entries, today))
    entry = StageEntry.objects.create(
        review=review,
        stage=stage,
        round=free.round,
        on=on,
        outcome=outcome,
        note=note,
        recorded_by=actor if actor is not None and actor.is_authenticated else None,
    )
    change = _mirror(review, stages, stage)
    _save_review(review)
    summary = f"Stage recorded: {rule.label}"
    if free.round > 1:
        summary += f" (round {free.round})"
    if outcome:
        summary += f", {outcome}"
    _record(
        actor,
        events.STAGE_RECORDED,
        entry,
        review,
        summary,
        after=_with_review({**_entry_fields(entry), "note": bool(note)}, change),
    )
    return entry


def _later_rounds(stages, entry: StageEntry, entries: list[StageEntry]) -> bool:
    """Whether entries of a later round hang on this one (a return, or an earlier round of a
    stage done again)."""
    looping = loop_keys(stages)
    if entry.stage not in looping:
        return False
    later = [e for e in entries if e.stage in looping and e.round > entry.round]
    return bool(later)


@transaction.atomic
def stage_entry_change(
    *,
    entry: StageEntry,
    on: dt.date,
    outcome: str = "",
    note: str = "",
    actor,
    expected_version: int,
    today: dt.date | None = None,
) -> StageEntry:
    """Change a recorded stage's date, outcome or note."""
    today = today or timezone.localdate()
    review = _lock(entry.review, None)
    stages = _stages(review)
    rule = _rule(stages, entry.stage)
    locked = StageEntry.objects.select_for_update().filter(pk=entry.pk).first()
    if locked is None or locked.version != expected_version:
        raise StaleEdit("stage entry")
    _check_day(rule, on, today)
    _check_outcome(rule, outcome)
    entries = _entries(review)
    if (
        locked.outcome == RETURNED
        and outcome != RETURNED
        and _later_rounds(stages, locked, entries)
    ):
        raise StageError(
            "A later round follows this return: remove the later round's entries first."
        )
    others = [e for e in entries if e.pk != locked.pk]
    _check_order(stages, rule, locked.round, on, _rows(stages, review, others, today), entry=locked)
    before, old_note = _entry_fields(locked), locked.note
    locked.on, locked.outcome, locked.note = on, outcome, note
    after = _entry_fields(locked)
    if before == after and note == old_note:
        return locked
    after["note_changed"] = note != old_note
    locked.version += 1
    locked.save()
    change = _mirror(review, stages, locked.stage)
    _save_review(review)
    _record(
        actor,
        events.STAGE_CHANGED,
        locked,
        review,
        f"Stage changed: {rule.label}",
        before=before,
        after=_with_review(after, change),
    )
    return locked


@transaction.atomic
def stage_entry_remove(*, entry: StageEntry, actor, expected_version: int) -> Review:
    """Remove a recorded stage (its history keeps it). Not an entry a later round hangs on."""
    review = _lock(entry.review, None)
    stages = _stages(review)
    locked = StageEntry.objects.select_for_update().filter(pk=entry.pk).first()
    if locked is None or locked.version != expected_version:
        raise StaleEdit("stage entry")
    if _later_rounds(stages, locked, _entries(review)):
        raise StageError(
            "A later round follows this entry: remove the later round's entries first."
        )
    try:
        label = stages.stage(locked.stage).label
    except KeyError:
        label = locked.stage
    before = _entry_fields(locked)
    locked.delete()
    change = _mirror(review, stages, before["stage"])
    _save_review(review)
    _record(
        actor,
        events.STAGE_REMOVED,
        entry,
        review,
        f"Stage removed: {label}",
        before=before,
        after=_with_review({}, change) or None,
    )
    return review


@transaction.atomic
def stage_extension_record(
    *,
    review: Review,
    stage: str,
    due_on: dt.date,
    reason: str,
    actor,
    expected_version: int,
) -> StageExtension:
    """Move a stage's due date, with the reason (both required). The stage must have a clock;
    the extension counts for the round the review is in."""
    stages = _stages(review)
    rule = _rule(stages, stage)
    review = _lock(review, expected_version)
    reason = (reason or "").strip()
    if not reason:
        raise StageError("Give the reason the due date is moved.")
    if rule.within is None:
        raise StageError(f"'{rule.label}' has no time limit to extend.")
    entries = _entries(review)
    round_ = current_round(stages, entries) if stage in loop_keys(stages) else 1
    extension = StageExtension.objects.create(
        review=review,
        stage=stage,
        round=round_,
        due_on=due_on,
        reason=reason,
        recorded_by=actor if actor is not None and actor.is_authenticated else None,
    )
    _save_review(review)
    _record(
        actor,
        events.STAGE_EXTENDED,
        extension,
        review,
        f"Due date moved: {rule.label}",
        after={"stage": stage, "round": round_, "due_on": due_on.isoformat()},
    )
    return extension


def review_dates_changed(*, review: Review, fields, actor) -> None:
    """The review's details service changed these of its own dates (``review`` locked and
    saved): record, move or remove the matching stage entries, audited, so that the timeline
    says the same. Only those who may change the stages may change these dates."""
    stages = stages_of(review)
    if stages is None:
        return
    touched = [
        (BY_FIELD[name], BY_FIELD[name].stage_in(stages))
        for name in fields
        if name in BY_FIELD and BY_FIELD[name].stage_in(stages)
    ]
    if not touched:
        return
    if actor is not None and not actor.has_perm("stages.change_stages", review):
        raise StageError(
            "Only the partnership's coordinator changes the dates of a review's stages "
            "(notified, decided, quality assurance, published). Leave them as they are, or "
            "ask the coordinator."
        )
    entries = _entries(review)
    for mirrored, stage in touched:
        rule = stages.stage(stage)
        value = getattr(review, mirrored.field)
        of_stage = [e for e in entries if e.stage == stage]
        latest = of_stage[-1] if of_stage else None
        if latest is not None and not mirrored.matches(latest):
            latest = None
        if value is None:
            if latest is not None:
                before = _entry_fields(latest)
                target = StageEntry(pk=latest.pk)
                latest.delete()
                _record(
                    actor,
                    events.STAGE_REMOVED,
                    target,
                    review,
                    f"Stage removed on the review's details: {rule.label}",
                    before=before,
                )
        elif latest is not None:
            if latest.on != value:
                before = _entry_fields(latest)
                latest.on = value
                latest.version += 1
                latest.save()
                _record(
                    actor,
                    events.STAGE_CHANGED,
                    latest,
                    review,
                    f"Stage changed on the review's details: {rule.label}",
                    before=before,
                    after=_entry_fields(latest),
                )
        else:
            round_ = current_round(stages, entries) if stage in loop_keys(stages) else 1
            created = StageEntry.objects.create(
                review=review,
                stage=stage,
                round=round_,
                on=value,
                outcome=mirrored.outcome,
                note=FROM_DETAILS,
                recorded_by=actor if actor is not None and actor.is_authenticated else None,
            )
            _record(
                actor,
                events.STAGE_RECORDED,
                created,
                review,
                f"Stage recorded on the review's details: {rule.label}",
                after=_entry_fields(created),
            )
