"""Reads for the exports: a stored plan as ``PlanExport``, and the board pack of a partnership
or of one review. Each runs a fixed number of queries whatever the size of the plans."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.conf import settings
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
)
from django.urls import reverse
from django.utils import timezone

from followthrough.delivery.models import (
    ActionComment,
    ProgressUpdate,
    SignOffDecision,
    TargetDateRevision,
)
from followthrough.delivery.selectors import (
    returned_since_update,
    waiting_for_update_q,
    with_update_dates,
)
from followthrough.exports.model import (
    ActionDelivery,
    BoardPack,
    Change,
    ExceptionItem,
    Figures,
    PackAction,
    PackReview,
    PackStage,
    PlanExport,
    Profile,
)
from followthrough.exports.profiles import agencies_only, public_board_pack, publishable_reviews
from followthrough.interchange import Lead
from followthrough.partnerships.models import Partnership
from followthrough.plans import lifecycle
from followthrough.plans.conversion import plan_from_review
from followthrough.plans.lifecycle import ActionStatus
from followthrough.plans.models import Action, ActionLead, ActionState, Review, state_q
from followthrough.plans.rag import Rag, rag_case
from followthrough.plans.selectors import NO_LEAD_AGENCY, review_plan
from followthrough.plans.updates import awaiting_update_days, is_waiting_for_update, quiet_since
from followthrough.stages.selectors import (
    clock_of,
    review_timelines,
    reviews_in_progress,
    state_of,
)

# Where the actions stand, as the board pack counts them: the labels of Action.standing (what
# the action page and the plan page say), in this order, with the open actions that have time
# to go counted together (their label is their status) and so the ones closed otherwise.
STANDINGS = [
    ("overdue", "Overdue"),
    ("due_soon", "Due soon"),
    ("no_date", "No target date"),
    ("open", "Open, with time to go"),
    ("awaiting_sign_off", "Awaiting sign-off"),
    ("closure_proposed", "Closure proposed"),
    ("signed_off", "Signed off"),
    ("already_in_place", "Already in place"),
    ("completed", "Completed"),
    ("closed", "Closed without being completed"),
]
_STANDING_KEYS = {label: key for key, label in STANDINGS}
# The standings whose label is the action's status rather than a fixed word.
_BY_COLOUR = {"turquoise": "open", "grey": "closed"}


def standing_key(standing: tuple[str, str, str]) -> str:
    """The board pack's row for an action's standing (``Action.standing``)."""
    colour, label, _ = standing
    return _BY_COLOUR.get(colour) or _STANDING_KEYS[label]


RAG_ORDER = [Rag.RED, Rag.AMBER, Rag.GREEN, Rag.NOT_RATED]
# Revised this many times or more: the action is drifting, and the board hears of it.
DRIFT_REVISIONS = 2


def _due_soon_days() -> int:
    return settings.FOLLOWTHROUGH_DUE_SOON_DAYS


def plan_action_count(review: Review) -> int:
    """How many actions the review's plan has (one query)."""
    return Action.objects.filter(recommendation__review=review).count()


def plan_export(review: Review, *, today: dt.date | None = None) -> PlanExport:
    """The stored plan as the writers take it, with what delivery recorded (five queries)."""
    today = today or timezone.localdate()
    days = _due_soon_days()
    recommendations = review_plan(review)
    delivery = [
        ActionDelivery(
            status=action.status,
            status_label=action.get_status_display(),
            rag=action.rag(today, days).value,
            state_label=action.standing(today, days)[1],
            original_target=action.original_target if action.target_date_revisions else None,
            target_revisions=action.target_date_revisions,
            milestones_done=[ms.done_on for ms in action.milestones.all()],
        )
        for rec in recommendations
        for action in rec.actions.all()
    ]
    return PlanExport(
        plan=plan_from_review(review, recommendations),
        delivery=delivery,
        exported_on=today,
    )


# The board pack ---------------------------------------------------------------------------

# A board pack counts changes since this many days ago unless told otherwise: a quarter, as
# most partnership boards meet quarterly.
DEFAULT_SINCE_DAYS = 91


