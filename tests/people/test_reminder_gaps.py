"""Each action's page and the dashboard warn when no lead would be reminded of an open action:
none of its agencies has a lead in its partnership whose account is switched on and has an
email address. The coordinator is offered an invitation for that agency."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from followthrough.people.selectors import action_reminder_gap, partnership_reminder_gaps
from tests.factories import (
    ActionFactory,
    ActionLeadFactory,
    MembershipFactory,
    RecommendationFactory,
    ReviewFactory,
)
from tests.people.conftest import persona, signed_in

pytestmark = pytest.mark.django_db

WARNING = "No lead will be reminded of this action"


def action_page(user, action):
    return signed_in(user).get(reverse("actions:detail", args=[action.pk])).text


def invite_link(partnership, agency):
    return (
        f"{reverse('people:invite', args=[partnership.pk])}?role=agency_lead&amp;agency={agency.pk}"
    )


def test_an_action_whose_agency_has_no_lead_here_warns_and_offers_the_coordinator_an_invitation(
    coordinator, northmoor, police, action
):
    page = action_page(coordinator, action)
    assert WARNING in page
    assert "Northmoor Police has no lead in this partnership" in page
    assert invite_link(northmoor, police) in page


def test_the_warning_goes_once_a_lead_with_an_email_address_is_there(
    coordinator, northmoor, police, action
):
    persona("lead", northmoor, "agency_lead", police)
    assert WARNING not in action_page(coordinator, action)


@pytest.mark.parametrize(
    "lead_fields, why",
    [({"email": ""}, "no email address"), ({"is_active": False}, "switched off")],
)
def test_a_lead_who_cannot_get_mail_does_not_count(
    coordinator, northmoor, police, action, lead_fields, why
):
    lead = persona("lead", northmoor, "agency_lead", police)
    for name, value in lead_fields.items():
        setattr(lead, name, value)
    lead.save()
    assert WARNING in action_page(coordinator, action), why


def test_a_lead_of_the_same_agency_in_another_partnership_does_not_count(
    coordinator, northmoor, eden, police, action
):
    police.partnerships.add(eden)
    persona("lead-elsewhere", eden, "agency_lead", police)
    assert WARNING in action_page(coordinator, action)


def test_an_action_with_no_lead_agency_says_so_and_a_finished_one_does_not_warn(
    coordinator, northmoor, police, action
):
    unled = ActionFactory(recommendation=action.recommendation, status="not_started")
    assert "it names no lead agency" in action_page(coordinator, unled)
    done = ActionFactory(recommendation=action.recommendation, status="signed_off")
    ActionLeadFactory(action=done, agency=police)
    assert WARNING not in action_page(coordinator, done)


def test_only_the_coordinator_is_offered_the_invitation(northmoor, police, action, outsider):
    viewer = persona("viewer", northmoor, "viewer")
    page = action_page(viewer, action)
    assert WARNING in page
    assert reverse("people:invite", args=[northmoor.pk]) not in page
    assert signed_in(outsider).get(reverse("actions:detail", args=[action.pk])).status_code == 404


def test_the_action_pages_warning_is_one_query_however_many_agencies_lead_it(
    coordinator, northmoor, police, refuge, action
):
    ActionLeadFactory(action=action, agency=refuge)
    action = type(action).objects.select_related("recommendation__review").get(pk=action.pk)
    with CaptureQueriesContext(connection) as queries:
        gap = action_reminder_gap(action)
    assert [agency.name for agency in gap.agencies] == ["Northmoor Police", "Northmoor Refuge"]
    assert len(queries) == 1
    persona("refuge-lead", northmoor, "agency_lead", refuge)
    assert action_reminder_gap(action) is None


def test_the_dashboard_counts_the_actions_no_lead_would_be_reminded_of_by_agency(
    coordinator, northmoor, police, refuge, action
):
    second = ActionFactory(recommendation=action.recommendation, status="at_risk")
    ActionLeadFactory(action=second, agency=police)
    ActionLeadFactory(action=second, agency=refuge)
    ActionFactory(recommendation=action.recommendation, status="not_started")  # no agency
    covered = ActionFactory(recommendation=action.recommendation, status="on_track")
    ActionLeadFactory(action=covered, agency=refuge)
    persona("refuge-lead", northmoor, "agency_lead", refuge)
    # second is led by refuge too, whose lead is reminded: only action and the unled one count.
    gaps = partnership_reminder_gaps(northmoor)
    assert gaps.action_count == 2
    assert [(g.agency, g.action_count) for g in gaps.agencies] == [(police, 1)]
    assert gaps.unled_count == 1
    page = signed_in(coordinator).get(reverse("dashboards:partnership", args=[northmoor.pk])).text
    assert "No lead will be reminded of 2 open actions" in page
    assert invite_link(northmoor, police) in page


def test_the_dashboard_does_not_warn_when_every_open_action_reaches_a_lead(
    coordinator, northmoor, police, action
):
    persona("lead", northmoor, "agency_lead", police)
    page = signed_in(coordinator).get(reverse("dashboards:partnership", args=[northmoor.pk])).text
    assert "No lead will be reminded" not in page


def test_the_dashboards_warning_takes_the_same_queries_for_one_or_thirty_actions(
    northmoor, police, refuge
):
    review = ReviewFactory(partnership=northmoor)
    counts = []
    for total in (1, 30):
        while review.recommendations.count() < total:
            action = ActionFactory(
                recommendation=RecommendationFactory(review=review), status="on_track"
            )
            ActionLeadFactory(action=action, agency=police if total == 1 else refuge)
        with CaptureQueriesContext(connection) as queries:
            gaps = partnership_reminder_gaps(northmoor)
        assert gaps.action_count == total
        counts.append(len(queries))
    assert counts[0] == counts[1] == 3, counts


def test_a_lead_membership_in_this_partnership_is_what_counts(northmoor, eden, police, action):
    from tests.factories import UserFactory

    user = UserFactory(username="lead", email="lead@example.invalid")
    MembershipFactory(user=user, partnership=northmoor, role="viewer")
    MembershipFactory(user=user, partnership=eden, role="agency_lead", agency=police)
    assert action_reminder_gap(action) is not None
