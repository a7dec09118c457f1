"""The people page: who belongs with which role, their last sign-in; a role changed (on a page
that carries the membership's version), someone removed. A partnership always keeps a
coordinator."""

from __future__ import annotations

from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from followthrough.audit.models import AuditEvent
from followthrough.partnerships.models import Membership
from followthrough.people import services
from tests.people.conftest import persona, signed_in

pytestmark = pytest.mark.django_db


def people_url(partnership):
    return reverse("people:people", args=[partnership.pk])


def change_url(membership):
    return reverse("people:membership_change", args=[membership.partnership_id, membership.pk])


def remove_url(membership):
    return reverse("people:membership_remove", args=[membership.partnership_id, membership.pk])


def membership_of(user, partnership):
    return Membership.objects.get(user=user, partnership=partnership)


def test_the_coordinator_sees_everyone_with_their_role_agency_and_last_sign_in(
    coordinator, northmoor, police, eden
):
    lead = persona("lead", northmoor, "agency_lead", police, first_name="Sam", last_name="Rowe")
    lead.last_login = timezone.make_aware(timezone.datetime(2026, 3, 2, 9, 0))
    lead.save()
    persona("new", northmoor, "viewer", first_name="Alex", last_name="Hart")
    persona("stranger", eden, "viewer", first_name="Riley", last_name="Stone")
    page = signed_in(coordinator).get(people_url(northmoor))
    assert page.status_code == 200
    rows = page.text.split('id="members"')[1].split("</table>")[0].split("<tr")[2:]
    assert len(rows) == 3
    [sam] = [row for row in rows if "Sam Rowe" in row]
    assert "for Northmoor Police" in sam and "2 March 2026" in sam
    [alex] = [row for row in rows if "Alex Hart" in row]
    assert "Viewer" in alex and "Never" in alex
    assert any("Morgan Ashby" in row and "Coordinator" in row for row in rows)
    assert "Riley Stone" not in page.text


