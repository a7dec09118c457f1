"""Two partnerships that Northmoor Police serves, one that only Northmoor Health serves in,
and the people around them. Dates are fixed around TODAY for the selector tests."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from followthrough.delivery.models import ProgressUpdate, SignOffDecision
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

TODAY = dt.date(2025, 6, 15)


def days(n: int) -> dt.date:
    """The date ``n`` days after TODAY (before it, for negative ``n``)."""
    return TODAY + dt.timedelta(days=n)


def moment(on: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(on, dt.time(12)))


def persona(username, partnership, role, agency=None):
    user = UserFactory(username=username)
    MembershipFactory(user=user, partnership=partnership, role=role, agency=agency)
    return user


def action_in(review, *, leads=(), number="1", **fields):
    recommendation = RecommendationFactory(review=review, number=number)
    action = ActionFactory(recommendation=recommendation, target_date_precision="day", **fields)
    for order, agency in enumerate(leads, start=1):
        ActionLeadFactory(action=action, agency=agency, order=order)
    return action


def updated(action, *, on: dt.date, author):
    update = ProgressUpdate.objects.create(
        action=action, author=author, narrative="Progress", status=action.status
    )
    ProgressUpdate.objects.filter(pk=update.pk).update(created_at=moment(on))
    return update


def created(review, *, on: dt.date):
    type(review).objects.filter(pk=review.pk).update(created_at=moment(on))
    review.refresh_from_db()
    return review


@pytest.fixture
def northmoor(db):
    return PartnershipFactory(name="Northmoor CSP")


@pytest.fixture
def fellside(db):
    return PartnershipFactory(name="Fellside CSP")


@pytest.fixture
def police(northmoor, fellside):
    agency = AgencyFactory(name="Northmoor Police")
    agency.partnerships.add(northmoor, fellside)
    return agency


@pytest.fixture
def health(northmoor):
    agency = AgencyFactory(name="Northmoor Health Trust")
    agency.partnerships.add(northmoor)
    return agency


@pytest.fixture
def coordinator(northmoor):
    return persona("coordinator", northmoor, "coordinator")


@pytest.fixture
def police_lead(northmoor, fellside, police):
    """Northmoor Police's lead in Northmoor, whom Fellside also made its lead for the police."""
    user = persona("police-lead", northmoor, "agency_lead", police)
    MembershipFactory(user=user, partnership=fellside, role="agency_lead", agency=police)
    return user


@pytest.fixture
def outsider(db):
    return persona("outsider", PartnershipFactory(name="Eden Valley CSP"), "coordinator")


@pytest.fixture
def plan(northmoor, fellside, police, health, coordinator):
    """Northmoor's two reviews and Fellside's one, with actions in every state that the
    dashboards tell apart (as of TODAY)."""
    adult_k = created(
        ReviewFactory(partnership=northmoor, title="DARDR Adult K", plan_status="agreed"),
        on=days(-400),
    )
    child_m = created(
        ReviewFactory(partnership=northmoor, title="CSPR Child M", review_type="CSPR"),
        on=days(-10),
    )
    created(ReviewFactory(partnership=northmoor, title="SAR Adult P"), on=days(-5))  # no actions
    fellside_review = created(
        ReviewFactory(partnership=fellside, title="DHR Fellside Q"), on=days(-300)
    )
    a = {
        # Overdue by 20 days, led by the police; last updated 100 days ago.
        "overdue": action_in(
            adult_k, leads=[police], number="1", status="on_track", target_date=days(-20)
        ),
        # Due in 10 days, led by health and the police; updated 5 days ago.
        "due_soon": action_in(
            adult_k, leads=[health, police], number="2", status="on_track", target_date=days(10)
        ),
        # At risk, due in 200 days, no lead agency; never updated, review 400 days old.
        "at_risk": action_in(adult_k, number="3", status="at_risk", target_date=days(200)),
        # Completed, awaiting sign-off, led by health.
        "completed": action_in(
            adult_k, leads=[health], number="4", status="completed", target_date=days(-30)
        ),
        # Signed off, led by the police.
        "signed_off": action_in(
            child_m, leads=[police], number="1", status="signed_off", target_date=days(-60)
        ),
        # Not started, due in 100 days, led by health; never updated, review 10 days old.
        "not_started": action_in(
            child_m, leads=[health], number="2", status="not_started", target_date=days(100)
        ),
        # Superseded, led by the police.
        "superseded": action_in(
            child_m, leads=[police], number="3", status="superseded", target_date=days(-90)
        ),
        # In Fellside, led by the police: returned at sign-off, not updated since.
        "fellside_returned": action_in(
            fellside_review, leads=[police], status="on_track", target_date=days(150)
        ),
    }
    updated(a["overdue"], on=days(-100), author=coordinator)
    updated(a["due_soon"], on=days(-5), author=coordinator)
    updated(a["fellside_returned"], on=days(-40), author=coordinator)
    decision = SignOffDecision.objects.create(
        action=a["fellside_returned"], decision="returned", decided_by=coordinator, comment="No"
    )
    SignOffDecision.objects.filter(pk=decision.pk).update(decided_at=moment(days(-20)))
    return {"adult_k": adult_k, "child_m": child_m, "fellside": fellside_review, **a}
