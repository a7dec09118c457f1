"""A review's stages in the browser: the coordinator reads the timeline of a review late
against its clock, records the next stage on its form (a mistake first), and reads the
partnership's reviews in progress; every page passes axe-core."""

from __future__ import annotations

import datetime as dt

import pytest

from followthrough.stages.models import StageEntry
from tests.browser.conftest import accessible, sign_in
from tests.factories import MembershipFactory, PartnershipFactory, ReviewFactory, UserFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def stages_world(transactional_db):
    partnership = PartnershipFactory(name="Northmoor CSP")
    user = UserFactory(username="stage-coordinator")
    MembershipFactory(user=user, partnership=partnership, role="coordinator")
    review = ReviewFactory(
        partnership=partnership, review_type="DHR", title="DHR into the death of Adult D"
    )
    today = dt.date.today()
    StageEntry.objects.create(review=review, stage="notification", on=today - dt.timedelta(270))
    StageEntry.objects.create(review=review, stage="decision", on=today - dt.timedelta(245))
    ReviewFactory(partnership=partnership, review_type="SAR", title="SAR: Adult F")
    return partnership, review


def test_the_timeline_a_stage_recorded_and_the_reviews_in_progress_pass_axe(
    live_server, page, stages_world
):
    partnership, review = stages_world
    sign_in(page, live_server, "stage-coordinator")
    page.goto(f"{live_server.url}/reviews/{review.pk}/timeline/")
    page.get_by_role("heading", name="Timeline", level=1).wait_for()
    next_up = page.locator(".govuk-inset-text")
    assert "Home Office told of the decision" in next_up.inner_text()
    assert "Late by" in next_up.inner_text()
    table = page.get_by_role("table", name="Stages")
    assert "Late by" in table.get_by_role("row", name="Overview report completed").inner_text()
    accessible(page)

    page.get_by_role("link", name="Record a stage").click()
    page.get_by_role("heading", name="Record a stage").wait_for()
    assert page.get_by_label("Home Office told of the decision").is_checked()
    page.get_by_label("Date it happened").fill("31/2/2025")
    page.get_by_role("button", name="Record the stage").click()
    page.get_by_text("There is a problem").wait_for()
    accessible(page)
    page.get_by_label("Date it happened").fill(
        (dt.date.today() - dt.timedelta(240)).strftime("%d/%m/%Y")
    )
    page.get_by_role("button", name="Record the stage").click()
    page.get_by_text("Stage recorded.").wait_for()
    assert "First meeting of the review panel" in page.locator(".govuk-inset-text").inner_text()

    page.goto(f"{live_server.url}/reviews/in-progress/{partnership.pk}/")
    page.get_by_role("heading", name="Reviews in progress").wait_for()
    rows = page.get_by_role("table").get_by_role("row")
    assert "Adult D" in rows.nth(1).inner_text() and "Late by" in rows.nth(1).inner_text()
    accessible(page)
    page.get_by_label("Type of review").select_option("SAR")
    page.get_by_role("button", name="Apply filters").click()
    page.get_by_text("SAR: Adult F").wait_for()
    assert "Adult D" not in page.get_by_role("table").inner_text()
    accessible(page)
