"""A PFD report in the browser: the addressees with their clocks, a response recorded with
its promised actions (a row added without JavaScript), and a coroner's report imported from
its pasted text, previewed and saved. Every page passes axe-core."""

from __future__ import annotations

import pytest

from followthrough.plans.models import Review, ReviewType
from tests.browser.conftest import accessible, sign_in
from tests.pfd.conftest import REPORTS, make_world

pytestmark = pytest.mark.browser


@pytest.fixture
def world(transactional_db):
    return make_world()


def test_a_response_is_recorded_with_its_promised_actions(live_server, page, world):
    sign_in(page, live_server, "pfd-coordinator")
    page.goto(f"{live_server.url}/reviews/{world.review.pk}/addressees/")
    page.get_by_role("heading", name="Addressees", level=1).wait_for()
    table = page.get_by_role("table", name="Who the report was sent to")
    assert table.get_by_role("row").count() == 3
    accessible(page)

    table.get_by_role("link", name=world.partner.name).click()
    page.get_by_role("link", name="Record the response").click()
    page.get_by_role("heading", name="Record the response").wait_for()
    page.get_by_label("Date of the response").fill("20/3/2025")
    page.get_by_label("What the response says").fill("The trust accepts both concerns.")
    first = page.locator("#promise-1")
    first.get_by_label("Concern it answers").select_option(label="1. No falls guidance.")
    first.get_by_label("Action promised").fill("Write falls guidance")
    page.get_by_role("button", name="Add another action").click()
    second = page.locator("#promise-2")
    second.wait_for()
    assert first.get_by_label("Action promised").input_value() == "Write falls guidance"
    accessible(page)
    second.get_by_label("Concern it answers").select_option(label="2. No national standard.")
    second.get_by_label("Action promised").fill("Review night staffing")
    second.get_by_label("Target date").fill("July 2026")
    page.get_by_role("button", name="Save the response").click()
    page.get_by_text("Response recorded, with 2 promised actions added to the plan.").wait_for()
    promised = page.get_by_role("table", name="Actions promised by")
    assert promised.get_by_role("row").count() == 3
    accessible(page)


def test_a_report_is_imported_from_its_pasted_text(live_server, page, world):
    sign_in(page, live_server, "pfd-chair")
    page.goto(f"{live_server.url}/reviews/")
    page.get_by_role("link", name="Import a coroner's report to prevent future deaths").click()
    page.get_by_label("Or paste the report").fill((REPORTS / "template-numbered.txt").read_text())
    accessible(page)
    page.get_by_role("button", name="Read the report").click()
    page.get_by_role("heading", name="Check the report before saving").wait_for()
    assert page.locator("#concerns li").count() == 3
    accessible(page)
    page.get_by_role("button", name="Save the report").click()
    page.get_by_text("Report saved with 3 concerns and 3 addressees.").wait_for()
    page.get_by_role("heading", name="Addressees", level=1).wait_for()
    review = Review.objects.exclude(pk=world.review.pk).get(review_type=ReviewType.PFD)
    assert review.title == "Prevention of future deaths report, 17 March 2025"
    assert review.recommendations.count() == 3
    accessible(page)
