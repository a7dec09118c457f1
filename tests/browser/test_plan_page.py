"""A coordinator signs in, opens the seed plan, and the page passes axe-core."""

from __future__ import annotations

import pytest

from tests.browser.conftest import axe_violations
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


def sign_in(page, live_server, username):
    """Both steps, as a person does them: the password, then (for coordinators, site
    administrators and anyone with an authenticator app) the app's code."""
    from django.contrib.auth import get_user_model

    from followthrough.web.second_factor import Step, second_factor_step
    from tests.factories import authenticator, current_code

    user = get_user_model().objects.get(username=username)
    device = authenticator(user) if second_factor_step(user) is not Step.NONE else None
    page.goto(f"{live_server.url}/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    if device is not None:
        page.get_by_role("heading", name="Enter your security code").wait_for()
        page.get_by_label("Security code").fill(current_code(device))
        page.get_by_role("button", name="Continue").click()


def test_a_coordinator_signs_in_and_the_plan_page_has_no_accessibility_violations(
    transactional_db, live_server, page, seed_review, coordinator
):
    sign_in(page, live_server, "coordinator")
    page.get_by_role("link", name=seed_review.title).click()
    page.get_by_role("heading", level=1, name=seed_review.title).wait_for()
    assert page.locator(".app-plan-table__recommendation").count() == 6
    assert axe_violations(page) == []


def test_the_sign_in_page_and_its_errors_have_no_accessibility_violations(
    transactional_db, live_server, page
):
    page.goto(f"{live_server.url}/accounts/sign-in/")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Sign in").click()
    page.get_by_text("There is a problem").wait_for()
    assert page.get_by_role("link", name="Enter your username").count() == 1
    assert axe_violations(page) == []


def test_the_action_page_has_no_accessibility_violations(
    transactional_db, live_server, page, seed_review, coordinator
):
    sign_in(page, live_server, "coordinator")
    page.get_by_role("link", name=seed_review.title).click()
    page.get_by_role(
        "link", name="Share existing Protocol with all relevant staff and officers"
    ).click()
    page.get_by_role("heading", level=2, name="Milestones").wait_for()
    assert axe_violations(page) == []
