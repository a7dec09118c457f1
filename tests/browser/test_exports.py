"""A PDF that cannot be made in the time allowed: the page that says so passes axe-core, and
its button downloads the Word version instead."""

from __future__ import annotations

import pytest

from tests.browser.conftest import axe_violations, sign_in

pytestmark = pytest.mark.browser


def test_a_refused_pdf_offers_the_word_version_on_an_accessible_page(
    transactional_db, live_server, page, seed_review, agency_lead, settings
):
    settings.FOLLOWTHROUGH_PDF_SECONDS = 0.2  # lower than any layout takes
    sign_in(page, live_server, "cadas-lead")
    page.goto(f"{live_server.url}/exports/reviews/{seed_review.pk}/action-plan.pdf")
    page.get_by_role("heading", level=1, name="This download cannot be made").wait_for()
    assert "The PDF could not be made" in page.text_content("#refusal")
    violations = axe_violations(page)
    assert violations == [], violations

    with page.expect_download() as download:
        page.get_by_role("button", name="Download the Word version").click()
    assert download.value.suggested_filename == "dhr-sarah-action-plan.docx"
