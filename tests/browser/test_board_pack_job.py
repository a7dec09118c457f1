"""Asking for a board pack in the browser: the page that asks is accessible, the request goes
at once to the job's page (a live region, a "Check again" link, no automatic refresh), which
moves on by itself once the worker has made the pack, and the pack and its appendix download."""

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


def test_a_coordinator_asks_for_the_board_pack_and_downloads_it_once_made(
    live_server, page, seed_review, coordinator, queue
):
    csp_errors = []
    page.on(
        "console",
        lambda m: csp_errors.append(m.text) if "Content Security Policy" in m.text else None,
    )
    sign_in(page, live_server, coordinator.username)
    partnership = seed_review.partnership
    page.goto(f"{live_server.url}/exports/partnerships/{partnership.pk}/board-pack.pdf")
    page.get_by_role("heading", level=1, name="Board pack").wait_for()
    assert axe_violations(page) == []
    page.get_by_label("Changes since").fill("2026-01-01")
    page.get_by_label("Word").check()
    page.get_by_role("button", name="Make the board pack").click()

    page.get_by_role("heading", level=1, name="Making the board pack").wait_for()
    assert "Waiting for the worker" in page.get_by_role("status").inner_text()
    assert page.get_by_role("link", name="Check again").is_visible()
    assert axe_violations(page) == []
    job = ExportJob.objects.get()
    assert job.status == "queued" and not job.file

    work_the_queue()
    page.get_by_role("heading", level=1, name="Your board pack is ready").wait_for(timeout=15_000)
    assert axe_violations(page) == []
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the board pack").click()
    assert download.value.suggested_filename.endswith(".docx")
    with page.expect_download() as appendix:
        page.get_by_role("link", name="Download the Excel appendix").click()
    assert appendix.value.suggested_filename.endswith("-appendix.xlsx")
    assert csp_errors == []


def test_a_failed_pack_is_explained_and_can_be_asked_for_again(
    live_server, page, seed_review, coordinator, queue, monkeypatch
):
    from followthrough.exports import services

    def broken(**kwargs):
        raise RuntimeError("a bug")

    sign_in(page, live_server, coordinator.username)
    page.goto(
        f"{live_server.url}/exports/partnerships/{seed_review.partnership.pk}/board-pack.docx"
    )
    page.get_by_role("button", name="Make the board pack").click()
    page.get_by_role("heading", level=1, name="Making the board pack").wait_for()
    monkeypatch.setattr(services, "export_job_build", broken)
    work_the_queue()
    page.get_by_role("link", name="Check again").click()
    page.get_by_role("heading", level=1, name="The board pack could not be made").wait_for()
    assert "error in Followthrough" in page.locator("#export-refusal").inner_text()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Ask for it again").click()
    page.get_by_role("heading", level=1, name="Making the board pack").wait_for()
    assert ExportJob.objects.filter(status="queued").count() == 1
