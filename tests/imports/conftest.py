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


def agreed_today() -> dict:
    """The preview's answer as its page offers it for a document that gives no date: agreed,
    today (and, to its required question on themes, none saved)."""
    from django.utils import timezone

    return {
        "agreed": "yes",
        "agreed_on": timezone.localdate().strftime("%d/%m/%Y"),
        "themes": "no",
    }


def save(client, pending, follow=False, **answers):
    """Save the preview, answering its question (agreed today, unless ``answers`` say else)."""
    from django.urls import reverse

    return client.post(
        reverse("imports:save", args=[pending.pk]), {**agreed_today(), **answers}, follow=follow
    )


def action_correction(version, *, text, leads=(), milestones=(), **fields) -> dict:
    """The action correction page's form as a browser posts it: its fields, then each lead
    (name, role, agency) and each milestone (number, text, date) as a row of its own."""
    data = {
        "version": version,
        "text": text,
        "measure": "",
        "target_date": "",
        "completed_on": "",
        "outcome": "",
        "status": "",
        **fields,
    }
    for prefix, rows, names in [
        ("leads", leads, ("name", "role", "agency")),
        ("milestones", milestones, ("number", "text", "target_date")),
    ]:
        data[f"{prefix}-TOTAL_FORMS"] = len(rows)
        data[f"{prefix}-INITIAL_FORMS"] = len(rows)
        for index, row in enumerate(rows):
            for name, value in zip(names, row, strict=True):
                data[f"{prefix}-{index}-{name}"] = "" if value is None else value
    return data
