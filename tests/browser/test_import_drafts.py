"""Imports people can come back to, in the browser: corrections as rows of fields (no
JavaScript needed), the list of unsaved imports, the same document opening its import again,
cancelling that asks first, the question whether the plan is agreed, the review's details, and
a new version of the plan compared and applied. Every page passes axe with no breach of the
Content-Security-Policy."""

from __future__ import annotations

import json

import pytest

from followthrough import interchange
from followthrough.imports.models import PendingImport
from followthrough.interchange import PartialDate
from followthrough.plans.models import Action, Review
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


@pytest.fixture
def breaches(page):
    found = []
    page.on(
        "console",
        lambda m: found.append(m.text) if "Content Security Policy" in m.text else None,
    )
    return found


def accessible(page, breaches):
    assert axe_violations(page) == []
    assert breaches == []


def upload(page, live_server, name: str, content: bytes) -> None:
    page.goto(f"{live_server.url}/imports/new/")
    page.get_by_label("Plan document").set_input_files(
        {"name": name, "mimeType": "application/octet-stream", "buffer": content}
    )
    page.get_by_role("button", name="Upload and preview").click()


def preview_heading(page):
    page.get_by_role("heading", name="Check the plan before you save it").wait_for(timeout=15_000)


def test_an_import_is_corrected_left_found_again_and_saved_as_agreed(
    live_server, page, chair, breaches
):
    sign_in(page, live_server, "panel-chair")
    upload(page, live_server, "sarah.txt", SEED_TEXT.read_bytes())
    page.get_by_role("heading", name="Reading the document").wait_for()
    work_the_queue()
    preview_heading(page)
    assert page.get_by_role("group", name="Has this plan been agreed?").count() == 1
    accessible(page, breaches)

    # Leads as rows: add one, fill it in, press Enter in it: the page is saved.
    page.get_by_role("link", name="Change action 1 of recommendation 3").click()
    page.get_by_role("heading", name="Correct action 1 of recommendation 3").wait_for()
    accessible(page, breaches)
    page.get_by_role("button", name="Add another lead").click()
    lead = page.get_by_role("group", name="Lead 5")
    lead.wait_for()
    assert page.get_by_label("Action to take").input_value().startswith("Develop a model")
    lead.get_by_label("Name (optional)").fill("Sam Reed")
    lead.get_by_label("Agency (optional)").fill("Northmoor Fire")
    page.get_by_role("button", name="Remove lead 1").click()
    page.get_by_role("group", name="Lead 4").wait_for()
    assert page.get_by_role("group", name="Lead 5").count() == 0
    page.get_by_role("group", name="Lead 4").get_by_label("Agency (optional)").press("Enter")
    preview_heading(page)
    corrected = page.locator("#recommendation-3").inner_text()
    assert "Sam Reed (Northmoor Fire)" in corrected
    assert "Natalia Wealleans-Turner" not in corrected

    # Left, and found again from the reviews page.
    page.goto(f"{live_server.url}/reviews/")
    page.get_by_role("link", name="Imports not yet saved").click()
    page.get_by_role("heading", name="Imports not yet saved").wait_for()
    accessible(page, breaches)
    page.get_by_role("link", name="sarah.txt").click()
    preview_heading(page)

    # The same document uploaded again opens the same import, corrections kept.
    upload(page, live_server, "sarah again.txt", SEED_TEXT.read_bytes())
    preview_heading(page)
    assert "sarah again.txt was uploaded before" in page.content()
    assert "Sam Reed (Northmoor Fire)" in page.content()
    assert PendingImport.objects.count() == 1

    # Cancelling asks first; going back keeps it.
    page.get_by_role("link", name="Cancel the import").click()
    page.get_by_role("heading", name="Cancel this import?").wait_for()
    accessible(page, breaches)
    page.get_by_role("link", name="Cancel", exact=True).click()
    preview_heading(page)
    assert PendingImport.objects.count() == 1

    # A mistyped date is explained beside it; then saved as agreed on the day given.
    page.get_by_label("No, leave the themes empty").check()
    page.get_by_label("Date agreed (if it is agreed)").fill("31/2/2014")
    page.get_by_role("button", name="Save the plan").click()
    page.get_by_text("There is a problem").wait_for()
    assert "Date agreed must be a real date" in page.locator("#id_agreed_on-error").inner_text()
    accessible(page, breaches)
    page.get_by_label("Date agreed (if it is agreed)").fill("12/3/2014")
    page.get_by_role("button", name="Save the plan").click()
    page.get_by_text("Plan saved:").wait_for()
    review = Review.objects.get()
    assert review.is_agreed and review.agreed_at.date().isoformat() == "2014-03-12"


