"""Running the demo again (`make run` does on every start) changes no user who is there: not
their password, names, address, sessions, memberships or second factor. Only missing demo users
are made."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from followthrough.cli import main
from followthrough.demo.loader import DEMO_PASSWORD
from followthrough.partnerships.models import Membership

pytestmark = pytest.mark.django_db(transaction=True)

User = get_user_model()


def demo(capsys):
    assert main(["demo"]) == 0
    capsys.readouterr()


def test_a_changed_password_survives_a_second_demo_and_so_does_the_session(capsys, client):
    demo(capsys)
    lead = User.objects.get(username="lead")
    lead.set_password("a password of my own")
    lead.save()
    client.force_login(lead)
    assert client.get(reverse("plans:review_list")).status_code == 200
    demo(capsys)
    lead.refresh_from_db()
    assert lead.check_password("a password of my own")
    assert not lead.check_password(DEMO_PASSWORD)
    # Still signed in: the session's password hash still matches.
    assert client.get(reverse("plans:review_list")).status_code == 200


def test_names_address_memberships_and_second_factor_are_left_as_they_are(capsys):
    demo(capsys)
    coordinator = User.objects.get(username="coordinator")
    coordinator.first_name, coordinator.email = "Morgana", "morgana@example.invalid"
    coordinator.save()
    TOTPDevice.objects.filter(user=coordinator).delete()
    own = TOTPDevice.objects.create(user=coordinator, name="My phone", confirmed=True)
    viewer = User.objects.get(username="viewer")
    Membership.objects.filter(user=viewer).delete()  # removed from the partnership
    demo(capsys)
    coordinator.refresh_from_db()
    assert (coordinator.first_name, coordinator.email) == ("Morgana", "morgana@example.invalid")
    assert list(TOTPDevice.objects.filter(user=coordinator)) == [own]
    assert not Membership.objects.filter(user=viewer).exists()


def test_a_missing_demo_user_is_made_again(capsys):
    demo(capsys)
    User.objects.filter(username="board").delete()
    demo(capsys)
    board = User.objects.get(username="board")
    assert board.check_password(DEMO_PASSWORD)
    assert board.memberships.get().role == "board_member"
