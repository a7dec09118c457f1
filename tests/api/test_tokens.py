"""Personal API tokens: made on a page (shown once, kept as SHA-256 only, with a required
expiry no later than the limit), listed, revoked (only one's own), made by the command; each
change audited."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.urls import reverse

from followthrough.api.models import ApiToken
from followthrough.audit import events
from followthrough.audit.models import AuditEvent
from followthrough.cli import main
from tests.api.conftest import API, bearer, token_for


def _create(client, **fields):
    data = {"name": "Tracker sync", "scope": "write", "expires_on": "", **fields}
    return client.post(reverse("api_tokens:create"), data)


def test_it_shows_a_new_token_once_and_keeps_only_its_hash(client, action, police_lead):
    client.force_login(police_lead)
    expires = dt.date.today() + dt.timedelta(days=30)
    page = _create(client, expires_on=expires.strftime("%d/%m/%Y"))
    assert page.status_code == 200
    secret = page.context["secret"]
    assert secret.startswith("ft_") and secret in page.text
    assert "no-store" in page.headers["Cache-Control"]
    token = ApiToken.objects.get(user=police_lead)
    assert token.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert (token.scope, token.expires_on, token.name) == ("write", expires, "Tracker sync")
    assert secret not in client.get(reverse("api_tokens:list")).text
    assert AuditEvent.objects.filter(event_type=events.API_TOKEN_CREATED).count() == 1

    client.logout()
    assert client.get(f"{API}/actions/{action.pk}", **bearer(secret)).status_code == 200


@pytest.mark.parametrize(
    ("expires_on", "message"),
    [
        ("", "Enter the expiry date"),
        ("1/1/2020", "Expiry date must be today or in the future"),
        ("31/12/2099", "or sooner"),
        ("31/02/2027", "Expiry date must be a real date"),
    ],
)
def test_it_refuses_a_token_without_a_sound_expiry(client, police_lead, expires_on, message):
    client.force_login(police_lead)
    page = _create(client, expires_on=expires_on)
    assert page.status_code == 200
    assert message in page.text
    assert not ApiToken.objects.exists()


def test_it_revokes_a_token_and_only_its_owner_may(client, action, police_lead, coordinator):
    secret = token_for(police_lead)
    token = ApiToken.objects.get(user=police_lead)
    client.force_login(coordinator)
    assert client.get(reverse("api_tokens:revoke", args=[token.pk])).status_code == 404
    assert client.post(reverse("api_tokens:revoke", args=[token.pk])).status_code == 404

    client.force_login(police_lead)
    listing = client.get(reverse("api_tokens:list"))
    assert "Working" in listing.text and token.hint in listing.text
    done = client.post(reverse("api_tokens:revoke", args=[token.pk]))
    assert done.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert "Revoked" in client.get(reverse("api_tokens:list")).text
    assert AuditEvent.objects.filter(event_type=events.API_TOKEN_REVOKED).count() == 1
    client.logout()
    assert client.get(f"{API}/actions/{action.pk}", **bearer(secret)).status_code == 401


def test_the_account_page_links_to_the_tokens(client, police_lead):
    client.force_login(police_lead)
    assert reverse("api_tokens:list") in client.get(reverse("web:account")).text


def test_the_command_prints_a_working_token(client, action, police_lead, capsys):
    assert main(["token", police_lead.username, "--scope", "write", "--days", "7"]) == 0
    secret = capsys.readouterr().out.strip()
    token = ApiToken.objects.get(user=police_lead)
    assert (token.scope, token.expires_on) == ("write", dt.date.today() + dt.timedelta(days=7))
    assert client.get(f"{API}/actions/{action.pk}", **bearer(secret)).status_code == 200
    event = AuditEvent.objects.get(event_type=events.API_TOKEN_CREATED)
    assert "command line" in event.summary


def test_the_command_refuses_an_unknown_user_and_too_long_a_token(db, capsys):
    assert main(["token", "nobody"]) == 2
    assert "no user called 'nobody'" in capsys.readouterr().err
    from tests.factories import UserFactory

    UserFactory(username="kit")
    assert main(["token", "kit", "--days", "5000"]) == 2
    assert "expiry must be between today and" in capsys.readouterr().err
    assert not ApiToken.objects.exists()
