"""A coordinator searches the plans from the search page, with a filter, no JavaScript needed:
the results, the "No results" advice and the message for an empty search pass axe-core."""

from __future__ import annotations

import pytest

from tests.browser.conftest import accessible, sign_in
from tests.search.conftest import world  # noqa: F401  (the world to search)

pytestmark = pytest.mark.browser


def test_searching_the_plans_with_a_filter_has_no_accessibility_violations(
    transactional_db,
    live_server,
    page,
    world,  # noqa: F811
):
    rec = world.recs[0]
    rec.text = "Deliver training <script>alert('x')</script> to GP surgeries."
    rec.save()
    sign_in(page, live_server, "coordinator")
    page.goto(f"{live_server.url}/search/")
    page.get_by_role("heading", level=1, name="Search the plans").wait_for()
    accessible(page)

    page.get_by_role("button", name="Search", exact=True).click()
    page.get_by_text("Enter the words to search for").first.wait_for()
    accessible(page)

    page.get_by_label("Search for").fill("training")
    page.get_by_text("Filters").click()
    page.get_by_label("Review type").select_option("DHR")
    page.get_by_role("button", name="Search", exact=True).click()
    page.get_by_role("heading", name="3 results for \u201ctraining\u201d").wait_for()
    assert "review_type=DHR" in page.url and "q=training" in page.url
    assert page.locator("mark").count() >= 3
    assert page.get_by_text("<script>alert('x')</script>", exact=False).count() == 1
    accessible(page)

    page.get_by_role("link", name="Recommendation 1", exact=True).click()
    page.get_by_role("heading", level=1).wait_for()
    assert f"#recommendation-{rec.pk}" in page.url

    page.goto(f"{live_server.url}/search/?q=hippopotamus&review_type=SAR")
    page.get_by_role("heading", name="No results for \u201chippopotamus\u201d").wait_for()
    page.get_by_text("remove some of the filters").wait_for()
    accessible(page)
