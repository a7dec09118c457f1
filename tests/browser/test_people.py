"""People without the Django admin, in the browser: the coordinator sees that no lead would be
reminded of an action, invites a lead from the warning, the lead follows the emailed link,
chooses a password and updates the action; the coordinator changes a role and merges two
agencies. Every page passes axe-core."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from followthrough.partnerships.models import Agency, Membership
from tests.browser.conftest import accessible, sign_in
from tests.factories import (
    ActionFactory,
    ActionLeadFactory,
    AgencyFactory,
    MembershipFactory,
    PartnershipFactory,
    RecommendationFactory,
    ReviewFactory,
    UserFactory,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def lakeland(transactional_db):
    partnership = PartnershipFactory(name="South Lakeland CSP")
    user = UserFactory(username="coordinator", first_name="Morgan", last_name="Ashby")
    MembershipFactory(user=user, partnership=partnership, role="coordinator")
    for name in ["SLCSP", "South Lakeland CSP", "Unity"]:
        AgencyFactory(name=name, short_name=name).partnerships.add(partnership)
    review = ReviewFactory(partnership=partnership, title="DARDR Adult K")
    action = ActionFactory(
        recommendation=RecommendationFactory(review=review),
        text="Train all Unity staff in routine enquiry",
        status="on_track",
    )
    ActionLeadFactory(action=action, agency=Agency.objects.get(name="Unity"))
    return partnership, action


def test_a_coordinator_invites_a_lead_who_sets_a_password_and_updates_their_action(
    live_server, browser, page, lakeland
):
    partnership, action = lakeland
    mail.outbox = []
    sign_in(page, live_server, "coordinator")
    assert page.locator("#signed-in-as").inner_text().startswith("Morgan Ashby")

    page.goto(f"{live_server.url}/reviews/actions/{action.pk}/")
    page.get_by_text("No lead will be reminded of this action").wait_for()
    accessible(page)
    page.get_by_role("link", name="Invite a lead for Unity").click()
    page.get_by_role("heading", name="Invite someone").wait_for()
    assert page.get_by_label("Agency lead").is_checked()
    accessible(page)
    page.get_by_role("button", name="Send the invitation").click()
    page.get_by_text("There is a problem").wait_for()
    accessible(page)
    page.get_by_label("Email address").fill("sam.rowe@example.invalid")
    page.get_by_role("button", name="Send the invitation").click()
    page.get_by_text("Invitation sent to sam.rowe@example.invalid").wait_for()
    page.get_by_role("heading", name="People").wait_for()
    accessible(page)

    [message] = mail.outbox
    link = re.search(r"https?://\S+/invitations/\S+/", message.body).group(0)
    path = link[link.index("/invitations/") :]
    lead_context = browser.new_context()
    lead = lead_context.new_page()
    lead.goto(f"{live_server.url}{path}")
    lead.get_by_role("heading", name="Set up your account").wait_for()
    accessible(lead)
    lead.get_by_label("First name").fill("Sam")
    lead.get_by_label("Last name").fill("Rowe")
    lead.get_by_label("Password", exact=True).fill("kettle orchard lantern")
    lead.get_by_label("Confirm the password").fill("something else")
    lead.get_by_role("button", name="Create your account").click()
    lead.get_by_text("There is a problem").wait_for()
    accessible(lead)
    lead.get_by_label("Password", exact=True).fill("kettle orchard lantern")
    lead.get_by_label("Confirm the password").fill("kettle orchard lantern")
    lead.get_by_role("button", name="Create your account").click()
    lead.get_by_role("heading", level=1, name="South Lakeland CSP").wait_for()
    assert lead.locator("#signed-in-as").inner_text().startswith("Sam Rowe")
    accessible(lead)
    lead.goto(f"{live_server.url}/reviews/actions/{action.pk}/")
    assert lead.get_by_text("No lead will be reminded of this action").count() == 0
    lead.get_by_role("link", name="Record progress").click()
    lead.get_by_label("What has happened since the last update?").fill(
        "Half of the staff trained; the rest booked for next month."
    )
    lead.get_by_role("button", name="Save progress").click()
    lead.get_by_text("Progress recorded.").wait_for()
    assert action.progress_updates.get().author.username == "sam.rowe"

    # The link is spent.
    other = browser.new_context().new_page()
    other.goto(f"{live_server.url}{path}")
    other.get_by_role("heading", name="This invitation cannot be used").wait_for()
    accessible(other)
    lead_context.close()

    page.reload()
    page.get_by_role("link", name=re.compile("Change role of Sam Rowe")).click()
    page.get_by_role("heading", name="Change Sam Rowe's role").wait_for()
    accessible(page)
    page.get_by_label("Board member").check()
    page.get_by_role("button", name="Save the role").click()
    page.get_by_text("Sam Rowe's role is changed").wait_for()
    assert Membership.objects.get(user__username="sam.rowe").role == "board_member"


def test_a_coordinator_merges_two_agencies_that_are_the_same_organisation(
    live_server, page, lakeland
):
    partnership, _ = lakeland
    sign_in(page, live_server, "coordinator")
    page.goto(f"{live_server.url}/partnerships/{partnership.pk}/agencies/")
    accessible(page)
    page.get_by_role("link", name="Merge SLCSP into another agency").click()
    page.get_by_role("heading", name="Merge SLCSP into another agency").wait_for()
    accessible(page)
    page.get_by_label("The agency to keep").select_option(label="South Lakeland CSP")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="Merge SLCSP into South Lakeland CSP?").wait_for()
    accessible(page)
    page.get_by_role("button", name="Merge the agencies").click()
    page.get_by_text("SLCSP is now part of South Lakeland CSP").wait_for()
    assert not Agency.objects.filter(name="SLCSP").exists()
    assert Agency.objects.get(name="South Lakeland CSP").short_name == "SLCSP"
