"""A small world for national bodies: Northmoor CSP's review with a recommendation that names
the Home Office, its coordinator and a viewer, a coordinator of another partnership, and a user
each for the Home Office and DHSC. Dates are fixed: the recommendation is addressed on
2 March 2026 (a 56-day period is due by 27 April 2026)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from followthrough.bodies.models import NationalBody
from followthrough.bodies.services import body_membership_grant, recommendation_address
from tests.factories import (
    MembershipFactory,
    PartnershipFactory,
    RecommendationFactory,
    ReviewFactory,
    UserFactory,
)

ADDRESSED_AT = timezone.make_aware(dt.datetime(2026, 3, 2, 10, 0))
DUE_ON = dt.date(2026, 4, 27)  # 56 days on


def body(short_name: str) -> NationalBody:
    return NationalBody.objects.get(short_name=short_name)


def member(username, partnership, role):
    user = UserFactory(username=username)
    MembershipFactory(user=user, partnership=partnership, role=role)
    return user


def body_user(username, short_name):
    user = UserFactory(username=username)
    body_membership_grant(user=user, body=body(short_name), actor=None)
    return user


@pytest.fixture
def home(db):
    return PartnershipFactory(name="Northmoor CSP")


@pytest.fixture
def review(home):
    return ReviewFactory(
        partnership=home,
        title="DHR into the death of Adult A",
        reference="DHR-2025-04",
        subject_pseudonym="Adult A",
    )


@pytest.fixture
def rec(review):
    return RecommendationFactory(
        review=review,
        number="7",
        scope="national",
        text="The Home Office should update the statutory guidance on domestic homicide reviews.",
    )


@pytest.fixture
def coordinator(home):
    return member("coordinator", home, "coordinator")


@pytest.fixture
def viewer(home):
    return member("viewer", home, "viewer")


@pytest.fixture
def outsider(db):
    return member("outsider", PartnershipFactory(name="Eden Valley CSP"), "coordinator")


@pytest.fixture
def homeoffice(db):
    return body_user("homeoffice", "HO")


@pytest.fixture
def dhsc_user(db):
    return body_user("dhsc", "DHSC")


@pytest.fixture
def addressing(rec, coordinator):
    (made,) = recommendation_address(
        recommendation=rec, bodies=[body("HO")], actor=coordinator, addressed_at=ADDRESSED_AT
    )
    return made


@pytest.fixture
def today(monkeypatch):
    """Fix the day the pages count from; call with a date."""

    def fix(day: dt.date):
        monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: day)
        return day

    return fix
