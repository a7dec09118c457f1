"""Reads for the dashboards: a partnership's delivery at a glance, and a lead's own actions.

Each page costs the same whatever the number of reviews and actions: a fixed number of queries,
and a fixed amount of work in Python and the templates. The figures are counted by the database
(GROUP BY and conditional counts) with the SQL twins of the rules the plan page uses
(``plans.models.state_q`` for ``Action.state``, ``plans.rag.rag_case`` for ``Action.rag``,
``delivery.selectors.waiting_for_update_q`` for ``plans.updates``), so the dashboard and the plan
never disagree; the lists are capped (the first ``LIST_LENGTH``), each linking into the
partnership's filtered list of actions, which the database pages; only the rows shown are
placed in Python (state, standing, RAG) by the rules themselves.

Which actions a lead sees is decided by ``lead_agencies``, the read behind the
``leads_for_their_agency`` predicate: the actions their agencies lead, in each partnership that
made them a lead for the agency.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple

from django.core.paginator import Page
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    Exists,
    F,
    FilteredRelation,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
    Window,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce, RowNumber
from django.utils import timezone

from followthrough.delivery.selectors import (
    last_update_at,
    returned_since_update_q,
    waiting_for_update_q,
    with_update_dates,
)
from followthrough.partnerships.models import Agency, Partnership
from followthrough.partnerships.selectors import lead_agencies, partnerships_for_user
from followthrough.plans import lifecycle
from followthrough.plans.action_filters import (
    NO_AGENCY,
    ActionFilters,
    Due,
)
from followthrough.plans.models import (
    Action,
    ActionLead,
    ActionState,
    ActionStatus,
    Review,
    state_case,
    state_q,
)
from followthrough.plans.rag import Rag, rag_case
from followthrough.plans.selectors import NO_LEAD_AGENCY, led_by_their_agencies, paged
from followthrough.plans.updates import awaiting_update_days, quiet_since

_ACTION_FIELDS = (
    "text",
    "status",
    "proposed_closure",
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

# The dashboards' order of actions: the earliest target date first.
_ORDER = (
    F("target_date").asc(nulls_last=True),
    F("recommendation__review_id").asc(),
    F("recommendation__order").asc(),
    F("order").asc(),
    F("pk").asc(),
)

# How many actions a list on a dashboard shows; the rest are a link away.
LIST_LENGTH = 10
# How many reviews the dashboard's table of reviews shows at a time.
REVIEWS_PER_PAGE = 10


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


def _actions() -> QuerySet[Action]:
    """Actions with only what a row of the dashboards shows and the time of their last
    progress update, earliest target date first. Their lead agencies are fetched for the rows
    shown (``_show``)."""
    return (
        Action.objects.select_related("recommendation__review")
        .only(*_ACTION_FIELDS)
        .annotate(last_update_at=last_update_at())
        .order_by(*_ORDER)
    )


def _of(partnership: Partnership) -> Q:
    """The partnership's actions, by their own ``partnership`` column (indexed with target
    date and with status), not through recommendation and review: who may see the
    partnership was decided before, by the tree."""
    return Q(partnership=partnership)


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
    return action


def _show(actions: list[Action], today: dt.date, due_soon_days: int) -> list[Action]:
    """The rows a page shows (never more than a page or a list's length): where each stands
    today (``_place``) and its lead agencies, fetched for them all in one query."""
    prefetch_related_objects(actions, _leads())
    for action in actions:
        _name_leads(_place(action, today, due_soon_days))
    return actions


@dataclass
class ActionGroup:
    """A list of actions on a dashboard: the first few (``actions``) of ``count``."""

    actions: list[Action]
    count: int

    @property
    def more(self) -> int:
        """How many are not shown."""
        return self.count - len(self.actions)


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
    open: int = 0  # not yet finished: open, or a closure proposed and not yet decided
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


def _no_actions() -> ActionGroup:
    return ActionGroup(actions=[], count=0)


@dataclass
class PartnershipDashboard:
    partnership: Partnership
    today: dt.date
    due_soon_days: int
    stale_days: int
    action_count: int = 0
    by_rag: list[Bar] = field(default_factory=list)
    by_status: list[Bar] = field(default_factory=list)
    overdue: ActionGroup = field(default_factory=_no_actions)
    due_soon: ActionGroup = field(default_factory=_no_actions)
    awaiting_sign_off: ActionGroup = field(default_factory=_no_actions)
    no_recent_update: ActionGroup = field(default_factory=_no_actions)
    by_agency: list[AgencyRow] = field(default_factory=list)
    reviews: Page | None = None  # of ReviewRow, newest review first

    @property
    def review_count(self) -> int:
        return self.reviews.paginator.count if self.reviews else 0

    @property
    def by_review(self) -> list[ReviewRow]:
        """The rows of the page of reviews shown."""
        return list(self.reviews.object_list) if self.reviews else []

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
    review_page: int | str | None = 1,
) -> PartnershipDashboard:
    """Everything the partnership's dashboard shows, for ``today``: eleven queries and the same
    work whatever the number of reviews and actions. The figures are counted in the database;
    each list holds its first ``LIST_LENGTH`` actions; the table of reviews is a page of
    ``REVIEWS_PER_PAGE``. ``stale_days`` defaults to the setting the reminders use
    (``plans.updates``)."""
    if stale_days is None:
        stale_days = awaiting_update_days()
    board = PartnershipDashboard(
        partnership=partnership, today=today, due_soon_days=due_soon_days, stale_days=stale_days
    )
    figures = _figures(partnership, today, due_soon_days)
    total = sum(figures.values())
    board.action_count = total

    def count(**where) -> int:
        return sum(
            n for key, n in figures.items() if all(getattr(key, k) in v for k, v in where.items())
        )

    board.by_rag = _bars([(r.value, r.label, count(rag={r.value})) for r in Rag], total)
    board.by_status = _bars(
        [(s.value, s.label, count(status={s.value})) for s in ActionStatus], total
    )
    board.by_agency = _agency_rows(partnership, today, due_soon_days)
    board.reviews = _review_rows(partnership, today, due_soon_days, review_page)

    actions = _actions().filter(_of(partnership))
    lists = {
        "overdue": actions.filter(state_q(ActionState.OVERDUE, today, due_soon_days)),
        "due_soon": actions.filter(state_q(ActionState.DUE_SOON, today, due_soon_days)),
        "awaiting_sign_off": actions.filter(lifecycle.awaiting_decision_q()),
        "no_recent_update": actions.filter(waiting_for_update_q(today, stale_days)).order_by(
            Coalesce(
                "last_update_at",
                "recommendation__review__agreed_at",
                "recommendation__review__created_at",
            ),
            "pk",
        ),
    }
    counts = {
        "overdue": count(state={ActionState.OVERDUE.value}),
        "due_soon": count(state={ActionState.DUE_SOON.value}),
        "awaiting_sign_off": count(status=lifecycle.AWAITING_DECISION),
    }
    # Counted by a window over the list's own query: only the open actions need their last
    # update looked up (on the index of updates by action), once for the list and its size.
    lists["no_recent_update"] = lists["no_recent_update"].annotate(in_list=Window(Count("pk")))
    shown = {name: list(query[:LIST_LENGTH]) for name, query in lists.items()}
    quiet = shown["no_recent_update"]
    counts["no_recent_update"] = quiet[0].in_list if quiet else 0
    _show([a for listed in shown.values() for a in listed], today, due_soon_days)
    for name, listed in shown.items():
        setattr(board, name, ActionGroup(actions=listed, count=counts[name]))
    return board


def _figures(partnership: Partnership, today: dt.date, due_soon_days: int) -> Counter:
    """The partnership's actions counted by RAG rating, recorded status and state: one GROUP
    BY query over their own columns (a few dozen rows at most, whatever their number)."""
    rows = (
        Action.objects.filter(_of(partnership))
        .annotate(rag=rag_case(today, due_soon_days), state=state_case(today, due_soon_days))
        .values("rag", "status", "state")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return Counter({_Figure(row["rag"], row["status"], row["state"]): row["n"] for row in rows})


class _Figure(NamedTuple):
    """What the dashboard's figures count the actions by."""

    rag: str
    status: str
    state: str


def _agency_rows(partnership: Partnership, today: dt.date, due_soon_days: int) -> list[AgencyRow]:
    """One row per lead agency, and a row for the actions no agency leads, counted in one
    GROUP BY query that starts from the partnership's actions and joins each to its leads that
    name an agency (an action led twice by one agency counts once; one with no such lead falls
    in the group of no agency), and the agencies' names in one more. It reads the leads of
    these actions only, where counting from the leads joined every lead in the country and a
    second query counted the actions with none."""

    def counted(where: Q) -> Count:
        return Count("pk", distinct=True, filter=where)

    rows = (
        Action.objects.filter(_of(partnership))
        .annotate(named=FilteredRelation("leads", condition=Q(leads__agency_id__isnull=False)))
        .values("named__agency_id")
        .annotate(
            open=counted(lifecycle.open_q() | Q(status=ActionStatus.CLOSURE_PROPOSED)),
            overdue=counted(state_q(ActionState.OVERDUE, today, due_soon_days)),
            completed=counted(lifecycle.done_q()),
            closed=counted(lifecycle.closed_q()),
        )
        .order_by()
    )
    counts = {row.pop("named__agency_id"): row for row in rows}
    unled = counts.pop(None, None)
    names = dict(Agency.objects.filter(pk__in=list(counts)).values_list("pk", "name"))
    agencies = [
        AgencyRow(name=names[agency_id], agency_id=agency_id, **row)
        for agency_id, row in counts.items()
    ]
    if unled is not None and any(unled.values()):
        agencies.append(AgencyRow(name=NO_LEAD_AGENCY, **unled))
    return sorted(agencies, key=lambda r: (r.name == NO_LEAD_AGENCY, r.name.lower()))


def _review_rows(
    partnership: Partnership, today: dt.date, due_soon_days: int, page: int | str | None
) -> Page:
    """One page of the partnership's reviews, newest first, each with its recommendations
    counted and its actions counted by RAG rating and completion: three queries (the count,
    the page, and one GROUP BY over the page's actions)."""
    reviews = (
        Review.objects.filter(partnership=partnership)
        .only("title", "reference", "review_type", "plan_status", "created_at", "partnership")
        .annotate(
            recommendation_count=Count("recommendations"),
        )
        .order_by("-created_at", "-id")
    )
    shown = paged(reviews, REVIEWS_PER_PAGE, page)
    rows = {r.pk: ReviewRow(review=r, recommendation_count=r.recommendation_count) for r in shown}
    counted = (
        Action.objects.filter(recommendation__review_id__in=list(rows))
        .annotate(
            rag=rag_case(today, due_soon_days),
            done=Case(
                When(lifecycle.done_q(), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )
        .values("recommendation__review_id", "rag", "done")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in counted:
        review = rows[row["recommendation__review_id"]]
        review.action_count += row["n"]
        setattr(review, row["rag"], getattr(review, row["rag"]) + row["n"])
        review.completed += row["n"] if row["done"] else 0
    shown.object_list = list(rows.values())
    return shown


# Every action of the partnership, filtered ---------------------------------------------------

_DUE_STATES = {
    Due.OVERDUE: ActionState.OVERDUE,
    Due.DUE_SOON: ActionState.DUE_SOON,
    Due.NO_DATE: ActionState.NO_DATE,
}


def _filtered(
    actions: QuerySet[Action],
    filters: ActionFilters,
    today: dt.date,
    due_soon_days: int,
    stale_days: int,
) -> QuerySet[Action]:
    """Every filter in SQL: the rules that need today's date (state, RAG, waiting for an
    update) through their SQL twins."""
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
        actions = actions.filter(lifecycle.awaiting_decision_q())
    if filters.rag:
        actions = actions.alias(rag=rag_case(today, due_soon_days)).filter(rag=filters.rag)
    if filters.due:
        actions = actions.filter(state_q(_DUE_STATES[Due(filters.due)], today, due_soon_days))
    if filters.quiet:
        actions = actions.filter(waiting_for_update_q(today, stale_days))
    return actions


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
    dashboard's), one page of them: three queries whatever the number of actions (the count
    and the page, both filtered in SQL by the SQL twins of the rules the dashboard and the plan
    page use, then the lead agencies of the page's actions); only the page's rows are placed in
    Python (``Action.state``, ``Action.rag``, ``plans.updates``)."""
    if stale_days is None:
        stale_days = awaiting_update_days()
    matching = _filtered(
        _actions().filter(_of(partnership)), filters, today, due_soon_days, stale_days
    )
    shown = paged(matching, per_page, page)
    shown.object_list = _show(list(shown.object_list), today, due_soon_days)
    return ActionList(
        partnership=partnership,
        filters=filters,
        today=today,
        due_soon_days=due_soon_days,
        stale_days=stale_days,
        page=shown,
    )


# "My actions" --------------------------------------------------------------------------------


class MyGroup(enum.StrEnum):
    """The groups of "my actions", in the order they need attention: each action is in the
    first that applies."""

    RETURNED = "returned"  # returned after sign-off, and not updated since
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    OPEN = "open"  # other open ones
    AWAITING_SIGN_OFF = "awaiting_sign_off"  # completed or closure proposed, awaiting decision
    FINISHED = "finished"  # signed off or closed


MY_GROUP_LABELS = {
    MyGroup.RETURNED: "Returned after sign-off",
    MyGroup.OVERDUE: "Overdue",
    MyGroup.DUE_SOON: "Due soon",  # the page says in how many days
    MyGroup.OPEN: "Other open actions",
    MyGroup.AWAITING_SIGN_OFF: "Awaiting sign-off",
    MyGroup.FINISHED: "Signed off or closed",
}


def _my_group(today: dt.date, due_soon_days: int) -> Case:
    """Which group an action read through ``with_update_dates`` is in, in SQL."""
    return Case(
        When(returned_since_update_q(), then=Value(MyGroup.RETURNED.value)),
        When(
            state_q(ActionState.OVERDUE, today, due_soon_days),
            then=Value(MyGroup.OVERDUE.value),
        ),
        When(
            state_q(ActionState.DUE_SOON, today, due_soon_days),
            then=Value(MyGroup.DUE_SOON.value),
        ),
        When(lifecycle.open_q(), then=Value(MyGroup.OPEN.value)),
        When(lifecycle.awaiting_decision_q(), then=Value(MyGroup.AWAITING_SIGN_OFF.value)),
        default=Value(MyGroup.FINISHED.value),
        output_field=CharField(),
    )


@dataclass
class MyActions:
    """The actions a lead's agencies lead, each in the first group that applies (``MyGroup``),
    in the order they need attention. Each group is in target-date order, earliest first, and
    holds its first ``LIST_LENGTH`` actions; ``page``, when one group is asked for, is a page of
    that group's actions."""

    agencies: list[str]
    today: dt.date
    due_soon_days: int
    returned: ActionGroup = field(default_factory=_no_actions)
    overdue: ActionGroup = field(default_factory=_no_actions)
    due_soon: ActionGroup = field(default_factory=_no_actions)
    open: ActionGroup = field(default_factory=_no_actions)
    awaiting_sign_off: ActionGroup = field(default_factory=_no_actions)
    finished: ActionGroup = field(default_factory=_no_actions)
    group: MyGroup | None = None
    page: Page | None = None

    @property
    def due_soon_label(self) -> str:
        return f"Due in the next {self.due_soon_days} days"

    @property
    def group_label(self) -> str:
        if self.group == MyGroup.DUE_SOON:
            return self.due_soon_label
        return MY_GROUP_LABELS[self.group] if self.group else ""

    @property
    def attention_count(self) -> int:
        return self.returned.count + self.overdue.count + self.due_soon.count

    @property
    def total(self) -> int:
        return sum(getattr(self, g.value).count for g in MyGroup)


def my_actions(
    user,
    *,
    today: dt.date,
    due_soon_days: int,
    group: MyGroup | str | None = None,
    page: int | str | None = 1,
    per_page: int = PAGE_SIZE,
) -> MyActions | None:
    """Every action led by an agency the user is a lead for, across every partnership that
    agency serves; None for a user who leads for no agency. The groups are worked out in SQL
    and their first ``LIST_LENGTH`` actions read with each group's size in one query (a
    window over the groups); with ``group``, a page of that group's actions too. Five queries
    (seven with a group), whatever the number of actions: the user's agencies (cached for the
    request), their names, the actions, their leads (and the group's count and page)."""
    agencies = lead_agencies(user)
    if not agencies:
        return None
    mine = MyActions(
        agencies=list(
            Agency.objects.filter(pk__in=agencies).order_by("name").values_list("name", flat=True)
        ),
        today=today,
        due_soon_days=due_soon_days,
        group=MyGroup(group) if group in set(MyGroup) else None,
    )
    led = led_by_their_agencies(user)
    if led is None:
        return mine
    actions = (
        with_update_dates(
            Action.objects.filter(led)
            .select_related("recommendation__review__partnership")
            .only(*_ACTION_FIELDS, "recommendation__review__partnership__name")
        )
        .annotate(group=_my_group(today, due_soon_days))
        .order_by(*_ORDER)
    )
    firsts = list(
        actions.annotate(
            place=Window(RowNumber(), partition_by=F("group"), order_by=list(_ORDER)),
            in_group=Window(Count("pk"), partition_by=F("group")),
        ).filter(place__lte=LIST_LENGTH)
    )
    shown = firsts
    if mine.group:
        mine.page = paged(actions.filter(group=mine.group.value), per_page, page)
        mine.page.object_list = list(mine.page.object_list)
        shown = firsts + mine.page.object_list
    _show(shown, today, due_soon_days)
    for action in shown:
        action.returned_on = (
            _local_date(action.last_returned_at) if action.group == MyGroup.RETURNED else None
        )
    for name in MyGroup:
        listed = [a for a in firsts if a.group == name]
        setattr(
            mine,
            name.value,
            ActionGroup(actions=listed, count=listed[0].in_group if listed else 0),
        )
    return mine
