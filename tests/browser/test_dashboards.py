"""A coordinator opens the partnership dashboard and an agency lead their actions, from the
service navigation; both pages pass axe-core with lists, charts and tables filled in."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from followthrough.delivery.models import SignOffDecision
from followthrough.partnerships.models import Agency
from tests.browser.conftest import accessible, sign_in
from tests.dashboards.conftest import action_in
from tests.factories import ReviewFactory

pytestmark = pytest.mark.browser


def soon(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


@pytest.fixture
def live_plan(seed_review, coordinator):
    """Beside the seed plan (all finished), a review with actions overdue, due soon, returned
    after sign-off, signed off, and one with no lead agency."""
    cadas = Agency.objects.get(name="CADAS")
    review = ReviewFactory(partnership=seed_review.partnership, title="DARDR Adult K")
    action_in(review, leads=[cadas], number="1", text="Audit referrals", target_date=soon(-9))
    action_in(review, leads=[cadas], number="2", text="Publish guidance", target_date=soon(6))
    returned = action_in(review, leads=[cadas], number="3", text="Train staff", target_date=None)
    SignOffDecision.objects.create(action=returned, decision="returned", decided_by=coordinator)
    action_in(review, number="4", status="at_risk", text="Agree a protocol", target_date=soon(90))
    action_in(review, leads=[cadas], number="5", status="signed_off", text="Fix the form")
    return review


def test_the_partnership_dashboard_has_no_accessibility_violations(
    transactional_db, live_server, page, live_plan, coordinator
):
    sign_in(page, live_server, "coordinator")
    page.get_by_role("link", name="Dashboard", exact=True).click()
    page.get_by_role("heading", level=1, name="South Lakeland CSP").wait_for()
    assert page.get_by_role("table", name="Actions by RAG rating").count() == 1
    assert page.get_by_role("table", name="Overdue actions").count() == 1
    accessible(page)


def test_my_actions_has_no_accessibility_violations_for_a_lead_and_for_anyone_else(
    transactional_db, live_server, page, live_plan, agency_lead
):
    sign_in(page, live_server, "cadas-lead")
    page.get_by_role("link", name="My actions").click()
    page.get_by_role("heading", level=1, name="My actions").wait_for()
    assert page.get_by_role("table", name="Returned after sign-off").count() == 1
    page.get_by_text("Show the 1 signed off or closed action").wait_for()
    accessible(page)

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, live_server, "coordinator")
    page.get_by_role("link", name="My actions").click()
    page.get_by_text("You are not an agency's lead in any partnership").wait_for()
    accessible(page)
