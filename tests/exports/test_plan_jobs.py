"""A long plan's downloads made by the worker (issue 13): a review's plan of more actions than
FOLLOWTHROUGH_EXPORT_IN_REQUEST_ACTIONS goes through the board packs' job machinery (asked
for, made by the task, downloaded by whoever asked only, deleted after its time, audited),
and the file the worker makes is the one the download made in the request gives. The review
of these tests has 4 actions: the setting is lowered to 3 to make it a long plan."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from openpyxl import load_workbook

from followthrough.audit import events
from followthrough.audit.models import AuditEvent
from followthrough.exports import selectors
from followthrough.exports.models import ExportJob
from followthrough.partnerships.models import Membership
from tests.exports.conftest import TODAY, deliver

pytestmark = pytest.mark.django_db


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


@pytest.fixture
def long_plans(settings):
    """The review's 4 actions are more than the plans downloaded at once may have."""
    settings.FOLLOWTHROUGH_EXPORT_IN_REQUEST_ACTIONS = 3
    return settings


def download_url(live, fmt: str, query: str = "") -> str:
    return reverse(f"exports:review_{fmt}", args=[live["review"].pk]) + query


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def made_by_the_worker(client, live, worker, fmt: str, query: str = "") -> tuple:
    response = client.get(download_url(live, fmt, query))
    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("exports:job", args=[job.pk])
    worker()
    job.refresh_from_db()
    assert job.status == "ready", job.message
    return job, client.get(reverse("exports:job_download", args=[job.pk]))


def cells(content: bytes) -> list:
    book = load_workbook(io.BytesIO(content))
    return [(sheet.title, list(sheet.values)) for sheet in book.worksheets]


@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx"])
def test_a_long_plan_goes_to_a_job_whose_file_is_the_one_the_request_gives(
    client, live, worker, settings, fmt
):
    deliver(live)
    client.force_login(live["coordinator"])
    at_once = client.get(download_url(live, fmt))
    assert at_once.status_code == 200 and not ExportJob.objects.exists()

    settings.FOLLOWTHROUGH_EXPORT_IN_REQUEST_ACTIONS = 3
    job, response = made_by_the_worker(client, live, worker, fmt)
    assert (job.kind, job.fmt, job.profile, job.since) == ("plan", fmt, "internal", None)
    assert response.status_code == 200
    assert response["Content-Disposition"] == at_once["Content-Disposition"]
    assert response["Content-Type"] == at_once["Content-Type"]
    assert response["Cache-Control"] == "no-store, private"
    if fmt == "xlsx":  # the workbook records the moment it was written: compare its cells
        assert cells(body(response)) == cells(at_once.content)
    else:
        assert body(response) == at_once.content


def test_asking_for_a_long_plan_builds_nothing_in_the_request(
    client, live, long_plans, monkeypatch
):
    def no_building(*args, **kwargs):
        raise AssertionError("the request must not build the plan")

    monkeypatch.setattr(selectors, "plan_export", no_building)
    client.force_login(live["coordinator"])
    response = client.get(download_url(live, "docx"))
    job = ExportJob.objects.get()
    assert response["Location"] == reverse("exports:job", args=[job.pk])
    assert job.status == "queued" and job.requested_by == live["coordinator"] and not job.file
    assert DBTaskResult.objects.get().args_kwargs == {"args": [job.pk], "kwargs": {}}
    page = client.get(response["Location"]).text
    assert "Making the action plan" in page and "too many actions to write while you wait" in page
    asked = AuditEvent.objects.get(event_type=events.EXPORT_REQUESTED)
    assert asked.actor == live["coordinator"] and asked.after["kind"] == "plan"
    assert not AuditEvent.objects.filter(event_type=events.REVIEW_EXPORTED).exists()


