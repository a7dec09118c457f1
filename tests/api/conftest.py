"""Northmoor CSP with one action led by Northmoor Police (tests/delivery/conftest.py), Eden
Valley CSP's plan beside it, and API tokens for the people around them."""

from __future__ import annotations

import datetime as dt

import pytest

from followthrough.api.services import api_token_create
from tests.delivery.conftest import (  # noqa: F401  (fixtures)
    PDF,
    action,
    coordinator,
    health_lead,
    partnership,
    persona,
    police,
    police_lead,
    viewer,
)
from tests.factories import (
    ActionFactory,
    ActionLeadFactory,
    AgencyFactory,
    MilestoneFactory,
    PartnershipFactory,
    RecommendationFactory,
    ReviewFactory,
)

API = "/api/v1"


def token_for(user, scope="write", days=30) -> str:
    _token, secret = api_token_create(
        user=user,
        name=f"{user.username} {scope}",
        scope=scope,
        expires_on=dt.date.today() + dt.timedelta(days=days),
        actor=user,
    )
    return secret


def bearer(secret: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def milestone(action):  # noqa: F811  (the fixture imported above)
    return MilestoneFactory(action=action, text="Course written", target_date=dt.date(2030, 3, 31))


@pytest.fixture
def elsewhere(db):
    """Eden Valley CSP: a coordinator, and a review whose action has progress and evidence."""
    from followthrough.delivery.services import Upload, progress_update_add

    eden = PartnershipFactory(name="Eden Valley CSP")
    agency = AgencyFactory(name="Eden Police")
    agency.partnerships.add(eden)
    eden_coordinator = persona("eden-coordinator", eden, "coordinator")
    review = ReviewFactory(partnership=eden, title="SAR Adult M")
    rec = RecommendationFactory(review=review)
    eden_action = ActionFactory(recommendation=rec, status="on_track")
    ActionLeadFactory(action=eden_action, agency=agency)
    update = progress_update_add(
        action=eden_action,
        actor=eden_coordinator,
        expected_version=eden_action.version,
        narrative="Started",
        status="on_track",
        files=[Upload("plan.pdf", PDF)],
    )
    return {
        "coordinator": eden_coordinator,
        "partnership": eden,
        "review": review,
        "rec": rec,
        "action": eden_action,
        "update": update,
        "evidence": update.evidence.get(),
    }
