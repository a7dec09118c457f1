"""The administration site bypasses the services, so every change made there is audited
itself: memberships, agencies' partnerships, users' rights, plans."""

from __future__ import annotations

import pytest
from django.urls import reverse

from followthrough.audit.models import AuditEvent
from followthrough.partnerships.models import Membership
from tests.factories import AgencyFactory, PartnershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="site-admin", is_superuser=True, is_staff=True))
    return client


def test_a_membership_added_in_the_admin_is_audited_with_its_partnership(admin_client):
    partnership = PartnershipFactory(name="Eden Valley CSP")
    police = AgencyFactory(name="Eden Police")
    police.partnerships.add(partnership)
    lead = UserFactory(username="new-lead")
    response = admin_client.post(
        reverse("admin:partnerships_membership_add"),
        {
            "user": lead.pk,
            "partnership": partnership.pk,
            "role": "agency_lead",
            "agency": police.pk,
        },
    )
    assert response.status_code == 302, response.text[:2000]
    membership = Membership.objects.get(user=lead)
    event = AuditEvent.objects.get(event_type="admin.added")
    assert (event.target_type, event.target_id) == ("partnerships.membership", membership.pk)
    assert event.partnership == partnership
    assert event.actor.username == "site-admin"
    assert set(event.after["fields"]) >= {"user", "partnership", "role", "agency"}


def test_a_membership_deleted_in_the_admin_is_audited(admin_client):
    partnership = PartnershipFactory(name="Eden Valley CSP")
    membership = Membership.objects.create(
        user=UserFactory(username="leaver"), partnership=partnership, role="viewer"
    )
    admin_client.post(
        reverse("admin:partnerships_membership_delete", args=[membership.pk]), {"post": "yes"}
    )
    assert not Membership.objects.filter(pk=membership.pk).exists()
    event = AuditEvent.objects.get(event_type="admin.deleted")
    assert (event.target_id, event.partnership) == (membership.pk, partnership)


def test_making_someone_a_superuser_in_the_admin_is_audited(admin_client):
    user = UserFactory(username="promoted")
    page = admin_client.get(reverse("admin:auth_user_change", args=[user.pk]))
    form = page.context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(
        {
            "username": "promoted",
            "is_superuser": "on",
            "is_active": "on",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "09:00:00",
            "groups": [],
            "user_permissions": [],
        }
    )
    data.pop("password", None)
    data.pop("last_login", None)
    response = admin_client.post(reverse("admin:auth_user_change", args=[user.pk]), data)
    assert response.status_code == 302, response.text[:3000]
    event = AuditEvent.objects.get(event_type="admin.changed", target_type="auth.user")
    assert "is_superuser" in event.after["fields"]
