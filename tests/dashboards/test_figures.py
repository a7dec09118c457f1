"""The dashboards count in the database now, and must show the very figures they showed when
they placed every action in Python. Here the demo's partnership and the partnerships of the
small benchmark data set (``bench-data --scale small``: 80 actions, lists longer than a
dashboard shows), each seen on several days of its delivery, are counted both ways (the Python
way as the dashboards did it before, action by action through ``Action.state``,
``Action.rag``, ``plans.updates`` and ``returned_since_update``) and the two must agree, list
by list and row by row."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.contrib.auth import get_user_model

from followthrough.benchdata.loader import bench_data_load
from followthrough.dashboards.selectors import (
    LIST_LENGTH,
    my_actions,
    partnership_dashboard,
)
from followthrough.delivery.selectors import returned_since_update, with_update_dates
from followthrough.demo.loader import DEMO_PARTNERSHIP, demo_load
from followthrough.partnerships.models import Partnership
from followthrough.partnerships.selectors import lead_agencies
from followthrough.plans import lifecycle
from followthrough.plans.models import Action, ActionState
from followthrough.plans.rag import Rag
from followthrough.plans.selectors import NO_LEAD_AGENCY
from followthrough.plans.updates import is_waiting_for_update, quiet_since

pytestmark = pytest.mark.django_db

DUE_SOON = 30
STALE = 30


@pytest.fixture(params=["demo", "bench small"])
def data(request) -> tuple[list[Partnership], list]:
    """The partnerships of a data set, and its agency leads."""
    if request.param == "demo":
        demo_load()
        partnerships = [Partnership.objects.get(name=DEMO_PARTNERSHIP)]
        leads = ["lead"]
    else:
        bench_data_load(scale="small", seed=1)
        partnerships = list(Partnership.objects.order_by("pk"))
        leads = ["bench-lead"]
    return partnerships, [get_user_model().objects.get(username=u) for u in leads]


def days_of_delivery() -> list[dt.date]:
    """Today, and days before and after it, when other actions are overdue or due soon."""
    today = dt.date.today()
    return [today + dt.timedelta(days=n) for n in (-400, -60, 0, 45, 200, 800)]


def placed(actions, today):
    for action in actions:
        action.s = action.state(today, DUE_SOON)
        action.r = action.rag(today, DUE_SOON)
        action.q = quiet_since(action.last_update_at, action.recommendation.review)
    return actions


def by_target(action):
    return (action.target_date is None, action.target_date, action.pk)


@pytest.mark.parametrize("offset", range(6))
def test_the_partnership_dashboard_shows_the_figures_counted_action_by_action(data, offset):
    today = days_of_delivery()[offset]
    partnerships, _ = data
    for partnership in partnerships:
        check_dashboard(partnership, today)


def check_dashboard(demo: Partnership, today: dt.date) -> None:
    actions = placed(
        list(
            with_update_dates(
                Action.objects.filter(recommendation__review__partnership=demo)
                .select_related("recommendation__review")
                .prefetch_related("leads__agency")
            )
        ),
        today,
    )
    assert actions
    board = partnership_dashboard(
        demo, today=today, due_soon_days=DUE_SOON, stale_days=STALE, review_page=1
    )

    assert board.action_count == len(actions)
    rags = Counter(a.r for a in actions)
    assert {b.key: b.count for b in board.by_rag} == {r.value: rags[r] for r in Rag}
    assert {b.key: b.count for b in board.by_status if b.count} == Counter(
        a.status for a in actions
    )

    expected = {
        "overdue": [a for a in actions if a.s == ActionState.OVERDUE],
        "due_soon": [a for a in actions if a.s == ActionState.DUE_SOON],
        "awaiting_sign_off": [a for a in actions if a.status in lifecycle.AWAITING_DECISION],
    }
    for name, listed in expected.items():
        group = getattr(board, name)
        assert group.count == len(listed), name
        assert group.actions == sorted(listed, key=by_target)[:LIST_LENGTH], name
    quiet = [a for a in actions if a.is_open and is_waiting_for_update(a.q, today, STALE)]
    assert board.no_recent_update.count == len(quiet)
    assert {a.pk for a in board.no_recent_update.actions} <= {a.pk for a in quiet}
    shown = [a.quiet_since for a in board.no_recent_update.actions]
    assert shown == sorted(a.q for a in quiet)[: len(shown)]  # the longest waiting first

    rows: dict[str, Counter] = {}
    for action in actions:
        names = {lead.agency.name for lead in action.leads.all() if lead.agency} or {NO_LEAD_AGENCY}
        for name in names:
            row = rows.setdefault(name, Counter())
            if action.s == ActionState.COMPLETED:
                row["completed"] += 1
            elif action.s == ActionState.CLOSED:
                row["closed"] += 1
            else:
                row["open"] += 1
                row["overdue"] += action.s == ActionState.OVERDUE
    assert {
        row.name: Counter({k: getattr(row, k) for k in ("open", "overdue", "completed", "closed")})
        for row in board.by_agency
    } == {name: Counter({k: n for k, n in row.items() if n}) for name, row in rows.items()}

    for row in board.by_review:
        of_review = [a for a in actions if a.recommendation.review_id == row.review.pk]
        rags = Counter(a.r.value for a in of_review)
        assert (row.action_count, row.red, row.amber, row.green, row.not_rated) == (
            len(of_review),
            rags["red"],
            rags["amber"],
            rags["green"],
            rags["not_rated"],
        )
        assert row.completed == sum(a.s == ActionState.COMPLETED for a in of_review)
        assert row.recommendation_count == row.review.recommendations.count()


@pytest.mark.parametrize("offset", range(6))
def test_my_actions_groups_the_actions_as_it_did_action_by_action(data, offset):
    today = days_of_delivery()[offset]
    for lead in data[1]:
        check_my_actions(lead, today)


def check_my_actions(lead, today: dt.date) -> None:
    actions = placed(
        list(
            with_update_dates(
                Action.objects.filter(leads__agency__in=lead_agencies(lead))
                .distinct()
                .select_related("recommendation__review")
            )
        ),
        today,
    )
    assert actions
    groups: dict[str, list] = {g: [] for g in ("returned", "overdue", "due_soon", "open")}
    groups |= {"awaiting_sign_off": [], "finished": []}
    for action in sorted(actions, key=by_target):
        if returned_since_update(action):
            groups["returned"].append(action)
        elif action.s == ActionState.OVERDUE:
            groups["overdue"].append(action)
        elif action.s == ActionState.DUE_SOON:
            groups["due_soon"].append(action)
        elif action.is_open:
            groups["open"].append(action)
        elif action.status in lifecycle.AWAITING_DECISION:
            groups["awaiting_sign_off"].append(action)
        else:
            groups["finished"].append(action)
    mine = my_actions(lead, today=today, due_soon_days=DUE_SOON)
    for name, listed in groups.items():
        group = getattr(mine, name)
        assert group.count == len(listed), name
        assert group.actions == listed[:LIST_LENGTH], name


def test_the_bench_data_has_lists_longer_than_a_dashboard_shows():
    """Otherwise the comparisons above would not reach the capped lists."""
    bench_data_load(scale="small", seed=1)
    longest = 0
    for partnership in Partnership.objects.all():
        for today in days_of_delivery():
            board = partnership_dashboard(partnership, today=today, due_soon_days=DUE_SOON)
            groups = (board.overdue, board.due_soon, board.awaiting_sign_off)
            longest = max(longest, *(group.count for group in groups))
    assert longest > LIST_LENGTH
