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
import enum
from dataclasses import dataclass, field, fields

from django.core.paginator import Page, Paginator
from django.db.models import (
    Count,
    Exists,
    F,
    Max,
    OuterRef,
    Prefetch,
    QuerySet,
    prefetch_related_objects,
)
from django.utils import timezone

from followthrough.delivery.selectors import returned_since_update, with_update_dates
from followthrough.partnerships.models import Agency, Partnership
from followthrough.partnerships.selectors import lead_agencies, partnerships_for_user
from followthrough.plans import lifecycle
from followthrough.plans.models import (
    Action,
    ActionLead,
    ActionState,
    ActionStatus,
    Recommendation,
    Review,
)
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


def _leads() -> Prefetch:
    return Prefetch(
        "leads",
        queryset=ActionLead.objects.select_related("agency").only(
            "action", "agency", "order", "agency__name"
        ),
    )


def _actions(*, annotate_updates: bool = True, leads: bool = True) -> QuerySet[Action]:
    """Actions with only what the dashboards show, the time of their last progress update
    (unless the caller annotates it itself), and their lead agencies (two queries; one without
    ``leads``, for a caller that fetches them for some of the actions only), earliest target
    date first."""
    actions = Action.objects.select_related("recommendation__review").only(*_ACTION_FIELDS)
    if annotate_updates:
        actions = actions.annotate(last_update_at=Max("progress_updates__created_at"))
    if leads:
        actions = actions.prefetch_related(_leads())
    return actions.order_by(
        F("target_date").asc(nulls_last=True),
        "recommendation__review_id",
        "recommendation__order",
        "order",
        "pk",
    )


def _local_date(moment: dt.datetime | None) -> dt.date | None:
    return timezone.localdate(moment) if moment is not None else None


def _place(action: Action, today: dt.date, due_soon_days: int) -> Action:
    """Work out, for display, where the action stands today: its state, standing, RAG rating
    and how long it has gone without a progress update (``plans.updates``: counted, when it
    has never had one, from when its plan was agreed; None on a draft plan)."""
    action.current_state = action.state(today, due_soon_days)
    action.current_standing = action.standing(today, due_soon_days)
    action.current_rag = action.rag(today, due_soon_days)
    action.last_update_on = _local_date(action.last_update_at)
    action.quiet_since = quiet_since(action.last_update_at, action.recommendation.review)
    action.days_quiet = (today - action.quiet_since).days if action.quiet_since else None
    action.days_overdue = (
        (today - action.target_date).days if action.current_state == ActionState.OVERDUE else 0
    )
    return action


def _name_leads(action: Action) -> Action:
    """The action's lead agencies, each once, in order (from its prefetched leads)."""
    names: list[str] = []
    for lead in action.leads.all():
        if lead.agency_id and lead.agency.name not in names:
            names.append(lead.agency.name)
    action.lead_agency_names = names
    action.lead_agency_ids = {lead.agency_id for lead in action.leads.all() if lead.agency_id}
    return action


def _rate(actions: list[Action], today: dt.date, due_soon_days: int) -> list[Action]:
    """Where each action stands today (``_place``) and its lead agencies, for display."""
    for action in actions:
        _name_leads(_place(action, today, due_soon_days))
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
    agency_id: int | None = None  # None: the row of actions with no lead agency
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
                agencies[agency_id] = AgencyRow(
                    name=_agency_name(action, agency_id), agency_id=agency_id
                )
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


# Every action of the partnership, filtered ---------------------------------------------------

NO_AGENCY = "none"  # the agency filter's value for actions with no lead agency


class Due(enum.StrEnum):
    """The "due" filter: the states of an open action that its dates decide."""

    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    NO_DATE = "no_date"


_DUE_STATES = {
    Due.OVERDUE: ActionState.OVERDUE,
    Due.DUE_SOON: ActionState.DUE_SOON,
    Due.NO_DATE: ActionState.NO_DATE,
}


@dataclass(frozen=True)
class ActionFilters:
    """Which of the partnership's actions to list; an empty value does not filter. The first
    five are worked out in SQL, the rest (which need today's date and the RAG rule) in Python
    over the same rows."""

    agency: int | str | None = None  # an agency's id, or NO_AGENCY
    review: int | None = None
    theme: str = ""  # a recommendation's theme heading, as the plan writes it
    status: str = ""  # the recorded status
    awaiting: bool = False  # awaiting the partnership's decision (lifecycle.AWAITING_DECISION)
    rag: str = ""
    due: str = ""  # a Due
    quiet: bool = False  # open, with no progress update for the reminders' number of days

    @property
    def any(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))


