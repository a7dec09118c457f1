"""Someone who never signs in reads the published plans: the index and a review's plan, each
passing axe-core, with agencies and no names."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.browser.conftest import accessible

pytestmark = pytest.mark.browser


def test_a_visitor_signed_out_reads_the_index_and_a_published_plan_without_a_name(
    transactional_db, live_server, page, seed_review
):
    seed_review.published_on = dt.date(2015, 3, 1)
    seed_review.reference = "SL-DHR-01"
    seed_review.save()

    page.goto(f"{live_server.url}/public/")
    page.get_by_role("heading", level=1, name="Published review action plans").wait_for()
    page.get_by_role("heading", level=2, name="South Lakeland CSP").wait_for()
    accessible(page)

    page.get_by_role("link", name="South Lakeland CSP").click()
    page.get_by_role("heading", level=1, name="South Lakeland CSP").wait_for()
    accessible(page)

    page.get_by_role("link", name="Domestic Homicide Review SL-DHR-01").click()
    page.get_by_role("heading", level=1, name="Domestic Homicide Review SL-DHR-01").wait_for()
    assert page.locator("section[id^='public-recommendation-']").count() == 6
    text = page.locator("main").inner_text()
    assert "CADAS" in text
    for name in ["Sarah", "Natalia Wealleans-Turner", "Louise Kelly", "DV Lead Officer"]:
        assert name not in text
    assert page.get_by_role("button", name="Sign out").count() == 0
    accessible(page)
