"""A long plan a page at a time in the browser: its pages, the pagination above and below the
plan and its contents list pass axe-core, and a recommendation on another page is reached from
the contents list."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import sign_in
from tests.browser.test_dashboards import accessible
from tests.plans.test_pages import _plan_with

pytestmark = pytest.mark.browser


@pytest.fixture
def long_plan(seed_review, coordinator):
    """A plan of 60 recommendations and 120 actions in the coordinator's partnership."""
    from followthrough.plans.services import plan_import

    return plan_import(
        plan=_plan_with(60),
        partnership=seed_review.partnership,
        source=b"a long plan",
        filename="long.txt",
        actor=None,
    ).review


def test_the_pages_of_a_long_plan_have_no_accessibility_violations(
    transactional_db, live_server, page, long_plan
):
    sign_in(page, live_server, "coordinator")
    page.get_by_role("link", name="Reviews", exact=True).click()
    page.get_by_role("link", name=long_plan.title).click()
    page.get_by_text("recommendations 1 to 25 of 60").wait_for()
    assert page.locator("tr[id^=action-]").count() == 50
    accessible(page)
    above = page.get_by_role("navigation", name="Pages of the action plan", exact=True)
    above.get_by_role("link", name="Next page").click()
    page.get_by_text("recommendations 26 to 50 of 60").wait_for()
    accessible(page)
    page.get_by_text("Contents: every recommendation and its page").click()
    accessible(page)
    page.get_by_role("link", name="Recommendation 55", exact=True).click()
    page.get_by_text("recommendations 51 to 60 of 60").wait_for()
    assert re.search(r"\?page=3#recommendation-\d+$", page.url)
    assert page.locator("tr[id^=action-]").count() == 20
    below = page.get_by_role("navigation", name="Pages of the action plan, below it")
    assert below.get_by_role("link", name="Next page").count() == 0
    accessible(page)
