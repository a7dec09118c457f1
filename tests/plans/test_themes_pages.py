"""A recommendation's themes shown as tags on the plan page and on the write page, for the
same number of queries however many recommendations carry them."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from followthrough.plans.models import Theme
from tests.factories import (
    ActionFactory,
    MembershipFactory,
    PartnershipFactory,
    RecommendationFactory,
    ReviewFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


SHARING = "Information sharing"
SUICIDE = "Suicide"


@pytest.fixture
def setting(client):
    partnership = PartnershipFactory(name="Northmoor CSP")
    user = UserFactory(username="coordinator-tags")
    MembershipFactory(user=user, partnership=partnership, role="coordinator")
    client.force_login(user)
    return partnership


def plan(partnership, size):
    review = ReviewFactory(partnership=partnership)
    themes = list(Theme.objects.filter(name__in=[SHARING, SUICIDE]))
    for order in range(1, size + 1):
        rec = RecommendationFactory(review=review, order=order, text=f"Recommendation {order}")
        rec.themes.set(themes)
        ActionFactory(recommendation=rec)
    return review


def test_the_plan_page_shows_each_recommendations_themes_as_tags(client, setting):
    review = plan(setting, 2)
    first = review.recommendations.get(order=1)
    page = client.get(reverse("plans:review_detail", args=[review.pk])).text
    tags = page.split(f'id="themes-{first.pk}"', 1)[1].split("</ul>", 1)[0]
    assert f'<strong class="govuk-tag govuk-tag--grey">{SHARING}</strong>' in tags
    assert f'<strong class="govuk-tag govuk-tag--grey">{SUICIDE}</strong>' in tags


def test_a_recommendation_without_themes_shows_no_tags(client, setting):
    review = ReviewFactory(partnership=setting)
    rec = RecommendationFactory(review=review, order=1)
    ActionFactory(recommendation=rec)
    page = client.get(reverse("plans:review_detail", args=[review.pk])).text
    assert f'id="themes-{rec.pk}"' not in page


@pytest.mark.parametrize("url", ["plans:review_detail", "plans:review_write"])
def test_the_tags_cost_the_same_queries_for_two_or_twenty_recommendations(client, setting, url):
    counts = []
    for size in (2, 20):
        review = plan(setting, size)
        client.get(reverse(url, args=[review.pk]))  # the stored findings made on first sight
        with CaptureQueriesContext(connection) as queries:
            page = client.get(reverse(url, args=[review.pk])).text
        assert page.count(f'govuk-tag--grey">{SUICIDE}<') == size
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_the_write_page_offers_to_choose_themes_where_none_are_chosen(client, setting):
    review = ReviewFactory(partnership=setting)
    rec = RecommendationFactory(review=review, order=1)
    page = client.get(reverse("plans:review_write", args=[review.pk])).text
    assert "No themes chosen yet" in page
    assert reverse("plans:recommendation_edit", args=[rec.pk]) + "#themes" in page
