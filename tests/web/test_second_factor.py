"""Two-factor sign-in: an authenticator app (TOTP) and backup codes, required for coordinators
and site administrators. These tests sign in through the pages, never with force_login."""

import re

import pytest
from django.urls import reverse

from followthrough.audit import events
from followthrough.audit.models import AuditEvent
from tests.factories import (
    PASSWORD,
    MembershipFactory,
    PartnershipFactory,
    UserFactory,
    authenticator,
    current_code,
)

pytestmark = pytest.mark.django_db

REVIEWS = "/reviews/"


def member(username, role, agency=None):
    from tests.factories import AgencyFactory

    user = UserFactory(username=username, email=f"{username}@example.invalid")
    if role == "agency_lead":
        agency = agency or AgencyFactory(name="Northmoor Police")
    MembershipFactory(
        user=user, partnership=PartnershipFactory(name="Northmoor CSP"), role=role, agency=agency
    )
    return user


def sign_in(client, username, next_url=""):
    return client.post(
        reverse("web:login") + (f"?next={next_url}" if next_url else ""),
        {"username": username, "password": PASSWORD, "next": next_url},
    )


def events_of(event_type):
    return AuditEvent.objects.filter(event_type=event_type)


# Who must give a code ---------------------------------------------------------------------


def test_an_agency_lead_without_an_authenticator_signs_in_with_the_password_alone(client):
    member("lead", "agency_lead")
    response = sign_in(client, "lead")
    assert response["Location"] == REVIEWS
    assert client.get(REVIEWS).status_code == 200


def test_a_coordinator_without_an_authenticator_must_set_one_up_before_any_page(client):
    member("coordinator", "coordinator")
    response = sign_in(client, "coordinator", next_url="/dashboards/")
    assert response["Location"] == "/accounts/authenticator/?next=%2Fdashboards%2F"
    for url in [REVIEWS, "/dashboards/", "/accounts/", "/admin/", "/accounts/security-code/"]:
        response = client.get(url, follow=False)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/authenticator/"), url
    # A post elsewhere is refused the same way, and changes nothing.
    assert client.post("/reviews/new/", {"title": "x"})["Location"] == "/accounts/authenticator/"


@pytest.mark.parametrize("flags", [{"is_superuser": True, "is_staff": True}, {"is_staff": True}])
def test_a_site_administrator_must_set_one_up_too_and_cannot_reach_the_admin_before(client, flags):
    UserFactory(username="admin", **flags)
    assert sign_in(client, "admin")["Location"].startswith("/accounts/authenticator/")
    assert client.get("/admin/")["Location"].startswith("/accounts/authenticator/")


def test_whoever_has_an_authenticator_is_asked_for_its_code_required_or_not(client):
    authenticator(member("lead", "agency_lead"))
    response = sign_in(client, "lead", next_url="/dashboards/")
    assert response["Location"] == "/accounts/security-code/?next=%2Fdashboards%2F"
    assert client.get(REVIEWS)["Location"] == "/accounts/security-code/?next=%2Freviews%2F"


