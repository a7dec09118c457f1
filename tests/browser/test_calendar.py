"""An agency lead makes a calendar link, reads it, and revokes it; every state of the page
passes axe-core, and the link works in between."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest

from tests.browser.conftest import accessible, sign_in

pytestmark = pytest.mark.browser


def status_of(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_the_calendar_page_in_each_state_has_no_accessibility_violations(
    transactional_db, live_server, page, seed_review, agency_lead, settings
):
    settings.FOLLOWTHROUGH_BASE_URL = live_server.url
    sign_in(page, live_server, "cadas-lead")
    page.goto(f"{live_server.url}/calendar/")
    page.get_by_role("heading", level=1, name="Your calendar link").wait_for()
    accessible(page)

    page.get_by_role("button", name="Create a calendar link").click()
    page.get_by_role("heading", level=1, name="Calendar link created").wait_for()
    accessible(page)
    link = page.get_by_label("Your calendar link").input_value()
    assert link.startswith(f"{live_server.url}/calendar/") and link.endswith(".ics")
    assert status_of(link) == 200

    page.get_by_role("button", name="Revoke the calendar link").click()
    page.get_by_text("Your calendar link has been revoked").wait_for()
    accessible(page)
    assert status_of(link) == 404
