"""The spreadsheet round trip in the browser: a lead downloads their actions from My actions,
fills a row in offline, uploads it (after a refused attempt), checks the preview and applies
it; the upload page, its error, the preview and the result each pass axe-core."""

from __future__ import annotations

import pytest

from followthrough.delivery.models import ProgressUpdate
from tests.browser.conftest import accessible, sign_in
from tests.trackers.conftest import fill, make_world, saved, workbook

pytestmark = pytest.mark.browser


@pytest.fixture
def world(transactional_db):
    return make_world()


def test_a_lead_fills_in_their_actions_offline_and_applies_them(live_server, page, world, tmp_path):
    train, audit = world.actions[:2]
    sign_in(page, live_server, "police-lead")
    page.goto(f"{live_server.url}/dashboards/my-actions/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download my actions to fill in offline").click()
    book = workbook(open(download.value.path(), "rb").read())
    fill(book, train.pk, new_status="At risk", narrative="Half the officers trained")
    fill(book, audit.pk, new_status="Done", narrative="Audit under way")
    filled = tmp_path / "my-actions.xlsx"
    filled.write_bytes(saved(book))
    not_a_workbook = tmp_path / "notes.txt"
    not_a_workbook.write_text("Train officers: half done")

    page.get_by_role("link", name="upload a filled-in spreadsheet").click()
    page.get_by_role("heading", name="Upload a filled-in spreadsheet", level=1).wait_for()
    accessible(page)
    page.get_by_label("Upload the filled-in spreadsheet").set_input_files(str(not_a_workbook))
    page.get_by_role("button", name="Upload and preview").click()
    page.get_by_role("heading", name="There is a problem").wait_for()
    assert page.get_by_text("The file is not an Excel workbook (.xlsx)").first.is_visible()
    accessible(page)

    page.get_by_label("Upload the filled-in spreadsheet").set_input_files(str(filled))
    page.get_by_role("button", name="Upload and preview").click()
    page.get_by_role("heading", name="Check the changes before applying them").wait_for()
    changes = page.get_by_role("table", name="Changes to apply")
    assert changes.get_by_text("Status: on track → at risk").is_visible()
    refused = page.get_by_role("table", name="Rows refused")
    assert refused.get_by_text("New status 'Done' is not one to choose").is_visible()
    accessible(page)

    page.get_by_role("button", name="Apply 1 change").click()
    page.get_by_role("heading", name="Spreadsheet applied", level=1).wait_for()
    assert page.get_by_text("1 action updated.").is_visible()
    accessible(page)
    assert list(ProgressUpdate.objects.values_list("action_id", flat=True)) == [train.pk]
