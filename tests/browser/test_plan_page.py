"""A coordinator signs in, opens the seed plan, and the page passes axe-core."""

from __future__ import annotations

import pytest

from tests.browser.conftest import axe_violations, sign_in

pytestmark = pytest.mark.browser


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
