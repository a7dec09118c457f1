"""A published review holding everything the public pages must leave out: a lead's name and
role, the pseudonym in the title, a progress narrative, an outcome note, a comment and evidence.
All invented (pseudonyms only)."""

from __future__ import annotations

import datetime as dt

import pytest

from followthrough.plans.models import Theme
from tests.factories import (
    ActionFactory,
    ActionLeadFactory,
    AgencyFactory,
    PartnershipFactory,
    RecommendationFactory,
    ReviewFactory,
    UserFactory,
)

TODAY = dt.date(2026, 3, 15)
LEAD_NAME = "Quillon Marchbanks"
LEAD_ROLE = "Safeguarding Lead Officer"
PSEUDONYM = "Yarrowby"
NARRATIVE = "Spoke with the ward sister about the new pathway"
OUTCOME = "Audit by Harriet Oakenshaw showed full compliance"
COMMENT = "Please chase the duty manager"
EVIDENCE_NAME = "audit-results-oakenshaw.pdf"
PREAMBLE = "This review concerns the death of Yarrowby"


@pytest.fixture
def today():
    return TODAY


@pytest.fixture
def partnership(db):
    return PartnershipFactory(name="Northmoor CSP")


@pytest.fixture
def police(partnership):
    agency = AgencyFactory(name="Northmoor Police")
    agency.partnerships.add(partnership)
    return agency


def make_review(partnership, published_on, precision="day", recommendations=1, actions=1):
    """A review of ``partnership`` with ``recommendations`` each of ``actions`` actions."""
    review = ReviewFactory(
        partnership=partnership,
        published_on=published_on,
        published_on_precision=precision,
        title=f"Domestic Homicide Review into the death of {PSEUDONYM}",
        subject_pseudonym=PSEUDONYM,
        reference=f"DHR-{ReviewFactory._meta.model.objects.count() + 1:03d}",
    )
    for _ in range(recommendations):
        rec = RecommendationFactory(review=review)
        for _ in range(actions):
            ActionLeadFactory(action=ActionFactory(recommendation=rec, status="on_track"))
    return review


@pytest.fixture
def published(partnership, police, settings, tmp_path):
    """A review published on 10 January 2024, its plan two recommendations: the first fully
    implemented (one action signed off, with an outcome note and evidence), the second under
    way (one action on track with a progress narrative and a comment)."""
    from followthrough.delivery import services as delivery
    from tests.delivery.conftest import PDF

    settings.MEDIA_ROOT = tmp_path
    review = ReviewFactory(
        partnership=partnership,
        review_type="DHR",
        title=f"Domestic Homicide Review into the death of {PSEUDONYM}",
        subject_pseudonym=PSEUDONYM,
        reference="NM-DHR-07",
        preamble=PREAMBLE,
        published_on=dt.date(2024, 1, 10),
    )
    first = RecommendationFactory(
        review=review, number="1", text="Police to train every officer in risk assessment."
    )
    first.themes.add(Theme.objects.get(slug="risk-assessment-and-management"))
    done = ActionFactory(
        recommendation=first,
        text="Deliver risk assessment training to every response officer.",
        status="signed_off",
        completed_on=dt.date(2025, 2, 28),
        outcome=OUTCOME,
        target_date=dt.date(2025, 3, 31),
        target_date_precision="month",
    )
    ActionLeadFactory(action=done, agency=police, person_name=LEAD_NAME, role=LEAD_ROLE)
    second = RecommendationFactory(
        review=review, number="2", text="Agencies to share referrals within one working day."
    )
    open_action = ActionFactory(
        recommendation=second,
        text="Agree an information sharing protocol.",
        status="on_track",
        target_date=dt.date(2026, 12, 31),
        target_date_precision="year",
        target_date_text="By the end of 2026",
    )
    ActionLeadFactory(action=open_action, agency=police, person_name=LEAD_NAME, role=LEAD_ROLE)
    ActionLeadFactory(action=open_action, agency=None, person_name="Ottoline Brack", order=2)
    lead = UserFactory(username="lead", first_name="Quillon", last_name="Marchbanks")
    from tests.factories import MembershipFactory

    MembershipFactory(user=lead, partnership=partnership, role="agency_lead", agency=police)
    delivery.progress_update_add(
        action=open_action,
        actor=lead,
        expected_version=open_action.version,
        narrative=NARRATIVE,
        status="on_track",
        files=[delivery.Upload(EVIDENCE_NAME, PDF)],
    )
    open_action.refresh_from_db()
    delivery.action_comment_add(action=open_action, actor=lead, text=COMMENT)
    return review
