"""The request limit per token per minute, counted in the database (so across processes)."""

from __future__ import annotations

import datetime as dt

from followthrough.api.models import ApiRequestCount, ApiToken
from followthrough.api.services import api_request_admit
from tests.api.conftest import API, bearer, token_for


def test_it_answers_429_with_retry_after_past_the_limit(client, settings, action, police_lead):
    settings.FOLLOWTHROUGH_API_PER_MINUTE = 3
    auth = bearer(token_for(police_lead))
    statuses = [client.get(f"{API}/actions/{action.pk}", **auth).status_code for _ in range(3)]
    assert statuses == [200, 200, 200]
    limited = client.get(f"{API}/actions/{action.pk}", **auth)
    assert limited.status_code == 429
    assert 1 <= int(limited.headers["Retry-After"]) <= 60
    assert limited.json()["type"] == "urn:followthrough:problem:rate-limited"
    # Another token of the same user has its own count.
    assert (
        client.get(f"{API}/actions/{action.pk}", **bearer(token_for(police_lead))).status_code
        == 200
    )


def test_each_minute_starts_a_new_count_and_forgets_the_old(settings, police_lead):
    settings.FOLLOWTHROUGH_API_PER_MINUTE = 2
    token_for(police_lead)
    token = ApiToken.objects.get()
    nine = dt.datetime(2026, 3, 2, 9, 0, 10, tzinfo=dt.UTC)
    assert [api_request_admit(token=token, now=nine) for _ in range(3)] == [None, None, 50]
    later = nine + dt.timedelta(minutes=1)
    assert api_request_admit(token=token, now=later) is None
    assert list(ApiRequestCount.objects.values_list("minute", "count")) == [
        (later.replace(second=0), 1)
    ]
    token.refresh_from_db()
    assert token.last_used_at == later
