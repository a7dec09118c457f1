"""Reads for the exports: a stored plan as ``PlanExport``, and the board pack of a partnership
or of one review. Each runs a fixed number of queries whatever the size of the plans."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.db.models import Prefetch, Q
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from followthrough.delivery.models import ProgressUpdate, SignOffDecision, TargetDateRevision
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
from followthrough.exports.profiles import ProfileRefused, agencies_only
from followthrough.exports.writers.docx import lead_text
from followthrough.interchange import Lead
from followthrough.partnerships.models import Partnership
from followthrough.plans.conversion import plan_from_review
from followthrough.plans.models import (
    FINISHED_STATUSES,
    Action,
    ActionLead,
    ActionState,
    ActionStatus,
    Review,
)
from followthrough.plans.rag import Rag
from followthrough.plans.selectors import review_plan

NO_AGENCY = "No lead agency"
STATUS_LABELS = dict(ActionStatus.choices)
STATE_ORDER = [
    ActionState.OVERDUE,
    ActionState.DUE_SOON,
    ActionState.OPEN,
    ActionState.NO_DATE,
    ActionState.COMPLETED,
    ActionState.CLOSED,
]
RAG_ORDER = [Rag.RED, Rag.AMBER, Rag.GREEN, Rag.NOT_RATED]
# Revised this many times or more: the action is drifting, and the board hears of it.
DRIFT_REVISIONS = 2


def _due_soon_days() -> int:
    return settings.FOLLOWTHROUGH_DUE_SOON_DAYS


def get_partnership_for_user(request, pk: int, *, perm: str) -> Partnership:
    partnership = Partnership.objects.filter(pk=pk).first()
    if partnership is None or not request.user.has_perm(perm, partnership):
        raise Http404("Not found")
    return partnership


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
            state_label=action.state(today, days).label,
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
    changed since ``since``, overdue actions and exceptions, and a table per agency. The public
    profile takes published reviews only, and leaves out names and narratives."""
    if (partnership is None) == (review is None):
        raise ValueError("a board pack is for a partnership or for one review")
    profile = Profile(profile)
    public = profile is Profile.PUBLIC
    today = today or timezone.localdate()
    days = _due_soon_days()
    if review is not None:
        partnership = review.partnership
        reviews = [review]
        if public and review.published_on is None:
            raise ProfileRefused(
                "this review has not been published (it has no publication date), so its "
                "board pack cannot be made with the public profile: export the internal profile"
            )
    else:
        queryset = Review.objects.filter(partnership=partnership).order_by("title", "pk")
        if public:
            queryset = queryset.exclude(published_on=None)
        reviews = list(queryset)
        if public and not reviews:
            raise ProfileRefused(
                "none of this partnership's reviews has been published, so there is nothing for "
                "a public board pack: export the internal profile"
            )
    review_ids = [r.pk for r in reviews]
    review_rank = {pk: i for i, pk in enumerate(review_ids)}
    actions = sorted(
        Action.objects.filter(recommendation__review_id__in=review_ids)
        .select_related("recommendation__review")
        .prefetch_related(Prefetch("leads", queryset=ActionLead.objects.select_related("agency"))),
        key=lambda a: (
            review_rank[a.recommendation.review_id],
            a.recommendation.order,
            a.order,
            a.pk,
        ),
    )
    pending = set(
        TargetDateRevision.objects.filter(
            action__in=[a.pk for a in actions], state=TargetDateRevision.State.PENDING
        ).values_list("action_id", flat=True)
    )
    packed: dict[int, PackAction] = {}
    for action in actions:
        packed[action.pk] = _pack_action(action, today, days, public)

    start = _start_of(since)
    action_ids = list(packed)
    updates, completions = [], []
    completed_ids = set()
    for update in (
        ProgressUpdate.objects.filter(action_id__in=action_ids, created_at__gte=start)
        .select_related("author")
        .order_by("created_at", "pk")
    ):
        item = packed[update.action_id]
        label = STATUS_LABELS.get(update.status, update.status)
        if update.marks_completed:
            completed_ids.add(update.action_id)
            summary = "Marked completed, awaiting sign-off"
            if item.completed_on:
                summary = f"Completed on {item.completed_on.display()}, awaiting sign-off"
            target = completions
        else:
            summary, target = label, updates
        target.append(
            Change(
                on=_local_day(update.created_at),
                action=item,
                summary=summary,
                by=None if public else _person(update.author),
                detail=None if public else update.narrative,
            )
        )
    for action in actions:
        # Completed since the date without a completion update (recorded on import or edit).
        if action.pk not in completed_ids and action.completed_on and action.completed_on >= since:
            item = packed[action.pk]
            completions.append(
                Change(
                    on=action.completed_on,
                    action=item,
                    summary=f"Completed on {item.completed_on.display()}",
                )
            )
    completions.sort(key=lambda c: c.on)

    sign_offs = [
        Change(
            on=_local_day(decision.decided_at),
            action=packed[decision.action_id],
            summary=_decision_summary(decision, public=public),
            by=None if public else _person(decision.decided_by),
            detail=None if public else (decision.comment or None),
        )
        for decision in SignOffDecision.objects.filter(
            action_id__in=action_ids, decided_at__gte=start
        )
        .select_related("decided_by")
        .order_by("decided_at", "pk")
    ]
    revisions = [
        Change(
            on=_local_day(revision.decided_at or revision.proposed_at),
            action=packed[revision.action_id],
            summary=_revision_summary(revision),
            by=None if public else _person(revision.decided_by or revision.proposed_by),
            detail=None if public else revision.reason,
        )
        for revision in TargetDateRevision.objects.filter(action_id__in=action_ids)
        .filter(Q(proposed_at__gte=start) | Q(decided_at__gte=start))
        .select_related("proposed_by", "decided_by")
        .order_by("proposed_at", "pk")
    ]

    items = [packed[a.pk] for a in actions]
    overdue = sorted(
        (i for i in items if i.state == ActionState.OVERDUE),
        key=lambda i: -(i.days_overdue or 0),
    )
    exceptions = [
        ExceptionItem(action=packed[a.pk], reason="; ".join(reasons))
        for a in actions
        if (reasons := _exceptions(a, packed[a.pk], a.pk in pending))
    ]
    return BoardPack(
        title=review.title if review is not None else partnership.name,
        partnership=partnership.name,
        reviews=[r.title for r in reviews],
        since=since,
        today=today,
        profile=profile,
        state_counts=[
            (s.value, s.label, sum(1 for i in items if i.state == s)) for s in STATE_ORDER
        ],
        rag_counts=[(r.value, r.label, sum(1 for i in items if i.rag == r)) for r in RAG_ORDER],
        updates=updates,
        completions=completions,
        sign_offs=sign_offs,
        revisions=revisions,
        overdue=overdue,
        exceptions=exceptions,
        agencies=_agency_tables(actions, packed),
        recommendation_count=len({a.recommendation_id for a in actions}),
        action_count=len(actions),
    )


