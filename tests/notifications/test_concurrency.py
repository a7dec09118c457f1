"""Two reminder runs at the same moment (cron overlapping a manual run): each person still
gets one digest."""

from __future__ import annotations

import threading

import pytest
from django.core import mail
from django.db import connection

from followthrough.notifications import services
from followthrough.notifications.models import ReminderDigest
from tests.notifications.conftest import TODAY

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def needs_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("concurrent runs need PostgreSQL; `make test` runs this on it")


def test_two_runs_at_once_send_each_person_one_digest(world, monkeypatch):
    # Both runs reach their claims together: each has checked that no digest was sent today
    # and worked out everyone's digest before either claims, so only the claim can stop the
    # second one.
    in_step = threading.Barrier(2, timeout=20)
    digests_for = services.digests_for

    def digests_then_wait(users, rules):
        digests = digests_for(users, rules)
        in_step.wait()
        return digests

    monkeypatch.setattr(services, "digests_for", digests_then_wait)
    runs, errors = [], []

    def run():
        try:
            runs.append(services.reminders_send(today=TODAY))
        except Exception as exc:  # reported below, so a failure in a thread fails the test
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert sorted(m.to[0] for m in mail.outbox) == [
        "coordinator@example.org",
        "health-lead@example.org",
        "police-lead@example.org",
    ]
    assert sum(len(r.sent) for r in runs) == 3
    assert sum(len(r.already_sent) for r in runs) == 3
    assert ReminderDigest.objects.filter(sent_on=TODAY).count() == 3
