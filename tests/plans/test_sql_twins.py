"""The SQL twins of the delivery rules agree with the rules themselves, on many random actions.

The dashboards count and filter in the database with ``state_q``/``state_case``
(``Action.state``), ``rag_case`` (``Action.rag``), ``done_q``/``closed_q``/
``awaiting_decision_q`` (``lifecycle``), ``waiting_for_update_q`` (``plans.updates``) and
``returned_since_update_q``; the plan page and the reminders use the Python rules. Here both are
run over the same few hundred actions of every status, with target dates around today and its
due-soon edge, completion dates or none, plans agreed or draft, and progress updates and
returns at times of day either side of midnight (in the site's time zone), and must pick the
same actions."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.utils import timezone

from followthrough.delivery.models import ProgressUpdate, SignOffDecision
from followthrough.delivery.selectors import (
    returned_since_update,
    returned_since_update_q,
    waiting_for_update_q,
    with_update_dates,
)
from followthrough.plans import lifecycle
from followthrough.plans.models import (
    Action,
    ActionState,
    ActionStatus,
    PlanStatus,
    Recommendation,
    Review,
    state_case,
    state_q,
)
from followthrough.plans.rag import rag_case
from followthrough.plans.updates import is_waiting_for_update, quiet_since
from tests.factories import PartnershipFactory, ReviewFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2025, 3, 30)  # the day the clocks go forward in London
DUE_SOON = 30


def at(day: dt.date, rng: random.Random) -> dt.datetime:
    """A moment on ``day`` (local time), often just after midnight or just before the next."""
    minute = rng.choice([0, 1, 59, 60 * 12, 60 * 23 + 59, rng.randrange(24 * 60)])
    naive = dt.datetime.combine(day, dt.time(minute // 60, minute % 60))
    return timezone.make_aware(naive)


def around(rng: random.Random, span: int = 120) -> dt.date:
    """A day near TODAY, often one of the edges the rules turn on."""
    edges = [0, -1, 1, DUE_SOON, DUE_SOON + 1, -30, -29, -31, -90, -89, -91]
    return TODAY + dt.timedelta(days=rng.choice([*edges, rng.randint(-span, span)]))


@pytest.fixture
def actions() -> list[Action]:
    """Four hundred random actions in six reviews (agreed or draft, with or without the day
    they were agreed), with random progress updates and returns at sign-off."""
    rng = random.Random(13)
    partnership = PartnershipFactory()
    author = UserFactory()
    reviews = []
    for n in range(6):
        review = ReviewFactory(partnership=partnership)
        agreed = n % 3 != 2
        Review.objects.filter(pk=review.pk).update(
            plan_status=PlanStatus.AGREED if agreed else PlanStatus.DRAFT,
            agreed_at=at(around(rng), rng) if agreed and n != 0 else None,
            created_at=at(around(rng, 400), rng),
        )
        review.refresh_from_db()
        reviews.append(review)
    recommendations = [
        Recommendation.objects.create(review=review, text="A recommendation", order=1)
        for review in reviews
    ]
    statuses = list(ActionStatus)
    made = Action.objects.bulk_create(
        Action(
            recommendation=recommendation,
            partnership_id=recommendation.review.partnership_id,
            text=f"Action {n}",
            order=n + 1,
            status=rng.choice(statuses),
            target_date=around(rng) if rng.random() > 0.15 else None,
            target_date_precision="day",
            completed_on=around(rng) if rng.random() < 0.2 else None,
        )
        for n, recommendation in ((n, rng.choice(recommendations)) for n in range(400))
    )
    updates, returns = [], []
    for action in made:
        for _ in range(rng.choice([0, 0, 1, 2])):
            updates.append(
                ProgressUpdate(
                    action=action, author=author, narrative="Progress", status=action.status
                )
            )
        if rng.random() < 0.25:
            returns.append(SignOffDecision(action=action, decision="returned", decided_by=author))
    ProgressUpdate.objects.bulk_create(updates)
    SignOffDecision.objects.bulk_create(returns)
    # The times they were made (``auto_now_add`` sets them on creation; bulk_update does not).
    for update in updates:
        update.created_at = at(around(rng), rng)
    for decision in returns:
        decision.decided_at = at(around(rng), rng)
    ProgressUpdate.objects.bulk_update(updates, ["created_at"])
    SignOffDecision.objects.bulk_update(returns, ["decided_at"])
    return list(
        with_update_dates(Action.objects.select_related("recommendation__review")).order_by("pk")
    )


def picked(q) -> set[int]:
    return set(Action.objects.filter(q).values_list("pk", flat=True))


def test_the_random_actions_reach_every_state_and_rating(actions):
    # Otherwise the comparisons below would prove less than they seem to.
    assert {a.state(TODAY, DUE_SOON) for a in actions} == set(ActionState)
    assert len({a.rag(TODAY, DUE_SOON) for a in actions}) == 4
    assert any(returned_since_update(a) for a in actions)
    assert any(not returned_since_update(a) and a.last_returned_at for a in actions)


@pytest.mark.parametrize("state", list(ActionState))
def test_state_q_picks_the_actions_in_that_state(actions, state):
    expected = {a.pk for a in actions if a.state(TODAY, DUE_SOON) == state}
    assert picked(state_q(state, TODAY, DUE_SOON)) == expected


def test_state_case_gives_each_action_its_state(actions):
    in_sql = dict(
        Action.objects.annotate(state=state_case(TODAY, DUE_SOON)).values_list("pk", "state")
    )
    assert in_sql == {a.pk: a.state(TODAY, DUE_SOON).value for a in actions}


def test_state_q_through_a_prefix_picks_the_same_actions(actions):
    from followthrough.plans.models import ActionLead

    for action in actions[:60]:
        ActionLead.objects.create(action=action, order=1)
    expected = {a.pk for a in actions[:60] if a.state(TODAY, DUE_SOON) == ActionState.OVERDUE}
    leads = ActionLead.objects.filter(state_q(ActionState.OVERDUE, TODAY, DUE_SOON, "action__"))
    assert set(leads.values_list("action_id", flat=True)) == expected


def test_rag_case_gives_each_action_its_rating_by_the_same_rule(actions):
    in_sql = dict(
        Action.objects.annotate(rating=rag_case(TODAY, DUE_SOON)).values_list("pk", "rating")
    )
    assert in_sql == {a.pk: a.rag(TODAY, DUE_SOON).value for a in actions}


def test_the_lifecycle_twins_pick_done_closed_and_awaiting_actions(actions):
    assert picked(lifecycle.done_q()) == {
        a.pk for a in actions if lifecycle.is_done(a.status, a.completed_on)
    }
    assert picked(lifecycle.open_q()) == {a.pk for a in actions if a.is_open}
    assert picked(lifecycle.closed_q()) == {
        a.pk for a in actions if a.state(TODAY, DUE_SOON) == ActionState.CLOSED
    }
    assert picked(lifecycle.awaiting_decision_q()) == {
        a.pk for a in actions if a.status in lifecycle.AWAITING_DECISION
    }


@pytest.mark.parametrize("days", [1, 30, 90])
def test_waiting_for_update_q_picks_the_actions_the_reminders_would(actions, days):
    expected = {
        a.pk
        for a in actions
        if a.is_open
        and is_waiting_for_update(
            quiet_since(a.last_update_at, a.recommendation.review), TODAY, days
        )
    }
    assert expected  # some wait, and (below) some do not
    assert expected != {a.pk for a in actions if a.is_open}
    assert picked(waiting_for_update_q(TODAY, days)) == expected


def test_returned_since_update_q_picks_the_actions_returned_and_not_updated_since(actions):
    in_sql = with_update_dates(Action.objects.all()).filter(returned_since_update_q())
    assert set(in_sql.values_list("pk", flat=True)) == {
        a.pk for a in actions if returned_since_update(a)
    }
