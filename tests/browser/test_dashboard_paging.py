"""The dashboard's capped lists, its table of reviews a page at a time, the list of actions they
link to, and a group of "my actions" paged: each page passes axe-core (the GOV.UK pagination
component included)."""

from __future__ import annotations

import pytest

from followthrough.partnerships.models import Agency
from tests.browser.conftest import sign_in
from tests.browser.test_dashboards import accessible, soon
from tests.dashboards.conftest import action_in
from tests.factories import ReviewFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def long_lists(seed_review, coordinator):
    """A dozen more reviews (the dashboard's table of reviews has two pages) and more overdue
    CADAS actions than a list on a dashboard shows."""
    from followthrough.dashboards.selectors import LIST_LENGTH, PAGE_SIZE, REVIEWS_PER_PAGE

    cadas = Agency.objects.get(name="CADAS")
    for n in range(REVIEWS_PER_PAGE + 2):
        review = ReviewFactory(partnership=seed_review.partnership, title=f"SAR Adult {n}")
        if n == 0:
            for k in range(PAGE_SIZE + LIST_LENGTH):
                action_in(review, leads=[cadas], number=str(k), target_date=soon(-k - 1))


def test_the_capped_lists_and_their_pages_have_no_accessibility_violations(
    transactional_db, live_server, page, long_lists, agency_lead
):
    sign_in(page, live_server, "coordinator")
    page.get_by_role("link", name="Dashboard", exact=True).click()
    page.get_by_role("link", name="See all 60 actions overdue").wait_for()
    pages = page.get_by_role("navigation", name="Pages of reviews")
    pages.get_by_role("link", name="Next page").click()
    page.get_by_text("Reviews 11 to 13 of 13, the newest first.").wait_for()
    accessible(page)
    page.get_by_role("link", name="See all 60 actions overdue").click()
    page.get_by_role("navigation", name="Pages of actions").wait_for()
    accessible(page)
    page.get_by_role("link", name="Reviews", exact=True).click()
    page.get_by_role("table", name="Reviews you can see").wait_for()
    accessible(page)

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, live_server, "cadas-lead")
    page.get_by_role("link", name="My actions").click()
    page.get_by_role("link", name="See all 60 actions overdue").click()
    page.get_by_role("heading", name="Overdue: actions 1 to 50 of 60").wait_for()
    page.get_by_role("navigation", name="Pages of actions").get_by_role("link", name="2").click()
    page.get_by_role("heading", name="Overdue: actions 51 to 60 of 60").wait_for()
    accessible(page)