def default_since(today: dt.date) -> dt.date:
    return today - dt.timedelta(days=DEFAULT_SINCE_DAYS)


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _local_day(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


def _person(user) -> str:
    return user.get_full_name() or user.get_username()


def _base_url() -> str:
    return getattr(settings, "FOLLOWTHROUGH_BASE_URL", "http://127.0.0.1:8000").rstrip("/")


def board_pack(
    *,
    partnership: Partnership | None = None,
    review: Review | None = None,
    since: dt.date,
    today: dt.date | None = None,
    profile: Profile | str = Profile.INTERNAL,
) -> BoardPack:
    """The board pack of a partnership (all its reviews) or of one review: what a board
    reads. Figures (where the actions stand, RAG, and both per review and per lead agency,
    counted by the database); what changed since ``since`` (completions, sign-off decisions
    and revised dates in full; progress updates and comments in full for the actions listed,
    counted for the others); and in full the actions that need the board: overdue, and the
    exceptions (``_listed_q``). Everything else is in the appendix (``appendix_rows``). A
    fixed number of queries, and a length that does not grow with the actions on course.

    It is built whole, as the partnership sees it; the public profile is then applied by
    ``profiles.public_board_pack`` (published reviews only, agencies for leads, no names, no
    free text), so that what publication leaves out is decided in one place."""
    partnership, reviews = pack_reviews(partnership=partnership, review=review, profile=profile)
    public = Profile(profile) is Profile.PUBLIC
    today = today or timezone.localdate()
    days, stale = _due_soon_days(), awaiting_update_days()
    review_ids = [r.pk for r in reviews]
    scope = Action.objects.filter(recommendation__review_id__in=review_ids)
    start = _start_of(since)

    # The ids of the actions listed, read once and passed as a list (at most the partnership's
    # actions): as a subquery, PostgreSQL worked the exceptions' rule out again in each query.
    listed_ids = set(scope.filter(_listed_q(today, days, stale)).values_list("pk", flat=True))
    listed = sorted(listed_ids)
    marked_since = ProgressUpdate.objects.filter(
        action__in=scope, created_at__gte=start, marks_completed=True
    )
    decided = SignOffDecision.objects.filter(action__in=scope, decided_at__gte=start)
    revised = TargetDateRevision.objects.filter(action__in=scope).filter(
        Q(proposed_at__gte=start) | Q(decided_at__gte=start)
    )
    shown = (
        Q(pk__in=listed)
        | Q(pk__in=marked_since.values("action_id"))
        | Q(pk__in=decided.values("action_id"))
        | Q(pk__in=revised.values("action_id"))
        | Q(completed_on__gte=since)
    )
    actions = _pack_actions(scope.filter(shown), reviews)
    packed = {a.pk: _pack_action(a, today, days) for a in actions}

    updates, completions, marked = _progress_changes(packed, listed, start)
    completions = sorted(
        completions + _completed_without_update(actions, packed, since, marked),
        key=lambda c: c.on,
    )
    overdue, exceptions = _listed_items(actions, packed, listed_ids, today, stale)
    totals = _figures(scope, today, days, stale)
    pack = BoardPack(
        title=review.title if review is not None else partnership.name,
        partnership=partnership.name,
        reviews=[r.title for r in reviews],
        since=since,
        today=today,
        profile=Profile.INTERNAL,
        state_counts=[(key, label, totals.pop(f"s_{key}")) for key, label in STANDINGS],
        rag_counts=[(r.value, r.label, totals.pop(f"r_{r.value}")) for r in RAG_ORDER],
        updates=updates,
        completions=completions,
        sign_offs=_sign_off_changes(packed, decided),
        revisions=_revision_changes(packed, revised),
        overdue=overdue,
        exceptions=exceptions,
        review_figures=_review_figures(scope, reviews, today, days, stale),
        agency_figures=_agency_figures(scope, today, days, stale),
        recommendation_count=totals["recommendations"],
        action_count=totals["total"],
        comments=[] if public else _comment_changes(packed, listed, start),
        other_updates=ProgressUpdate.objects.filter(
            action__in=scope, created_at__gte=start, marks_completed=False
        )
        .exclude(action__in=listed)
        .count(),
        other_comments=0
        if public
        else ActionComment.objects.filter(action__in=scope, created_at__gte=start)
        .exclude(action__in=listed)
        .count(),
        stale_days=stale,
        # Internal only: the public pages show no stage or clock of a review.
        reviews_in_progress=[]
        if public
        else pack_reviews_in_progress(
            partnership=partnership, reviews=reviews, one_review=review is not None, today=today
        ),
    )
    return public_board_pack(pack) if public else pack


def pack_reviews(
    *,
    partnership: Partnership | None = None,
    review: Review | None = None,
    profile: Profile | str = Profile.INTERNAL,
) -> tuple[Partnership, list[Review]]:
    """The partnership and the reviews a board pack covers (the published ones only, for the
    public profile: ``ProfileRefused`` when there are none)."""
    if (partnership is None) == (review is None):
        raise ValueError("a board pack is for a partnership or for one review")
    if review is not None:
        partnership, reviews = review.partnership, [review]
    else:
        reviews = list(Review.objects.filter(partnership=partnership).order_by("title", "pk"))
    if Profile(profile) is Profile.PUBLIC:
        reviews = publishable_reviews(reviews, one_review=review is not None)
    return partnership, reviews


def pack_reviews_in_progress(
    *, partnership: Partnership, reviews: list[Review], one_review: bool, today: dt.date
) -> list[PackReview]:
    """The reviews in progress of a board pack, each with its stage clock, late first then due
    soon (as ``stages.selectors.reviews_in_progress`` orders them: every review of the
    partnership whose lifecycle is not closed), for a partnership's pack; for a review's own
    pack that review with its whole timeline, once a stage of it has a date. A fixed number of
    queries (one call of the stages' selector)."""
    if not one_review:
        return [
            _pack_review(found.review, found.timeline)
            for found in reviews_in_progress(partnerships=[partnership], today=today)
        ]
    timelines = review_timelines(reviews, today=today)
    return [
        _pack_review(review, timelines[review.pk], with_timeline=True)
        for review in reviews
        if review.pk in timelines and any(row.done_on for row in timelines[review.pk].rows)
    ]


def _stage_label(row) -> str:
    return row.rule.label + (f" (round {row.round})" if row.round > 1 else "")


def _pack_review(review: Review, timeline, *, with_timeline: bool = False) -> PackReview:
    """A review and its timeline (``clocks.engine.Timeline``) as the board pack gives them: the
    last stage done, and the stage due with its clock as the partnership's list of reviews in
    progress shows it (``stages.selectors.clock_of``: the next stage, or a later one whose clock
    runs while the next has none)."""
    done = [row for row in timeline.rows if row.done_on]
    upcoming = clock_of(timeline)
    state = state_of(timeline)
    return PackReview(
        review_type=review.get_review_type_display(),
        reference=review.reference or None,
        title=review.title,
        current_stage=_stage_label(done[-1]) if done else None,
        next_stage=_stage_label(upcoming) if upcoming else None,
        next_due_on=upcoming.due_on if upcoming else None,
        clock=state.status,
        clock_label=state.label,
        closed=timeline.closed,
        timeline=[
            PackStage(
                label=_stage_label(row),
                round=row.round,
                done_on=row.done_on,
                due_on=row.due_on,
                status=row.state.status,
                status_label=row.state.label,
                extended=row.extension is not None,
            )
            for row in timeline.rows
        ]
        if with_timeline
        else [],
    )


# Where an action stands, as the board pack's rows count it (``standing_key``), in SQL: the
# same order as ``Action.standing``.
def standing_case(today: dt.date, days: int, prefix: str = "") -> Case:
    p = prefix

    def status(value) -> Q:
        return Q(**{f"{p}status": value})

    done = state_q(ActionState.COMPLETED, today, days, p)
    return Case(
        When(status(ActionStatus.COMPLETED), then=Value("awaiting_sign_off")),
        When(
            state_q(ActionState.AWAITING_DECISION, today, days, p), then=Value("closure_proposed")
        ),
        When(status(ActionStatus.SIGNED_OFF), then=Value("signed_off")),
        When(done & status(ActionStatus.ALREADY_IN_PLACE), then=Value("already_in_place")),
        When(done, then=Value("completed")),
        When(state_q(ActionState.CLOSED, today, days, p), then=Value("closed")),
        When(state_q(ActionState.OVERDUE, today, days, p), then=Value("overdue")),
        When(state_q(ActionState.DUE_SOON, today, days, p), then=Value("due_soon")),
        When(state_q(ActionState.NO_DATE, today, days, p), then=Value("no_date")),
        default=Value("open"),
        output_field=CharField(),
    )


# The rows of the figures, from the standings.
FIGURE_ROWS = {
    "overdue": ["overdue"],
    "due_soon": ["due_soon"],
    "no_date": ["no_date"],
    "open": ["open"],
    "awaiting": ["awaiting_sign_off", "closure_proposed"],
    "done": ["signed_off", "already_in_place", "completed"],
    "closed": ["closed"],
}


def _counts(field: str, today, days, stale, scope, prefix: str = "", distinct=False) -> dict:
    """The conditional counts of one query: each standing, each rating, the red, those with
    no recent update."""
    waiting = scope.filter(waiting_for_update_q(today, stale)).values("pk")
    counts = {
        "total": Count(field, distinct=distinct),
        "no_recent_update": Count(
            field, distinct=distinct, filter=Q(**{f"{prefix}pk__in": waiting})
        ),
    }
    for key, _ in STANDINGS:
        counts[f"s_{key}"] = Count(field, distinct=distinct, filter=Q(pack_standing=key))
    for rag in RAG_ORDER:
        counts[f"r_{rag.value}"] = Count(field, distinct=distinct, filter=Q(pack_rag=rag.value))
    return counts


def _figures(scope, today, days, stale) -> dict:
    """Every count of the pack's summary, in one query."""
    return scope.alias(
        pack_standing=standing_case(today, days), pack_rag=rag_case(today, days)
    ).aggregate(
        recommendations=Count("recommendation", distinct=True),
        **_counts("pk", today, days, stale, scope),
    )


def _to_figures(name: str, row: dict) -> Figures:
    return Figures(
        name=name,
        total=row["total"],
        red=row[f"r_{Rag.RED.value}"],
        no_recent_update=row["no_recent_update"],
        **{key: sum(row[f"s_{s}"] for s in keys) for key, keys in FIGURE_ROWS.items()},
    )


def _review_figures(scope, reviews, today, days, stale) -> list[Figures]:
    """The figures of each review (one query)."""
    rows = {
        row["recommendation__review_id"]: row
        for row in scope.alias(
            pack_standing=standing_case(today, days), pack_rag=rag_case(today, days)
        )
        .values("recommendation__review_id")
        .annotate(**_counts("pk", today, days, stale, scope))
        .order_by()
    }
    return [
        _to_figures(f"{r.title} ({r.reference})" if r.reference else r.title, rows[r.pk])
        for r in reviews
        if r.pk in rows
    ]


def _agency_figures(scope, today, days, stale) -> list[Figures]:
    """The figures of each lead agency, and of the actions with none (two queries). An action
    led by two agencies counts in both."""
    p = "action__"
    rows = (
        ActionLead.objects.filter(action__in=scope, agency__isnull=False)
        .alias(pack_standing=standing_case(today, days, p), pack_rag=rag_case(today, days, p))
        .values("agency__name")
        .annotate(**_counts("action", today, days, stale, scope, prefix=p, distinct=True))
        .order_by()
    )
    figures = sorted(
        (_to_figures(row["agency__name"], row) for row in rows), key=lambda f: f.name.lower()
    )
    unled = _figures(
        scope.exclude(pk__in=ActionLead.objects.filter(agency__isnull=False).values("action_id")),
        today,
        days,
        stale,
    )
    if unled["total"]:
        figures.append(_to_figures(NO_LEAD_AGENCY, unled))
    return figures


def _listed_q(today: dt.date, days: int, stale: int) -> Q:
    """The actions a board pack lists in full: overdue; awaiting the partnership's decision
    (a completion to sign off, a proposed closure, a new target date); at risk, or with no
    information; returned to their lead and not updated since; a target date revised
    ``DRIFT_REVISIONS`` times or more; open with no target date or no lead agency. An open
    action rated red is overdue (``plans.rag``), so listed as such.

    An action whose only mark is that it has had no update for ``stale`` days is counted (the
    figures' "No recent update", per review and per agency) rather than listed: its lead is
    reminded already (``notifications``), and in the largest partnership they are a quarter
    of the list, which the PDF could not lay out within its time. Where it is listed for
    another reason, the pack says it has had no update too."""
    open_ = lifecycle.open_q()
    pending = TargetDateRevision.objects.filter(state=TargetDateRevision.State.PENDING)
    led = ActionLead.objects.filter(agency__isnull=False)
    last_return = SignOffDecision.objects.filter(
        action=OuterRef("pk"), decision=SignOffDecision.Decision.RETURNED
    ).order_by("-decided_at", "-pk")
    later_update = ProgressUpdate.objects.filter(
        action=OuterRef("pk"), created_at__gt=Subquery(last_return.values("decided_at")[:1])
    )
    returned = Exists(last_return) & ~Exists(later_update)
    return (
        state_q(ActionState.OVERDUE, today, days)
        | Q(status__in=[ActionStatus.COMPLETED, ActionStatus.CLOSURE_PROPOSED])
        | Q(status=ActionStatus.AT_RISK)
        | (open_ & Q(status=ActionStatus.NO_INFORMATION))
        | Q(pk__in=pending.values("action_id"))
        | (open_ & Q(target_date_revisions__gte=DRIFT_REVISIONS))
        | (open_ & Q(target_date__isnull=True))
        | (open_ & ~Q(pk__in=led.values("action_id")))
        | (open_ & returned)
    )


def _pack_actions(actions, reviews: list[Review]) -> list[Action]:
    """The actions with their leads and reviews, the time of their last update and of their
    last return, and whether a new target date awaits approval, in plan order (two
    queries)."""
    review_rank = {r.pk: i for i, r in enumerate(reviews)}
    pending = TargetDateRevision.objects.filter(
        action=OuterRef("pk"), state=TargetDateRevision.State.PENDING
    )
    return sorted(
        with_update_dates(actions)
        .annotate(revision_pending=Exists(pending))
        .select_related("recommendation__review")
        .prefetch_related(Prefetch("leads", queryset=ActionLead.objects.select_related("agency"))),
        key=lambda a: (
            review_rank[a.recommendation.review_id],
            a.recommendation.order,
            a.order,
            a.pk,
        ),
    )


def _listed_items(
    actions: list[Action],
    packed: dict[int, PackAction],
    listed: set[int],
    today: dt.date,
    stale: int,
) -> tuple[list[ExceptionItem], list[ExceptionItem]]:
    """The overdue actions, review by review and the most overdue first in each, with what
    else is to be said of them; and the exceptions in plan order, each with why it is
    listed."""
    overdue, exceptions = [], []
    for action in actions:
        if action.pk not in listed:
            continue
        item = packed[action.pk]
        reasons = _exceptions(action, item, today, stale)
        if item.state == ActionState.OVERDUE:
            overdue.append(ExceptionItem(action=item, reason="; ".join(reasons)))
        elif reasons:
            exceptions.append(ExceptionItem(action=item, reason="; ".join(reasons)))
    # Review by review (as the pack groups them), the most overdue first in each.
    rank = {}
    for item in overdue:
        rank.setdefault(item.action.review, len(rank))
    overdue.sort(key=lambda i: (rank[i.action.review], -(i.action.days_overdue or 0)))
    return overdue, exceptions


def _progress_changes(
    packed: dict[int, PackAction], listed, start: dt.datetime
) -> tuple[list[Change], list[Change], set[int]]:
    """Progress updates since ``start`` on the actions listed, and every completion a lead
    marked since then, with the ids of the actions so marked."""
    updates, completions, marked = [], [], set()
    for update in (
        ProgressUpdate.objects.filter(action_id__in=list(packed), created_at__gte=start)
        .filter(Q(marks_completed=True) | Q(action__in=listed))
        .select_related("author")
        .order_by("created_at", "pk")
    ):
        item = packed[update.action_id]
        if update.marks_completed:
            marked.add(update.action_id)
            summary = "Marked completed, awaiting sign-off"
            if item.completed_on:
                summary = f"Completed on {item.completed_on.display()}, awaiting sign-off"
            into = completions
        else:
            summary, into = lifecycle.label(update.status), updates
        into.append(
            Change(
                on=_local_day(update.created_at),
                action=item,
                summary=summary,
                by=_person(update.author),
                detail=update.narrative,
            )
        )
    return updates, completions, marked


def _completed_without_update(
    actions: list[Action], packed: dict[int, PackAction], since: dt.date, marked: set[int]
) -> list[Change]:
    """Completed since the date without a completion update (recorded on import or edit)."""
    return [
        Change(
            on=action.completed_on,
            action=packed[action.pk],
            summary=f"Completed on {packed[action.pk].completed_on.display()}",
        )
        for action in actions
        if action.pk not in marked and action.completed_on and action.completed_on >= since
    ]


def _sign_off_changes(packed: dict[int, PackAction], decided) -> list[Change]:
    return [
        Change(
            on=_local_day(decision.decided_at),
            action=packed[decision.action_id],
            summary=_decision_summary(decision),
            public_summary=_decision_summary(decision, with_minutes=False),
            by=_person(decision.decided_by),
            detail=decision.comment or None,
            kind="signed_off"
            if decision.decision == SignOffDecision.Decision.SIGNED_OFF
            else "returned",
        )
        for decision in decided.select_related("decided_by").order_by("decided_at", "pk")
    ]


def _comment_changes(packed: dict[int, PackAction], listed, start: dt.datetime) -> list[Change]:
    """The comments since ``start`` on the threads of the actions listed, oldest first
    (internal only)."""
    return [
        Change(
            on=_local_day(comment.created_at),
            action=packed[comment.action_id],
            summary="Comment",
            by=_person(comment.author),
            detail=comment.text,
        )
        for comment in ActionComment.objects.filter(action__in=listed, created_at__gte=start)
        .select_related("author")
        .order_by("created_at", "pk")
    ]


def _revision_changes(packed: dict[int, PackAction], revised) -> list[Change]:
    return [
        Change(
            on=_local_day(revision.decided_at or revision.proposed_at),
            action=packed[revision.action_id],
            summary=_revision_summary(revision),
            by=_person(revision.decided_by or revision.proposed_by),
            detail=revision.reason,
        )
        for revision in revised.select_related("proposed_by", "decided_by").order_by(
            "proposed_at", "pk"
        )
    ]


def _lead_words(lead: Lead) -> str:
    """'Sam Rowe - Service Manager (CADAS)', or as much of it as the plan gave."""
    who = " - ".join(part for part in (lead.name, lead.role) if part)
    if lead.agency:
        return f"{who} ({lead.agency})" if who else lead.agency
    return who


def _pack_action(action: Action, today: dt.date, days: int) -> PackAction:
    leads = [
        Lead(
            name=lead.person_name or None,
            role=lead.role or None,
            agency=lead.agency.name if lead.agency else None,
        )
        for lead in action.leads.all()
    ]
    review = action.recommendation.review
    state = action.state(today, days)
    standing = action.standing(today, days)
    return PackAction(
        review=review.title,
        review_reference=review.reference or None,
        recommendation_number=action.recommendation.number or None,
        text=action.text,
        agencies=[lead.agency for lead in agencies_only(leads)],
        leads="; ".join(_lead_words(lead) for lead in leads),
        target=action.target,
        target_text=action.target_date_text or None,
        original_target=action.original_target if action.target_date_revisions else None,
        target_revisions=action.target_date_revisions,
        status_label=action.get_status_display(),
        rag=action.rag(today, days).value,
        state=state.value,
        state_label=standing[1],
        standing=standing_key(standing),
        completed_on=action.completed,
        days_overdue=(today - action.target_date).days if state == ActionState.OVERDUE else None,
        url=_base_url() + reverse("actions:detail", args=[action.pk]),
    )


def _decision_summary(decision: SignOffDecision, *, with_minutes: bool = True) -> str:
    """What was decided. The minutes reference is free text (people write "7.3, DS and the
    DI from CID present"), so like every note it stays out of the public profile."""
    if decision.decision != SignOffDecision.Decision.SIGNED_OFF:
        return "Returned to the lead: not yet done"
    summary = "Signed off"
    if decision.meeting_date:
        summary += f" at the meeting of {decision.meeting_date:%-d %B %Y}"
    if decision.minutes_reference and with_minutes:
        summary += f" (minutes {decision.minutes_reference})"
    return summary


def _revision_summary(revision: TargetDateRevision) -> str:
    was = revision.previous.display() if revision.previous else "no date"
    new = revision.proposed.display()
    if revision.state == TargetDateRevision.State.APPROVED:
        return f"Target date moved from {was} to {new}"
    if revision.state == TargetDateRevision.State.REJECTED:
        return f"New target date of {new} not approved; stays {was}"
    return f"New target date of {new} proposed (now {was}), awaiting approval"


def _exceptions(action: Action, item: PackAction, today: dt.date, stale: int) -> list[str]:
    """Why the board should look at this action (beyond its being overdue)."""
    reasons = []
    open_ = action.is_open
    if action.status == ActionStatus.COMPLETED:
        reasons.append("Completed, awaiting sign-off")
    if action.status == ActionStatus.CLOSURE_PROPOSED:
        reasons.append(
            f"Closure proposed ({lifecycle.label(action.proposed_closure).lower()}), awaiting "
            "decision"
        )
    if action.status == ActionStatus.AT_RISK:
        reasons.append("At risk")
    if action.status == ActionStatus.NO_INFORMATION and open_:
        reasons.append("No information recorded")
    if action.revision_pending:
        reasons.append("New target date awaiting approval")
    if action.target_date_revisions >= DRIFT_REVISIONS and open_:
        reasons.append(f"Target date revised {action.target_date_revisions} times")
    if open_ and action.target_date is None:
        reasons.append("No target date")
    if open_ and not item.agencies:
        reasons.append("No lead agency")
    if returned_since_update(action):
        reasons.append(
            f"Returned to its lead on {_local_day(action.last_returned_at):%-d %B %Y}, "
            "not updated since"
        )
    if open_ and is_waiting_for_update(
        quiet_since(action.last_update_at, action.recommendation.review), today, stale
    ):
        reasons.append(f"No update in {stale} days")
    return reasons


# The appendix ----------------------------------------------------------------------------


def appendix_actions(
    *, reviews: list[Review], today: dt.date, profile: Profile | str = Profile.INTERNAL
) -> Iterator[dict]:
    """Every action of ``reviews`` as a row of the appendix (``writers.appendix``), read in
    chunks of a thousand (three queries each), in plan order. The public profile gives the
    agencies only, and no link into the app."""
    public = Profile(profile) is Profile.PUBLIC
    days = _due_soon_days()
    rank = {r.pk: i for i, r in enumerate(reviews)}
    actions = (
        with_update_dates(Action.objects.filter(recommendation__review_id__in=list(rank)))
        .select_related("recommendation__review")
        .prefetch_related(Prefetch("leads", queryset=ActionLead.objects.select_related("agency")))
        .order_by(
            "recommendation__review__title",
            "recommendation__review_id",
            "recommendation__order",
            "order",
            "pk",
        )
    )
    for action in actions.iterator(chunk_size=1000):
        item = _pack_action(action, today, days)
        review = action.recommendation.review
        yield {
            "Review": review.title,
            "Reference": review.reference or None,
            "Recommendation": item.recommendation_number,
            "Action": action.text,
            "Lead agencies": "; ".join(item.agencies) or None,
            "Leads": None if public else item.leads or None,
            "Target date": action.target_date,
            "Target as written": item.target_text,
            "Times the target date was revised": action.target_date_revisions,
            "Status": item.status_label,
            "RAG": item.rag_label,
            "Where it stands": item.state_label,
            "Completed on": action.completed_on,
            "Last progress update": _local_day(action.last_update_at)
            if action.last_update_at
            else None,
            "Link": None if public else item.url,
        }


def appendix_changes(
    *, reviews: list[Review], since: dt.date, profile: Profile | str = Profile.INTERNAL
) -> Iterator[dict]:
    """What changed since ``since`` on the actions of ``reviews``, as rows of the appendix:
    every progress update, sign-off decision and revised target date (and, internally, every
    comment), each kind oldest first. The public profile gives each one's date and what
    happened in fixed words only: no name, no narrative, no minutes, no comment."""
    public = Profile(profile) is Profile.PUBLIC
    start = _start_of(since)
    scope = {"action__recommendation__review_id__in": [r.pk for r in reviews]}
    related = ("action__recommendation__review", "author")
    updates = (
        ProgressUpdate.objects.filter(created_at__gte=start, **scope)
        .select_related(*related)
        .order_by("created_at", "pk")
    )
    for update in updates.iterator(chunk_size=1000):
        yield _change_row(
            update,
            "Marked completed" if update.marks_completed else lifecycle.label(update.status),
            None if public else update.narrative,
            public,
        )
    decisions = (
        SignOffDecision.objects.filter(decided_at__gte=start, **scope)
        .select_related("action__recommendation__review", "decided_by")
        .order_by("decided_at", "pk")
    )
    for decision in decisions.iterator(chunk_size=1000):
        decision.created_at, decision.author = decision.decided_at, decision.decided_by
        yield _change_row(
            decision,
            _decision_summary(decision, with_minutes=not public),
            None if public else decision.comment,
            public,
        )
    revisions = (
        TargetDateRevision.objects.filter(**scope)
        .filter(Q(proposed_at__gte=start) | Q(decided_at__gte=start))
        .select_related("action__recommendation__review", "proposed_by", "decided_by")
        .order_by("proposed_at", "pk")
    )
    for revision in revisions.iterator(chunk_size=1000):
        revision.created_at = revision.decided_at or revision.proposed_at
        revision.author = revision.decided_by or revision.proposed_by
        yield _change_row(
            revision, _revision_summary(revision), None if public else revision.reason, public
        )
    if public:
        return
    comments = (
        ActionComment.objects.filter(created_at__gte=start, **scope)
        .select_related(*related)
        .order_by("created_at", "pk")
    )
    for comment in comments.iterator(chunk_size=1000):
        yield _change_row(comment, "Comment", comment.text, public)


def _change_row(row, what: str, note: str | None, public: bool) -> dict:
    action = row.action
    return {
        "Date": _local_day(row.created_at),
        "Review": action.recommendation.review.title,
        "Recommendation": action.recommendation.number or None,
        "Action": action.text,
        "What happened": what,
        "By": None if public else _person(row.author),
        "Note": note or None,
    }


# Board packs made by the worker ------------------------------------------------------------


def get_export_job_for_user(request, pk: int):
    """The export job, if the user asked for it and may still export what it covers (the
    review's or the partnership's permission, asked again at every request); otherwise 404,
    so that no one else learns it exists."""
    from django.http import Http404

    from followthrough.exports.models import ExportJob

    job = (
        ExportJob.objects.filter(pk=pk, requested_by_id=request.user.pk)
        .select_related("partnership", "review__partnership")
        .first()
    )
    if job is None:
        raise Http404("Not found")
    if job.review_id:
        allowed = request.user.has_perm("exports.export_review", job.review)
    else:
        allowed = request.user.has_perm("exports.export_partnership", job.partnership)
    if not allowed:
        raise Http404("Not found")
    return job


def recent_export_jobs(user, *, partnership=None, review=None, limit: int = 5) -> list:
    """The user's latest board packs of this partnership or review (one query)."""
    from followthrough.exports.models import ExportJob

    jobs = ExportJob.objects.filter(requested_by_id=user.pk, kind=ExportJob.Kind.BOARD_PACK)
    jobs = (
        jobs.filter(review=review)
        if review is not None
        else jobs.filter(partnership=partnership, review__isnull=True)
    )
    return list(jobs.order_by("-requested_at", "-pk")[:limit])
