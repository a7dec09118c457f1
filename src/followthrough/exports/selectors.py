"""Reads for the exports: a stored plan as ``PlanExport``, and the board pack of a partnership
or of one review. Each runs a fixed number of queries whatever the size of the plans."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone

from followthrough.delivery.models import (
    ActionComment,
    ProgressUpdate,
    SignOffDecision,
    TargetDateRevision,
)
from followthrough.exports.model import (
    ActionDelivery,
    AgencyTable,
    BoardPack,
    Change,
    ExceptionItem,
    PackAction,
    PlanExport,
    Profile,
)
from followthrough.exports.profiles import agencies_only, public_board_pack, publishable_reviews
from followthrough.interchange import Lead
from followthrough.partnerships.models import Partnership
from followthrough.plans import lifecycle
from followthrough.plans.conversion import plan_from_review
from followthrough.plans.lifecycle import ActionStatus
from followthrough.plans.models import Action, ActionLead, ActionState, Review
from followthrough.plans.rag import Rag
from followthrough.plans.selectors import NO_LEAD_AGENCY, review_plan

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
    """The board pack of a partnership (all its reviews) or of one review: counts, what
    changed since ``since``, overdue actions and exceptions, and a table per agency.

    It is built whole, as the partnership sees it; the public profile is then applied by
    ``profiles.public_board_pack`` (published reviews only, agencies for leads, no names, no
    free text), so that what publication leaves out is decided in one place."""
    if (partnership is None) == (review is None):
        raise ValueError("a board pack is for a partnership or for one review")
    profile = Profile(profile)
    public = profile is Profile.PUBLIC
    today = today or timezone.localdate()
    if review is not None:
        partnership, reviews = review.partnership, [review]
    else:
        reviews = list(Review.objects.filter(partnership=partnership).order_by("title", "pk"))
    if public:
        reviews = publishable_reviews(reviews, one_review=review is not None)
    actions = _pack_actions(reviews)
    packed = {a.pk: _pack_action(a, today, _due_soon_days()) for a in actions}
    start = _start_of(since)
    updates, completions, marked = _progress_changes(packed, start)
    completions = sorted(
        completions + _completed_without_update(actions, packed, since, marked),
        key=lambda c: c.on,
    )
    items = list(packed.values())
    pack = BoardPack(
        title=review.title if review is not None else partnership.name,
        partnership=partnership.name,
        reviews=[r.title for r in reviews],
        since=since,
        today=today,
        profile=Profile.INTERNAL,
        state_counts=[
            (key, label, sum(1 for i in items if i.standing == key)) for key, label in STANDINGS
        ],
        rag_counts=[(r.value, r.label, sum(1 for i in items if i.rag == r)) for r in RAG_ORDER],
        updates=updates,
        completions=completions,
        sign_offs=_sign_off_changes(packed, start),
        revisions=_revision_changes(packed, start),
        overdue=sorted(
            (i for i in items if i.state == ActionState.OVERDUE),
            key=lambda i: -(i.days_overdue or 0),
        ),
        exceptions=_exception_items(actions, packed),
        agencies=_agency_tables(actions, packed),
        recommendation_count=len({a.recommendation_id for a in actions}),
        action_count=len(actions),
        comments=[] if public else _comment_changes(packed, start),
    )
    return public_board_pack(pack) if public else pack


def _pack_actions(reviews: list[Review]) -> list[Action]:
    """The reviews' actions with their leads and reviews, in plan order (two queries)."""
    review_rank = {r.pk: i for i, r in enumerate(reviews)}
    return sorted(
        Action.objects.filter(recommendation__review_id__in=list(review_rank))
        .select_related("recommendation__review")
        .prefetch_related(Prefetch("leads", queryset=ActionLead.objects.select_related("agency"))),
        key=lambda a: (
            review_rank[a.recommendation.review_id],
            a.recommendation.order,
            a.order,
            a.pk,
        ),
    )


def _progress_changes(
    packed: dict[int, PackAction], start: dt.datetime
) -> tuple[list[Change], list[Change], set[int]]:
    """Progress updates since ``start``: the updates, the completions their leads marked,
    and the ids of the actions so marked."""
    updates, completions, marked = [], [], set()
    for update in (
        ProgressUpdate.objects.filter(action_id__in=list(packed), created_at__gte=start)
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


def _sign_off_changes(packed: dict[int, PackAction], start: dt.datetime) -> list[Change]:
    return [
        Change(
            on=_local_day(decision.decided_at),
            action=packed[decision.action_id],
            summary=_decision_summary(decision),
            public_summary=_decision_summary(decision, with_minutes=False),
            by=_person(decision.decided_by),
            detail=decision.comment or None,
        )
        for decision in SignOffDecision.objects.filter(
            action_id__in=list(packed), decided_at__gte=start
        )
        .select_related("decided_by")
        .order_by("decided_at", "pk")
    ]


def _comment_changes(packed: dict[int, PackAction], start: dt.datetime) -> list[Change]:
    """The comments on the actions' threads since ``start``, oldest first (internal only)."""
    return [
        Change(
            on=_local_day(comment.created_at),
            action=packed[comment.action_id],
            summary="Comment",
            by=_person(comment.author),
            detail=comment.text,
        )
        for comment in ActionComment.objects.filter(
            action_id__in=list(packed), created_at__gte=start
        )
        .select_related("author")
        .order_by("created_at", "pk")
    ]


def _revision_changes(packed: dict[int, PackAction], start: dt.datetime) -> list[Change]:
    return [
        Change(
            on=_local_day(revision.decided_at or revision.proposed_at),
            action=packed[revision.action_id],
            summary=_revision_summary(revision),
            by=_person(revision.decided_by or revision.proposed_by),
            detail=revision.reason,
        )
        for revision in TargetDateRevision.objects.filter(action_id__in=list(packed))
        .filter(Q(proposed_at__gte=start) | Q(decided_at__gte=start))
        .select_related("proposed_by", "decided_by")
        .order_by("proposed_at", "pk")
    ]


def _exception_items(actions: list[Action], packed: dict[int, PackAction]) -> list[ExceptionItem]:
    pending = set(
        TargetDateRevision.objects.filter(
            action__in=[a.pk for a in actions], state=TargetDateRevision.State.PENDING
        ).values_list("action_id", flat=True)
    )
    return [
        ExceptionItem(action=packed[a.pk], reason="; ".join(reasons))
        for a in actions
        if (reasons := _exceptions(a, packed[a.pk], a.pk in pending))
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


def _exceptions(action: Action, item: PackAction, revision_pending: bool) -> list[str]:
    """Why the board should look at this action (an overdue one is listed on its own)."""
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
    if revision_pending:
        reasons.append("New target date awaiting approval")
    if action.target_date_revisions >= DRIFT_REVISIONS and open_:
        reasons.append(f"Target date revised {action.target_date_revisions} times")
    if open_ and action.target_date is None:
        reasons.append("No target date")
    if open_ and not item.agencies:
        reasons.append("No lead agency")
    return reasons


def _agency_tables(actions: list[Action], packed: dict[int, PackAction]) -> list[AgencyTable]:
    by_agency: dict[str, list[PackAction]] = defaultdict(list)
    for action in actions:
        item = packed[action.pk]
        for agency in item.agencies or [NO_LEAD_AGENCY]:
            by_agency[agency].append(item)
    names = sorted((n for n in by_agency if n != NO_LEAD_AGENCY), key=str.lower)
    if NO_LEAD_AGENCY in by_agency:
        names.append(NO_LEAD_AGENCY)
    return [AgencyTable(agency=name, actions=by_agency[name]) for name in names]
