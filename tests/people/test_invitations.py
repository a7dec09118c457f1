"""Invitations: a coordinator invites someone by email; the link works once, until it expires,
not after it is withdrawn, and only ever for the partnership and role it names."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from followthrough.audit.models import AuditEvent
from followthrough.notifications.models import token_hash
from followthrough.partnerships.models import Invitation, Membership
from followthrough.people import services
from tests.factories import UserFactory
from tests.people.conftest import link_in, persona, signed_in

pytestmark = pytest.mark.django_db

User = get_user_model()
NEW_ACCOUNT = {
    "first_name": "Sam",
    "last_name": "Rowe",
    "username": "sam.rowe",
    "password1": "kettle orchard lantern",
    "password2": "kettle orchard lantern",
}


def invite_url(partnership):
    return reverse("people:invite", args=[partnership.pk])


def invite(client, partnership, capture, **data):
    with capture(execute=True):
        return client.post(invite_url(partnership), data)


def invited_link(coordinator, partnership, capture, outbox, **data):
    data = {"email": "sam.rowe@example.invalid", "role": "agency_lead", **data}
    response = invite(signed_in(coordinator), partnership, capture, **data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return link_in(outbox[-1])


def test_the_coordinator_invites_a_lead_and_the_email_carries_a_link_whose_hash_alone_is_kept(
    coordinator, northmoor, police, django_capture_on_commit_callbacks, outbox
):
    client = signed_in(coordinator)
    response = invite(
        client,
        northmoor,
        django_capture_on_commit_callbacks,
        email="Sam.Rowe@Example.INVALID",
        role="agency_lead",
        agency=police.pk,
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role, invitation.agency) == (
        "Sam.Rowe@example.invalid",
        "agency_lead",
        police,
    )
    [message] = outbox
    assert message.to == ["Sam.Rowe@example.invalid"]
    assert "Northmoor CSP" in message.subject
    assert "agency lead for Northmoor Police" in message.body
    link = link_in(message)
    token = link.split("/")[-2]
    assert invitation.token_hash == token_hash(token)
    assert token not in str(list(Invitation.objects.values()))
    assert token not in str(list(AuditEvent.objects.values()))
    event = AuditEvent.objects.get(event_type="invitation.sent")
    assert (event.actor, event.partnership) == (coordinator, northmoor)
    listed = client.get(reverse("people:people", args=[northmoor.pk]))
    assert "Sam.Rowe@example.invalid" in listed.text


def test_following_the_link_a_lead_chooses_a_username_and_password_and_is_signed_in(
    coordinator, northmoor, police, action, django_capture_on_commit_callbacks, outbox
):
    link = invited_link(
        coordinator, northmoor, django_capture_on_commit_callbacks, outbox, agency=police.pk
    )
    client = Client()
    page = client.get(link)
    assert page.status_code == 200
    assert "agency lead for Northmoor Police" in page.text
    assert 'value="sam.rowe"' in page.text  # suggested from the address
    response = client.post(link, NEW_ACCOUNT)
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboards:partnership", args=[northmoor.pk])
    user = User.objects.get(username="sam.rowe")
    assert (user.email, user.get_full_name()) == ("sam.rowe@example.invalid", "Sam Rowe")
    assert user.check_password("kettle orchard lantern")
    membership = Membership.objects.get(user=user)
    assert (membership.partnership, membership.role, membership.agency) == (
        northmoor,
        "agency_lead",
        police,
    )
    # Signed in: the lead opens and can update their agency's action.
    assert client.get(reverse("actions:detail", args=[action.pk])).status_code == 200
    assert client.get(reverse("delivery:progress_add", args=[action.pk])).status_code == 200
    accepted = AuditEvent.objects.get(event_type="invitation.accepted")
    assert accepted.actor == user


def test_an_invited_coordinator_must_set_up_their_second_factor_before_anything_else(
    coordinator, northmoor, django_capture_on_commit_callbacks, outbox
):
    link = invited_link(
        coordinator, northmoor, django_capture_on_commit_callbacks, outbox, role="coordinator"
    )
    client = Client()
    assert "authenticator app" in client.get(link).text
    client.post(link, NEW_ACCOUNT)
    response = client.get(reverse("dashboards:partnership", args=[northmoor.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("web:authenticator_setup"))


def test_an_invitation_cannot_be_used_twice(
    coordinator, northmoor, police, django_capture_on_commit_callbacks, outbox
):
    link = invited_link(
        coordinator, northmoor, django_capture_on_commit_callbacks, outbox, agency=police.pk
    )
    Client().post(link, NEW_ACCOUNT)
    again = Client().post(link, {**NEW_ACCOUNT, "username": "someone.else"})
    assert again.status_code == 410
    assert "has been used already" in again.text
    assert not User.objects.filter(username="someone.else").exists()
    assert Membership.objects.filter(partnership=northmoor, role="agency_lead").count() == 1


def test_an_invitation_cannot_be_used_after_it_expires(
    coordinator, northmoor, police, django_capture_on_commit_callbacks, outbox, settings
):
    settings.FOLLOWTHROUGH_INVITATION_DAYS = 7
    link = invited_link(
        coordinator, northmoor, django_capture_on_commit_callbacks, outbox, agency=police.pk
    )
    invitation = Invitation.objects.get()
    assert invitation.expires_at - invitation.sent_at == dt.timedelta(days=7)
    Invitation.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    response = Client().post(link, NEW_ACCOUNT)
    assert response.status_code == 410
    assert "has expired" in response.text
    assert not User.objects.filter(username="sam.rowe").exists()


def test_an_invitation_cannot_be_used_after_it_is_withdrawn(
    coordinator, northmoor, police, django_capture_on_commit_callbacks, outbox
):
    link = invited_link(
        coordinator, northmoor, django_capture_on_commit_callbacks, outbox, agency=police.pk
    )
    invitation = Invitation.objects.get()
    client = signed_in(coordinator)
    url = reverse("people:invitation_withdraw", args=[northmoor.pk, invitation.pk])
    assert "stops working at once" in client.get(url).text
    client.post(url)
    response = Client().post(link, NEW_ACCOUNT)
    assert response.status_code == 410
    assert "was withdrawn" in response.text
    assert not User.objects.filter(username="sam.rowe").exists()
    assert AuditEvent.objects.filter(event_type="invitation.withdrawn").count() == 1


def test_an_invitation_joins_only_the_partnership_and_role_it_names(
    coordinator, northmoor, police, eden, django_capture_on_commit_callbacks, outbox
):
    link = invited_link(
        coordinator, northmoor, django_capture_on_commit_callbacks, outbox, role="viewer"
    )
    Client().post(
        link,
        {**NEW_ACCOUNT, "partnership": eden.pk, "role": "coordinator", "agency": police.pk},
    )
    user = User.objects.get(username="sam.rowe")
    assert [(m.partnership, m.role, m.agency) for m in user.memberships.all()] == [
        (northmoor, "viewer", None)
    ]


def test_another_partnerships_coordinator_cannot_reach_its_invitations_under_their_own_address(
    coordinator, outsider, northmoor, eden, police, django_capture_on_commit_callbacks, outbox
):
    invited_link(
        coordinator, northmoor, django_capture_on_commit_callbacks, outbox, agency=police.pk
    )
    invitation = Invitation.objects.get()
    client = signed_in(outsider)
    for name in ["people:invitation_resend", "people:invitation_withdraw"]:
        for partnership in (northmoor, eden):
            url = reverse(name, args=[partnership.pk, invitation.pk])
            assert client.get(url).status_code == 404
            assert client.post(url).status_code == 404
    assert client.get(reverse("people:people", args=[northmoor.pk])).status_code == 404
    assert Invitation.objects.get().state(timezone.now()) == Invitation.State.PENDING


@pytest.mark.parametrize("role", ["panel_chair", "agency_lead", "board_member", "viewer"])
def test_only_the_coordinator_invites(role, northmoor, police, outsider):
    user = persona(f"{role}-user", northmoor, role, police if role == "agency_lead" else None)
    for who in (user, outsider):
        client = signed_in(who)
        assert client.get(invite_url(northmoor)).status_code == 404
        response = client.post(
            invite_url(northmoor), {"email": "x@example.invalid", "role": "viewer"}
        )
        assert response.status_code == 404
    assert not Invitation.objects.exists()


def test_sending_again_makes_a_new_link_and_the_old_one_stops_working(
    coordinator, northmoor, police, django_capture_on_commit_callbacks, outbox
):
    first = invited_link(
        coordinator, northmoor, django_capture_on_commit_callbacks, outbox, agency=police.pk
    )
    Invitation.objects.update(expires_at=timezone.now() - dt.timedelta(days=1))  # expired
    invitation = Invitation.objects.get()
    url = reverse("people:invitation_resend", args=[northmoor.pk, invitation.pk])
    with django_capture_on_commit_callbacks(execute=True):
        signed_in(coordinator).post(url)
    second = link_in(outbox[-1])
    assert second != first
    assert Client().get(first).status_code == 404
    assert Client().post(second, NEW_ACCOUNT).status_code == 302
    assert Invitation.objects.get().send_count == 2
    assert AuditEvent.objects.filter(event_type="invitation.resent").count() == 1


def test_inviting_an_address_that_has_an_account_adds_them_and_tells_them_with_no_new_password(
    coordinator, northmoor, police, django_capture_on_commit_callbacks, outbox
):
    existing = UserFactory(username="jordan", email="jordan.pike@example.invalid")
    password = existing.password
    response = invite(
        signed_in(coordinator),
        northmoor,
        django_capture_on_commit_callbacks,
        email="JORDAN.PIKE@example.invalid",
        role="agency_lead",
        agency=police.pk,
    )
    assert response.status_code == 302
    assert not Invitation.objects.exists()
    membership = Membership.objects.get(user=existing)
    assert (membership.partnership, membership.role, membership.agency) == (
        northmoor,
        "agency_lead",
        police,
    )
    [message] = outbox
    assert message.to == ["jordan.pike@example.invalid"]
    assert "has added you" in message.body and "jordan" in message.body
    assert "/invitations/" not in message.body
    existing.refresh_from_db()
    assert existing.password == password
    assert AuditEvent.objects.filter(event_type="membership.created").count() == 1


def test_someone_invited_before_they_had_an_account_signs_in_and_joins_with_the_link(
    coordinator, northmoor, eden, django_capture_on_commit_callbacks, outbox
):
    link = invited_link(
        coordinator,
        northmoor,
        django_capture_on_commit_callbacks,
        outbox,
        role="viewer",
        email="sam.rowe@example.invalid",
    )
    sam = persona("sam", eden, "viewer")
    sam.email = "sam.rowe@example.invalid"
    sam.save()
    anonymous = Client().get(link)
    assert "Sign in to accept" in anonymous.text
    someone_else = signed_in(persona("other", eden, "viewer"))
    assert "This invitation is for someone else" in someone_else.get(link).text
    assert someone_else.post(link).status_code == 200
    assert not Membership.objects.filter(partnership=northmoor, role="viewer").exists()
    client = signed_in(sam)
    assert "Join Northmoor CSP" in client.get(link).text
    assert client.post(link).status_code == 302
    assert Membership.objects.filter(user=sam, partnership=northmoor, role="viewer").exists()


def test_a_signed_in_person_is_not_given_a_new_account_by_someone_elses_link(
    coordinator, northmoor, eden, django_capture_on_commit_callbacks, outbox
):
    link = invited_link(
        coordinator, northmoor, django_capture_on_commit_callbacks, outbox, role="viewer"
    )
    client = signed_in(persona("other", eden, "viewer"))
    assert "This invitation is for someone else" in client.get(link).text
    client.post(link, NEW_ACCOUNT)
    assert not User.objects.filter(username="sam.rowe").exists()


def test_an_unknown_link_says_it_does_not_work(db):
    response = Client().get(reverse("people:invitation_accept", args=["not-a-real-token"]))
    assert response.status_code == 404
    assert "This invitation link does not work" in response.text


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"email": "", "role": "viewer"}, "email", "Enter their email address"),
        ({"email": "not an address", "role": "viewer"}, "email", "in the correct format"),
        ({"email": "a@example.invalid"}, "role", "Choose their role"),
        (
            {"email": "a@example.invalid", "role": "agency_lead"},
            "agency",
            "Choose the agency they lead for",
        ),
    ],
)
def test_the_invitation_form_explains_each_mistake_beside_its_field(
    coordinator, northmoor, police, data, field, message
):
    response = signed_in(coordinator).post(invite_url(northmoor), data)
    assert response.status_code == 200
    assert f'id="id_{field}-error"' in response.text
    assert message in response.text
    assert not Invitation.objects.exists()


def test_an_agency_of_another_partnership_cannot_be_chosen(coordinator, northmoor, eden):
    from tests.factories import AgencyFactory

    elsewhere = AgencyFactory(name="Eden Police")
    elsewhere.partnerships.add(eden)
    response = signed_in(coordinator).post(
        invite_url(northmoor),
        {"email": "a@example.invalid", "role": "agency_lead", "agency": elsewhere.pk},
    )
    assert "Choose an agency from the list" in response.text
    assert not Invitation.objects.exists()


def test_inviting_the_same_person_to_the_same_role_twice_points_to_sending_it_again(
    coordinator, northmoor, police, django_capture_on_commit_callbacks, outbox
):
    data = {"email": "sam.rowe@example.invalid", "role": "agency_lead", "agency": police.pk}
    invite(signed_in(coordinator), northmoor, django_capture_on_commit_callbacks, **data)
    again = signed_in(coordinator).post(invite_url(northmoor), data)
    assert "send that invitation again" in again.text
    assert Invitation.objects.count() == 1


def test_the_new_account_form_refuses_a_weak_password_a_taken_username_and_a_mismatch(
    coordinator, northmoor, django_capture_on_commit_callbacks, outbox
):
    link = invited_link(
        coordinator, northmoor, django_capture_on_commit_callbacks, outbox, role="viewer"
    )
    UserFactory(username="Taken")
    client = Client()
    for data, message in [
        ({"password1": "password", "password2": "password"}, "too common"),
        ({"password1": "12345678913", "password2": "12345678913"}, "entirely numeric"),
        ({"password2": "something else entirely"}, "Enter the same password twice"),
        ({"username": "taken"}, "That username is taken"),
        ({"username": "has a space"}, "Username can only have letters"),
        ({"first_name": ""}, "Enter the first name"),
    ]:
        response = client.post(link, {**NEW_ACCOUNT, **data})
        assert response.status_code == 200, data
        assert message in response.text, data
        assert "govuk-error-summary" in response.text
    assert not User.objects.filter(email="sam.rowe@example.invalid").exists()
    assert Invitation.objects.get().accepted_at is None


def test_an_invitation_to_lead_for_an_agency_no_longer_a_partner_cannot_be_used(
    coordinator, northmoor, police, django_capture_on_commit_callbacks, outbox
):
    link = invited_link(
        coordinator, northmoor, django_capture_on_commit_callbacks, outbox, agency=police.pk
    )
    police.partnerships.remove(northmoor)
    response = Client().post(link, NEW_ACCOUNT)
    assert response.status_code == 410
    assert "no longer a partner" in response.text
    assert not User.objects.filter(username="sam.rowe").exists()


@pytest.mark.django_db(transaction=True)
def test_a_mail_server_that_fails_leaves_the_invitation_to_send_again(
    coordinator, northmoor, police, monkeypatch
):
    """With no transaction around the request (as in production), the mail goes when the
    invitation's transaction commits, and the page says whether it went."""
    import smtplib

    def refuse(self, *args, **kwargs):
        raise smtplib.SMTPServerDisconnected("down")

    monkeypatch.setattr("django.core.mail.message.EmailMessage.send", refuse)
    response = signed_in(coordinator).post(
        invite_url(northmoor),
        {"email": "sam.rowe@example.invalid", "role": "agency_lead", "agency": police.pk},
        follow=True,
    )
    assert "the email could not be sent. Send it again" in response.text
    assert Invitation.objects.count() == 1


def test_the_service_refuses_an_accepted_invitation_to_be_sent_again_or_withdrawn(
    coordinator, northmoor
):
    invited = services.invitation_create(
        partnership=northmoor, email="a@example.invalid", role="viewer", actor=coordinator
    )
    services.invitation_accept(
        token=invited.token,
        username="a",
        password="kettle orchard lantern",
        first_name="A",
        last_name="B",
    )
    with pytest.raises(services.PeopleRuleError):
        services.invitation_resend(invitation=invited.invitation, actor=coordinator)
    with pytest.raises(services.PeopleRuleError):
        services.invitation_withdraw(invitation=invited.invitation, actor=coordinator)
