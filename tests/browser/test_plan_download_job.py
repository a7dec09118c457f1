"""A long plan's download in the browser (issue 13): asking for it goes to the job's page
(accessible, a live region and "Check again"), which moves on by itself once the worker has
made the file, and offers the plan alone to download."""

from __future__ import annotations

import pytest

from followthrough.exports.models import ExportJob
from tests.browser.conftest import axe_violations, sign_in
from tests.imports.conftest import work_the_queue

pytestmark = pytest.mark.browser


@pytest.fixture
def queue(transactional_db, monkeypatch, settings, tmp_path):
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.FOLLOWTHROUGH_EXPORT_IN_REQUEST_ACTIONS = 1  # the seed plan is a long one here


def test_a_long_plans_spreadsheet_is_made_by_the_worker_and_downloaded_from_its_page(
    live_server, page, seed_review, coordinator, queue
):
    csp_errors = []
    page.on(
        "console",
        lambda m: csp_errors.append(m.text) if "Content Security Policy" in m.text else None,
    )
    sign_in(page, live_server, coordinator.username)
    page.goto(f"{live_server.url}/exports/reviews/{seed_review.pk}/action-plan.xlsx")
    page.get_by_role("heading", level=1, name="Making the action plan").wait_for()
    assert "Waiting for the worker" in page.get_by_role("status").inner_text()
    assert axe_violations(page) == []
    job = ExportJob.objects.get()
    assert (job.kind, job.status, job.fmt) == ("plan", "queued", "xlsx")

    work_the_queue()
    page.get_by_role("heading", level=1, name="Your action plan is ready").wait_for(timeout=15_000)
    assert axe_violations(page) == []
    assert page.get_by_role("link", name="Download the Excel appendix").count() == 0
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the action plan").click()
    assert download.value.suggested_filename.endswith("-action-plan.xlsx")
    assert csp_errors == []
