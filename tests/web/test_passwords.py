"""Changing a password, and resetting it by e-mail."""

import datetime as dt
import re

import pytest
from django.core import mail

from followthrough.audit import events
from followthrough.audit.models import AuditEvent
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NEW = "three unrelated words"


def test_a_user_changes_their_password_and_stays_signed_in(client):
    user = UserFactory(username="morgan")
    client.force_login(user)
    wrong = client.post(
        "/accounts/password/",
        {"old_password": "nope", "new_password1": NEW, "new_password2": NEW},
    )
    assert "Your current password is not right" in wrong.text
    assert "<title>Error: Change your password" in wrong.text
    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW},
    )
    assert response["Location"] == "/accounts/"
    assert client.get("/reviews/").status_code == 200
    user.refresh_from_db()
    assert user.check_password(NEW)
    assert AuditEvent.objects.get(event_type=events.PASSWORD_CHANGED).target_id == user.pk


def test_a_weak_new_password_is_refused_with_the_reason(client):
    client.force_login(UserFactory(username="morgan"))
    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert "This password is entirely numeric" in response.text
    assert not AuditEvent.objects.filter(event_type=events.PASSWORD_CHANGED).exists()


def ask_for_reset(client, email):
    return client.post("/accounts/password-reset/", {"email": email})


def test_the_reset_page_says_the_same_whether_or_not_an_account_has_the_address(client):
    UserFactory(username="morgan", email="morgan@example.invalid")
    known = ask_for_reset(client, "morgan@example.invalid")
    unknown = ask_for_reset(client, "nobody@example.invalid")
    assert known["Location"] == unknown["Location"] == "/accounts/password-reset/sent/"
    assert len(mail.outbox) == 1
    page = client.get("/accounts/password-reset/sent/").text
    assert "If a Followthrough account has that email address" in page
    assert "for 60 minutes" in page


def reset_link(settings) -> str:
    (message,) = mail.outbox
    assert message.subject == "Reset your Followthrough password"
    link = re.search(r"(https?://\S+/accounts/password-reset/\S+/\S+/)", message.body).group(1)
    assert link.startswith(settings.FOLLOWTHROUGH_BASE_URL)
    return link[len(settings.FOLLOWTHROUGH_BASE_URL) :]


def test_the_link_is_built_on_the_configured_address_not_the_requests_host(client, settings):
    settings.FOLLOWTHROUGH_BASE_URL = "https://followthrough.example.gov.uk"
    settings.ALLOWED_HOSTS = ["evil.example", "testserver"]
    UserFactory(username="morgan", email="morgan@example.invalid")
    client.post(
        "/accounts/password-reset/", {"email": "morgan@example.invalid"}, HTTP_HOST="evil.example"
    )
    assert "evil.example" not in mail.outbox[0].body
    assert reset_link(settings)


def test_the_link_sets_a_new_password_once(client, settings):
    user = UserFactory(username="morgan", email="morgan@example.invalid")
    ask_for_reset(client, "morgan@example.invalid")
    path = reset_link(settings)
    form_url = client.get(path)["Location"]  # Django hides the token from the page's address
    assert "Choose a new password" in client.get(form_url).text
    done = client.post(form_url, {"new_password1": NEW, "new_password2": NEW})
    assert done["Location"] == "/accounts/password-reset/done/"
    user.refresh_from_db()
    assert user.check_password(NEW)
    reset = AuditEvent.objects.get(event_type=events.PASSWORD_RESET)
    assert (reset.actor_id, reset.target_id) == (user.pk, user.pk)
    again = client.get(path, follow=True)
    assert "This link does not work" in again.text


def test_the_link_expires(client, settings, monkeypatch):
    from django.contrib.auth.tokens import PasswordResetTokenGenerator

    UserFactory(username="morgan", email="morgan@example.invalid")
    ask_for_reset(client, "morgan@example.invalid")
    path = reset_link(settings)
    later = dt.datetime.now() + dt.timedelta(minutes=61)
    monkeypatch.setattr(PasswordResetTokenGenerator, "_now", lambda self: later)
    assert "This link does not work" in client.get(path, follow=True).text


def test_a_mail_server_that_fails_shows_the_same_page_and_no_error(client, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    settings.EMAIL_USE_TLS = False
    UserFactory(username="morgan", email="morgan@example.invalid")
    response = ask_for_reset(client, "morgan@example.invalid")
    assert response["Location"] == "/accounts/password-reset/sent/"


def test_the_sign_in_page_offers_the_reset(client):
    assert 'href="/accounts/password-reset/"' in client.get("/accounts/sign-in/").text
