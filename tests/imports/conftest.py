"""The worker, as the tests run it: the real database queue, worked through in batch mode."""

from __future__ import annotations

import signal

import pytest
from django.core.management import call_command
from django_tasks_db.management.commands import db_worker


def work_the_queue() -> None:
    """Run every queued job with django-tasks-db's own worker (``db_worker --batch``), as
    ``followthrough worker`` does, then stop. The worker sets its own signal handlers: they are
    put back afterwards, so Ctrl-C still stops the test run."""
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        call_command(
            "db_worker", batch=True, interval=0, startup_delay=False, reload=False, verbosity=0
        )
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)


@pytest.fixture
def worker(monkeypatch):
    """Call ``worker()`` to run the jobs queued so far. The test's transaction holds the
    connection the worker uses (as the test client's requests do): the worker's check for
    stale connections between jobs, which would close it on PostgreSQL, is left out."""
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    return work_the_queue
