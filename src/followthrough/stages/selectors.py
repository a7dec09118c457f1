"""Reads of review stages: each review's timeline against its clocks, and a partnership's
reviews in progress. Three queries whatever the number of reviews (the reviews, their entries,
their extensions); the clocks themselves are worked out in plain Python
(``followthrough.clocks.engine``).

``review_timelines`` and ``reviews_in_progress`` are the contract the reminders and the board
pack read: keep their names and shapes.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404

from followthrough.clocks.engine import (
    DONE,
    DUE_SOON,
    LATE,
    NO_CLOCK,
    ON_TIME,
    WAITING,
    Extension,
    Recorded,
    StageRow,
    Timeline,
    timeline,
)
from followthrough.clocks.rules import ReviewTypeStages, load_stages
from followthrough.pfd.models import Addressee
from followthrough.plans.models import Review
from followthrough.stages.dates import BY_FIELD, Effective, current_round, effective, loop_keys
from followthrough.stages.models import StageEntry, StageExtension

# Ids read per query, within every database's limit on parameters.
CHUNK = 5_000


@functools.lru_cache(maxsize=4)
def _stages_file(path) -> dict[str, ReviewTypeStages]:
    return load_stages(path)


def stages_by_type() -> dict[str, ReviewTypeStages]:
    """Every review type's stages as configured (``FOLLOWTHROUGH_STAGES_FILE``, else the
    packaged ``clocks/stages.toml``), read once per process."""
    return _stages_file(getattr(settings, "FOLLOWTHROUGH_STAGES_FILE", None))


def stages_of(review: Review) -> ReviewTypeStages | None:
    return stages_by_type().get(review.review_type)


@dataclass
class Sources:
    """What a review's timeline was worked out from: its stage dates (entries, or the review's
    own fields) and every extension, newest last."""

    dates: list[Effective] = field(default_factory=list)
    extensions: list[StageExtension] = field(default_factory=list)


def _by_review(model, ids: list[int]) -> dict[int, list]:
    grouped: dict[int, list] = defaultdict(list)
    for start in range(0, len(ids), CHUNK):
        for row in model.objects.filter(review_id__in=ids[start : start + CHUNK]).order_by(
            "review_id", "round", *(["on"] if model is StageEntry else ["recorded_at"]), "id"
        ):
            grouped[row.review_id].append(row)
    return grouped


def _timeline(
    review, stages, entries, extensions, today, addressees=()
) -> tuple[Timeline, Sources]:
    dates = effective(review, stages, entries)
    current = current_round(stages, entries)
    looping = loop_keys(stages)
    counted = [
        Extension(stage=ext.stage, due_on=ext.due_on, reason=ext.reason)
        for ext in extensions
        if ext.round == (current if ext.stage in looping else 1)
    ]
    recorded = [d.recorded() for d in dates]
    line = timeline(stages, recorded, counted, today=today)
    if addressees:
        extra, moved = _per_addressee(stages, line, addressees)
        if extra or moved:
            line = timeline(stages, recorded + extra, counted + moved, today=today)
    return line, Sources(dates=dates, extensions=list(extensions))


def _per_addressee(stages, line: Timeline, addressees) -> tuple[list[Recorded], list[Extension]]:
    """A stage kept per addressee (a coroner's report's responses, pfd.Addressee) as the
    review's timeline counts it: done on the last response once every addressee has answered;
    until then due on the earliest day one still to answer must answer by, which an extension
    the coroner granted may have moved (the extension is shown with that addressee's name and
    reason). A stage recorded on the timeline itself stands as recorded."""
    extra: list[Recorded] = []
    moved: list[Extension] = []
    for rule in stages.stages:
        if not rule.per_addressee or rule.within is None:
            continue
        row = next((r for r in line.rows if r.rule.key == rule.key), None)
        if row is None or row.done_on is not None:
            continue
        waiting = [a for a in addressees if not a.has_responded]
        if not waiting:
            extra.append(Recorded(stage=rule.key, on=max(a.response_on for a in addressees)))
            continue
        first = min(waiting, key=lambda a: a.due_on(rule.within))
        due = first.due_on(rule.within)
        if due != row.due_on:
            reason = f"{first.name}: {first.extension_reason}" if first.extended_to else first.name
            moved.append(Extension(stage=rule.key, due_on=due, reason=reason))
    return extra, moved


def _addressees_by_review(reviews: list[Review]) -> dict[int, list]:
    """The addressees of those ``reviews`` whose type keeps a stage per addressee, by review
    id: one query, none when no review has such a stage."""
    ids = [
        review.pk
        for review in reviews
        if (stages := stages_of(review)) and any(rule.per_addressee for rule in stages.stages)
    ]
    grouped: dict[int, list] = defaultdict(list)
    if ids:
        for addressee in Addressee.objects.filter(review_id__in=ids).order_by("review_id", "order"):
            grouped[addressee.review_id].append(addressee)
    return grouped


def _timelines(reviews: list[Review], today: dt.date) -> dict[int, tuple[Timeline, Sources]]:
    ids = [review.pk for review in reviews]
    entries = _by_review(StageEntry, ids)
    extensions = _by_review(StageExtension, ids)
    addressees = _addressees_by_review(reviews)
    result = {}
    for review in reviews:
        stages = stages_of(review)
        if stages is not None:
            result[review.pk] = _timeline(
                review,
                stages,
                entries[review.pk],
                extensions[review.pk],
                today,
                addressees.get(review.pk, ()),
            )
    return result


def review_timelines(reviews: Iterable[Review], *, today: dt.date) -> dict[int, Timeline]:
    """Each review's timeline on ``today``, by review id (a review whose type has no stages in
    the stages file is left out). Two queries however many reviews, and a third for the
    addressees of coroners' reports among them."""
    return {pk: line for pk, (line, _) in _timelines(list(reviews), today).items()}


