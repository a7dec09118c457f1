"""A coordinator writes a plan from nothing, with the keyboard alone, and every page they pass
through is accessible."""

from __future__ import annotations

import pytest

from tests.browser.conftest import accessible, sign_in
from tests.factories import AgencyFactory, MembershipFactory, PartnershipFactory, UserFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def coordinator_of_northmoor(transactional_db):
    partnership = PartnershipFactory(name="Northmoor CSP")
    AgencyFactory(name="Northmoor Police").partnerships.add(partnership)
    user = UserFactory(username="northmoor-coordinator")
    MembershipFactory(user=user, partnership=partnership, role="coordinator")
    return user


def test_a_coordinator_writes_a_plan_from_nothing_and_sees_the_smart_check_change(
    live_server, page, coordinator_of_northmoor
):
    sign_in(page, live_server, "northmoor-coordinator")
    page.get_by_role("link", name="Create a review").click()
    accessible(page)

    # Submitting an empty form shows the error summary, which is accessible too.
    page.get_by_role("button", name="Create review").click()
    page.get_by_text("There is a problem").wait_for()
    accessible(page)

    page.get_by_label("Domestic Abuse Related Death Review").check()
    page.get_by_label("Title").fill("DARDR into the death of Adult K")
    page.get_by_label("Pseudonym (optional)").fill("Adult K")
    page.get_by_role("button", name="Create review").click()
    page.get_by_role("heading", name="Write the plan").wait_for()
    accessible(page)

    page.get_by_role("link", name="Add a recommendation").click()
    page.get_by_label("Recommendation", exact=True).fill(
        "Partners should consider raising awareness of coercive control."
    )
    page.get_by_label("Local", exact=True).check()
    page.get_by_role("button", name="Add recommendation").click()

    # Straight on to its first action, typed with the keyboard alone.
    page.get_by_label("Action to take").focus()
    page.keyboard.type("Deliver coercive control training to all front-line officers")
    page.keyboard.press("Tab")
    page.keyboard.type("July 2025")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Add a lead").wait_for()
    accessible(page)
    page.get_by_label("Agency").select_option(label="Northmoor Police")
    page.get_by_label("Name of the lead (optional)").fill("Kit Marsh")
    page.get_by_role("button", name="Add lead").click()

    page.get_by_role("heading", name="Milestones").wait_for()
    accessible(page)
    review_link = page.get_by_role("link", name="DARDR into the death of Adult K")
    review_link.first.click()
    page.get_by_role("link", name="Write or change this plan").click()
    page.get_by_role("heading", name="Write the plan").wait_for()
    accessible(page)
    card = page.locator(".govuk-summary-card")
    assert card.count() == 1
    assert "Kit Marsh" in card.inner_text()

    # The vague wording is flagged, with the verb quoted and a suggestion...
    card.get_by_text("SMART check:").first.click()
    assert "consider" in card.inner_text()
    problems_before = int(page.locator("#smart-summary strong").inner_text().split()[0])

    # ...and fixing it in the form, where the finding sits beside the field, clears it.
    card.get_by_role("link", name="Change recommendation 1").click()
    assert "consider" in page.locator(".app-findings").inner_text()
    accessible(page)
    page.get_by_label("Recommendation", exact=True).fill(
        "Northmoor Police will train all front-line officers to recognise coercive control."
    )
    page.get_by_role("button", name="Save").click()
    page.get_by_role("heading", name="Write the plan").wait_for()
    assert "consider" not in page.locator(".govuk-summary-card").inner_text()
    problems_after = int(page.locator("#smart-summary strong").inner_text().split()[0])
    assert problems_after < problems_before
