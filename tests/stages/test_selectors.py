"""The timelines and the list of reviews in progress, read in a fixed number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from followthrough.stages.models import StageEntry, StageExtension
from followthrough.stages.selectors import (
    pressing,
    review_timelines,
    reviews_in_progress,
    timeline_lines,
)
from tests.factories import PartnershipFactory, ReviewFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 2)


def entry(review, stage, on, outcome="", round_=1):
    return StageEntry.objects.create(
        review=review, stage=stage, on=on, outcome=outcome, round=round_
    )


def test_a_review_decided_eight_months_ago_without_its_report_is_late():
    review = ReviewFactory(review_type="DHR")
    entry(review, "notification", dt.date(2025, 6, 2))
    entry(review, "decision", dt.date(2025, 6, 30))
    line = review_timelines([review], today=TODAY)[review.pk]
    assert line.next.key == "home_office_told"  # no clock of its own
    assert pressing(line).key == "report_completed"
    report = next(row for row in line.rows if row.key == "report_completed")
    assert report.due_on == dt.date(2025, 12, 30)
    assert report.state.label == "Late by 62 days"


def test_the_reviews_own_dates_show_where_no_entry_holds_them():
    review = ReviewFactory(
        review_type="DHR", notified_on=dt.date(2026, 2, 2), published_on=dt.date(2026, 1, 31)
    )
    review.published_on_precision = "month"
    review.save()
    line, lines = timeline_lines(review, today=TODAY)
    notification = lines[0]
    assert notification.row.done_on == dt.date(2026, 2, 2) and notification.from_details
    publication = next(item for item in lines if item.row.key == "publication")
    assert publication.shown_on == "January 2026"


def test_the_reviews_field_wins_over_an_entry_that_went_out_of_step():
    review = ReviewFactory(review_type="DHR", decided_on=dt.date(2025, 7, 1))
    entry(review, "decision", dt.date(2025, 6, 30))
    line = review_timelines([review], today=TODAY)[review.pk]
    assert next(r for r in line.rows if r.key == "decision").done_on == dt.date(2025, 7, 1)


def test_an_extension_moves_the_due_date_of_its_round():
    review = ReviewFactory(review_type="DHR")
    entry(review, "notification", dt.date(2025, 6, 2))
    entry(review, "decision", dt.date(2025, 6, 30))
    StageExtension.objects.create(
        review=review, stage="report_completed", due_on=dt.date(2026, 6, 30), reason="Trial"
    )
    line = review_timelines([review], today=TODAY)[review.pk]
    report = next(row for row in line.rows if row.key == "report_completed")
    assert report.due_on == dt.date(2026, 6, 30) and report.extension.reason == "Trial"
    assert report.state.status == "on_time"


def test_reviews_in_progress_put_the_late_first_and_leave_the_closed_out():
    partnership = PartnershipFactory()
    late = ReviewFactory(partnership=partnership, review_type="DHR", title="Late one")
    entry(late, "decision", dt.date(2025, 6, 30))
    soon = ReviewFactory(partnership=partnership, review_type="DHR", title="Soon one")
    entry(soon, "notification", dt.date(2026, 2, 10))
    closed = ReviewFactory(partnership=partnership, review_type="SAR", title="Closed one")
    entry(closed, "closure", dt.date(2026, 1, 5))
    ReviewFactory(review_type="DHR", title="Another partnership's")
    items = reviews_in_progress(partnerships=[partnership], today=TODAY)
    assert [item.review.title for item in items] == ["Late one", "Soon one"]
    assert items[0].state.status == "late"
    assert [
        i.review.title
        for i in reviews_in_progress(partnerships=[partnership], today=TODAY, state="due_soon")
    ] == ["Soon one"]


@pytest.mark.parametrize("size", [2, 20])
def test_the_timelines_of_any_number_of_reviews_take_three_queries(size):
    partnership = PartnershipFactory()
    for _ in range(size):
        review = ReviewFactory(partnership=partnership)
        entry(review, "notification", dt.date(2025, 6, 2))
        StageExtension.objects.create(
            review=review, stage="decision", due_on=dt.date(2025, 8, 1), reason="x"
        )
    with CaptureQueriesContext(connection) as queries:
        items = reviews_in_progress(partnerships=[partnership], today=TODAY)
    assert len(items) == size
    assert len(queries) == 3
