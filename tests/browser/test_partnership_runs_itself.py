"""A partnership runs Followthrough itself (issue 12), end to end in the browser: its
coordinator invites a lead from the People page; the lead follows the e-mailed link, sets a
password, records progress on one action, marks a second completed and proposes closing a
third; at the board meeting the coordinator signs off the completion and accepts the closure
together; then reopens the closed action with a reason, and the lead can update it again. No
Django admin anywhere. Every page passes axe-core."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from followthrough.audit.models import AuditEvent
from followthrough.plans.models import Action
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
def fellside(transactional_db):
    partnership = PartnershipFactory(name="Fellside CSP")
    coordinator = UserFactory(username="coordinator", first_name="Morgan", last_name="Ashby")
    MembershipFactory(user=coordinator, partnership=partnership, role="coordinator")
    refuge = AgencyFactory(name="Fellside Women's Refuge", short_name="FWR")
    refuge.partnerships.add(partnership)
    review = ReviewFactory(partnership=partnership, title="DARDR Adult K", plan_status="agreed")
    rec = RecommendationFactory(review=review, number="1")
    texts = [
        "Train refuge staff in economic abuse",
        "Publish the refuge's referral pathway",
        "Set up a separate helpline for older victims",
    ]
    actions = []
    for order, text in enumerate(texts, start=1):
        action = ActionFactory(recommendation=rec, text=text, order=order, status="not_started")
        ActionLeadFactory(action=action, agency=refuge)
        actions.append(action)
    return partnership, actions


def test_a_partnership_invites_its_lead_decides_at_a_meeting_and_reopens(
    live_server, browser, page, fellside
):
    partnership, (training, pathway, helpline) = fellside
    mail.outbox = []

    # The coordinator invites the refuge's lead.
    sign_in(page, live_server, "coordinator")
    page.goto(f"{live_server.url}/dashboards/")
    page.get_by_role("link", name="People", exact=True).click()
    page.get_by_role("heading", level=1, name="People").wait_for()
    accessible(page)
    page.get_by_role("link", name="Invite someone").click()
    page.get_by_label("Email address").fill("ali.khan@example.invalid")
    page.get_by_label("Agency lead").check()
    page.get_by_label("Agency they lead for").select_option(label="Fellside Women's Refuge")
    accessible(page)
    page.get_by_role("button", name="Send the invitation").click()
    page.get_by_text("Invitation sent to ali.khan@example.invalid").wait_for()

    # The lead sets a password from the e-mailed link and gets to work.
    [message] = mail.outbox
    link = re.search(r"https?://\S+/invitations/\S+/", message.body).group(0)
    lead_context = browser.new_context()
    lead = lead_context.new_page()
    lead.goto(live_server.url + link[link.index("/invitations/") :])
    lead.get_by_label("First name").fill("Ali")
    lead.get_by_label("Last name").fill("Khan")
    lead.get_by_label("Password", exact=True).fill("marble quarry tangerine")
    lead.get_by_label("Confirm the password").fill("marble quarry tangerine")
    lead.get_by_role("button", name="Create your account").click()
    lead.locator("#signed-in-as").wait_for()

    lead.goto(f"{live_server.url}/reviews/actions/{training.pk}/")
    lead.get_by_role("link", name="Record progress").click()
    lead.get_by_label("What has happened since the last update?").fill(
        "Two of five staff trained; the rest booked for May."
    )
    lead.get_by_label("On track").check()
    lead.get_by_role("button", name="Save progress").click()
    lead.get_by_text("Progress recorded.").wait_for()

    lead.goto(f"{live_server.url}/reviews/actions/{pathway.pk}/")
    lead.get_by_role("link", name="Mark as completed").click()
    lead.get_by_label("Outcome").fill("Pathway published on the refuge's website in March.")
    lead.get_by_label("Date of completion").fill("2/3/2026")
    lead.get_by_role("button", name="Mark as completed").click()
    lead.get_by_text("Marked as completed").wait_for()

    # Observation 1: the lead cannot close an action outright; they propose it.
    lead.goto(f"{live_server.url}/reviews/actions/{helpline.pk}/")
    lead.get_by_role("link", name="Propose closing the action").click()
    lead.get_by_role("heading", name="Propose closing the action").wait_for()
    accessible(lead)
    lead.get_by_label("Already in place").check()
    lead.get_by_label("Reason").fill("The county's older people's line already takes these calls.")
    lead.get_by_role("button", name="Propose closing it").click()
    lead.get_by_text("Closure proposed").first.wait_for()
    assert Action.objects.get(pk=helpline.pk).status == "closure_proposed"
    accessible(lead)

    # Observation 6: the board meeting decides both together.
    page.goto(f"{live_server.url}/dashboards/")
    page.get_by_role("link", name="View awaiting sign-off").click()
    page.locator(f"#decide-{pathway.pk}").check()
    page.locator(f"#decide-{helpline.pk}").check()
    page.get_by_role("button", name="Decide the ticked actions").click()
    page.get_by_role("heading", level=1, name="Decide actions at a meeting").wait_for()
    accessible(page)
    page.get_by_label("Sign them off or accept their closure").check()
    page.get_by_label("Meeting date").fill("12/3/2026")
    page.get_by_label("Minutes reference").fill("Board 12/3, item 4")
    page.get_by_role("button", name="Save the decisions").click()
    page.get_by_text("2 actions signed off or closed at the meeting of 12 March 2026.").wait_for()
    assert Action.objects.get(pk=pathway.pk).status == "signed_off"
    assert Action.objects.get(pk=helpline.pk).status == "already_in_place"

    # Observation 2: the partnership reopens the closed action from the app, with a reason.
    page.goto(f"{live_server.url}/reviews/actions/{helpline.pk}/")
    page.get_by_role("link", name="Reopen the action").click()
    page.get_by_role("heading", name="Reopen the action").wait_for()
    accessible(page)
    page.get_by_label("At risk").check()
    page.get_by_label("Why is it being reopened?").fill(
        "The county's line closes in June: a helpline is needed after all."
    )
    page.get_by_role("button", name="Reopen the action").click()
    page.get_by_text("The action is open again").wait_for()
    assert Action.objects.get(pk=helpline.pk).status == "at_risk"
    assert AuditEvent.objects.filter(event_type="action.reopened").count() == 1

    lead.goto(f"{live_server.url}/reviews/actions/{helpline.pk}/")
    lead.get_by_role("link", name="Record progress").wait_for()
    accessible(lead)
    lead_context.close()