@dataclass(frozen=True)
class FilterOptions:
    """What the filters offer: the agencies that lead any of the partnership's actions, its
    reviews and the theme headings its plans use."""

    agencies: list[tuple[int, str]]
    reviews: list[tuple[int, str]]
    themes: list[str]


def action_filter_options(partnership: Partnership) -> FilterOptions:
    """Three queries."""
    agencies = (
        Agency.objects.filter(action_leads__action__recommendation__review__partnership=partnership)
        .distinct()
        .order_by("name")
        .values_list("pk", "name")
    )
    reviews = (
        Review.objects.filter(partnership=partnership)
        .order_by("title", "pk")
        .values_list("pk", "title")
    )
    themes = (
        Recommendation.objects.filter(review__partnership=partnership)
        .exclude(theme_heading="")
        .order_by("theme_heading")
        .values_list("theme_heading", flat=True)
        .distinct()
    )
    return FilterOptions(agencies=list(agencies), reviews=list(reviews), themes=list(themes))


def _in_sql(actions: QuerySet[Action], filters: ActionFilters) -> QuerySet[Action]:
    if filters.agency == NO_AGENCY:
        named = ActionLead.objects.filter(action=OuterRef("pk"), agency__isnull=False)
        actions = actions.filter(~Exists(named))
    elif filters.agency:
        led = ActionLead.objects.filter(agency_id=filters.agency).values("action_id")
        actions = actions.filter(pk__in=led)
    if filters.review:
        actions = actions.filter(recommendation__review_id=filters.review)
    if filters.theme:
        actions = actions.filter(recommendation__theme_heading=filters.theme)
    if filters.status:
        actions = actions.filter(status=filters.status)
    if filters.awaiting:
        actions = actions.filter(status__in=sorted(lifecycle.AWAITING_DECISION))
    return actions


def _in_python(action: Action, filters: ActionFilters, today: dt.date, stale_days: int) -> bool:
    if filters.rag and action.current_rag != filters.rag:
        return False
    if filters.due and action.current_state != _DUE_STATES[Due(filters.due)]:
        return False
    return not filters.quiet or (
        action.is_open and is_waiting_for_update(action.quiet_since, today, stale_days)
    )


@dataclass
class ActionList:
    """One page of the partnership's actions that the filters let through, each placed
    (state, standing, RAG) and with its lead agencies."""

    partnership: Partnership
    filters: ActionFilters
    today: dt.date
    due_soon_days: int
    stale_days: int
    page: Page

    @property
    def actions(self) -> list[Action]:
        return list(self.page.object_list)

    @property
    def count(self) -> int:
        return self.page.paginator.count


PAGE_SIZE = 50


def partnership_actions(
    partnership: Partnership,
    *,
    filters: ActionFilters,
    today: dt.date,
    due_soon_days: int,
    stale_days: int | None = None,
    page: int | str | None = 1,
    per_page: int = PAGE_SIZE,
) -> ActionList:
    """The partnership's actions that ``filters`` let through, in target-date order (the
    dashboard's), one page of them: two queries whatever the number of actions. The first
    reads every action the SQL filters let through with only the fields a row shows, and
    where each stands is worked out in Python by the rules the dashboard and the plan page
    use (``Action.state``, ``Action.rag``, ``plans.updates``); the second reads the lead
    agencies of the page's actions only."""
    if stale_days is None:
        stale_days = awaiting_update_days()
    candidates = _in_sql(
        _actions(leads=False).filter(recommendation__review__partnership=partnership), filters
    )
    matching = [
        action
        for action in candidates
        if _in_python(_place(action, today, due_soon_days), filters, today, stale_days)
    ]
    shown = Paginator(matching, per_page).get_page(page)
    prefetch_related_objects(shown.object_list, _leads())
    for action in shown.object_list:
        _name_leads(action)
    return ActionList(
        partnership=partnership,
        filters=filters,
        today=today,
        due_soon_days=due_soon_days,
        stale_days=stale_days,
        page=shown,
    )


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
