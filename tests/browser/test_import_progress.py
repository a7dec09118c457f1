"""Uploading a plan in the browser: the progress page is accessible, says how the reading is
going in a live region, and moves on by itself (the page asks the status endpoint) to the
preview, or to the refusal, once the worker has read the document."""

from __future__ import annotations

import pytest

from followthrough.imports.models import PendingImport
from tests.browser.conftest import axe_violations, sign_in
from tests.conftest import SEED_TEXT
from tests.factories import MembershipFactory, PartnershipFactory, UserFactory
from tests.imports.conftest import work_the_queue

pytestmark = pytest.mark.browser


@pytest.fixture
def chair(transactional_db, monkeypatch):
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    user = UserFactory(username="panel-chair")
    MembershipFactory(
        user=user, partnership=PartnershipFactory(name="South Lakeland CSP"), role="panel_chair"
    )
    return user


def upload(page, live_server, name: str, content: bytes) -> None:
    page.goto(f"{live_server.url}/imports/new/")
    page.get_by_label("Plan document").set_input_files(
        {"name": name, "mimeType": "application/octet-stream", "buffer": content}
    )
    page.get_by_role("button", name="Upload and preview").click()
    page.get_by_role("heading", name="Reading the document").wait_for()


def test_the_progress_page_moves_on_to_the_preview_when_the_plan_is_read(live_server, page, chair):
    sign_in(page, live_server, "panel-chair")
    upload(page, live_server, "sarah.txt", SEED_TEXT.read_bytes())
    status = page.get_by_role("status")
    assert "Queued" in status.inner_text()
    assert axe_violations(page) == []
    work_the_queue()
    page.get_by_role("heading", name="Check the plan before you save it").wait_for(timeout=15_000)
    assert "6 recommendations" in page.content()


def test_a_refused_document_is_explained_on_a_page_of_its_own(live_server, page, chair):
    sign_in(page, live_server, "panel-chair")
    upload(page, live_server, "notes.txt", b"Minutes of the meeting.\nNothing else here.\n")
    work_the_queue()
    page.get_by_role("heading", name="The document could not be read").wait_for(timeout=15_000)
    assert page.locator("#import-refusal").inner_text().startswith("notes.txt: ")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Upload another document").click()
    page.get_by_role("heading", name="Import a plan").wait_for()
    assert not PendingImport.objects.exists()  # the refusal read, nothing of it is kept
