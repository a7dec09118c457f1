"""'Made before' on the import preview: each recommendation's earlier repeats, found for the
whole page at once, so the preview costs the same queries however many recommendations."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import (
    MembershipFactory,
    PartnershipFactory,
    RecommendationFactory,
    ReviewFactory,
    UserFactory,
)
from tests.imports.test_themes import ready_import

pytestmark = pytest.mark.django_db

REPEATED = (
    "Westshire Police should ensure all frontline officers complete the DASH risk "
    "assessment at every domestic abuse incident and share it with the MARAC."
)
NEW = "Zzz qqq."


@pytest.fixture
def partnership():
    return PartnershipFactory(name="Westshire CSP")


@pytest.fixture
def coordinator(client, partnership):
    user = UserFactory(username="coordinator-preview-made-before")
    MembershipFactory(user=user, partnership=partnership, role="coordinator")
    client.force_login(user)
    return user


def test_the_preview_says_which_recommendations_were_made_before(client, coordinator, partnership):
    earlier = ReviewFactory(partnership=partnership)
    RecommendationFactory(review=earlier, order=1, text=REPEATED)
    pending = ready_import(partnership, coordinator, [REPEATED, NEW])
    page = client.get(reverse("imports:preview", args=[pending.pk])).text
    first = page.split('id="recommendation-1-made-before"', 1)[1].split('id="recommendation-2', 1)[
        0
    ]
    assert "Made before in 1 review" in first
    second = page.split('id="recommendation-2-made-before"', 1)[1].split("</section>", 1)[0]
    assert "Made before" not in second


def test_the_preview_runs_the_same_queries_for_two_or_twenty_recommendations(
    client, coordinator, partnership
):
    earlier = ReviewFactory(partnership=partnership)
    RecommendationFactory(review=earlier, order=1, text=REPEATED)
    counts = []
    for size in (2, 20):
        pending = ready_import(partnership, coordinator, [REPEATED] * size)
        url = reverse("imports:preview", args=[pending.pk])
        client.get(url)  # the repeat index built once, as it is once per process
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url).text
        assert page.count("Made before in 1 review") == size
        counts.append(len(queries))
        pending.delete()
    assert counts[0] == counts[1], counts
