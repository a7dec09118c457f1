"""The list endpoints cost the same number of queries whatever the number of records."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from followthrough.api import auth as api_auth
from followthrough.api import services as api_services
from followthrough.delivery.services import progress_update_add
from tests.api.conftest import API, bearer, token_for
from tests.factories import (
    ActionFactory,
    ActionLeadFactory,
    MilestoneFactory,
    RecommendationFactory,
)


def _grow(action, police, coordinator, n):
    review = action.recommendation.review
    for _ in range(n):
        rec = RecommendationFactory(review=review)
        more = ActionFactory(recommendation=rec, status="on_track")
        ActionLeadFactory(action=more, agency=police)
        MilestoneFactory(action=more)
        progress_update_add(
            action=action,
            actor=coordinator,
            expected_version=action.version,
            narrative="More",
            status="on_track",
        )
        action.refresh_from_db()


def _count(client, path, auth) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(API + path, **auth).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "path",
    [
        "/partnerships",
        "/reviews",
        "/actions?mine=true",
        "/actions",
        "/reviews/{review}/recommendations",
        "/actions/{action}/progress-updates",
    ],
)
def test_a_list_costs_the_same_for_2_records_and_for_12(
    client, settings, monkeypatch, action, police, police_lead, coordinator, path
):
    settings.FOLLOWTHROUGH_API_PER_MINUTE = 1000
    # Every request counted in one minute, so that a minute turning between the two counts
    # (its first request does more) cannot pass for a cost of the records.
    minute = timezone.now()
    monkeypatch.setattr(
        api_auth,
        "api_request_admit",
        lambda *, token: api_services.api_request_admit(token=token, now=minute),
    )
    auth = bearer(token_for(police_lead))
    url = path.format(review=action.recommendation.review_id, action=action.pk)
    client.get(API + url, **auth)  # the token's first request this minute starts its count
    _grow(action, police, coordinator, 1)
    few = _count(client, url, auth)
    _grow(action, police, coordinator, 10)
    many = _count(client, url, auth)
    assert few == many