def review_timeline(review: Review, *, today: dt.date) -> Timeline | None:
    return review_timelines([review], today=today).get(review.pk)


# The states the list of reviews in progress is filtered by, as the URL writes them.
STATE_FILTERS = {
    LATE: "Late",
    DUE_SOON: "Due soon",
    ON_TIME: "On time",
    "no_clock": "No clock running",
}


RUNNING = (LATE, DUE_SOON, ON_TIME)
_RANK = {LATE: 0, DUE_SOON: 1, ON_TIME: 2, WAITING: 3, NO_CLOCK: 4, DONE: 5}


def pressing(line: Timeline) -> StageRow | None:
    """The stage whose clock presses hardest: of the stages not yet done whose clock is
    running, the latest if any is late, else the nearest due; None when no clock is running.
    The next stage may have no clock of its own (the Home Office told of a decision) while a
    later one's runs (the report, six months from the decision): that one is what is late."""
    if line.closed:
        return None
    running = [
        row
        for row in line.rows
        if row.done_on is None and not row.rule.optional and row.state.status in RUNNING
    ]
    return min(running, key=_row_urgency, default=None)


def _row_urgency(row: StageRow):
    state = row.state
    return (_RANK[state.status], -state.days_late if state.status == LATE else state.days_left)


def clock_of(line: Timeline) -> StageRow | None:
    """The row a list shows for a review: the pressing one, else the next."""
    return pressing(line) or line.next


def state_of(line: Timeline):
    """The review's state on a list: its pressing clock's, else the timeline's."""
    row = pressing(line)
    return row.state if row is not None else line.state


def state_filter_of(line: Timeline) -> str:
    status = state_of(line).status
    return status if status in RUNNING else "no_clock"


@dataclass(frozen=True)
class ReviewInProgress:
    review: Review
    timeline: Timeline

    @property
    def next(self) -> StageRow | None:
        return self.timeline.next

    @property
    def clock(self) -> StageRow | None:
        """The stage whose clock the list shows (``clock_of``)."""
        return clock_of(self.timeline)

    @property
    def state(self):
        """Late, due soon, on time... for the review as a whole (``state_of``)."""
        return state_of(self.timeline)


