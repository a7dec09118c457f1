"""Three partnerships that made the same recommendation (DASH risk assessment training) in
other words, in reviews published and not, and the people around them. Pseudonyms only."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from followthrough.lessons.selectors import forget_index
from tests.factories import (
    ActionFactory,
    ActionLeadFactory,
    MembershipFactory,
    PartnershipFactory,
    RecommendationFactory,
    ReviewFactory,
    UserFactory,
)

PUBLISHED = dt.date(2024, 1, 10)

DASH_HOME = (
    "All agencies should ensure that staff receive training in domestic abuse risk "
    "assessment using the DASH risk checklist."
)
DASH_FELLSIDE = (
    "Every agency must train its frontline staff to complete the DASH risk assessment "
    "checklist for domestic abuse."
)
DASH_FELLSIDE_PUBLISHED = (
    "Agencies should make sure their staff are trained in domestic abuse risk assessment (DASH)."
)
DASH_QUERY = (
    "Staff in every agency should be trained to use the DASH domestic abuse risk checklist."
)
UNRELATED = "The partnership should commission a public awareness campaign about coercive control."


@pytest.fixture(autouse=True)
def _fresh_index():
    """Each test builds the index from its own database."""
    forget_index()
    yield
    forget_index()


@dataclass
class World:
    home: object
    fellside: object
    eden: object
    home_review: object
    fellside_review: object
    published_review: object
    home_rec: object
    fellside_rec: object
    published_rec: object
    unrelated_rec: object
    users: dict


def _member(username, partnership, role):
    user = UserFactory(username=username)
    MembershipFactory(user=user, partnership=partnership, role=role)
    return user


@pytest.fixture
def world(db) -> World:
    return make_world()


def make_world() -> World:
    home = PartnershipFactory(name="Northmoor CSP")
    fellside = PartnershipFactory(name="Fellside CSP")
    eden = PartnershipFactory(name="Eden Valley CSP")
    home_review = ReviewFactory(
        partnership=home,
        title="Domestic Homicide Review into the death of Adult H",
        subject_pseudonym="Adult H",
        reference="NM-DHR-2023-01",
        decided_on=dt.date(2023, 3, 1),
    )
    fellside_review = ReviewFactory(
        partnership=fellside,
        title="Domestic Homicide Review into the death of Adult F",
        subject_pseudonym="Adult F",
        reference="FS-DHR-2024-02",
        decided_on=dt.date(2024, 5, 1),
    )
    published_review = ReviewFactory(
        partnership=fellside,
        title="Domestic Homicide Review into the death of Adult P",
        subject_pseudonym="Adult P",
        reference="FS-DHR-2021-07",
        published_on=PUBLISHED,
    )
    home_rec = RecommendationFactory(review=home_review, number="3", text=DASH_HOME)
    unrelated_rec = RecommendationFactory(review=home_review, number="4", text=UNRELATED)
    action = ActionFactory(
        recommendation=home_rec, status="signed_off", outcome="Training given to 400 staff."
    )
    ActionLeadFactory(action=action, person_name="Lee Example")
    fellside_rec = RecommendationFactory(review=fellside_review, number="2", text=DASH_FELLSIDE)
    ActionFactory(recommendation=fellside_rec, status="on_track")
    published_rec = RecommendationFactory(
        review=published_review, number="5", text=DASH_FELLSIDE_PUBLISHED
    )
    ActionFactory(
        recommendation=published_rec,
        status="no_information",
        outcome="Training plan drafted by Pat Example.",
    )
    users = {
        "home": _member("home-coordinator", home, "coordinator"),
        "fellside": _member("fellside-viewer", fellside, "viewer"),
        "outsider": _member("eden-coordinator", eden, "coordinator"),
        "superuser": UserFactory(username="admin", is_superuser=True, is_staff=True),
    }
    return World(
        home=home,
        fellside=fellside,
        eden=eden,
        home_review=home_review,
        fellside_review=fellside_review,
        published_review=published_review,
        home_rec=home_rec,
        fellside_rec=fellside_rec,
        published_rec=published_rec,
        unrelated_rec=unrelated_rec,
        users=users,
    )
