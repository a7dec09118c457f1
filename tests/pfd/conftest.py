"""A partnership with a PFD report (two concerns, two addressees: a partner agency and a
national body) and the people around it. Invented; pseudonyms only."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest

from followthrough.pfd.models import Addressee
from followthrough.plans.models import ReviewType
from tests.factories import (
    AgencyFactory,
    MembershipFactory,
    PartnershipFactory,
    RecommendationFactory,
    ReviewFactory,
    UserFactory,
)

REPORTS = Path(__file__).resolve().parents[1] / "parsing" / "pfd"
REPORT_DATE = dt.date(2025, 3, 17)
TODAY = dt.date(2025, 4, 1)


@dataclass
class World:
    home: object
    trust: object
    review: object
    concerns: list
    partner: Addressee  # Northmoor Hospitals NHS Foundation Trust, a partner
    national: Addressee  # NHS England
    users: dict


def make_world() -> World:
    home = PartnershipFactory(name="Northmoor CSP")
    trust = AgencyFactory(name="Northmoor Hospitals NHS Foundation Trust")
    trust.partnerships.add(home)
    police = AgencyFactory(name="Northmoor Police")
    police.partnerships.add(home)
    review = ReviewFactory(
        partnership=home,
        review_type=ReviewType.PFD,
        title="Prevention of future deaths report, 17 March 2025",
        subject_pseudonym="",
    )
    concerns = [
        RecommendationFactory(review=review, number="1", order=1, text="No falls guidance."),
        RecommendationFactory(review=review, number="2", order=2, text="No national standard."),
    ]
    partner = Addressee.objects.create(
        review=review,
        name="Chief Executive, Northmoor Hospitals NHS Foundation Trust",
        agency=trust,
        order=1,
        sent_on=REPORT_DATE,
    )
    national = Addressee.objects.create(
        review=review, name="NHS England", order=2, sent_on=REPORT_DATE
    )
    users = {}
    for name, partnership, role, agency in [
        ("coordinator", home, "coordinator", None),
        ("chair", home, "panel_chair", None),
        ("lead", home, "agency_lead", police),
        ("viewer", home, "viewer", None),
        ("outsider", PartnershipFactory(name="Eden Valley CSP"), "coordinator", None),
    ]:
        users[name] = UserFactory(username=f"pfd-{name}")
        MembershipFactory(user=users[name], partnership=partnership, role=role, agency=agency)
    return World(home, trust, review, concerns, partner, national, users)


@pytest.fixture
def world(db) -> World:
    return make_world()
