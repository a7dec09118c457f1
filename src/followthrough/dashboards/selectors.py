"""Reads for the dashboards: a partnership's delivery at a glance, and a lead's own actions.

Each page runs a fixed number of queries whatever the number of reviews and actions. The
actions come in one query with only the fields the pages show, their last progress update
annotated (and their leads in one more query); the counts, RAG ratings and lists are then
worked out in Python from that one read, with the rules the plan page uses (``Action.state``
and ``Action.rag``), so the dashboard and the plan never disagree.

Which actions a lead sees is decided by ``lead_agencies``, the read behind the
``leads_for_their_agency`` predicate: the actions their agencies lead, in each partnership that
made them a lead for the agency.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, F, Max, Prefetch, QuerySet
from django.utils import timezone

from followthrough.delivery.selectors import returned_since_update, with_update_dates
from followthrough.partnerships.models import Agency, Partnership
from followthrough.partnerships.selectors import lead_agencies, partnerships_for_user
from followthrough.plans import lifecycle
from followthrough.plans.models import Action, ActionLead, ActionState, ActionStatus, Review
from followthrough.plans.rag import Rag
from followthrough.plans.selectors import NO_LEAD_AGENCY, led_by_their_agencies
from followthrough.plans.updates import awaiting_update_days, is_waiting_for_update, quiet_since

_ACTION_FIELDS = (
    "text",
    "status",
    "target_date",
    "target_date_precision",
    "target_date_text",
    "completed_on",
    "recommendation__number",
    "recommendation__order",
    "recommendation__review__title",
    "recommendation__review__reference",
    "recommendation__review__created_at",
    "recommendation__review__agreed_at",
    "recommendation__review__plan_status",
    "recommendation__review__partnership",
)


# Reads ---------------------------------------------------------------------------------------


def dashboard_partnerships(user) -> list[Partnership]:
    """The partnerships whose dashboards the user may open, by name."""
    return list(partnerships_for_user(user).order_by("name"))


def _actions(*, annotate_updates: bool = True) -> QuerySet[Action]:
    """Actions with only what the dashboards show, the time of their last progress update
    (unless the caller annotates it itself), and their lead agencies (two queries), earliest
    target date first."""
    leads = ActionLead.objects.select_related("agency").only(
        "action", "agency", "order", "agency__name"
    )
    actions = Action.objects.select_related("recommendation__review").only(*_ACTION_FIELDS)
    if annotate_updates:
        actions = actions.annotate(last_update_at=Max("progress_updates__created_at"))
    return actions.prefetch_related(Prefetch("leads", queryset=leads)).order_by(
        F("target_date").asc(nulls_last=True),
        "recommendation__review_id",
        "recommendation__order",
        "order",
        "pk",
    )


def _local_date(moment: dt.datetime | None) -> dt.date | None:
    return timezone.localdate(moment) if moment is not None else None


def _rate(actions: list[Action], today: dt.date, due_soon_days: int) -> list[Action]:
    """Work out, for display, where each action stands today: its state, RAG rating, lead
    agencies, and how long it has gone without a progress update (``plans.updates``: counted,
    when it has never had one, from when its plan was agreed; None on a draft plan)."""
    for action in actions:
        action.current_state = action.state(today, due_soon_days)
        action.current_standing = action.standing(today, due_soon_days)
        action.current_rag = action.rag(today, due_soon_days)
        names: list[str] = []
        for lead in action.leads.all():
            if lead.agency_id and lead.agency.name not in names:
                names.append(lead.agency.name)
        action.lead_agency_names = names
        action.lead_agency_ids = {lead.agency_id for lead in action.leads.all() if lead.agency_id}
        action.last_update_on = _local_date(action.last_update_at)
        action.quiet_since = quiet_since(action.last_update_at, action.recommendation.review)
        action.days_quiet = (today - action.quiet_since).days if action.quiet_since else None
        action.days_overdue = (
            (today - action.target_date).days if action.current_state == ActionState.OVERDUE else 0
        )
    return actions


# The partnership dashboard -------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    """One row of a bar chart: a count, and its share of all actions in whole percent (the
    bar's width, and the figure shown beside it)."""

    key: str
    label: str
    count: int
    share: int


def _bars(counts: list[tuple[str, str, int]], total: int) -> list[Bar]:
    return [
        Bar(key=key, label=label, count=n, share=round(n * 100 / total) if total else 0)
        for key, label, n in counts
    ]


@dataclass
class AgencyRow:
    """One lead agency's actions across all the partnership's reviews. An action with two
    lead agencies counts for each."""

    name: str
    open: int = 0
    overdue: int = 0  # of the open ones
    completed: int = 0  # completed (awaiting sign-off), signed off, or already in place
    closed: int = 0  # ended otherwise: partly met, not met, not implemented, superseded

    @property
    def total(self) -> int:
        return self.open + self.completed + self.closed


@dataclass
class ReviewRow:
    review: Review
    recommendation_count: int
    action_count: int = 0
    red: int = 0
    amber: int = 0
    green: int = 0
    not_rated: int = 0
    completed: int = 0

    @property
    def percent_complete(self) -> int | None:
        """Completed, signed off or already in place, as a whole percent of all the review's
        actions (rounded down, so that 100 means every one); None with no actions."""
        if not self.action_count:
            return None
        return self.completed * 100 // self.action_count


@dataclass
class PartnershipDashboard:
    partnership: Partnership
    today: dt.date
    due_soon_days: int
    stale_days: int
    action_count: int = 0
    by_rag: list[Bar] = field(default_factory=list)
    by_status: list[Bar] = field(default_factory=list)
    overdue: list[Action] = field(default_factory=list)
    due_soon: list[Action] = field(default_factory=list)
    awaiting_sign_off: list[Action] = field(default_factory=list)
    no_recent_update: list[Action] = field(default_factory=list)
    by_agency: list[AgencyRow] = field(default_factory=list)
    by_review: list[ReviewRow] = field(default_factory=list)

    @property
    def due_soon_label(self) -> str:
        return f"Due in the next {self.due_soon_days} days"

    @property
    def quiet_label(self) -> str:
        return f"No update in {self.stale_days} days"


def partnership_dashboard(
    partnership: Partnership,
    *,
    today: dt.date,
    due_soon_days: int,
    stale_days: int | None = None,
) -> PartnershipDashboard:
    """Everything the partnership's dashboard shows, for ``today``: three queries, whatever
    the number of reviews and actions. ``stale_days`` defaults to the setting the reminders
    use (``plans.updates``)."""
    if stale_days is None:
        stale_days = awaiting_update_days()
    actions = _rate(
        list(_actions().filter(recommendation__review__partnership=partnership)),
        today,
        due_soon_days,
    )
    reviews = (
        Review.objects.filter(partnership=partnership)
        .only("title", "reference", "review_type", "plan_status", "created_at", "partnership")
        .annotate(recommendation_count=Count("recommendations"))
        .order_by("-created_at", "-id")
    )
    board = PartnershipDashboard(
        partnership=partnership,
        today=today,
        due_soon_days=due_soon_days,
        stale_days=stale_days,
        action_count=len(actions),
    )
    rows = {r.pk: ReviewRow(review=r, recommendation_count=r.recommendation_count) for r in reviews}
    agencies: dict[int | None, AgencyRow] = {}
    rag_counts = dict.fromkeys(Rag, 0)
    status_counts = dict.fromkeys(ActionStatus, 0)

    for action in actions:
        state = action.current_state
        rag_counts[action.current_rag] += 1
        status_counts[ActionStatus(action.status)] += 1
        if state == ActionState.OVERDUE:
            board.overdue.append(action)
        elif state == ActionState.DUE_SOON:
            board.due_soon.append(action)
        if action.status in lifecycle.AWAITING_DECISION:
            board.awaiting_sign_off.append(action)
        if action.is_open and is_waiting_for_update(action.quiet_since, today, stale_days):
            board.no_recent_update.append(action)

        # An action with no lead agency is counted on a row of its own.
        for agency_id in action.lead_agency_ids or {None}:
            if agency_id not in agencies:
                agencies[agency_id] = AgencyRow(name=_agency_name(action, agency_id))
            _count_into(agencies[agency_id], state)

        _count_into_review(rows[action.recommendation.review_id], action)

    board.by_rag = _bars([(r.value, r.label, rag_counts[r]) for r in Rag], len(actions))
    board.by_status = _bars(
        [(s.value, s.label, status_counts[s]) for s in ActionStatus], len(actions)
    )
    board.no_recent_update.sort(key=lambda a: (a.quiet_since, a.pk))
    board.by_agency = sorted(
        agencies.values(), key=lambda r: (r.name == NO_LEAD_AGENCY, r.name.lower())
    )
    board.by_review = list(rows.values())
    return board


def _agency_name(action: Action, agency_id: int | None) -> str:
    if agency_id is None:
        return NO_LEAD_AGENCY
    return next(lead.agency.name for lead in action.leads.all() if lead.agency_id == agency_id)


def _count_into(row: AgencyRow, state: ActionState) -> None:
    if state == ActionState.COMPLETED:
        row.completed += 1
    elif state == ActionState.CLOSED:
        row.closed += 1
    else:
        row.open += 1
        if state == ActionState.OVERDUE:
            row.overdue += 1


def _count_into_review(row: ReviewRow, action: Action) -> None:
    row.action_count += 1
    rag = action.current_rag.value  # the row has a count named after each rating
    setattr(row, rag, getattr(row, rag) + 1)
    if action.current_state == ActionState.COMPLETED:
        row.completed += 1


# "My actions" --------------------------------------------------------------------------------


@dataclass
class MyActions:
    """The actions a lead's agencies lead, each in the first group that applies, in the order
    they need attention: returned after sign-off (and not updated since), overdue, due soon,
    other open ones, awaiting sign-off, then finished (signed off or closed). Each group is in
    target-date order, earliest first."""

    agencies: list[str]
    today: dt.date
    due_soon_days: int
    returned: list[Action] = field(default_factory=list)
    overdue: list[Action] = field(default_factory=list)
    due_soon: list[Action] = field(default_factory=list)
    open: list[Action] = field(default_factory=list)
    awaiting_sign_off: list[Action] = field(default_factory=list)
    finished: list[Action] = field(default_factory=list)

    @property
    def due_soon_label(self) -> str:
        return f"Due in the next {self.due_soon_days} days"

    @property
    def attention_count(self) -> int:
        return len(self.returned) + len(self.overdue) + len(self.due_soon)

    @property
    def total(self) -> int:
        return (
            self.attention_count + len(self.open) + len(self.awaiting_sign_off) + len(self.finished)
        )


def my_actions(user, *, today: dt.date, due_soon_days: int) -> MyActions | None:
    """Every action led by an agency the user is a lead for, across every partnership that
    agency serves; None for a user who leads for no agency. Four queries, whatever the number
    of actions: the user's agencies (cached for the request), their names, the actions and
    their leads."""
    agencies = lead_agencies(user)
    if not agencies:
        return None
    mine = MyActions(
        agencies=list(
            Agency.objects.filter(pk__in=agencies).order_by("name").values_list("name", flat=True)
        ),
        today=today,
        due_soon_days=due_soon_days,
    )
    led = led_by_their_agencies(user)
    if led is None:
        return mine
    actions = with_update_dates(
        _actions(annotate_updates=False)
        .filter(led)
        .select_related("recommendation__review__partnership")
        .only(*_ACTION_FIELDS, "recommendation__review__partnership__name")
    )
    for action in _rate(list(actions), today, due_soon_days):
        state = action.current_state
        action.returned_on = None
        if returned_since_update(action):
            action.returned_on = _local_date(action.last_returned_at)
            mine.returned.append(action)
        elif state == ActionState.OVERDUE:
            mine.overdue.append(action)
        elif state == ActionState.DUE_SOON:
            mine.due_soon.append(action)
        elif action.is_open:
            mine.open.append(action)
        elif action.status in lifecycle.AWAITING_DECISION:
            mine.awaiting_sign_off.append(action)
        else:
            mine.finished.append(action)
    return mine
