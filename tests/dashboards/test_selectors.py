"""The dashboards' reads, with ``today`` fixed: what each count and list holds."""

from __future__ import annotations

import pytest

from followthrough.dashboards import selectors
from tests.dashboards.conftest import TODAY, action_in, created, days, moment, persona, updated
from tests.factories import ReviewFactory, UserFactory

pytestmark = pytest.mark.django_db


def dashboard(partnership):
    return selectors.partnership_dashboard(partnership, today=TODAY, due_soon_days=30)


def texts(actions):
    return [a.text for a in actions]


def test_it_counts_the_partnerships_actions_by_rag_rating(northmoor, plan):
    board = dashboard(northmoor)
    assert board.action_count == 7
    assert [(bar.key, bar.count, bar.share) for bar in board.by_rag] == [
        ("red", 1, 14),
        ("amber", 2, 29),
        ("green", 3, 43),
        ("not_rated", 1, 14),
    ]


def test_it_counts_the_partnerships_actions_by_recorded_status_listing_every_status(
    northmoor, plan
):
    counts = {bar.key: bar.count for bar in dashboard(northmoor).by_status}
    assert counts == {
        "not_started": 1,
        "on_track": 2,
        "at_risk": 1,
        "completed": 1,
        "signed_off": 1,
        "partly_met": 0,
        "not_met": 0,
        "already_in_place": 0,
        "closed_not_implemented": 0,
        "superseded": 1,
        "no_information": 0,
        "closure_proposed": 0,
    }


def test_it_lists_overdue_due_soon_and_awaiting_sign_off_actions(northmoor, plan):
    board = dashboard(northmoor)
    assert board.overdue.actions == [plan["overdue"]]
    assert board.overdue.count == 1
    assert board.overdue.actions[0].days_overdue == 20
    assert board.due_soon.actions == [plan["due_soon"]]
    assert board.awaiting_sign_off.actions == [plan["completed"]]
    assert board.awaiting_sign_off.count == 1


def test_an_action_due_exactly_at_the_end_of_the_window_is_due_soon_and_one_a_day_later_is_not(
    northmoor, plan
):
    review = plan["adult_k"]
    edge = action_in(review, number="9", status="on_track", target_date=days(30))
    beyond = action_in(review, number="10", status="on_track", target_date=days(31))
    board = dashboard(northmoor)
    assert edge in board.due_soon.actions
    assert beyond not in board.due_soon.actions


def test_it_lists_open_actions_with_no_update_in_the_awaiting_update_period_longest_quiet_first(
    northmoor, plan, settings
):
    settings.FOLLOWTHROUGH_AWAITING_UPDATE_DAYS = 90
    quiet = dashboard(northmoor).no_recent_update.actions
    # At risk: never updated, in a plan agreed 400 days ago. Overdue: last updated 100 days
    # ago. Not listed: updated 5 days ago; actions of a draft plan; finished actions.
    assert quiet == [plan["at_risk"], plan["overdue"]]
    assert quiet[0].last_update_on is None
    assert quiet[0].days_quiet == 400
    assert quiet[1].last_update_on == days(-100)


def test_an_update_exactly_the_period_ago_counts_as_none_in_it_and_a_day_less_does_not(
    northmoor, plan, coordinator, settings
):
    settings.FOLLOWTHROUGH_AWAITING_UPDATE_DAYS = 90
    review = plan["adult_k"]
    ninety = action_in(review, number="7", status="on_track", target_date=days(300))
    eighty_nine = action_in(review, number="8", status="on_track", target_date=days(300))
    updated(ninety, on=days(-90), author=coordinator)
    updated(eighty_nine, on=days(-89), author=coordinator)
    quiet = dashboard(northmoor).no_recent_update.actions
    assert ninety in quiet
    assert eighty_nine not in quiet


def test_the_dashboard_uses_the_same_period_as_the_reminders(northmoor, plan, settings):
    settings.FOLLOWTHROUGH_AWAITING_UPDATE_DAYS = 45
    board = dashboard(northmoor)
    assert board.stale_days == 45
    assert board.quiet_label == "No update in 45 days"


def test_a_never_updated_action_waits_from_when_its_plan_was_agreed_not_when_it_was_added(
    northmoor, plan, settings
):
    settings.FOLLOWTHROUGH_AWAITING_UPDATE_DAYS = 30
    review = plan["adult_k"]
    type(review).objects.filter(pk=review.pk).update(agreed_at=moment(days(-10)))
    assert plan["at_risk"] not in dashboard(northmoor).no_recent_update.actions
    type(review).objects.filter(pk=review.pk).update(agreed_at=moment(days(-30)))
    assert plan["at_risk"] in dashboard(northmoor).no_recent_update.actions


