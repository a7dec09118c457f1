"""One click from the reminder, in the browser (issue 17, part 3): a lead signed out follows
their digest's "Give an update" link, signs in and lands on the progress form, which they send;
a coordinator follows "Decide on sign-off" through the security code step to the sign-off
form, and the digest's list of what awaits them shows exactly those actions. Every page passes
axe-core and breaks no Content-Security-Policy."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from followthrough.notifications import services
from tests.browser.conftest import accessible
from tests.browser.test_sign_in import policy_breaches  # noqa: F401 (a fixture)
from tests.factories import (
    PASSWORD,
    AgencyFactory,
    PartnershipFactory,
    ReviewFactory,
    authenticator,
    current_code,
)
from tests.notifications.conftest import TODAY, add_action, at, days, persona

pytestmark = pytest.mark.browser


@pytest.fixture
def digests(transactional_db, live_server, settings):
    """Northmoor's agreed plan with an action due soon, one overdue and one completed; the
    police lead's and the coordinator's digests, sent with links to the live server."""
    settings.FOLLOWTHROUGH_BASE_URL = live_server.url
    northmoor = PartnershipFactory(name="Northmoor CSP")
    police = AgencyFactory(name="Northmoor Police")
    police.partnerships.add(northmoor)
    review = ReviewFactory(
        partnership=northmoor,
        title="DARDR into the death of Adult K",
        plan_status="agreed",
        agreed_at=at(days(-90)),
    )
    actions = {
        "due_soon": add_action(review, police, "Publish the referral pathway", target=days(8)),
        "overdue": add_action(
            review, police, "Train officers in coercive control", target=days(-13)
        ),
        "completed": add_action(
            review,
            police,
            "Audit DASH risk assessments",
            target=days(20),
            status="completed",
            completed_on=days(-4),
        ),
    }
    lead = persona("police-lead", northmoor, "agency_lead", police)
    coordinator = persona("coordinator", northmoor, "coordinator")
    authenticator(coordinator)
    services.reminders_send(today=TODAY)  # no outer transaction: sent at once
    return {
        "actions": actions,
        "lead": {m.to[0]: m for m in mail.outbox}[lead.email],
        "coordinator": {m.to[0]: m for m in mail.outbox}[coordinator.email],
        "coordinator_user": coordinator,
    }


def link(message, words: str) -> str:
    """The first link the text digest gives after ``words``."""
    [url, *_] = re.findall(rf"^ *{re.escape(words)}: (\S+)$", message.body, re.M)
    return url


def sign_in_here(page, username):
    page.get_by_role("heading", name="Sign in").wait_for()
    accessible(page)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_a_lead_signed_out_follows_give_an_update_to_the_form_and_sends_it(
    live_server,
    page,
    digests,
    policy_breaches,  # noqa: F811
):
    action = digests["actions"]["due_soon"]
    url = link(digests["lead"], "Give an update")
    assert url == f"{live_server.url}/delivery/actions/{action.pk}/progress/"

    page.goto(url)
    sign_in_here(page, "police-lead")
    page.get_by_role("heading", name="Record progress").wait_for()
    assert page.url == url
    accessible(page)

    page.get_by_label("What has happened since the last update?").fill(
        "The pathway is drafted and with partners for comment."
    )
    page.get_by_label("On track").check()
    page.get_by_role("button", name="Save progress").click()
    page.get_by_text("Progress recorded.").wait_for()
    assert page.url == f"{live_server.url}/reviews/actions/{action.pk}/"
    assert policy_breaches == []


def test_a_coordinator_gives_their_code_on_the_way_to_the_sign_off_form_and_their_list(
    live_server,
    page,
    digests,
    policy_breaches,  # noqa: F811
):
    completed = digests["actions"]["completed"]
    url = link(digests["coordinator"], "Decide on sign-off")
    assert url == f"{live_server.url}/delivery/actions/{completed.pk}/sign-off/"

    page.goto(url)
    sign_in_here(page, "coordinator")
    page.get_by_role("heading", name="Enter your security code").wait_for()
    accessible(page)
    page.get_by_label("Security code").fill(
        current_code(authenticator(digests["coordinator_user"]))
    )
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="Sign off or return the action").wait_for()
    assert page.url == url
    accessible(page)

    waiting = link(digests["coordinator"], "All of them together, to decide several at one meeting")
    page.goto(waiting)
    page.get_by_role("heading", level=1, name="Actions").wait_for()
    assert page.get_by_text("Filtered by: Awaiting the partnership's decision.").is_visible()
    rows = page.locator("table tbody tr")
    assert rows.count() == 1
    assert "Audit DASH risk assessments" in rows.first.inner_text()
    accessible(page)
    assert policy_breaches == []
