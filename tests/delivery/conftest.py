"""A small partnership with one action led by Northmoor Police, and the personas around it."""

from __future__ import annotations

import datetime as dt

import pytest

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


@pytest.fixture
def partnership(db):
    return PartnershipFactory(name="Northmoor CSP")


@pytest.fixture
def police(partnership):
    agency = AgencyFactory(name="Northmoor Police")
    agency.partnerships.add(partnership)
    return agency


@pytest.fixture
def action(partnership, police):
    review = ReviewFactory(partnership=partnership, title="DARDR into the death of Adult K")
    action = ActionFactory(
        recommendation=RecommendationFactory(review=review),
        text="Train all front-line officers in coercive control",
        target_date=dt.date(2030, 7, 31),
        target_date_precision="month",
        status="on_track",
    )
    ActionLeadFactory(action=action, agency=police, person_name="Kit Marsh")
    return action


def persona(username, partnership, role, agency=None):
    user = UserFactory(username=username)
    MembershipFactory(user=user, partnership=partnership, role=role, agency=agency)
    return user


@pytest.fixture
def coordinator(partnership):
    return persona("coordinator", partnership, "coordinator")


@pytest.fixture
def police_lead(partnership, police):
    return persona("police-lead", partnership, "agency_lead", police)


@pytest.fixture
def health_lead(partnership):
    health = AgencyFactory(name="Northmoor Health Trust")
    health.partnerships.add(partnership)
    return persona("health-lead", partnership, "agency_lead", health)


@pytest.fixture
def board_member(partnership):
    return persona("board", partnership, "board_member")


@pytest.fixture
def viewer(partnership):
    return persona("viewer", partnership, "viewer")


@pytest.fixture
def outsider(db):
    return persona("outsider", PartnershipFactory(name="Eden Valley CSP"), "coordinator")


# The smallest PDF that opens: one blank page (evidence is opened to check it, so a header
# alone is refused as damaged).
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
