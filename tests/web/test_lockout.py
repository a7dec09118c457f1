"""Sign-in throttling and lock-out (django-axes), per account and per address."""

import datetime as dt

import pytest
from django.urls import reverse

from followthrough.audit import events
from followthrough.audit.models import AuditEvent
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/sign-in/"


def attempt(client, username, password, address="203.0.113.7"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def test_thirty_wrong_passwords_then_the_right_one_is_refused(client):
    UserFactory(username="morgan")
    for _ in range(30):
        attempt(client, "morgan", "guess")
    response = attempt(client, "morgan", PASSWORD)
    assert response.status_code == 429
    assert "Too many attempts to sign in" in response.text
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("plans:review_list")).status_code == 302


def test_the_fifth_failure_locks_and_the_page_says_when_to_try_again(client, settings):
    UserFactory(username="morgan")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, "morgan", "guess").status_code == 200
    response = attempt(client, "morgan", "guess")
    assert response.status_code == 429
    assert "Wait 15 minutes, then try again" in response.text
    assert "<title>Too many attempts to sign in - Followthrough</title>" in response.text


def test_the_lock_is_per_account_whatever_address_the_attempts_come_from(client):
    UserFactory(username="morgan")
    for n in range(5):
        attempt(client, "morgan", "guess", address=f"198.51.100.{n}")
    assert attempt(client, "morgan", PASSWORD, address="192.0.2.99").status_code == 429


def test_the_lock_is_per_address_whatever_usernames_are_tried(client):
    UserFactory(username="morgan")
    for n in range(5):
        attempt(client, f"someone{n}", "guess")
    assert attempt(client, "morgan", PASSWORD).status_code == 429
    # Another address signs in as usual.
    assert attempt(client, "morgan", PASSWORD, address="192.0.2.99").status_code == 302


def test_the_lock_page_does_not_say_whether_the_account_exists(client):
    UserFactory(username="morgan")
    for _ in range(5):
        attempt(client, "morgan", "guess", address="192.0.2.1")
        attempt(client, "nobody-here", "guess", address="192.0.2.2")
    real = attempt(client, "morgan", "guess", address="192.0.2.1")
    made_up = attempt(client, "nobody-here", "guess", address="192.0.2.2")
    assert real.status_code == made_up.status_code == 429
    assert strip_csrf(real.text) == strip_csrf(made_up.text)


def test_the_lock_lifts_after_the_cool_off(client, settings):
    from django.utils import timezone

    UserFactory(username="morgan")
    for _ in range(5):
        attempt(client, "morgan", "guess")
    from axes.models import AccessAttempt

    AccessAttempt.objects.update(attempt_time=timezone.now() - dt.timedelta(minutes=16))
    assert attempt(client, "morgan", PASSWORD).status_code == 302


def test_a_lock_out_is_audited_once_with_the_account_as_target_and_no_name_typed(client):
    user = UserFactory(username="morgan")
    for _ in range(12):
        attempt(client, "morgan", "guess")
    locks = AuditEvent.objects.filter(event_type=events.SIGNIN_LOCKED_OUT)
    assert locks.count() == 1
    lock = locks.get()
    assert (lock.target_type, lock.target_id, lock.actor_id) == ("auth.user", user.pk, None)
    assert lock.after == {"address": "203.0.113.7", "failures": 5}
    assert "morgan" not in lock.summary


def test_a_site_administrator_unlocks_an_account_from_the_command_line(client, capsys):
    from django.core.management import call_command

    user = UserFactory(username="morgan")
    for _ in range(5):
        attempt(client, "morgan", "guess", address="198.51.100.1")
    call_command("signin_unlock", "morgan")
    assert "Unlocked" in capsys.readouterr().out
    assert attempt(client, "morgan", PASSWORD, address="198.51.100.2").status_code == 302
    unlock = AuditEvent.objects.get(event_type=events.SIGNIN_UNLOCKED)
    assert unlock.target_id == user.pk


def strip_csrf(html: str) -> str:
    import re

    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
