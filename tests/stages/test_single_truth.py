"""One truth for the dates a review's details page and its timeline both show: changed on
either page, the other says the same."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from followthrough.plans.models import Review
from followthrough.stages.models import StageEntry
from tests.stages.conftest import person

pytestmark = pytest.mark.django_db


def details(review, **changes) -> dict:
    review.refresh_from_db()
    return {
        "version": review.version,
        "review_type": review.review_type,
        "title": review.title,
        "subject_pseudonym": review.subject_pseudonym,
        "reference": review.reference,
        **changes,
    }


def row(page: str, stage: str, round_: int = 1) -> str:
    return page.split(f'id="stage-{stage}-{round_}"')[1].split("</tr>")[0]


@pytest.fixture
def signed_in(client, coordinator):
    client.force_login(coordinator)
    return client


def test_a_date_changed_on_the_details_page_shows_on_the_timeline(signed_in, review):
    signed_in.post(
        reverse("plans:review_edit", args=[review.pk]),
        details(review, notified_on="2/6/2025", decided_on="30/6/2025"),
    )
    entry = StageEntry.objects.get(review=review, stage="decision")
    assert entry.on == dt.date(2025, 6, 30)
    timeline = signed_in.get(reverse("stages:timeline", args=[review.pk])).text
    assert "30 June 2025" in row(timeline, "decision")
    signed_in.post(
        reverse("plans:review_edit", args=[review.pk]),
        details(review, notified_on="2/6/2025", decided_on="1/7/2025"),
    )
    timeline = signed_in.get(reverse("stages:timeline", args=[review.pk])).text
    assert "1 July 2025" in row(timeline, "decision")
    assert StageEntry.objects.get(pk=entry.pk).on == dt.date(2025, 7, 1)  # moved, not added
    signed_in.post(
        reverse("plans:review_edit", args=[review.pk]), details(review, notified_on="2/6/2025")
    )
    timeline = signed_in.get(reverse("stages:timeline", args=[review.pk])).text
    assert "Not recorded" in row(timeline, "decision")


def test_a_stage_recorded_on_the_timeline_shows_on_the_details_page(signed_in, review):
    signed_in.post(
        reverse("stages:record", args=[review.pk]),
        {"version": review.version, "stage": "qa_submitted", "on": "1/9/2024"},
    )
    review.refresh_from_db()
    signed_in.post(
        reverse("stages:record", args=[review.pk]),
        {
            "version": review.version,
            "stage": "qa_outcome",
            "on": "5/12/2024",
            "outcome": "approved",
        },
    )
    page = signed_in.get(reverse("plans:review_details", args=[review.pk])).text
    assert "1 September 2024" in page and "5 December 2024" in page
    entry = StageEntry.objects.get(review=review, stage="qa_outcome")
    signed_in.post(
        reverse("stages:entry_change", args=[entry.pk]),
        {"version": entry.version, "on": "6/12/2024", "outcome": "approved"},
    )
    page = signed_in.get(reverse("plans:review_details", args=[review.pk])).text
    assert "6 December 2024" in page and "5 December 2024" not in page
    entry.refresh_from_db()
    signed_in.post(reverse("stages:entry_remove", args=[entry.pk]), {"version": entry.version})
    assert Review.objects.get(pk=review.pk).qa_approved_on is None


def test_a_review_made_with_its_dates_shows_them_on_the_timeline(signed_in, partnership):
    signed_in.post(
        reverse("plans:review_create"),
        {
            "partnership": partnership.pk,
            "review_type": "DHR",
            "title": "DHR into the death of Adult C",
            "notified_on": "2/6/2025",
            "decided_on": "30/6/2025",
        },
    )
    review = Review.objects.get(title="DHR into the death of Adult C")
    timeline = signed_in.get(reverse("stages:timeline", args=[review.pk])).text
    assert "2 June 2025" in row(timeline, "notification")
    assert "From the review's details" in row(timeline, "decision")


def test_a_publication_date_written_round_the_services_still_shows_on_the_timeline(
    signed_in, review
):
    """A revised plan's import writes the review's publication date itself."""
    StageEntry.objects.create(review=review, stage="publication", on=dt.date(2025, 1, 14))
    Review.objects.filter(pk=review.pk).update(
        published_on=dt.date(2025, 2, 28), published_on_precision="month"
    )
    timeline = signed_in.get(reverse("stages:timeline", args=[review.pk])).text
    assert "February 2025" in row(timeline, "publication")


def test_an_imported_plans_publication_date_shows_on_the_timeline(partnership, seed_plan):
    from dataclasses import replace

    from followthrough.interchange import PartialDate
    from followthrough.plans.services import plan_import
    from followthrough.stages.selectors import timeline_lines

    plan = replace(seed_plan, review=replace(seed_plan.review, published_on=PartialDate(2025, 1)))
    review = plan_import(
        plan=plan, partnership=partnership, source=b"x", filename="x.txt", actor=None
    ).review
    _, lines = timeline_lines(review, today=dt.date(2026, 3, 2))
    publication = next(line for line in lines if line.row.key == "publication")
    assert publication.from_details and publication.shown_on == "January 2025"


def test_a_panel_chair_changes_the_details_but_not_the_stage_dates(client, review, partnership):
    client.force_login(person(partnership, "chair", "panel_chair"))
    url = reverse("plans:review_edit", args=[review.pk])
    response = client.post(url, details(review, decided_on="30/6/2025"))
    assert "coordinator changes the dates of a review&#x27;s stages" in response.text
    assert Review.objects.get(pk=review.pk).decided_on is None
    assert not StageEntry.objects.exists()
    assert client.post(url, details(review, title="A new title")).status_code == 302


@pytest.mark.parametrize(
    "changes, field",
    [({"notified_on": "1/1/2099"}, "notified_on"), ({"published_on": "2099"}, "published_on")],
)
def test_the_details_page_refuses_a_stage_date_in_the_future(signed_in, review, changes, field):
    response = signed_in.post(
        reverse("plans:review_edit", args=[review.pk]), details(review, **changes)
    )
    error = response.text.split(f'id="id_{field}-error"')[1].split("</p>")[0]
    assert "cannot be in the future" in error