def test_a_review_is_given_its_details_and_a_new_version_of_its_plan(
    live_server, page, chair, breaches
):
    sign_in(page, live_server, "panel-chair")
    upload(page, live_server, "sarah.txt", SEED_TEXT.read_bytes())
    work_the_queue()
    preview_heading(page)
    page.get_by_label("No, it is still a draft").check()
    page.get_by_label("No, leave the themes empty").check()
    page.get_by_role("button", name="Save the plan").click()
    page.get_by_text("It is a draft").wait_for()
    review = Review.objects.get()

    # The review's details on their own page. Its lifecycle dates are the coordinator's
    # (they are stages on its timeline): the chair is offered no way to change them.
    page.get_by_role("link", name="Review details").first.click()
    page.get_by_role("heading", name="Review details").wait_for()
    accessible(page, breaches)
    assert page.get_by_role("link", name="Record the date published").count() == 0
    coordinator = UserFactory(username="csp-coordinator")
    MembershipFactory(user=coordinator, partnership=review.partnership, role="coordinator")
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, live_server, "csp-coordinator")
    page.goto(f"{live_server.url}/reviews/{review.pk}/details/")
    page.get_by_role("link", name="Record the date published").click()
    page.get_by_role("heading", name="Change the review's details").wait_for()
    accessible(page, breaches)
    page.get_by_label("Date published").fill("January 2015")
    page.get_by_label("Keep the records until").fill("1/1/2020")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Review details saved.").wait_for()
    assert "January 2015" in page.locator("#published").inner_text()
    assert "Due for deletion" in page.locator("#retention").inner_text()
    accessible(page, breaches)

    # A new version of the plan: one target date moved on, one action added.
    from followthrough.plans.conversion import plan_from_review
    from followthrough.plans.selectors import review_plan

    plan = plan_from_review(review, review_plan(review))
    plan.recommendations[0].actions[0].target_date = PartialDate(2014, 6)
    plan.recommendations[5].actions.append(interchange.Action("Share the lessons with GPs"))
    upload(page, live_server, "sarah-v2.json", json.dumps(interchange.plan_to_dict(plan)).encode())
    work_the_queue()
    preview_heading(page)
    page.get_by_role("link", name=f"Compare with {review.title}").click()
    page.get_by_role("heading", name="Compare with the review it updates").wait_for()
    assert "Actions: 1 new, 1 changed, 5 unchanged, 0 removed" in page.content()
    accessible(page, breaches)
    page.get_by_role("link", name="Back to the preview").click()
    preview_heading(page)
    page.get_by_role("link", name="compare it with another review").click()
    page.get_by_role("heading", name="Compare with the review it updates").wait_for()
    accessible(page, breaches)
    page.get_by_label(review.title).check()
    page.get_by_role("button", name="Compare").click()
    page.get_by_role("button", name="Apply these changes to the review").click()
    page.get_by_text("The review now follows sarah-v2.json").wait_for()
    assert Action.objects.filter(text="Share the lessons with GPs").exists()
    assert Review.objects.count() == 1 and not PendingImport.objects.exists()