def test_a_draft_plans_actions_never_wait_for_an_update(northmoor, plan, settings):
    settings.FOLLOWTHROUGH_AWAITING_UPDATE_DAYS = 1
    created(plan["child_m"], on=days(-500))
    quiet = dashboard(northmoor).no_recent_update.actions
    assert plan["not_started"] not in quiet
    assert plan["at_risk"] in quiet


def test_it_gives_one_row_per_lead_agency_across_all_reviews(northmoor, plan):
    rows = [
        (r.name, r.open, r.overdue, r.completed, r.closed, r.total)
        for r in dashboard(northmoor).by_agency
    ]
    assert rows == [
        ("Northmoor Health Trust", 2, 0, 1, 0, 3),
        ("Northmoor Police", 2, 1, 1, 1, 4),
        ("No lead agency named", 1, 0, 0, 0, 1),
    ]


def test_it_gives_one_row_per_review_newest_first_with_rag_counts_and_share_complete(
    northmoor, plan
):
    rows = [
        (
            r.review.title,
            r.recommendation_count,
            r.action_count,
            r.red,
            r.amber,
            r.green,
            r.not_rated,
            r.percent_complete,
        )
        for r in dashboard(northmoor).by_review
    ]
    assert rows == [
        ("SAR Adult P", 0, 0, 0, 0, 0, 0, None),
        ("CSPR Child M", 3, 3, 0, 0, 2, 1, 33),
        ("DARDR Adult K", 4, 4, 1, 2, 1, 0, 25),
    ]


def test_the_partnership_dashboard_leaves_out_other_partnerships_actions(fellside, plan):
    board = dashboard(fellside)
    assert board.action_count == 1
    assert [row.review.title for row in board.by_review] == ["DHR Fellside Q"]


def mine(user):
    return selectors.my_actions(user, today=TODAY, due_soon_days=30)


def test_a_lead_gets_their_agencys_actions_in_every_partnership_they_lead_in_and_no_others(
    police_lead, plan
):
    result = mine(police_lead)
    assert result.agencies == ["Northmoor Police"]
    listed = (
        result.returned.actions
        + result.overdue.actions
        + result.due_soon.actions
        + result.open.actions
        + result.awaiting_sign_off.actions
        + result.finished.actions
    )
    assert sorted(a.pk for a in listed) == sorted(
        plan[k].pk for k in ["overdue", "due_soon", "signed_off", "superseded", "fellside_returned"]
    )
    assert result.total == 5


def test_a_lead_gets_what_needs_attention_first_each_action_in_one_group(police_lead, plan):
    result = mine(police_lead)
    assert result.returned.actions == [plan["fellside_returned"]]
    assert result.returned.actions[0].returned_on == days(-20)
    assert result.overdue.actions == [plan["overdue"]]
    assert result.due_soon.actions == [plan["due_soon"]]
    assert result.open.actions == []
    assert result.awaiting_sign_off.actions == []
    assert result.finished.actions == [plan["superseded"], plan["signed_off"]]  # by target date
    assert result.finished.count == 2
    assert result.attention_count == 3


def test_a_returned_action_updated_since_no_longer_counts_as_returned(
    police_lead, coordinator, plan
):
    updated(plan["fellside_returned"], on=days(-1), author=coordinator)
    result = mine(police_lead)
    assert result.returned.actions == []
    assert result.open.actions == [plan["fellside_returned"]]


def test_a_lead_does_not_get_their_agencys_actions_in_a_partnership_it_does_not_serve(
    police_lead, police, plan
):
    elsewhere = ReviewFactory(title="DHR Eden Valley R")  # a partnership police do not serve
    stray = action_in(elsewhere, leads=[police], status="on_track", target_date=days(-5))
    result = mine(police_lead)
    assert stray not in result.overdue.actions + result.open.actions + result.due_soon.actions


def test_a_lead_of_two_agencies_gets_the_actions_of_both(police_lead, health, northmoor, plan):
    from tests.factories import MembershipFactory

    # Northmoor makes them its lead for the health trust as well as for the police.
    MembershipFactory(user=police_lead, partnership=northmoor, role="agency_lead", agency=health)
    user = type(police_lead).objects.get(pk=police_lead.pk)  # the cached reads start afresh
    result = mine(user)
    assert result.agencies == ["Northmoor Health Trust", "Northmoor Police"]
    assert result.total == 7
    assert result.awaiting_sign_off.actions == [plan["completed"]]
    assert plan["not_started"] in result.open.actions


def test_someone_who_leads_for_no_agency_gets_none(coordinator, plan):
    assert mine(coordinator) is None
    assert mine(UserFactory(username="nobody")) is None


def test_a_lead_whose_agency_leads_nothing_gets_empty_groups(northmoor, plan):
    from tests.factories import AgencyFactory

    probation = AgencyFactory(name="Probation Service")
    probation.partnerships.add(northmoor)
    lead = persona("probation-lead", northmoor, "agency_lead", probation)
    result = mine(lead)
    assert result.agencies == ["Probation Service"]
    assert result.total == 0