def _urgency(item: ReviewInProgress):
    state = item.state
    days = -state.days_late if state.status == LATE else state.days_left
    return (_RANK.get(state.status, 6), days, item.review.title.lower(), item.review.pk)


def reviews_in_progress(
    *,
    partnerships,
    today: dt.date,
    review_type: str = "",
    state: str = "",
) -> list[ReviewInProgress]:
    """The reviews of ``partnerships`` (partnerships or their ids, or a queryset) whose
    lifecycle is not closed, each with its timeline: late first (the latest first), then due
    soon (the nearest first), then the rest. ``review_type`` and ``state`` (a key of
    ``STATE_FILTERS``) narrow the list. Three queries however many reviews."""
    if isinstance(partnerships, QuerySet):
        reviews = Review.objects.filter(partnership__in=partnerships)
    else:
        ids = [getattr(p, "pk", p) for p in partnerships]
        reviews = Review.objects.filter(partnership_id__in=ids)
    if review_type:
        reviews = reviews.filter(review_type=review_type)
    reviews = list(reviews.select_related("partnership").order_by("id"))
    lines = review_timelines(reviews, today=today)
    items = [
        ReviewInProgress(review=review, timeline=lines[review.pk])
        for review in reviews
        if review.pk in lines and not lines[review.pk].closed
    ]
    if state:
        items = [item for item in items if state_filter_of(item.timeline) == state]
    return sorted(items, key=_urgency)


@dataclass(frozen=True)
class TimelineLine:
    """A timeline's row as its page shows it: the entry behind its date (None when the stage
    is not recorded, or when its date is the review's own, given before any entry), the
    extensions of the stage in that round (newest last) and the date as the page writes it."""

    row: StageRow
    entry: StageEntry | None
    from_details: bool
    extensions: tuple[StageExtension, ...]
    shown_on: str
    timescale: str  # "6 months after: Decision whether to hold a review", or ""


def _date_text(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _timescale(stages: ReviewTypeStages, rule) -> str:
    if rule.within is None or rule.clock_from is None:
        return ""
    return f"{rule.within} after: {stages.stage(rule.clock_from).label}"


def timeline_lines(review: Review, *, today: dt.date) -> tuple[Timeline, list[TimelineLine]]:
    """A review's timeline with, for each row, what its page needs. Two queries."""
    stages = stages_of(review)
    if stages is None:
        raise Http404("Not found")
    entries = list(StageEntry.objects.filter(review=review).order_by("round", "on", "id"))
    extensions = list(
        StageExtension.objects.filter(review=review)
        .select_related("recorded_by")
        .order_by("round", "recorded_at", "id")
    )
    line, sources = _timeline(review, stages, entries, extensions, today)
    looping = loop_keys(stages)
    published_stage = BY_FIELD["published_on"].stage_in(stages)
    by_stage: dict[str, list[Effective]] = defaultdict(list)
    for item in sorted(sources.dates, key=lambda d: d.on):  # as the engine matches them
        by_stage[item.stage].append(item)
    lines = []
    for row in line.rows:
        dated = by_stage[row.key]
        item = None
        if row.done_on is not None and dated:
            item = dated[row.round - 1] if row.key in looping else dated[-1]
        shown = ""
        if row.done_on is not None:
            shown = _date_text(row.done_on)
            # The publication date as the report gives it ("January 2025"), as its details do.
            if row.key == published_stage and row.done_on == review.published_on:
                shown = review.published.display()
        lines.append(
            TimelineLine(
                row=row,
                entry=item.entry if item else None,
                from_details=item is not None and item.entry is None,
                extensions=tuple(
                    e for e in extensions if e.stage == row.key and e.round == row.round
                ),
                shown_on=shown,
                timescale=_timescale(stages, row.rule),
            )
        )
    return line, lines


def get_entry_for_user(request, pk: int, *, perm: str) -> StageEntry:
    """The stage entry, if the user has ``perm`` on its review; otherwise 404."""
    entry = StageEntry.objects.select_related("review__partnership").filter(pk=pk).first()
    if entry is None or not request.user.has_perm(perm, entry.review):
        raise Http404("Not found")
    return entry
