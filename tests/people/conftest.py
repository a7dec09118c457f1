"""A partnership with its coordinator, agencies and an action, for the people pages; an
outsider coordinating another partnership."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client

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


def persona(username, partnership, role, agency=None, **fields):
    user = UserFactory(username=username, email=f"{username}@example.invalid", **fields)
    MembershipFactory(user=user, partnership=partnership, role=role, agency=agency)
    return user


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def northmoor(db):
    return PartnershipFactory(name="Northmoor CSP")


@pytest.fixture
def eden(db):
    return PartnershipFactory(name="Eden Valley CSP")


@pytest.fixture
def police(northmoor):
    agency = AgencyFactory(name="Northmoor Police")
    agency.partnerships.add(northmoor)
    return agency


@pytest.fixture
def refuge(northmoor):
    agency = AgencyFactory(name="Northmoor Refuge")
    agency.partnerships.add(northmoor)
    return agency


@pytest.fixture
def coordinator(northmoor):
    return persona("coordinator", northmoor, "coordinator", first_name="Morgan", last_name="Ashby")


@pytest.fixture
def outsider(eden):
    """A coordinator of another partnership."""
    return persona("outsider", eden, "coordinator")


@pytest.fixture
def action(northmoor, police):
    review = ReviewFactory(partnership=northmoor)
    action = ActionFactory(recommendation=RecommendationFactory(review=review), status="on_track")
    ActionLeadFactory(action=action, agency=police)
    return action


def link_in(message) -> str:
    """The path of the invitation link in a mail."""
    found = re.search(r"https?://[^/\s]+(/invitations/[^\s]+/)", message.body)
    assert found, message.body
    return found.group(1)


@pytest.fixture
def outbox():
    mail.outbox = []
    return mail.outbox