def test_the_admins_own_sign_in_page_leads_to_ours(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response["Location"] == "/accounts/sign-in/?next=/admin/"


# Setting up ------------------------------------------------------------------------------


def setup_page_key(client) -> str:
    page = client.get("/accounts/authenticator/")
    assert page.status_code == 200
    assert '<svg role="img" aria-label="QR code to scan with your authenticator app"' in page.text
    written = re.search(r'id="authenticator-key">([A-Z2-7 ]+)<', page.text).group(1)
    return written.replace(" ", "")


def code_for(secret_b32: str) -> str:
    import base64
    import time

    from django_otp.oath import TOTP

    totp = TOTP(base64.b32decode(secret_b32))
    totp.time = time.time()
    return f"{totp.token():06d}"


def test_a_coordinator_sets_up_an_authenticator_and_gets_ten_backup_codes(client):
    user = member("coordinator", "coordinator")
    sign_in(client, "coordinator", next_url="/dashboards/")
    secret = setup_page_key(client)

    wrong = client.post("/accounts/authenticator/", {"code": "000000", "next": "/dashboards/"})
    assert "Enter the 6-digit code your authenticator app shows now" in wrong.text
    assert not user.totpdevice_set.exists()

    done = client.post(
        "/accounts/authenticator/", {"code": code_for(secret), "next": "/dashboards/"}
    )
    assert "Authenticator app set up" in done.text
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", done.text)
    assert len(codes) == 10
    assert 'href="/dashboards/"' in done.text
    assert client.get(REVIEWS).status_code == 200
    assert events_of(events.SECOND_FACTOR_SET_UP).get().target_id == user.pk


def test_the_qr_code_holds_the_key_written_out(client):
    from unittest import mock
    from urllib.parse import unquote

    from followthrough.web.qr import qr_svg

    member("coordinator", "coordinator")
    sign_in(client, "coordinator")
    with mock.patch("followthrough.web.views.qr_svg", wraps=qr_svg) as drawn:
        secret = setup_page_key(client)
    link = unquote(drawn.call_args.args[0])
    assert link.startswith("otpauth://totp/Followthrough:coordinator?")
    assert f"secret={secret}&" in link


# The code step -----------------------------------------------------------------------------


def test_a_wrong_code_is_refused_and_the_right_one_lets_the_coordinator_in(client):
    device = authenticator(member("coordinator", "coordinator"))
    sign_in(client, "coordinator", next_url="/dashboards/")
    wrong = client.post("/accounts/security-code/", {"code": "123456", "next": "/dashboards/"})
    assert wrong.status_code == 200
    assert "That code is not right" in wrong.text
    assert "<title>Error: Enter your security code" in wrong.text
    assert client.get(REVIEWS).status_code == 302

    device.refresh_from_db()
    device.throttle_reset()
    right = client.post(
        "/accounts/security-code/", {"code": current_code(device), "next": "/dashboards/"}
    )
    assert right["Location"] == "/dashboards/"
    assert client.get(REVIEWS).status_code == 200


def test_a_code_is_used_once(client):
    device = authenticator(member("coordinator", "coordinator"))
    code = current_code(device)
    sign_in(client, "coordinator")
    assert client.post("/accounts/security-code/", {"code": code}).status_code == 302
    client.post(reverse("web:logout"))
    sign_in(client, "coordinator")
    again = client.post("/accounts/security-code/", {"code": code})
    assert again.status_code == 200 and "That code is not right" in again.text


def test_after_wrong_codes_even_the_right_one_waits(client):
    device = authenticator(member("coordinator", "coordinator"))
    sign_in(client, "coordinator")
    for _ in range(3):
        client.post("/accounts/security-code/", {"code": "111111"})
    response = client.post("/accounts/security-code/", {"code": current_code(device)})
    assert "Too many wrong codes. Wait" in response.text
    assert client.get(REVIEWS).status_code == 302


def test_a_backup_code_lets_a_coordinator_in_once_and_is_audited(client):
    from followthrough.web.services import backup_codes_create

    user = member("coordinator", "coordinator")
    authenticator(user)
    codes = backup_codes_create(user=user, actor=user)
    sign_in(client, "coordinator")
    spaced = f"{codes[0][:4]} {codes[0][4:].upper()}"  # as someone might type it
    assert client.post("/accounts/security-code/", {"code": spaced})["Location"] == REVIEWS
    used = events_of(events.BACKUP_CODE_USED).get()
    assert used.summary == "Signed in with a backup code (9 left)"
    client.post(reverse("web:logout"))
    sign_in(client, "coordinator")
    assert (
        "That code is not right" in client.post("/accounts/security-code/", {"code": codes[0]}).text
    )


def test_new_backup_codes_replace_the_old_ones(client):
    from followthrough.web.services import backup_codes_create

    user = member("lead", "agency_lead")
    authenticator(user)
    old = backup_codes_create(user=user, actor=user)
    client.force_login(user)
    page = client.post("/accounts/backup-codes/")
    new = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", page.text)
    assert len(new) == 10 and not set(new) & set(old)
    assert events_of(events.BACKUP_CODES_CREATED).count() == 2


# Turning off and resetting -----------------------------------------------------------------


def test_an_agency_lead_may_turn_two_factor_sign_in_off(client):
    user = member("lead", "agency_lead")
    authenticator(user)
    client.force_login(user)
    assert client.get("/accounts/authenticator/remove/").status_code == 200
    assert client.post("/accounts/authenticator/remove/")["Location"] == "/accounts/"
    assert not user.totpdevice_set.exists()
    assert events_of(events.SECOND_FACTOR_REMOVED).get().target_id == user.pk


def test_a_coordinator_may_not_turn_it_off(client):
    from django.core.exceptions import PermissionDenied

    from followthrough.web.services import second_factor_remove

    user = member("coordinator", "coordinator")
    authenticator(user)
    client.force_login(user)
    assert client.post("/accounts/authenticator/remove/")["Location"] == "/accounts/"
    assert user.totpdevice_set.exists()
    with pytest.raises(PermissionDenied):
        second_factor_remove(user=user, actor=user)


def test_a_site_administrator_resets_a_coordinators_second_factor(client):
    coordinator = member("coordinator", "coordinator")
    authenticator(coordinator)
    admin = UserFactory(username="admin", is_superuser=True, is_staff=True)
    client.force_login(admin)
    assert client.get("/accounts/second-factor-reset/").status_code == 200
    missing = client.post("/accounts/second-factor-reset/", {"username": "nobody"})
    assert "There is no user with that username" in missing.text
    response = client.post("/accounts/second-factor-reset/", {"username": "coordinator"})
    assert response["Location"] == "/accounts/"
    assert not coordinator.totpdevice_set.exists()
    reset = events_of(events.SECOND_FACTOR_RESET).get()
    assert (reset.actor_id, reset.target_id) == (admin.pk, coordinator.pk)


def test_after_a_reset_the_coordinators_open_session_must_set_up_again(client):
    from followthrough.web.services import second_factor_reset

    coordinator = member("coordinator", "coordinator")
    client.force_login(coordinator)
    assert client.get(REVIEWS).status_code == 200
    second_factor_reset(user=coordinator, actor=None)
    assert client.get(REVIEWS)["Location"].startswith("/accounts/authenticator/")


def test_only_a_site_administrator_resets_someone_elses_second_factor(client):
    from django.core.exceptions import PermissionDenied

    from followthrough.web.services import second_factor_reset

    coordinator = member("coordinator", "coordinator")
    authenticator(coordinator)
    client.force_login(coordinator)
    assert (
        client.post("/accounts/second-factor-reset/", {"username": "coordinator"}).status_code
        == 404
    )
    with pytest.raises(PermissionDenied):
        second_factor_reset(user=coordinator, actor=coordinator)
    assert coordinator.totpdevice_set.exists()


def test_the_command_line_resets_a_second_factor_too(capsys):
    from django.core.management import call_command

    coordinator = member("coordinator", "coordinator")
    authenticator(coordinator)
    call_command("second_factor_reset", "coordinator")
    assert "Second factor reset." in capsys.readouterr().out
    assert not coordinator.totpdevice_set.exists()
    assert events_of(events.SECOND_FACTOR_RESET).get().actor_id is None


def test_the_admin_shows_no_authenticator_keys():
    from django.contrib import admin
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    assert not admin.site.is_registered(TOTPDevice)
    assert not admin.site.is_registered(StaticDevice)


def test_the_account_page_says_what_is_set_up(client):
    user = member("coordinator", "coordinator")
    client.force_login(user)
    page = client.get("/accounts/").text
    assert "Set up: you enter a code from it when you sign in" in page
    assert "must sign in with a code" in page
    assert "Turn off" not in page
