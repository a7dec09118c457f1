import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import (
    Case,
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.lookups import IsNull, LessThan
from django.http import Http404
from django.utils import timezone

from followthrough.delivery.models import (
    Evidence,
    ProgressUpdate,
    SignOffDecision,
    TargetDateRevision,
)
from followthrough.plans import lifecycle
from followthrough.plans.models import Action, ActionLead, PlanStatus


def get_evidence_for_user(request, pk: int) -> Evidence:
    evidence = (
        Evidence.objects.select_related("action__recommendation__review").filter(pk=pk).first()
    )
    if evidence is None or not request.user.has_perm("delivery.view_evidence", evidence.action):
        raise Http404("Not found")
    return evidence


def get_revision_for_user(request, pk: int, *, perm: str) -> TargetDateRevision:
    revision = (
        TargetDateRevision.objects.select_related("action__recommendation__review")
        .filter(pk=pk)
        .first()
    )
    if revision is None or not request.user.has_perm(perm, revision.action):
        raise Http404("Not found")
    return revision


def action_delivery(action) -> dict:
    """What the action page shows of delivery: updates with their evidence and authors,
    sign-off decisions, revisions and the comment thread, oldest first (five queries)."""
    revisions = list(action.date_revisions.select_related("proposed_by", "decided_by"))
    return {
        "updates": list(
            action.progress_updates.select_related("author").prefetch_related("evidence")
        ),
        "decisions": list(action.sign_off_decisions.select_related("decided_by")),
        "revisions": revisions,
        "revision_pending": any(r.state == TargetDateRevision.State.PENDING for r in revisions),
        "comments": list(action.comments.select_related("author")),
    }


def with_update_dates(actions: QuerySet) -> QuerySet:
    """The actions, each with the time of its last progress update (``last_update_at``) and of
    the last time it was returned at sign-off (``last_returned_at``): two subqueries, no more
    queries. The dashboards and the reminders read both through ``returned_since_update``."""
    latest_return = SignOffDecision.objects.filter(
        action=OuterRef("pk"), decision=SignOffDecision.Decision.RETURNED
    ).order_by("-decided_at", "-pk")
    return actions.annotate(
        last_update_at=last_update_at(),
        last_returned_at=Subquery(latest_return.values("decided_at")[:1]),
    )


def last_update_at() -> Subquery:
    """The time of an action's last progress update, as a subquery for a queryset of actions
    (read on the index of updates by action, for the rows it is asked for only)."""
    latest = ProgressUpdate.objects.filter(action=OuterRef("pk")).order_by("-created_at", "-pk")
    return Subquery(latest.values("created_at")[:1])


def waiting_for_update_q(today: dt.date, days: int) -> Q:
    """The SQL twin of ``plans.updates`` for a queryset of actions: open, and their update
    clock (``quiet_since``) started ``days`` or more before ``today``. The clock is the local
    date of the last progress update, else of the day the plan was agreed (when it was added,
    for a plan agreed before that was recorded), and never runs on a draft plan that has had no
    update; so "started on or before day D" is "before the first moment of day D + 1"."""
    cutoff = timezone.make_aware(
        dt.datetime.combine(today - dt.timedelta(days=days - 1), dt.time.min)
    )
    review = "recommendation__review__"
    agreed_before = Q(**{f"{review}plan_status": PlanStatus.AGREED}) & (
        Q(**{f"{review}agreed_at__lt": cutoff})
        | Q(**{f"{review}agreed_at__isnull": True, f"{review}created_at__lt": cutoff})
    )
    # Through the time of the last update, read for each open action from the index of
    # updates by action (not "has any update", which PostgreSQL answers by reading every
    # update there is: docs/benchmarks.md, "Query plans at national scale").
    last = last_update_at()
    return lifecycle.open_q() & (
        Q(LessThan(last, cutoff)) | (Q(IsNull(last, True)) & agreed_before)
    )


def returned_since_update_q() -> Q:
    """The SQL twin of ``returned_since_update`` for a queryset of actions: open, and returned
    at sign-off at a moment with no progress update at or after it (so the last return is
    later than the last update, or there is no update). One probe of the index of decisions by
    action for each action, rather than working out both last times and comparing them."""
    later_update = ProgressUpdate.objects.filter(
        action=OuterRef("action_id"), created_at__gte=OuterRef("decided_at")
    )
    unanswered_return = SignOffDecision.objects.filter(
        action=OuterRef("pk"), decision=SignOffDecision.Decision.RETURNED
    ).filter(~Exists(later_update))
    return lifecycle.open_q() & Exists(unanswered_return)


def returned_since_update(action) -> bool:
    """Returned to its lead at sign-off and not updated since: the lead's move. For an action
    read through ``with_update_dates``."""
    return (
        action.is_open
        and action.last_returned_at is not None
        and (action.last_update_at is None or action.last_returned_at > action.last_update_at)
    )


def revision_pending(action) -> bool:
    return action.date_revisions.filter(state=TargetDateRevision.State.PENDING).exists()


def evidence_for_decision(action) -> list[Evidence]:
    """The evidence a decision is made on: every file the action's updates carry, newest first,
    with who gave it (one query)."""
    return list(
        Evidence.objects.filter(action=action)
        .select_related("update__author")
        .order_by("-uploaded_at", "-pk")
    )


# The board meeting lists at most this many actions at a time, so that its page costs the same
# whether 5 or 500 await the partnership's decision; deciding them brings up the next ones.
MEETING_SIZE = 50

_MEETING_ORDER = (
    "recommendation__review__title",
    "recommendation__review_id",
    "recommendation__order",
    "order",
    "pk",
)


def _meeting_place(action) -> tuple:
    review = action.recommendation.review
    return (review.title, review.pk, action.recommendation.order, action.order, action.pk)


@dataclass
class MeetingAgenda:
    """The actions a meeting page lists (``actions``, at most ``size``) and how many await the
    partnership's decision within the narrowing (``count``)."""

    actions: list
    count: int
    size: int

    @property
    def more(self) -> bool:
        return self.count > len(self.actions)

    @property
    def next_count(self) -> int:
        """How many the page lists next, once these are decided."""
        return min(self.size, self.count - len(self.actions))


def _awaiting(
    partnership,
    *,
    agency: int | None = None,
    without_agency: bool = False,
    review: int | None = None,
    theme: str = "",
    status: str = "",
) -> QuerySet:
    waiting = Action.objects.filter(
        recommendation__review__partnership=partnership,
        status__in=sorted(lifecycle.AWAITING_DECISION),
    )
    if without_agency:
        waiting = waiting.filter(
            ~Exists(ActionLead.objects.filter(action=OuterRef("pk"), agency__isnull=False))
        )
    elif agency:
        waiting = waiting.filter(
            pk__in=ActionLead.objects.filter(agency_id=agency).values("action_id")
        )
    if review:
        waiting = waiting.filter(recommendation__review_id=review)
    if theme:
        waiting = waiting.filter(recommendation__theme_heading=theme)
    if status:
        waiting = waiting.filter(status=status)
    return waiting


def awaiting_decision_count(partnership, **narrowing) -> int:
    """How many of the partnership's actions await its decision within the narrowing of
    ``awaiting_decision`` (one query)."""
    return _awaiting(partnership, **narrowing).count()


def awaiting_decision(
    partnership,
    *,
    ticked: Iterable[int] = (),
    agency: int | None = None,
    without_agency: bool = False,
    review: int | None = None,
    theme: str = "",
    status: str = "",
    size: int = MEETING_SIZE,
) -> MeetingAgenda:
    """The partnership's actions waiting for its decision (completions to sign off, proposed
    closures to accept), narrowed by the list of actions' filters that can tell them apart (a
    lead agency, or none named; a review; a theme; the recorded status), at most ``size`` of
    them: the ``ticked`` ones first (so a tick from the list, or a refused form's, is always on
    the page), then the rest by review and in plan order. Listed by review and in plan order,
    each with its review, lead agencies and how many evidence files it carries: three queries
    (the count, the rows, their leads), whatever their number."""
    waiting = _awaiting(
        partnership,
        agency=agency,
        without_agency=without_agency,
        review=review,
        theme=theme,
        status=status,
    )
    rows = (
        waiting.select_related("recommendation__review")
        .prefetch_related(Prefetch("leads", queryset=ActionLead.objects.select_related("agency")))
        .annotate(evidence_count=Count("evidence"))
    )
    ticked = sorted({pk for pk in ticked if 0 < pk < 2**31})
    if ticked:
        first = Case(When(pk__in=ticked, then=Value(0)), default=Value(1))
        rows = rows.alias(unticked=first).order_by("unticked", *_MEETING_ORDER)
    else:
        rows = rows.order_by(*_MEETING_ORDER)
    shown = list(rows[:size])
    if ticked:  # put back in plan order the ticked ones that came first
        shown.sort(key=_meeting_place)
    return MeetingAgenda(actions=shown, count=waiting.count(), size=size)
