"""The site administrator adds national bodies and their users in the Django admin: a body
added there is audited as an admin change; a user made to act for a body goes through the
service (audited as such), and a member of a partnership is refused with a message."""

from __future__ import annotations

import pytest
from django.urls import reverse

from followthrough.audit import events
from followthrough.audit.models import AuditEvent
from followthrough.bodies.models import BodyMembership, NationalBody
from tests.bodies.conftest import body
from tests.factories import MembershipFactory, UserFactory


@pytest.fixture
def admin_client(client, db):
    client.force_login(UserFactory(username="site-admin", is_superuser=True, is_staff=True))
    return client


def test_a_body_added_in_the_admin_is_audited(admin_client):
    response = admin_client.post(
        reverse("admin:bodies_nationalbody_add"),
        {
            "name": "Department for Levelling Up",
            "short_name": "DLUHC",
            "takes_article": "on",
            "aliases": "",
            "response_days": "90",
            "active": "on",
        },
    )
    assert response.status_code == 302, response.text[:2000]
    added = NationalBody.objects.get(short_name="DLUHC")
    assert added.period_days == 90
    event = AuditEvent.objects.get(event_type=events.ADMIN_ADDED)
    assert (event.target_type, event.target_id) == ("bodies.nationalbody", added.pk)


def test_a_user_made_to_act_for_a_body_in_the_admin_goes_through_the_service(admin_client):
    user = UserFactory(username="dfe-officer")
    url = reverse("admin:bodies_bodymembership_add")
    response = admin_client.post(url, {"user": user.pk, "body": body("DfE").pk})
    assert response.status_code == 302, response.text[:2000]
    assert BodyMembership.objects.get(user=user).body.short_name == "DfE"
    assert AuditEvent.objects.filter(event_type=events.NATIONAL_BODY_MEMBERSHIP_GRANTED).count()


def test_a_member_of_a_partnership_is_refused_in_the_admin(admin_client):
    member = UserFactory(username="a-member")
    MembershipFactory(user=member)
    url = reverse("admin:bodies_bodymembership_add")
    response = admin_client.post(url, {"user": member.pk, "body": body("DfE").pk})
    assert response.status_code == 200
    assert "belongs to no partnership" in response.content.decode()
    assert not BodyMembership.objects.exists()