def test_a_plan_as_long_as_the_setting_still_downloads_at_once(client, live, settings):
    settings.FOLLOWTHROUGH_EXPORT_IN_REQUEST_ACTIONS = 4
    client.force_login(live["coordinator"])
    response = client.get(download_url(live, "csv"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="dardr-adult-k')
    assert not ExportJob.objects.exists() and not DBTaskResult.objects.exists()


def test_the_ready_plan_is_offered_alone_and_its_making_and_download_audited(
    client, live, long_plans, worker
):
    client.force_login(live["coordinator"])
    job, response = made_by_the_worker(client, live, worker, "csv")
    page = client.get(reverse("exports:job", args=[job.pk])).text
    assert "Your action plan is ready" in page
    assert "Download the action plan (CSV" in page
    assert reverse("exports:job_appendix", args=[job.pk]) not in page
    appendix = client.get(reverse("exports:job_appendix", args=[job.pk]))
    assert appendix["Location"] == reverse("exports:job", args=[job.pk])
    made = AuditEvent.objects.get(event_type=events.REVIEW_EXPORTED)
    assert made.actor == live["coordinator"] and made.after["job"] == job.pk
    assert made.after["via"] == "web, made by the worker" and made.after["format"] == "csv"
    downloaded = AuditEvent.objects.get(event_type=events.EXPORT_DOWNLOADED)
    assert downloaded.actor == live["coordinator"] and downloaded.after == {"part": "pack"}
    assert "Action plan as CSV, internal profile downloaded" == downloaded.summary


def test_no_one_else_may_see_or_download_a_plan_job(client, live, outsider, long_plans, worker):
    client.force_login(live["coordinator"])
    job, _ = made_by_the_worker(client, live, worker, "json")
    for other in (live["lead"], outsider):
        client.force_login(other)
        for name in ("job", "job_status", "job_download"):
            assert client.get(reverse(f"exports:{name}", args=[job.pk])).status_code == 404
        assert client.post(reverse("exports:job_again", args=[job.pk])).status_code == 404
    downloads = AuditEvent.objects.filter(event_type=events.EXPORT_DOWNLOADED)
    assert [event.actor for event in downloads] == [live["coordinator"]]  # the asker's only
    assert ExportJob.objects.count() == 1


def test_the_asker_who_has_left_the_partnership_may_not_download_the_plan(
    client, live, long_plans, worker
):
    client.force_login(live["coordinator"])
    job, _ = made_by_the_worker(client, live, worker, "json")
    Membership.objects.filter(user=live["coordinator"]).delete()
    assert client.get(reverse("exports:job_download", args=[job.pk])).status_code == 404


def test_a_public_long_plan_of_an_unpublished_review_is_refused_at_once(client, live, long_plans):
    client.force_login(live["coordinator"])
    response = client.get(download_url(live, "csv", "?profile=public"))
    assert response.status_code == 409
    assert "has not been published" in response.text
    assert not ExportJob.objects.exists() and not DBTaskResult.objects.exists()


def test_a_public_long_plan_names_no_one(client, live, long_plans, worker):
    deliver(live)
    review = live["review"]
    review.published_on = TODAY - dt.timedelta(days=100)
    review.save()
    client.force_login(live["coordinator"])
    job, response = made_by_the_worker(client, live, worker, "csv", "?profile=public")
    assert job.profile == "public" and job.filename.endswith("-public.csv")
    text = body(response).decode()
    assert "Northmoor Police" in text
    for person in ("Kit Moss", "Robin Marsh", "Inspector"):
        assert person not in text


def test_a_bad_profile_is_a_clear_message_and_nothing_is_queued(client, live, long_plans):
    client.force_login(live["coordinator"])
    response = client.get(download_url(live, "csv", "?profile=secret"))
    assert response.status_code == 400
    assert "There is no &#x27;secret&#x27; profile" in response.text
    assert not ExportJob.objects.exists()


def test_a_plan_job_is_deleted_after_its_time_and_can_be_asked_for_again(
    client, live, long_plans, worker, settings
):
    from django.core.files.storage import default_storage

    from followthrough.exports import services

    client.force_login(live["coordinator"])
    job, _ = made_by_the_worker(client, live, worker, "csv")
    name = job.file.name
    later = job.finished_at + dt.timedelta(hours=settings.FOLLOWTHROUGH_EXPORT_KEEP_HOURS + 1)
    assert services.export_jobs_purge(now=later) == 1
    assert not default_storage.exists(name)
    page = client.get(reverse("exports:job", args=[job.pk])).text
    assert "The action plan has been deleted" in page
    again = client.post(reverse("exports:job_again", args=[job.pk]))
    new = ExportJob.objects.exclude(pk=job.pk).get()
    assert again["Location"] == reverse("exports:job", args=[new.pk])
    assert (new.kind, new.fmt, new.review) == ("plan", "csv", live["review"])
    expired = AuditEvent.objects.get(event_type=events.EXPORT_EXPIRED)
    assert expired.summary.startswith("Action plan as CSV, internal profile: files deleted")


def test_the_board_pack_page_does_not_list_plan_jobs(client, live, long_plans):
    client.force_login(live["coordinator"])
    client.get(download_url(live, "csv"))
    assert selectors.recent_export_jobs(live["coordinator"], review=live["review"]) == []
