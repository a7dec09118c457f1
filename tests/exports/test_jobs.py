"""Board packs made by the worker: asked for on a page that returns at once, made by the task,
downloaded by whoever asked for them only, deleted after their time, every step audited."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from openpyxl import load_workbook

from followthrough.audit import events
from followthrough.audit.models import AuditEvent
from followthrough.exports import selectors, services
from followthrough.exports.models import ExportJob
from followthrough.partnerships.models import Membership
from tests.exports.conftest import TODAY, deliver, docx_text, words
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

SINCE = TODAY - dt.timedelta(days=30)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def worker(monkeypatch):
    from django_tasks_db.management.commands import db_worker

    from tests.imports.conftest import work_the_queue

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    return work_the_queue


def ask(client, user, partnership, **data):
    client.force_login(user)
    url = reverse("exports:partnership_board_pack_docx", args=[partnership.pk])
    return client.post(url, {"since": SINCE.isoformat(), "format": "docx", **data})


def test_the_board_pack_page_asks_what_to_make_and_makes_nothing(client, live):
    client.force_login(live["coordinator"])
    url = reverse("exports:partnership_board_pack_pdf", args=[live["partnership"].pk])
    response = client.get(f"{url}?since={SINCE.isoformat()}")
    assert response.status_code == 200
    assert f'value="{SINCE.isoformat()}"' in response.text
    assert 'value="pdf" checked' in response.text
    assert not ExportJob.objects.exists() and not DBTaskResult.objects.exists()


def test_asking_returns_a_redirect_to_the_job_at_once_without_building_it(
    client, live, monkeypatch
):
    def no_building(**kwargs):
        raise AssertionError("the request must not build the pack")

    monkeypatch.setattr(selectors, "board_pack", no_building)
    response = ask(client, live["coordinator"], live["partnership"])
    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("exports:job", args=[job.pk])
    assert (job.status, job.fmt, job.profile, job.since) == ("queued", "docx", "internal", SINCE)
    assert job.requested_by == live["coordinator"] and not job.file
    assert DBTaskResult.objects.get().args_kwargs == {"args": [job.pk], "kwargs": {}}
    event = AuditEvent.objects.get(event_type=events.EXPORT_REQUESTED)
    assert event.actor == live["coordinator"] and event.after["since"] == SINCE.isoformat()
    assert not AuditEvent.objects.filter(event_type=events.BOARD_PACK_EXPORTED).exists()


def test_the_job_page_says_how_it_is_going_politely_with_a_check_again_link(client, live):
    ask(client, live["coordinator"], live["partnership"])
    job = ExportJob.objects.get()
    page = client.get(reverse("exports:job", args=[job.pk])).text
    assert 'role="status" aria-live="polite"' in page
    assert 'id="export-check-again"' in page and "app/progress.js" in page
    assert "Waiting for the worker to start it" in page
    status = client.get(reverse("exports:job_status", args=[job.pk])).json()
    assert status["state"] == "queued"


def test_the_worker_makes_the_pack_and_its_appendix_and_the_asker_downloads_both(
    client, live, worker
):
    deliver(live)
    ask(client, live["coordinator"], live["partnership"])
    worker()
    job = ExportJob.objects.get()
    assert job.status == "ready" and job.progress == "Ready"
    assert default_storage.exists(job.file.name) and default_storage.exists(job.appendix.name)
    page = client.get(reverse("exports:job", args=[job.pk])).text
    assert "Your board pack is ready" in page

    response = client.get(reverse("exports:job_download", args=[job.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="northmoor-csp-board-pack-{TODAY.isoformat()}.docx"'
    )
    assert response["Cache-Control"] == "no-store, private"
    text = words(docx_text(b"".join(response.streaming_content)))
    assert "Board pack: Northmoor CSP" in text and "Overdue actions (1)" in text

    response = client.get(reverse("exports:job_appendix", args=[job.pk]))
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    actions = list(book["Actions"].values)
    assert len(actions) == 1 + 4
    assert "Kit Moss - Inspector (Northmoor Police)" in actions[1]
    changes = [row[4] for row in book["Changes since the date"].values]
    assert changes[1:3] == ["On track", "Marked completed"]
    assert changes[3].startswith("Signed off at the meeting of") and "(minutes 7.3)" in changes[3]
    assert changes[4].startswith("Target date moved from")

    made = AuditEvent.objects.get(event_type=events.BOARD_PACK_EXPORTED)
    assert made.actor == live["coordinator"] and made.target_type == "partnerships.partnership"
    assert made.after["since"] == SINCE.isoformat() and made.after["job"] == job.pk
    downloads = AuditEvent.objects.filter(event_type=events.EXPORT_DOWNLOADED)
    assert [e.after["part"] for e in downloads.order_by("pk")] == ["pack", "appendix"]


def test_no_one_else_may_see_or_download_it_not_even_a_member_of_the_partnership(
    client, live, outsider, worker
):
    ask(client, live["coordinator"], live["partnership"])
    worker()
    job = ExportJob.objects.get()
    for other in (live["lead"], outsider):
        client.force_login(other)
        for name in ("job", "job_status", "job_download", "job_appendix"):
            assert client.get(reverse(f"exports:{name}", args=[job.pk])).status_code == 404
        assert client.post(reverse("exports:job_again", args=[job.pk])).status_code == 404
    assert not AuditEvent.objects.filter(event_type=events.EXPORT_DOWNLOADED).exists()


def test_the_asker_who_has_left_the_partnership_may_not_download_it(client, live, worker):
    ask(client, live["coordinator"], live["partnership"])
    worker()
    Membership.objects.filter(user=live["coordinator"]).delete()
    job = ExportJob.objects.get()
    assert client.get(reverse("exports:job_download", args=[job.pk])).status_code == 404


def test_a_public_pack_names_no_one_in_the_pack_or_its_appendix(client, live, worker):
    deliver(live)
    review = live["review"]
    review.published_on = TODAY - dt.timedelta(days=100)
    review.save()
    ask(client, live["coordinator"], live["partnership"], profile="public")
    worker()
    job = ExportJob.objects.get()
    assert job.filename.endswith("-public.docx")
    pack = b"".join(client.get(reverse("exports:job_download", args=[job.pk])).streaming_content)
    appendix = b"".join(
        client.get(reverse("exports:job_appendix", args=[job.pk])).streaming_content
    )
    book = load_workbook(io.BytesIO(appendix))
    cells = " ".join(str(v) for sheet in book.worksheets for row in sheet.values for v in row)
    text = docx_text(pack) + cells
    assert "Northmoor Police" in text
    for person in ("Kit Moss", "Robin Marsh", "Dr Ana Silva", "Named Midwife", "Inspector"):
        assert person not in text
    for narrative in ("Forty of the sixty", "Evidence seen by the board", "new maternity system"):
        assert narrative not in text
    assert "/reviews/actions/" not in text


def test_a_public_pack_of_unpublished_reviews_is_refused_at_once(client, live):
    response = ask(client, live["coordinator"], live["partnership"], profile="public")
    assert response.status_code == 409
    assert "none of this partnership&#x27;s reviews has been published" in response.text.lower()
    assert not ExportJob.objects.exists() and not DBTaskResult.objects.exists()


def test_a_failure_says_so_clearly_and_the_pack_can_be_asked_for_again(
    client, live, worker, monkeypatch
):
    def broken(**kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(services, "export_job_build", broken)
    ask(client, live["coordinator"], live["partnership"])
    worker()
    job = ExportJob.objects.get()
    assert job.status == "failed"
    page = client.get(reverse("exports:job", args=[job.pk])).text
    assert "The board pack could not be made" in page and "error in Followthrough" in page
    assert AuditEvent.objects.filter(event_type=events.EXPORT_FAILED).count() == 1

    monkeypatch.undo()
    response = client.post(reverse("exports:job_again", args=[job.pk]))
    again = ExportJob.objects.exclude(pk=job.pk).get()
    assert response["Location"] == reverse("exports:job", args=[again.pk])
    assert (again.status, again.since, again.fmt) == ("queued", job.since, job.fmt)


def test_a_pdf_too_costly_to_lay_out_fails_with_an_offer_of_word(
    client, live, worker, settings, pdf_available
):
    settings.FOLLOWTHROUGH_PDF_SECONDS = 0.05
    ask(client, live["coordinator"], live["partnership"], format="pdf")
    worker()
    job = ExportJob.objects.get()
    assert job.status == "failed"
    assert "Ask for the Word version" in job.message
    assert not job.file and not list(settings.MEDIA_ROOT.rglob("*.*"))  # nothing left behind


def test_the_files_are_deleted_after_their_time_and_the_page_says_so(
    client, live, worker, settings
):
    ask(client, live["coordinator"], live["partnership"])
    worker()
    job = ExportJob.objects.get()
    names = [job.file.name, job.appendix.name]
    assert services.export_jobs_purge() == 0
    later = timezone.now() + dt.timedelta(hours=settings.FOLLOWTHROUGH_EXPORT_KEEP_HOURS + 1)
    assert services.export_jobs_purge(now=later) == 1
    assert services.export_jobs_purge(now=later) == 0  # safe to run twice
    assert not any(default_storage.exists(name) for name in names)
    job.refresh_from_db()
    assert job.status == "expired" and not job.file
    response = client.get(reverse("exports:job_download", args=[job.pk]))
    assert response["Location"] == reverse("exports:job", args=[job.pk])
    assert "The board pack has been deleted" in client.get(response["Location"]).text
    assert AuditEvent.objects.filter(event_type=events.EXPORT_EXPIRED).count() == 1


def test_a_queued_job_the_worker_never_took_is_told_as_lost(client, live, settings):
    ask(client, live["coordinator"], live["partnership"])
    ExportJob.objects.update(requested_at=timezone.now() - dt.timedelta(hours=1))
    job = ExportJob.objects.get()
    page = client.get(reverse("exports:job", args=[job.pk])).text
    assert "The board pack has not been started" in page and "Ask for it again" in page


def test_a_job_whose_worker_stopped_while_making_it_is_told_as_lost(client, live, settings):
    ask(client, live["coordinator"], live["partnership"])
    job = ExportJob.objects.get()
    services.export_job_start(pk=job.pk)
    page = client.get(reverse("exports:job", args=[job.pk])).text
    assert "Making the board pack" in page  # running, and not for long
    ExportJob.objects.update(started_at=timezone.now() - dt.timedelta(hours=1))
    page = client.get(reverse("exports:job", args=[job.pk])).text
    assert "The board pack has not been" in page and "Ask for it again" in page


def test_a_review_board_pack_is_made_the_same_way(client, live, worker):
    client.force_login(live["lead"])
    url = reverse("exports:review_board_pack_pdf", args=[live["review"].pk])
    response = client.post(url, {"since": SINCE.isoformat(), "format": "docx"})
    job = ExportJob.objects.get()
    assert response["Location"] == reverse("exports:job", args=[job.pk])
    worker()
    job.refresh_from_db()
    assert job.status == "ready" and job.review == live["review"]
    assert job.filename == (
        f"{services.review_slug(live['review'])}-board-pack-{TODAY.isoformat()}.docx"
    )


def test_the_board_pack_page_lists_the_packs_the_user_asked_for(client, live):
    ask(client, live["coordinator"], live["partnership"])
    other = UserFactory()
    MembershipFactory(user=other, partnership=live["partnership"], role="coordinator")
    ask(client, other, live["partnership"])
    client.force_login(live["coordinator"])
    url = reverse("exports:partnership_board_pack_pdf", args=[live["partnership"].pk])
    page = client.get(url).text
    mine = ExportJob.objects.get(requested_by=live["coordinator"])
    theirs = ExportJob.objects.get(requested_by=other)
    assert reverse("exports:job", args=[mine.pk]) in page
    assert reverse("exports:job", args=[theirs.pk]) not in page


def test_the_purge_command_deletes_the_packs_past_their_time(client, live, worker, settings):
    from django.core.management import call_command

    ask(client, live["coordinator"], live["partnership"])
    worker()
    ExportJob.objects.update(
        finished_at=timezone.now()
        - dt.timedelta(hours=settings.FOLLOWTHROUGH_EXPORT_KEEP_HOURS + 1)
    )
    out = io.StringIO()
    call_command("purge_exports", stdout=out)
    assert out.getvalue().strip() == "1 board pack deleted"
    assert ExportJob.objects.get().status == "expired"


def test_asking_and_the_job_page_run_the_same_queries_whatever_the_partnership(client, live):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.exports.test_board_pack import _on_course

    def count() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as asked:
            ask(client, live["coordinator"], live["partnership"])
        job = ExportJob.objects.latest("pk")
        with CaptureQueriesContext(connection) as page:
            assert client.get(reverse("exports:job", args=[job.pk])).status_code == 200
        return len(asked), len(page)

    count()  # the first sign-in and the first job of the session
    small = count()
    _on_course(live, 10)
    assert count() == small