def test_the_people_page_runs_the_same_queries_for_two_or_twenty_people(
    coordinator, northmoor, police
):
    counts = []
    for total in (2, 20):
        while northmoor.memberships.count() < total:
            n = northmoor.memberships.count()
            persona(f"person{n}", northmoor, "agency_lead", police)
        client = signed_in(coordinator)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(people_url(northmoor)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_the_coordinator_changes_a_role_and_it_is_audited(coordinator, northmoor, police):
    viewer = persona("viewer", northmoor, "viewer")
    membership = membership_of(viewer, northmoor)
    client = signed_in(coordinator)
    assert client.get(change_url(membership)).status_code == 200
    response = client.post(
        change_url(membership),
        {"version": membership.version, "role": "agency_lead", "agency": police.pk},
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert (membership.role, membership.agency, membership.version) == ("agency_lead", police, 2)
    event = AuditEvent.objects.get(event_type="membership.changed")
    assert event.before == {"role": "viewer", "agency": None}
    assert event.after == {"role": "agency_lead", "agency": police.pk}
    assert (event.actor, event.partnership) == (coordinator, northmoor)


def test_a_role_change_from_a_stale_page_is_refused_and_nothing_changes(coordinator, northmoor):
    viewer = persona("viewer", northmoor, "viewer")
    membership = membership_of(viewer, northmoor)
    shown = membership.version
    services.membership_change(
        membership=membership,
        expected_version=shown,
        role="board_member",
        agency=None,
        actor=coordinator,
    )
    response = signed_in(coordinator).post(
        change_url(membership), {"version": shown, "role": "panel_chair"}
    )
    assert response.status_code == 200
    assert "Someone else changed this membership after you opened the page" in response.text
    membership.refresh_from_db()
    assert membership.role == "board_member"


def test_the_only_coordinator_cannot_make_themselves_something_else(coordinator, northmoor):
    membership = membership_of(coordinator, northmoor)
    response = signed_in(coordinator).post(
        change_url(membership), {"version": membership.version, "role": "viewer"}
    )
    assert "You are the partnership's only coordinator" in unescape(response.text)
    assert membership_of(coordinator, northmoor).role == "coordinator"


def test_the_last_coordinator_cannot_be_removed_nor_remove_themselves(coordinator, northmoor):
    membership = membership_of(coordinator, northmoor)
    client = signed_in(coordinator)
    response = client.post(remove_url(membership), follow=True)
    assert "You are the partnership's only coordinator" in unescape(response.text)
    assert Membership.objects.filter(pk=membership.pk).exists()
    # A site administrator is held to the same rule.
    from tests.factories import UserFactory

    admin = signed_in(UserFactory(username="admin", is_superuser=True, is_staff=True))
    response = admin.post(remove_url(membership), follow=True)
    assert "Morgan Ashby is the partnership's only coordinator" in unescape(response.text)
    assert Membership.objects.filter(pk=membership.pk).exists()
    assert not AuditEvent.objects.filter(event_type="membership.removed").exists()


def test_a_coordinator_removes_themselves_once_there_is_another(coordinator, northmoor):
    persona("second", northmoor, "coordinator")
    membership = membership_of(coordinator, northmoor)
    response = signed_in(coordinator).post(remove_url(membership))
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_a_switched_off_coordinator_does_not_count_as_another(coordinator, northmoor):
    persona("gone", northmoor, "coordinator", is_active=False)
    membership = membership_of(coordinator, northmoor)
    signed_in(coordinator).post(remove_url(membership))
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_someone_removed_loses_access_at_their_next_page(coordinator, northmoor, police, action):
    lead = persona("lead", northmoor, "agency_lead", police)
    lead_client = signed_in(lead)
    detail = reverse("actions:detail", args=[action.pk])
    assert lead_client.get(detail).status_code == 200
    client = signed_in(coordinator)
    membership = membership_of(lead, northmoor)
    assert "Remove" in client.get(remove_url(membership)).text
    assert client.post(remove_url(membership)).status_code == 302
    assert lead_client.get(detail).status_code == 404
    event = AuditEvent.objects.get(event_type="membership.removed")
    assert event.before == {"user_id": lead.pk, "role": "agency_lead", "agency_id": police.pk}


def test_a_person_with_two_roles_keeps_the_other_when_one_is_removed(
    coordinator, northmoor, police
):
    person = persona("both", northmoor, "viewer")
    Membership.objects.create(user=person, partnership=northmoor, role="agency_lead", agency=police)
    signed_in(coordinator).post(remove_url(Membership.objects.get(user=person, role="agency_lead")))
    assert list(person.memberships.values_list("role", flat=True)) == ["viewer"]


def test_a_role_they_already_hold_is_refused(coordinator, northmoor, police):
    person = persona("both", northmoor, "viewer")
    Membership.objects.create(user=person, partnership=northmoor, role="board_member")
    membership = Membership.objects.get(user=person, role="viewer")
    response = signed_in(coordinator).post(
        change_url(membership), {"version": membership.version, "role": "board_member"}
    )
    assert "They are already board member here" in response.text


@pytest.mark.parametrize("role", ["panel_chair", "agency_lead", "board_member", "viewer"])
def test_only_the_coordinator_reaches_the_people_pages(role, northmoor, police, outsider):
    user = persona(f"{role}-user", northmoor, role, police if role == "agency_lead" else None)
    victim = membership_of(user, northmoor)
    for who in (user, outsider):
        client = signed_in(who)
        assert client.get(people_url(northmoor)).status_code == 404
        assert client.get(change_url(victim)).status_code == 404
        assert (
            client.post(change_url(victim), {"version": 1, "role": "coordinator"}).status_code
            == 404
        )
        assert client.post(remove_url(victim)).status_code == 404
    victim.refresh_from_db()
    assert victim.role == role


def test_a_membership_of_another_partnership_is_not_found_under_this_ones_address(
    coordinator, northmoor, eden, outsider
):
    theirs = membership_of(outsider, eden)
    client = signed_in(coordinator)
    url = reverse("people:membership_remove", args=[northmoor.pk, theirs.pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert Membership.objects.filter(pk=theirs.pk).exists()
