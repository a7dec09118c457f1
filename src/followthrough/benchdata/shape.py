"""How much of everything the benchmark data holds, and where (plain Python, no Django).

``data_shape(scale, seed, today)`` decides, from the seed alone (and today's date, from which
every date is counted so that the mix of overdue, due soon and quiet actions is as realistic on
any day), the partnerships and their sizes, the regions whose agencies serve several
partnerships, and for every review its recommendations and actions, each action with its
status, dates and how many milestones and progress updates it has. The totals are exact: the
national scale has 2,000 reviews, 30,000 recommendations, 60,000 actions, 240,000 milestones
and 106,000 progress updates, however they are spread.

The spread: partnership sizes climb along a curve from a few dozen actions to about 5,000;
reviews are shared in proportion, each of at least three actions and most of 10 to 60; the
largest partnership has one review of exactly 300 actions and one of exactly 30 (the plan
pages compared); actions of plans agreed long ago are mostly finished, those of recent plans
mostly open, a few plans are still drafts.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from followthrough.benchdata import words


@dataclass(frozen=True)
class Scale:
    name: str
    partnerships: int
    reviews: int
    recommendations: int
    actions: int
    milestones: int
    progress_updates: int
    largest: int  # actions of the largest partnership
    smallest: int  # actions of the smallest
    lead_partnerships: int  # partnerships that make bench-lead a lead of their police force
    lead_actions: int  # about how many actions that force leads in them
    plan_sizes: tuple[int, int]  # two reviews of the largest partnership, of these many actions


SCALES = {
    "national": Scale(
        name="national",
        partnerships=40,
        reviews=2_000,
        recommendations=30_000,
        actions=60_000,
        milestones=240_000,
        progress_updates=106_000,
        largest=5_000,
        smallest=40,
        lead_partnerships=10,
        lead_actions=4_400,
        plan_sizes=(300, 30),
    ),
    "small": Scale(
        name="small",
        partnerships=3,
        reviews=6,
        recommendations=40,
        actions=80,
        milestones=320,
        progress_updates=140,
        largest=50,
        smallest=8,
        lead_partnerships=2,
        lead_actions=20,
        plan_sizes=(20, 4),
    ),
}

# The statuses (plans.lifecycle.ActionStatus values; this module stays plain Python).
NOT_STARTED, ON_TRACK, AT_RISK, NO_INFORMATION = (
    "not_started",
    "on_track",
    "at_risk",
    "no_information",
)
COMPLETED, SIGNED_OFF, ALREADY_IN_PLACE = "completed", "signed_off", "already_in_place"
PARTLY_MET, NOT_MET, CLOSED_NOT_IMPLEMENTED, SUPERSEDED = (
    "partly_met",
    "not_met",
    "closed_not_implemented",
    "superseded",
)
CLOSURE_PROPOSED = "closure_proposed"
DONE = {COMPLETED, SIGNED_OFF, ALREADY_IN_PLACE}
CLOSED = {PARTLY_MET, NOT_MET, CLOSED_NOT_IMPLEMENTED, SUPERSEDED}

_FINISHED_MIX = [
    (SIGNED_OFF, 62),
    (COMPLETED, 12),
    (ALREADY_IN_PLACE, 6),
    (PARTLY_MET, 6),
    (NOT_MET, 4),
    (CLOSED_NOT_IMPLEMENTED, 4),
    (SUPERSEDED, 6),
]
_OPEN_EARLY = [(NOT_STARTED, 60), (ON_TRACK, 35), (AT_RISK, 5)]
_OPEN_LATER = [
    (NOT_STARTED, 12),
    (ON_TRACK, 50),
    (AT_RISK, 22),
    (NO_INFORMATION, 8),
    (CLOSURE_PROPOSED, 4),
]
# How many progress updates an action of each status may have, and the relative weight the
# exact total is shared by.
_UPDATES = {
    NOT_STARTED: (0, 1, 0.1),
    NO_INFORMATION: (0, 0, 0.0),
    ON_TRACK: (1, 12, 1.6),
    AT_RISK: (1, 12, 1.9),
    CLOSURE_PROPOSED: (1, 8, 2.0),
    COMPLETED: (1, 12, 2.2),
    SIGNED_OFF: (1, 12, 2.2),
    ALREADY_IN_PLACE: (0, 3, 0.5),
    PARTLY_MET: (1, 6, 1.8),
    NOT_MET: (1, 6, 1.8),
    CLOSED_NOT_IMPLEMENTED: (1, 6, 1.5),
    SUPERSEDED: (1, 6, 1.2),
}
_REVIEW_TYPES = [("DHR", 45), ("SAR", 25), ("CSPR", 15), ("DARDR", 5), ("PFD", 5), ("other", 5)]


@dataclass(slots=True)
class ActionShape:
    status: str
    target_date: dt.date | None
    target_precision: str  # day, month or year
    target_text: str
    completed_on: dt.date | None
    proposed_closure: str
    milestones: int = 0
    updates: int = 0


@dataclass
class ReviewShape:
    review_type: str
    decided_on: dt.date
    published_on: dt.date | None
    agreed_on: dt.date | None  # None: a draft plan
    created_on: dt.date
    planned_actions: int = 0
    recommendations: list[list[ActionShape]] = field(default_factory=list)

    @property
    def action_count(self) -> int:
        return sum(len(actions) for actions in self.recommendations)


@dataclass
class PartnershipShape:
    index: int  # 0 is the smallest, the last the largest
    name: str
    place: str
    region: int
    action_count: int
    reviews: list[ReviewShape] = field(default_factory=list)
    # For the largest partnership: the positions in ``reviews`` of the plans of exactly
    # plan_sizes actions, the larger first.
    sized_reviews: tuple[int, ...] = ()


@dataclass(frozen=True)
class RegionShape:
    index: int
    county: str
    partnerships: tuple[int, ...]  # PartnershipShape.index
    police_share: float  # the share of its partnerships' actions its police force leads


@dataclass
class DataShape:
    scale: Scale
    seed: int
    today: dt.date
    partnerships: list[PartnershipShape]
    regions: list[RegionShape]
    lead_region: int  # the region whose police force bench-lead leads for

    @property
    def largest(self) -> PartnershipShape:
        return self.partnerships[-1]

    @property
    def smallest(self) -> PartnershipShape:
        return self.partnerships[0]

    def counts(self) -> dict[str, int]:
        reviews = [r for p in self.partnerships for r in p.reviews]
        recs = [rec for r in reviews for rec in r.recommendations]
        actions = [a for rec in recs for a in rec]
        return {
            "partnerships": len(self.partnerships),
            "reviews": len(reviews),
            "recommendations": len(recs),
            "actions": len(actions),
            "milestones": sum(a.milestones for a in actions),
            "progress_updates": sum(a.updates for a in actions),
        }


def apportion(
    total: int,
    weights: Sequence[float],
    lo: int | Sequence[int] = 0,
    hi: int | Sequence[int] | None = None,
) -> list[int]:
    """``total`` split into whole numbers in proportion to ``weights``, each within its bounds
    [lo, hi], summing exactly to ``total`` (largest remainders; ties to the earlier item)."""
    n = len(weights)
    los = [lo] * n if isinstance(lo, int) else list(lo)
    his = [total] * n if hi is None else [hi] * n if isinstance(hi, int) else list(hi)
    reachable = sum(h if w > 0 else low for w, low, h in zip(weights, los, his, strict=True))
    if sum(los) > total or reachable < total:
        raise ValueError(f"cannot split {total} into {n} parts within their bounds")

    level = _water_level(total, weights, los, his)
    exact = [min(max(level * w, low), h) for w, low, h in zip(weights, los, his, strict=True)]
    parts = [min(int(s), h) for s, h in zip(exact, his, strict=True)]
    short = total - sum(parts)
    order = sorted(range(n), key=lambda i: (-(exact[i] - int(exact[i])), i))
    while short > 0:
        grew = False
        for i in order:
            if short and parts[i] < his[i] and weights[i] > 0:
                parts[i] += 1
                short -= 1
                grew = True
        if not grew:
            raise ValueError(f"cannot split {total} into {n} parts within their bounds")
    while short < 0:  # only from rounding far below one: take back from the largest
        i = max(range(n), key=lambda j: (parts[j] - los[j], -j))
        parts[i] -= 1
        short += 1
    return parts


def _water_level(total: int, weights, los, his) -> float:
    """The scale s at which the parts min(max(s * w, lo), hi) sum to ``total``: their sum
    grows piecewise linearly with s, bending where a part leaves its floor or reaches its
    ceiling, so one sweep over those bends in order finds it."""
    bends = []
    for i, w in enumerate(weights):
        if w > 0:
            bends.append((los[i] / w, 0, i))  # from here it grows with s
            bends.append((his[i] / w, 1, i))  # from here it stays at its ceiling
    bends.sort()
    fixed = float(sum(los))  # the parts not growing: at their floor or ceiling
    growing = 0.0  # the sum of the weights of the growing parts
    if fixed >= total:
        return 0.0
    level = 0.0
    for level, kind, i in bends:
        if growing > 0 and fixed + growing * level >= total:
            return (total - fixed) / growing
        if kind == 0:
            fixed -= los[i]
            growing += weights[i]
        else:
            fixed += his[i]
            growing -= weights[i]
    return level


def _pick(rng: random.Random, mix: list[tuple[str, int]]) -> str:
    return rng.choices([k for k, _ in mix], weights=[w for _, w in mix])[0]


def _partnership_sizes(scale: Scale, rng: random.Random) -> list[int]:
    """Action counts, smallest first: the two ends as the scale says, the middle along the curve
    smallest + (largest - smallest) * x**k (k chosen so that the total comes out), with a little
    noise, each strictly between the ends."""
    n = scale.partnerships
    if n == 1:
        return [scale.actions]
    if n == 2:
        return [scale.smallest, scale.actions - scale.smallest]
    middle = n - 2
    remaining = scale.actions - scale.largest - scale.smallest
    span = scale.largest - scale.smallest

    def total(k: float) -> float:
        return sum(scale.smallest + span * (i / (n - 1)) ** k for i in range(1, n - 1))

    low_k, high_k = 0.01, 50.0
    for _ in range(60):
        k = (low_k + high_k) / 2
        if total(k) > remaining:
            low_k = k
        else:
            high_k = k
    weights = [
        (scale.smallest + span * (i / (n - 1)) ** k) * rng.uniform(0.92, 1.08)
        for i in range(1, n - 1)
    ]
    sizes = apportion(remaining, weights, lo=scale.smallest + 1, hi=scale.largest - 1)
    return [scale.smallest, *sorted(sizes), scale.largest][: middle + 2]


def _regions(
    scale: Scale, rng: random.Random, counties: list[str]
) -> tuple[list[RegionShape], int]:
    """The lead region: the largest partnership and others (never the smallest) up to
    lead_partnerships; the rest in regions of three to six."""
    n = scale.partnerships
    others = list(range(1, n - 1))
    rng.shuffle(others)
    take = max(0, scale.lead_partnerships - 1)
    groups = [sorted([n - 1, *others[:take]])]
    rest = sorted([0, *others[take:]])
    rng.shuffle(rest)
    while rest:
        size = min(len(rest), rng.randint(3, 6))
        if 0 < len(rest) - size < 3:  # no region of one or two left over
            size = len(rest)
        groups.append(sorted(rest[:size]))
        rest = rest[size:]
    return [
        RegionShape(index=i, county=counties[i], partnerships=tuple(g), police_share=0.15)
        for i, g in enumerate(groups)
    ], 0


def _end_of(day: dt.date, precision: str) -> dt.date:
    if precision == "year":
        return dt.date(day.year, 12, 31)
    if precision == "month":
        following = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
        return following - dt.timedelta(days=1)
    return day


def _review(rng: random.Random, today: dt.date, *, age: int | None, draft: bool) -> ReviewShape:
    """A review agreed ``age`` days ago (None: a draft plan written lately)."""
    review_type = _pick(rng, _REVIEW_TYPES)
    if draft:
        created = today - dt.timedelta(days=rng.randint(5, 120))
        decided = created - dt.timedelta(days=rng.randint(200, 500))
        return ReviewShape(review_type, decided, None, None, created)
    agreed = today - dt.timedelta(days=age)
    published = agreed - dt.timedelta(days=rng.randint(0, 60))
    decided = published - dt.timedelta(days=rng.randint(250, 600))
    created = agreed - dt.timedelta(days=rng.randint(0, 20))
    return ReviewShape(review_type, decided, published, agreed, created)


def _action(rng: random.Random, review: ReviewShape, today: dt.date) -> ActionShape:
    """An action's status and dates: plans agreed long ago are mostly finished."""
    if review.agreed_on is None:
        target_day = today + dt.timedelta(days=rng.randint(120, 700))
        return ActionShape(NOT_STARTED, target_day, "day", "", None, "")
    agreed = review.agreed_on
    no_date = rng.random() < 0.05
    precision = _pick(rng, [("day", 70), ("month", 25), ("year", 5)])
    due = _end_of(agreed + dt.timedelta(days=rng.randint(60, 900)), precision)
    target = None if no_date else due
    text = rng.choice(words.TARGET_TEXTS) if no_date else ""
    elapsed = (today - agreed).days
    late = (today - due).days
    if late > 365:
        finished = 0.85
    elif late > 0:
        finished = 0.6
    else:
        finished = 0.45 * elapsed / max(1, (due - agreed).days)
    completed_on = None
    proposed = ""
    if rng.random() < finished:
        status = _pick(rng, _FINISHED_MIX)
        if status in DONE:
            latest = min(today - dt.timedelta(days=1), due + dt.timedelta(days=90))
            earliest = min(agreed + dt.timedelta(days=30), latest)
            completed_on = earliest + dt.timedelta(
                days=rng.randint(0, max(0, (latest - earliest).days))
            )
    else:
        status = _pick(rng, _OPEN_EARLY if elapsed < 60 else _OPEN_LATER)
        if status == CLOSURE_PROPOSED:
            proposed = rng.choice(sorted(CLOSED | {ALREADY_IN_PLACE}))
    return ActionShape(status, target, precision, text, completed_on, proposed)


