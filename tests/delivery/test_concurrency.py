"""No lost updates: two people saving the same action at the same moment."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def needs_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL; `make test` runs this on it")


def test_of_two_concurrent_updates_from_the_same_page_one_is_saved_and_one_refused(
    action, police_lead, coordinator
):
    url = reverse("delivery:progress_add", args=[action.pk])
    seen = action.version
    start = threading.Barrier(2)
    responses = {}

    def save(user, narrative):
        client = Client()
        client.force_login(user)
        start.wait()
        try:
            responses[narrative] = client.post(
                url, {"version": seen, "narrative": narrative, "status": "at_risk"}
            )
        finally:
            connection.close()

    threads = [
        threading.Thread(target=save, args=(user, text))
        for user, text in ((police_lead, "From the lead"), (coordinator, "From the CSP"))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    codes = sorted(r.status_code for r in responses.values())
    assert codes == [200, 302]
    refused = next(r for r in responses.values() if r.status_code == 200)
    assert "Someone else changed this action" in refused.text
    action.refresh_from_db()
    assert action.version == seen + 1
    assert action.progress_updates.count() == 1