def _pack_action(action: Action, today: dt.date, days: int, public: bool) -> PackAction:
    leads = [
        Lead(
            name=lead.person_name or None,
            role=lead.role or None,
            agency=lead.agency.name if lead.agency else None,
        )
        for lead in action.leads.all()
    ]
    agencies = [lead.agency for lead in agencies_only(leads)]
    shown = agencies_only(leads) if public else leads
    review = action.recommendation.review
    state = action.state(today, days)
    return PackAction(
        review=review.title,
        review_reference=review.reference or None,
        recommendation_number=action.recommendation.number or None,
        text=action.text,
        agencies=agencies,
        leads="; ".join(lead_text(lead) for lead in shown),
        target=action.target,
        target_text=action.target_date_text or None,
        original_target=action.original_target if action.target_date_revisions else None,
        target_revisions=action.target_date_revisions,
        status_label=action.get_status_display(),
        rag=action.rag(today, days).value,
        state=state.value,
        state_label=state.label,
        completed_on=action.completed,
        days_overdue=(today - action.target_date).days if state == ActionState.OVERDUE else None,
        url=None if public else _base_url() + reverse("actions:detail", args=[action.pk]),
    )


def _decision_summary(decision: SignOffDecision, *, public: bool) -> str:
    """What was decided. The minutes reference is free text (people write "7.3, DS and the
    DI from CID present"), so like every note it stays out of the public profile."""
    if decision.decision != SignOffDecision.Decision.SIGNED_OFF:
        return "Returned to the lead: not yet done"
    summary = "Signed off"
    if decision.meeting_date:
        summary += f" at the meeting of {decision.meeting_date:%-d %B %Y}"
    if decision.minutes_reference and not public:
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
    open_ = action.status not in FINISHED_STATUSES and action.completed_on is None
    if action.status == ActionStatus.COMPLETED:
        reasons.append("Completed, awaiting sign-off")
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
        for agency in item.agencies or [NO_AGENCY]:
            by_agency[agency].append(item)
    names = sorted((n for n in by_agency if n != NO_AGENCY), key=str.lower)
    if NO_AGENCY in by_agency:
        names.append(NO_AGENCY)
    return [AgencyTable(agency=name, actions=by_agency[name]) for name in names]
