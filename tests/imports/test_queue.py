"""An upload is read by the worker, outside the request: the progress page, the status
endpoint, refusals, lost jobs, stale corrections and a losing save. The jobs go through the real
database queue (django-tasks-db), worked by its own worker in batch mode (``conftest.py``)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from followthrough.audit.models import AuditEvent
from followthrough.imports import services, tasks
from followthrough.imports.models import PendingImport
from followthrough.plans.models import Review
from tests.conftest import SEED_TEXT
from tests.factories import MembershipFactory, PartnershipFactory, UserFactory
from tests.imports.conftest import action_correction, save
from tests.parsing.hostile import docx_bloated, docx_paragraphs

pytestmark = pytest.mark.django_db


@pytest.fixture
def partnership():
    return PartnershipFactory(name="South Lakeland CSP")


@pytest.fixture
def coordinator(client, partnership):
    user = UserFactory(username="coordinator")
    MembershipFactory(user=user, partnership=partnership, role="coordinator")
    client.force_login(user)
    return user


def post(client, partnership, name="sarah.txt", content=None):
    return client.post(
        reverse("imports:upload"),
        {
            "partnership": partnership.pk,
            "document": SimpleUploadedFile(name, content or SEED_TEXT.read_bytes()),
        },
    )


def events(pending) -> list[str]:
    return list(
        AuditEvent.objects.filter(target_id=pending.pk, target_type="imports.pendingimport")
        .order_by("pk")
        .values_list("event_type", flat=True)
    )


def test_an_upload_is_queued_and_read_by_the_worker_not_the_request(
    client, coordinator, partnership, worker, monkeypatch
):
    import followthrough.parsing.reader as reader

    real = reader.read_plan
    monkeypatch.setattr(reader, "read_plan", lambda *a, **k: pytest.fail("read in the request"))
    response = post(client, partnership)
    pending = PendingImport.objects.get()
    assert response["Location"] == reverse("imports:status", args=[pending.pk])
    assert pending.state == "queued" and pending.plan is None
    assert DBTaskResult.objects.get().args_kwargs == {"args": [pending.pk], "kwargs": {}}
    page = client.get(response["Location"])
    assert "Reading the document" in page.text
    assert "Queued" in page.text and 'aria-live="polite"' in page.text
    assert "Check again" in page.text and "http-equiv" not in page.text
    monkeypatch.setattr(reader, "read_plan", real)
    worker()
    pending.refresh_from_db()
    assert pending.state == "ready" and len(pending.plan["recommendations"]) == 6
    assert client.get(response["Location"])["Location"] == reverse(
        "imports:preview", args=[pending.pk]
    )
    assert events(pending) == ["import.uploaded", "import.read"]
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_the_status_endpoint_says_where_the_reading_has_got_to(
    client, coordinator, partnership, worker
):
    post(client, partnership)
    pending = PendingImport.objects.get()
    url = reverse("imports:status_json", args=[pending.pk])
    assert client.get(url).json() == {
        "state": "queued",
        "label": "Queued",
        "text": "Waiting to be read. It will be read as soon as the reader is free.",
        "url": reverse("imports:status", args=[pending.pk]),
    }
    PendingImport.objects.filter(pk=pending.pk).update(state="reading", started_at=timezone.now())
    assert client.get(url).json()["label"] == "Reading"
    PendingImport.objects.filter(pk=pending.pk).update(state="queued")
    worker()
    done = client.get(url).json()
    assert (done["state"], done["url"]) == ("ready", reverse("imports:preview", args=[pending.pk]))


def test_the_preview_and_its_corrections_wait_until_the_document_is_read(
    client, coordinator, partnership
):
    post(client, partnership)
    pending = PendingImport.objects.get()
    status = reverse("imports:status", args=[pending.pk])
    for name, args in [
        ("imports:preview", [pending.pk]),
        ("imports:correct_review", [pending.pk]),
        ("imports:correct_action", [pending.pk, 1, 1]),
    ]:
        assert client.get(reverse(name, args=args))["Location"] == status
    assert save(client, pending)["Location"] == status
    assert not Review.objects.exists()


def test_a_document_over_the_limits_is_refused_through_the_worker_and_the_sandbox(
    client, coordinator, partnership, worker
):
    # 7,000 paragraphs: a small file, over the reader's 5,000, read in the real sandbox.
    response = post(client, partnership, "plan.docx", docx_paragraphs(7_000 / 300_000))
    worker()
    page = client.get(response["Location"])
    assert "The document could not be read" in page.text
    refusal = page.text.split('id="import-refusal">')[1].split("</div>")[0]
    assert refusal == (
        "plan.docx: the Word document has more than 5,000 paragraphs; a plan has at most "
        "5,000: save just the action plan in a document of its own and try again"
    )
    pending = PendingImport.objects.get()
    assert (pending.state, bytes(pending.content), pending.plan) == ("refused", b"", None)
    assert events(pending) == ["import.uploaded", "import.refused"]
    assert client.get(reverse("imports:status_json", args=[pending.pk])).json()["state"] == (
        "refused"
    )
    # "Upload another document" lets the refusal go too.
    assert "Upload another document" in page.text
    again = client.post(reverse("imports:discard", args=[pending.pk]))
    assert again["Location"] == reverse("imports:upload")
    assert not PendingImport.objects.exists()
    assert AuditEvent.objects.filter(event_type="import.discarded", target_id=pending.pk).exists()


def test_a_reading_that_outruns_its_time_is_refused_not_left_waiting(
    client, coordinator, partnership, worker, settings
):
    settings.FOLLOWTHROUGH_PARSE_SECONDS = 0.05
    response = post(client, partnership, "plan.docx", docx_bloated(0.2))
    worker()
    page = client.get(response["Location"])
    assert (
        "plan.docx: reading the document took longer than the 0.05 seconds allowed, so it was "
        "stopped" in page.text
    )


def test_a_job_run_twice_reads_the_document_once(client, coordinator, partnership):
    post(client, partnership)
    pending = PendingImport.objects.get()
    assert tasks.read_pending_import.call(pending.pk) == "ready"
    assert tasks.read_pending_import.call(pending.pk) == "skipped"
    assert events(pending) == ["import.uploaded", "import.read"]


def test_an_import_cancelled_while_queued_is_never_read(client, coordinator, partnership, worker):
    post(client, partnership)
    pending = PendingImport.objects.get()
    client.post(reverse("imports:discard", args=[pending.pk]))
    worker()
    assert not PendingImport.objects.exists()
    assert DBTaskResult.objects.get().return_value == "skipped"


@pytest.mark.parametrize("state, since", [("queued", "queued_at"), ("reading", "started_at")])
def test_a_lost_job_is_said_to_be_lost_and_can_be_tried_again(
    client, coordinator, partnership, worker, settings, state, since
):
    post(client, partnership)
    pending = PendingImport.objects.get()
    DBTaskResult.objects.all().delete()  # the worker that should have read it never did
    long_ago = timezone.now() - timedelta(hours=1)
    PendingImport.objects.filter(pk=pending.pk).update(state=state, **{since: long_ago})
    status = reverse("imports:status", args=[pending.pk])
    page = client.get(status)
    assert "The document has not been read" in page.text and "Try again" in page.text
    assert client.get(reverse("imports:status_json", args=[pending.pk])).json()["state"] == "lost"
    response = client.post(reverse("imports:requeue", args=[pending.pk]))
    assert response["Location"] == status
    pending.refresh_from_db()
    assert pending.state == "queued" and pending.queued_at > long_ago
    worker()
    pending.refresh_from_db()
    assert pending.state == "ready"
    assert events(pending) == ["import.uploaded", "import.requeued", "import.read"]


def test_a_job_within_its_time_is_not_queued_again(client, coordinator, partnership):
    post(client, partnership)
    pending = PendingImport.objects.get()
    client.post(reverse("imports:requeue", args=[pending.pk]))
    assert DBTaskResult.objects.count() == 1
    assert events(pending) == ["import.uploaded"]


@pytest.mark.django_db(transaction=True)
def test_no_document_is_read_inside_a_transaction(partnership, monkeypatch):
    """On SQLite an open write transaction holds the lock every other save waits for."""
    seen = []

    def spy(*args, **kwargs):
        seen.append(connection.in_atomic_block)
        return real(*args, **kwargs)

    real = tasks.read_plan_isolated
    monkeypatch.setattr(tasks, "read_plan_isolated", spy)
    user = UserFactory(username="chair")
    pending = services.pending_import_create(
        partnership=partnership, data=SEED_TEXT.read_bytes(), filename="s.txt", actor=user
    )
    assert tasks.read_pending_import.call(pending.pk) == "ready"
    assert seen == [False]


# Corrections: the version the page showed


def read_import(client, partnership, worker) -> PendingImport:
    post(client, partnership)
    worker()
    return PendingImport.objects.get()


REVIEW = {"title": "DHR Sarah", "review_type": "", "subject_pseudonym": "", "reference": ""}


def test_a_correction_made_on_a_page_out_of_date_is_refused_and_nothing_is_lost(
    client, coordinator, partnership, worker
):
    pending = read_import(client, partnership, worker)
    url = reverse("imports:correct_review", args=[pending.pk])
    assert f'name="version" value="{pending.version}"' in client.get(url).text
    first = client.post(url, {**REVIEW, "version": pending.version, "title": "First title"})
    assert first.status_code == 302
    second = client.post(url, {**REVIEW, "version": pending.version, "title": "Second title"})
    assert second.status_code == 200
    assert "Someone else changed this import after you opened the page" in second.text
    assert 'value="Second title"' in second.text  # what they typed is still on the page
    pending.refresh_from_db()
    assert pending.plan["review"]["title"] == "First title" and pending.version == 2


def test_correction_fields_are_limited_in_length_with_a_clear_message(
    client, coordinator, partnership, worker
):
    pending = read_import(client, partnership, worker)
    response = client.post(
        reverse("imports:correct_recommendation", args=[pending.pk, 1]),
        {"version": pending.version, "text": "x" * 5_001, "number": "1"},
    )
    assert "The recommendation must be 5,000 characters or fewer" in response.text
    response = client.post(
        reverse("imports:correct_review", args=[pending.pk]),
        {**REVIEW, "version": pending.version, "title": "t" * 301},
    )
    assert "The title must be 300 characters or fewer" in response.text
    pending.refresh_from_db()
    assert pending.version == 1


@pytest.mark.parametrize("number", ["\u00b2", "12345678901234567890123", "-1"])
def test_a_milestone_number_that_is_no_number_is_explained_not_a_500(
    client, coordinator, partnership, worker, number
):
    pending = read_import(client, partnership, worker)
    response = client.post(
        reverse("imports:correct_action", args=[pending.pk, 1, 1]),
        action_correction(pending.version, text="Act", milestones=[(number, "Report", "2025")]),
    )
    assert response.status_code == 200
    error = response.text.split('id="id_milestones-0-number-error"')[1].split("</p>")[0]
    assert "Number must be" in error


# Saving


def test_a_losing_save_closes_its_preview_and_says_where_the_saved_review_is(
    client, coordinator, partnership, worker
):
    post(client, partnership, "first.txt")
    worker()
    first = PendingImport.objects.get()
    # The same document in a second preview: two uploads that raced past the check for a
    # draft of it (a second upload otherwise opens the first one's preview).
    second = services.pending_import_create(
        partnership=partnership, data=b"another document", filename="second.txt", actor=coordinator
    )
    PendingImport.objects.filter(pk=second.pk).update(
        sha256=first.sha256, content=first.content, plan=first.plan, state="ready"
    )
    save(client, first)
    review = Review.objects.get()
    response = save(client, second, follow=True)
    assert response.redirect_chain[0][0] == reverse("plans:review_detail", args=[review.pk])
    assert "This document was saved meanwhile as" in response.text
    assert not PendingImport.objects.exists()
    assert events(second) == ["import.uploaded", "import.superseded"]
    assert Review.objects.count() == 1


def test_saving_an_import_already_saved_or_cancelled_says_so(
    client, coordinator, partnership, worker
):
    pending = read_import(client, partnership, worker)
    save(client, pending)
    response = save(client, pending)
    assert response.status_code == 404  # gone: nothing left to save


def test_a_value_too_long_for_the_review_is_explained_and_nothing_is_saved(
    client, coordinator, partnership, worker
):
    pending = read_import(client, partnership, worker)
    pending.plan["review"]["title"] = "T" * 400
    pending.plan["recommendations"][0]["actions"][0]["milestones"] = [
        {"number": 10**22, "text": "Report"}
    ]
    pending.save()
    response = save(client, pending)
    assert "The review&#x27;s title is 400 characters long; it can be at most 300." in (
        response.text
    )
    assert not Review.objects.exists() and PendingImport.objects.exists()
    pending.plan["review"]["title"] = "DHR Sarah"
    pending.save()
    response = save(client, pending)
    assert "is numbered 10000000000000000000000, which is not a milestone number" in response.text
    assert not Review.objects.exists()


def test_a_bug_while_reading_is_said_in_one_line_not_left_reading(
    client, coordinator, partnership, worker, monkeypatch
):
    def broken(*args, **kwargs):
        raise KeyError("a bug")

    monkeypatch.setattr(tasks, "read_plan_isolated", broken)
    response = post(client, partnership)
    worker()
    pending = PendingImport.objects.get()
    assert pending.state == "refused" and bytes(pending.content) == b""
    page = client.get(response["Location"])
    assert "because of an error in Followthrough, not in the document" in page.text