def data_shape(scale: Scale, seed: int, today: dt.date) -> DataShape:
    rng = random.Random(f"followthrough-bench-{scale.name}-{seed}")
    sizes = _partnership_sizes(scale, rng)
    places = words.place_names(rng, scale.partnerships)
    regions_wanted = scale.partnerships  # at most one region per partnership
    counties = words.place_names(rng, regions_wanted, tails=words.COUNTY_TAILS)
    regions, lead = _regions(scale, rng, counties)
    region_of = {p: r.index for r in regions for p in r.partnerships}
    partnerships = [
        PartnershipShape(
            index=i,
            name=rng.choice(words.PARTNERSHIP_FORMS).format(place=places[i]),
            place=places[i],
            region=region_of[i],
            action_count=size,
        )
        for i, size in enumerate(sizes)
    ]
    lead_region = regions[lead]
    lead_total = sum(sizes[i] for i in lead_region.partnerships)
    regions[lead] = RegionShape(
        index=lead_region.index,
        county=lead_region.county,
        partnerships=lead_region.partnerships,
        police_share=min(0.6, scale.lead_actions / lead_total),
    )

    # Reviews per partnership, in proportion to its actions (each review of three or more).
    largest = partnerships[-1]
    big, small = scale.plan_sizes
    floors = [1] * len(partnerships)
    floors[-1] = 3  # the two sized plans and at least one more
    ceilings = [max(1, p.action_count // 3) for p in partnerships]
    ceilings[-1] = 2 + (largest.action_count - big - small) // 3
    review_counts = apportion(scale.reviews, sizes, lo=floors, hi=ceilings)

    all_actions: list[ActionShape] = []
    in_draft: list[bool] = []  # a draft plan's actions are not being delivered: no updates
    for partnership, count in zip(partnerships, review_counts, strict=True):
        pool = partnership.action_count
        fixed: list[int] = []
        if partnership is largest:
            fixed = [big, small]
            pool -= big + small
        free = count - len(fixed)
        weights = [rng.lognormvariate(0, 0.6) for _ in range(free)]
        ceiling = max(250, 2 * -(-pool // max(1, free)))
        action_counts = apportion(pool, weights, lo=3, hi=ceiling) if free else []
        specs = [(n, True) for n in fixed] + [(n, False) for n in action_counts]
        rng.shuffle(specs)  # the sized plans somewhere among the others
        reviews: list[ReviewShape] = []
        sized_at: list[tuple[int, int]] = []
        for position, (n_actions, is_sized) in enumerate(specs):
            if is_sized:  # the plans compared: agreed on the same day, so alike but for size
                review = _review(rng, today, age=500, draft=False)
                sized_at.append((n_actions, position))
            else:
                draft = rng.random() < 0.04
                age = None if draft else int(rng.triangular(20, 2900, 600))
                review = _review(rng, today, age=age, draft=draft)
            review.planned_actions = n_actions
            reviews.append(review)
        partnership.sized_reviews = tuple(pos for _, pos in sorted(sized_at, reverse=True))
        partnership.reviews = reviews

    # Recommendations: exactly the scale's number, about one for every two actions.
    reviews = [r for p in partnerships for r in p.reviews]
    action_totals = [r.planned_actions for r in reviews]
    rec_counts = apportion(
        scale.recommendations,
        [n * rng.uniform(0.7, 1.3) for n in action_totals],
        lo=1,
        hi=action_totals,
    )
    for review, n_actions, n_recs in zip(reviews, action_totals, rec_counts, strict=True):
        per_rec = apportion(n_actions, [rng.uniform(0.4, 1.6) for _ in range(n_recs)], lo=1)
        review.recommendations = [[_action(rng, review, today) for _ in range(k)] for k in per_rec]
        all_actions.extend(a for rec in review.recommendations for a in rec)
        in_draft.extend([review.agreed_on is None] * n_actions)

    milestones = apportion(
        scale.milestones, [rng.uniform(0.2, 1.8) for _ in all_actions], lo=0, hi=8
    )
    bounds = [
        (0, 0, 0.0) if draft else _UPDATES[a.status]
        for a, draft in zip(all_actions, in_draft, strict=True)
    ]
    updates = apportion(
        scale.progress_updates,
        [w * rng.uniform(0.3, 1.7) for _, _, w in bounds],
        lo=[low for low, _, _ in bounds],
        hi=[high for _, high, _ in bounds],
    )
    for action, n_milestones, n_updates in zip(all_actions, milestones, updates, strict=True):
        action.milestones = n_milestones
        action.updates = n_updates
    return DataShape(
        scale=scale,
        seed=seed,
        today=today,
        partnerships=partnerships,
        regions=regions,
        lead_region=lead,
    )
