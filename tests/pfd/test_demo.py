"""The demo's PFD report: two addressees, a partner agency that responded with two promised
actions and NHS England, late; dated from today; safe to load twice; no name kept."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from followthrough.demo.pfd import PARTNERSHIP, pfd_demo_load
from followthrough.pfd.clock import addressee_clock
from followthrough.plans.models import Review, ReviewType
from tests.factories import MembershipFactory, PartnershipFactory, UserFactory


@pytest.fixture
def users(db):
    coordinator = UserFactory(username="coordinator")
    MembershipFactory(
        user=coordinator, partnership=PartnershipFactory(name=PARTNERSHIP), role="coordinator"
    )
    return {"coordinator": coordinator}


def test_the_demo_pfd_has_a_partner_that_responded_and_a_national_body_that_is_late(users):
    pfd_demo_load(users=users)
    pfd_demo_load(users=users)  # again: nothing added twice
    review = Review.objects.get(review_type=ReviewType.PFD)
    today = timezone.localdate()
    assert review.title == (
        "Prevention of future deaths report, "
        f"{(today - dt.timedelta(days=70)).day} {today - dt.timedelta(days=70):%B %Y}: Mrs Heron"
    )
    assert review.subject_pseudonym == "Mrs Heron"
    assert all(concern.themes.exists() for concern in review.recommendations.all())
    trust, england = review.pfd_addressees.order_by("order")
    assert trust.agency.name == "Lakeland Hospitals NHS Foundation Trust"
    assert addressee_clock(trust, today=today).label == "Responded"
    assert trust.promised_actions.count() == 2
    assert {lead.agency for a in trust.promised_actions.all() for lead in a.leads.all()} == {
        trust.agency
    }
    assert (england.name, england.agency) == ("NHS England", None)
    assert addressee_clock(england, today=today).label == "Late by 14 days"
    assert review.recommendations.count() == 3
    kept = repr(list(review.recommendations.values())) + repr(list(Review.objects.values()))
    assert "Tally" not in kept and "Morwen" not in kept
