"""The timeline, the stage forms, the reviews in progress (and their Excel) and the table of
clocks, through their real addresses."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from followthrough.audit.models import AuditEvent
from followthrough.stages.models import StageEntry, StageExtension
from tests.factories import ReviewFactory
from tests.stages.conftest import person

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, coordinator):
    client.force_login(coordinator)
    return client


def late_review(partnership, title="DHR into the death of Adult B"):
    """Decided eight months ago, the report not completed: late against its six months."""
    review = ReviewFactory(partnership=partnership, review_type="DHR", title=title)
    today = dt.date.today()
    StageEntry.objects.create(review=review, stage="notification", on=today - dt.timedelta(270))
    StageEntry.objects.create(review=review, stage="decision", on=today - dt.timedelta(245))
    return review


def test_the_timeline_says_what_is_due_next_and_which_clock_is_late(signed_in, partnership):
    review = late_review(partnership)
    page = signed_in.get(reverse("stages:timeline", args=[review.pk])).text
    top = page.split('id="next"')[1].split("</div>")[0]
    assert "Home Office told of the decision" in top
    assert "Overview report completed" in top and "Late by" in top
    assert "Record a stage" in page
    entry = StageEntry.objects.get(review=review, stage="decision")
    assert reverse("stages:entry_change", args=[entry.pk]) in page
    plan = signed_in.get(reverse("plans:review_detail", args=[review.pk])).text
    summary = plan.split('id="review-clock"')[1].split("</div>")[0]
    assert "Late by" in summary and reverse("stages:timeline", args=[review.pk]) in summary


def test_a_viewer_reads_the_timeline_without_the_links_to_change_it(client, partnership):
    review = late_review(partnership)
    client.force_login(person(partnership, "viewer", "viewer"))
    page = client.get(reverse("stages:timeline", args=[review.pk])).text
    assert "Late by" in page and "Record a stage" not in page and "Remove" not in page


def test_recording_a_stage_on_its_form_shows_it_on_the_timeline(signed_in, review):
    url = reverse("stages:record", args=[review.pk])
    assert 'value="notification" checked' in signed_in.get(url + "?stage=notification").text
    response = signed_in.post(
        url, {"version": review.version, "stage": "notification", "on": "2/6/2025"}
    )
    assert response["Location"] == reverse("stages:timeline", args=[review.pk])
    page = signed_in.get(response["Location"]).text
    assert "2 June 2025" in page and "Stage recorded." in page


def test_a_stage_form_with_a_problem_says_so_and_saves_nothing(signed_in, review):
    url = reverse("stages:record", args=[review.pk])
    future = (dt.date.today() + dt.timedelta(days=3)).strftime("%d/%m/%Y")
    for data, message in [
        ({"stage": "notification", "on": future}, "cannot be in the future"),
        ({"stage": "qa_outcome", "on": "2/6/2025"}, "Choose the outcome"),
        ({"stage": "nonsense", "on": "2/6/2025"}, "Choose one of the stages listed"),
        ({"stage": "notification", "on": "31/2/2025"}, "must be a real date"),
    ]:
        response = signed_in.post(url, {"version": review.version, **data})
        assert response.status_code == 200 and message in response.text, message
    response = signed_in.post(
        url, {"version": review.version - 1 or 99, "stage": "notification", "on": "2/6/2025"}
    )
    assert "Someone else changed this review" in response.text
    assert not StageEntry.objects.exists()


def test_changing_and_removing_an_entry_through_its_pages(signed_in, review):
    entry = StageEntry.objects.create(review=review, stage="notification", on=dt.date(2025, 6, 2))
    response = signed_in.post(
        reverse("stages:entry_change", args=[entry.pk]),
        {"version": entry.version, "on": "3/6/2025", "note": "From the minutes"},
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.on == dt.date(2025, 6, 3) and entry.note == "From the minutes"
    remove = reverse("stages:entry_remove", args=[entry.pk])
    assert "Remove this stage?" in signed_in.get(remove).text
    assert StageEntry.objects.filter(pk=entry.pk).exists()  # asked first
    signed_in.post(remove, {"version": entry.version})
    assert not StageEntry.objects.filter(pk=entry.pk).exists()
    assert AuditEvent.objects.filter(event_type="stage.removed").count() == 1


def test_extending_a_stage_shows_the_new_due_date_and_its_reason(signed_in, partnership):
    review = late_review(partnership)
    url = reverse("stages:extend", args=[review.pk])
    response = signed_in.post(
        url, {"version": review.version, "stage": "report_completed", "due_on": "30/9/2099"}
    )
    assert "Enter the reason the due date moves" in response.text
    signed_in.post(
        url,
        {
            "version": review.version,
            "stage": "report_completed",
            "due_on": "30/9/2099",
            "reason": "Criminal trial listed",
        },
    )
    assert StageExtension.objects.get().reason == "Criminal trial listed"
    page = signed_in.get(reverse("stages:timeline", args=[review.pk])).text
    assert "Extended to 30 September 2099: Criminal trial listed" in page


def test_the_reviews_in_progress_list_the_late_first_and_filter_in_the_address(
    signed_in, partnership
):
    late_review(partnership, "Late review")
    ReviewFactory(partnership=partnership, review_type="SAR", title="Waiting review")
    url = reverse("stages:in_progress", args=[partnership.pk])
    page = signed_in.get(url).text
    assert page.index("Late review") < page.index("Waiting review")
    filtered = signed_in.get(url + "?type=SAR").text
    assert "Waiting review" in filtered and "Late review" not in filtered
    assert "Late review" in signed_in.get(url + "?state=late").text
    bad = signed_in.get(url + "?state=sideways")
    assert bad.status_code == 200 and "Choose a clock state from the list" in bad.text
    dashboard = signed_in.get(reverse("dashboards:partnership", args=[partnership.pk])).text
    assert url in dashboard
    assert url in signed_in.get(reverse("plans:review_list")).text


def test_the_reviews_in_progress_download_as_excel_with_formulas_kept_as_text(
    signed_in, partnership
):
    late_review(partnership, '=HYPERLINK("x")')
    response = signed_in.get(reverse("stages:in_progress_xlsx", args=[partnership.pk]))
    assert response["Content-Disposition"].startswith('attachment; filename="reviews-in')
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[2][0] == "Review"
    cell = sheet.cell(row=4, column=1)
    assert cell.value == '=HYPERLINK("x")' and cell.data_type == "s"
    assert rows[3][4] == "Overview report completed" and rows[3][6].startswith("Late by")
    assert AuditEvent.objects.filter(event_type="reviews_in_progress.downloaded").exists()


def test_the_clocks_table_shows_each_types_stages_and_sources(client, partnership):
    client.force_login(person(partnership, "viewer", "viewer"))
    page = client.get(reverse("stages:clocks")).text
    assert "Child Safeguarding Practice Review" in page
    assert "5 working days" in page and "Working Together to Safeguard Children 2023" in page


@pytest.mark.parametrize("url_name", ["stages:in_progress", "stages:timeline"])
def test_the_pages_run_the_same_queries_whatever_the_data(signed_in, partnership, url_name):
    def count(n):
        reviews = [late_review(partnership, f"Review {i}") for i in range(n)]
        for review in reviews:
            StageExtension.objects.create(
                review=review, stage="report_completed", due_on=dt.date(2099, 1, 1), reason="x"
            )
        arg = partnership.pk if url_name == "stages:in_progress" else reviews[-1].pk
        url = reverse(url_name, args=[arg])
        signed_in.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert signed_in.get(url).status_code == 200
        return len(queries)

    assert count(2) == count(30)
