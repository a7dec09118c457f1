"""'Made before' on a recommendation's authoring page: the earlier recommendations that ask for
the same thing, from other reviews only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import (
    MembershipFactory,
    PartnershipFactory,
    RecommendationFactory,
    ReviewFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

TEXT = (
    "Westshire Police should ensure all frontline officers complete the DASH risk "
    "assessment at every domestic abuse incident and share it with the MARAC."
)


@pytest.fixture
def partnership():
    return PartnershipFactory(name="Westshire CSP")


@pytest.fixture
def author(client, partnership):
    user = UserFactory(username="coordinator-made-before")
    MembershipFactory(user=user, partnership=partnership, role="coordinator")
    client.force_login(user)
    return user


def made_before(page: str) -> str:
    return page.split('id="made-before"', 1)[1].split("</form>", 1)[0].split("<form", 1)[0]


def test_the_authoring_page_says_the_recommendation_was_made_before(client, author, partnership):
    earlier = ReviewFactory(partnership=partnership, title="DHR into the death of Adult E")
    RecommendationFactory(review=earlier, order=1, text=TEXT)
    review = ReviewFactory(partnership=partnership)
    rec = RecommendationFactory(review=review, order=1, text=TEXT)
    page = client.get(reverse("plans:recommendation_edit", args=[rec.pk])).text
    assert "Made before in 1 review" in made_before(page)


def test_the_recommendations_own_review_is_not_counted(client, author, partnership):
    review = ReviewFactory(partnership=partnership)
    rec = RecommendationFactory(review=review, order=1, text=TEXT)
    RecommendationFactory(review=review, order=2, text=TEXT)  # the same review: left out
    page = client.get(reverse("plans:recommendation_edit", args=[rec.pk])).text
    assert "Made before" not in made_before(page)


def test_an_unpublished_review_of_another_partnership_is_not_shown(client, author, partnership):
    other = ReviewFactory(partnership=PartnershipFactory(name="Eastridge CSP"))
    RecommendationFactory(review=other, order=1, text=TEXT)
    rec = RecommendationFactory(review=ReviewFactory(partnership=partnership), order=1, text=TEXT)
    page = client.get(reverse("plans:recommendation_edit", args=[rec.pk])).text
    assert "Made before" not in made_before(page)
