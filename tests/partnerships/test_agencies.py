"""A partnership's agencies: a deliberate link, made by its coordinator, audited; never a side
effect of matching a name."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from followthrough.audit.models import AuditEvent
from followthrough.partnerships.models import Agency
from followthrough.partnerships.selectors import agency_matches
from tests.factories import (
    ActionFactory,
    ActionLeadFactory,
    AgencyFactory,
    MembershipFactory,
    PartnershipFactory,
    RecommendationFactory,
    ReviewFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def eden():
    return PartnershipFactory(name="Eden Valley CSP")


@pytest.fixture
def lakeland():
    return PartnershipFactory(name="South Lakeland CSP")


@pytest.fixture
def cadas(lakeland):
    agency = AgencyFactory(name="Cumbria Alcohol and Drug Advisory Service", short_name="CADAS")
    agency.partnerships.add(lakeland)
    return agency


def signed_in(partnership, role, username):
    user = UserFactory(username=username)
    MembershipFactory(user=user, partnership=partnership, role=role)
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def coordinator(eden):
    return signed_in(eden, "coordinator", "eden-coordinator")


def test_a_name_matches_the_partnerships_own_agency_or_one_elsewhere_or_nothing(
    eden, lakeland, cadas
):
    police = AgencyFactory(name="Cumbria Constabulary", short_name="Cumbria Police")
    police.partnerships.add(eden)
    found = {m.name: m for m in agency_matches(["cadas", "Cumbria  Police", "Unity"], eden)}
    assert found["cadas"].needs_link and found["cadas"].elsewhere == cadas
    assert found["Cumbria Police"].partner == police and not found["Cumbria Police"].needs_link
    assert found["Unity"].is_new


def test_matching_names_runs_two_queries_whatever_their_number(eden, django_assert_num_queries):
    names = [f"Agency {n}" for n in range(40)]
    with django_assert_num_queries(2):
        agency_matches(names, eden)


def test_the_coordinator_adds_an_agency_already_in_followthrough_as_a_partner(
    coordinator, eden, cadas
):
    page = coordinator.get(reverse("partnerships:agency_link", args=[eden.pk]))
    assert cadas.name in page.text
    coordinator.post(reverse("partnerships:agency_link", args=[eden.pk]), {"agency": cadas.pk})
    assert eden in cadas.partnerships.all()
    event = AuditEvent.objects.get(event_type="agency.joined_partnership")
    assert (event.partnership, event.actor.username) == (eden, "eden-coordinator")
    listed = coordinator.get(reverse("partnerships:agencies", args=[eden.pk]))
    assert cadas.name in listed.text


def test_a_new_agency_is_created_as_a_partner_and_a_taken_name_is_refused(coordinator, eden, cadas):
    url = reverse("partnerships:agency_create", args=[eden.pk])
    coordinator.post(url, {"name": "Eden Women's Refuge", "sector": "specialist"})
    refuge = Agency.objects.get(name="Eden Women's Refuge")
    assert list(refuge.partnerships.all()) == [eden]
    refused = coordinator.post(url, {"name": "cadas", "sector": "voluntary"})
    assert "is already in Followthrough: add it as a partner" in refused.text
    assert Agency.objects.filter(short_name__iexact="cadas").count() == 1
    assert eden not in cadas.partnerships.all()


def test_an_agency_in_use_cannot_be_removed_and_an_unused_one_can(coordinator, eden):
    used = AgencyFactory(name="Eden Police")
    unused = AgencyFactory(name="Eden Council")
    used.partnerships.add(eden)
    unused.partnerships.add(eden)
    action = ActionFactory(
        recommendation=RecommendationFactory(review=ReviewFactory(partnership=eden))
    )
    ActionLeadFactory(action=action, agency=used)
    page = coordinator.get(reverse("partnerships:agencies", args=[eden.pk]))
    assert reverse("partnerships:agency_unlink", args=[eden.pk, unused.pk]) in page.text
    assert reverse("partnerships:agency_unlink", args=[eden.pk, used.pk]) not in page.text
    coordinator.post(reverse("partnerships:agency_unlink", args=[eden.pk, used.pk]))
    assert eden in used.partnerships.all()
    coordinator.post(reverse("partnerships:agency_unlink", args=[eden.pk, unused.pk]))
    assert eden not in unused.partnerships.all()
    assert AuditEvent.objects.filter(event_type="agency.left_partnership").count() == 1


@pytest.mark.parametrize("role", ["panel_chair", "agency_lead", "board_member", "viewer"])
def test_only_the_coordinator_manages_the_partnerships_agencies(role, eden, cadas):
    if role == "agency_lead":
        user = UserFactory(username="lead")
        agency = AgencyFactory(name="Eden Police")
        agency.partnerships.add(eden)
        MembershipFactory(user=user, partnership=eden, role=role, agency=agency)
        client = Client()
        client.force_login(user)
    else:
        client = signed_in(eden, role, role)
    assert client.get(reverse("partnerships:agencies", args=[eden.pk])).status_code == 404
    client.post(reverse("partnerships:agency_link", args=[eden.pk]), {"agency": cadas.pk})
    assert eden not in cadas.partnerships.all()


def test_the_coordinator_of_another_partnership_cannot_touch_this_ones_agencies(
    lakeland, eden, cadas
):
    outsider = signed_in(lakeland, "coordinator", "lakeland-coordinator")
    assert outsider.get(reverse("partnerships:agencies", args=[eden.pk])).status_code == 404
    response = outsider.post(
        reverse("partnerships:agency_link", args=[eden.pk]), {"agency": cadas.pk}
    )
    assert response.status_code == 404
    assert eden not in cadas.partnerships.all()
