"""The national role: granted, revoked, audited, and no membership of any partnership."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from followthrough.audit import events
from followthrough.audit.models import AuditEvent
from followthrough.oversight.models import NationalAccess
from followthrough.oversight.services import national_access_grant, national_access_revoke
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def fresh(user):
    """The user as the next request loads it (the role is cached per request)."""
    return type(user).objects.get(pk=user.pk)


def test_a_granted_user_has_the_national_role_and_the_grant_is_audited():
    admin = UserFactory(username="siteadmin", is_superuser=True)
    user = UserFactory(username="national-one")
    access = national_access_grant(
        user=user, body="Domestic Abuse Commissioner's Office", actor=admin
    )
    assert access.is_active and access.granted_by == admin
    assert fresh(user).has_perm("oversight.view_figures")
    event = AuditEvent.objects.get(event_type=events.NATIONAL_ACCESS_GRANTED)
    assert event.actor == admin and event.target_id == access.pk
    assert event.after == {"body": "Domestic Abuse Commissioner's Office", "active": True}
    assert not user.memberships.exists()


def test_a_revoked_user_loses_the_role_and_the_revocation_is_audited():
    admin = UserFactory(username="siteadmin", is_superuser=True)
    user = UserFactory(username="national-one")
    national_access_grant(user=user, body="Home Office", actor=admin)
    national_access_revoke(user=user, actor=admin)
    assert not fresh(user).has_perm("oversight.view_figures")
    assert AuditEvent.objects.filter(event_type=events.NATIONAL_ACCESS_REVOKED).count() == 1
    # Revoking again changes nothing and records nothing.
    assert national_access_revoke(user=user, actor=admin) is None
    assert AuditEvent.objects.filter(event_type=events.NATIONAL_ACCESS_REVOKED).count() == 1
    assert NationalAccess.objects.get(user=user).revoked_by == admin


def test_granting_again_restores_the_role_for_the_new_body_and_keeps_the_history():
    admin = UserFactory(username="siteadmin", is_superuser=True)
    user = UserFactory(username="national-one")
    national_access_grant(user=user, body="Home Office", actor=admin)
    national_access_revoke(user=user, actor=admin)
    access = national_access_grant(user=user, body="Regional lead, North West", actor=admin)
    assert access.is_active and access.body == "Regional lead, North West"
    assert NationalAccess.objects.count() == 1
    assert access.history.count() == 3
    assert fresh(user).has_perm("oversight.view_figures")


def test_a_grant_without_a_body_is_refused_with_a_message():
    user = UserFactory(username="national-one")
    with pytest.raises(ValidationError, match="Enter the body"):
        national_access_grant(user=user, body="   ", actor=None)
    assert not NationalAccess.objects.exists()


def test_a_coordinator_is_not_national():
    from tests.factories import MembershipFactory

    membership = MembershipFactory(role="coordinator")
    assert not fresh(membership.user).has_perm("oversight.view_figures")


def test_the_site_administrator_grants_and_revokes_it_in_the_admin_audited(client):
    admin = UserFactory(username="siteadmin", is_superuser=True, is_staff=True)
    user = UserFactory(username="national-one")
    client.force_login(admin)
    response = client.post(
        reverse("admin:oversight_nationalaccess_add"), {"user": user.pk, "body": "Home Office"}
    )
    assert response.status_code == 302, response.content
    access = NationalAccess.objects.get(user=user)
    assert access.is_active and access.granted_by == admin
    response = client.post(
        reverse("admin:oversight_nationalaccess_change", args=[access.pk]),
        {"body": "Home Office", "revoke": "on"},
    )
    assert response.status_code == 302, response.content
    assert not NationalAccess.objects.get(user=user).is_active
    assert list(
        AuditEvent.objects.filter(target_type="oversight.nationalaccess")
        .order_by("pk")
        .values_list("event_type", flat=True)
    ) == [events.NATIONAL_ACCESS_GRANTED, events.NATIONAL_ACCESS_REVOKED]


def test_the_national_role_starts_at_the_figures_and_others_at_their_reviews(client):
    user = UserFactory(username="national-one")
    national_access_grant(user=user, body="Home Office", actor=None)
    client.force_login(user)
    assert client.get(reverse("home"))["Location"] == reverse("oversight:figures")
    client.force_login(UserFactory(username="someone-else"))
    assert client.get(reverse("home"))["Location"] == reverse("plans:review_list")
