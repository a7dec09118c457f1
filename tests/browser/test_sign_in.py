"""Signing in through the browser: a coordinator sets up an authenticator app at their first
sign-in, the account pages, a lock-out and a password reset, each page accessible and none
breaking the Content-Security-Policy."""

from __future__ import annotations

import base64
import re
import time

import pytest
from django.core import mail

from tests.browser.conftest import accessible, sign_in
from tests.factories import PASSWORD, MembershipFactory, PartnershipFactory, UserFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def policy_breaches(page):
    """What the browser refused under the Content-Security-Policy, as the page went."""
    breaches = []
    page.on(
        "console",
        lambda message: (
            breaches.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return breaches


def code_for(secret: str) -> str:
    from django_otp.oath import TOTP

    totp = TOTP(base64.b32decode(secret.replace(" ", "")))
    totp.time = time.time()
    return f"{totp.token():06d}"


@pytest.fixture
def new_coordinator(transactional_db):
    user = UserFactory(username="northmoor-coordinator", email="nc@example.invalid")
    MembershipFactory(
        user=user, partnership=PartnershipFactory(name="Northmoor CSP"), role="coordinator"
    )
    return user


def test_a_coordinator_sets_up_an_authenticator_at_their_first_sign_in(
    live_server, page, new_coordinator, policy_breaches
):
    page.goto(f"{live_server.url}/")
    page.get_by_label("Username").fill("northmoor-coordinator")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Set up an authenticator app").wait_for()
    assert page.get_by_role("img", name="QR code to scan with your authenticator app").count()
    accessible(page)

    page.get_by_role("button", name="Set up").click()
    page.get_by_text("There is a problem").wait_for()
    accessible(page)

    secret = page.locator("#authenticator-key").inner_text()
    page.get_by_label("Code from the app").fill(code_for(secret))
    page.get_by_role("button", name="Set up").click()
    page.get_by_role("heading", name="Your backup codes").wait_for()
    assert page.locator("#backup-codes li").count() == 10
    accessible(page)

    page.get_by_role("link", name="Continue").click()
    page.get_by_role("heading", name="Reviews").first.wait_for()
    page.get_by_role("link", name="Your account").click()
    page.get_by_role("heading", name="Your account").wait_for()
    accessible(page)
    assert policy_breaches == []


def test_the_code_step_and_its_error_are_accessible(
    live_server, page, new_coordinator, policy_breaches
):
    from tests.factories import authenticator

    authenticator(new_coordinator)
    page.goto(f"{live_server.url}/")
    page.get_by_label("Username").fill("northmoor-coordinator")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Enter your security code").wait_for()
    accessible(page)
    page.get_by_role("button", name="Continue").click()
    page.get_by_text("There is a problem").wait_for()
    accessible(page)
    assert policy_breaches == []


def test_a_lock_out_page_is_accessible(live_server, page, transactional_db, policy_breaches):
    UserFactory(username="morgan")
    for _ in range(5):
        page.goto(f"{live_server.url}/accounts/sign-in/")
        page.get_by_label("Username").fill("morgan")
        page.get_by_label("Password").fill("wrong")
        page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Too many attempts to sign in").wait_for()
    accessible(page)
    assert policy_breaches == []


def test_the_account_and_password_pages_are_accessible(
    live_server, page, new_coordinator, policy_breaches
):
    sign_in(page, live_server, "northmoor-coordinator")
    page.goto(f"{live_server.url}/accounts/")
    page.get_by_role("link", name="Change your password").click()
    page.get_by_role("heading", name="Change your password").wait_for()
    accessible(page)
    page.get_by_role("button", name="Change password").click()
    page.get_by_text("There is a problem").wait_for()
    accessible(page)
    page.goto(f"{live_server.url}/accounts/backup-codes/")
    page.get_by_role("heading", name="Create new backup codes").wait_for()
    accessible(page)
    assert policy_breaches == []


def test_a_site_administrators_reset_page_is_accessible(live_server, page, transactional_db):
    UserFactory(username="admin", is_superuser=True, is_staff=True)
    sign_in(page, live_server, "admin")
    page.goto(f"{live_server.url}/accounts/")
    page.get_by_role("link", name="Reset someone's second factor").click()
    page.get_by_role("heading", name="Reset someone's second factor").wait_for()
    accessible(page)
    page.get_by_role("button", name="Reset second factor").click()
    page.get_by_text("There is a problem").wait_for()
    accessible(page)


def test_a_forgotten_password_is_reset_through_the_emailed_link(
    live_server, page, new_coordinator, settings, policy_breaches
):
    settings.FOLLOWTHROUGH_BASE_URL = live_server.url
    page.goto(f"{live_server.url}/accounts/sign-in/")
    page.get_by_role("link", name="Forgotten your password?").click()
    page.get_by_role("heading", name="Reset your password").wait_for()
    accessible(page)
    page.get_by_label("Email address").fill("nc@example.invalid")
    page.get_by_role("button", name="Send the link").click()
    page.get_by_role("heading", name="Check your email").wait_for()
    accessible(page)
    link = re.search(r"(http\S+/password-reset/\S+/\S+/)", mail.outbox[-1].body).group(1)
    page.goto(link)
    page.get_by_role("heading", name="Choose a new password").wait_for()
    accessible(page)
    page.get_by_label("New password", exact=True).fill("three unrelated words")
    page.get_by_label("Confirm the new password").fill("three unrelated words")
    page.get_by_role("button", name="Save password").click()
    page.get_by_role("heading", name="Password saved").wait_for()
    accessible(page)
    assert policy_breaches == []


def test_the_policy_watch_sees_a_breach(live_server, page, transactional_db, policy_breaches):
    """The checks above can fail: an inline style put into a page is refused and reported."""
    page.goto(f"{live_server.url}/accounts/sign-in/")
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<p style=\"color: red\">x</p>')")
    page.wait_for_timeout(200)
    assert any("style" in breach for breach in policy_breaches), policy_breaches


def test_turning_off_and_a_dead_reset_link_are_accessible(live_server, page, transactional_db):
    from tests.factories import authenticator

    authenticator(UserFactory(username="lead"))
    sign_in(page, live_server, "lead")
    page.goto(f"{live_server.url}/accounts/authenticator/remove/")
    page.get_by_role("heading", name="Turn off two-factor sign-in").wait_for()
    accessible(page)
    page.goto(f"{live_server.url}/accounts/password-reset/MQ/not-a-token/")
    page.get_by_role("heading", name="This link does not work").wait_for()
    accessible(page)
