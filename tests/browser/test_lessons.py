"""The recurring lessons report in the browser: a member sees the lessons of their partnership
and others, pages through the groups and downloads the spreadsheet; every page passes
axe-core."""

from __future__ import annotations

import pytest

from followthrough.lessons.selectors import GROUPS_PER_PAGE, forget_index
from tests.browser.conftest import accessible, sign_in
from tests.lessons.conftest import make_world
from tests.lessons.test_views import _grow

pytestmark = pytest.mark.browser


@pytest.fixture
def lessons(transactional_db):
    """The lessons world, with enough recurring lessons for two pages."""
    forget_index()
    world = make_world()
    _grow(world, range(GROUPS_PER_PAGE + 1))
    yield world
    forget_index()


def test_the_recurring_lessons_report_pages_and_passes_axe(live_server, page, lessons):
    total = GROUPS_PER_PAGE + 2
    sign_in(page, live_server, "home-coordinator")
    page.goto(f"{live_server.url}/lessons/")
    page.get_by_role("heading", name="Recurring lessons", level=1).wait_for()
    page.get_by_text(f"Groups 1 to {GROUPS_PER_PAGE} of {total}.").wait_for()
    accessible(page)

    pages = page.get_by_role("navigation", name="Pages of lessons")
    pages.get_by_role("link", name="Next page").click()
    page.get_by_text(f"Groups {GROUPS_PER_PAGE + 1} to {total} of {total}.").wait_for()
    for number in [GROUPS_PER_PAGE + 1, total]:
        heading = page.get_by_role("heading", name=f"Lesson {number}: made 2 times in 2 reviews")
        assert heading.is_visible()
        table = page.get_by_role("table", name=f"The recommendations of lesson {number}")
        assert table.get_by_role("row").count() == 3  # the header and two members
    accessible(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Download every group as a spreadsheet (Excel)").click()
    assert download.value.suggested_filename.startswith("recurring-lessons-")
