"""A review's details on a page of their own: recorded and changed by the plan's authors,
draft or agreed, version-checked and audited; read by every member (issue 12, observation 4)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from followthrough.audit.models import AuditEvent
from followthrough.interchange import PartialDate
from followthrough.plans.models import Review
from tests.factories import (
    ActionFactory,
    MembershipFactory,
    PartnershipFactory,
    RecommendationFactory,
    ReviewFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def partnership():
    return PartnershipFactory(name="Northmoor CSP")


@pytest.fixture
def review(partnership):
    review = ReviewFactory(partnership=partnership, title="DHR into the death of Adult A")
    ActionFactory(recommendation=RecommendationFactory(review=review))
    return review


def person(partnership, username, role):
    user = UserFactory(username=username)
    MembershipFactory(user=user, partnership=partnership, role=role)
    return user


@pytest.fixture
def coordinator(client, partnership):
    user = person(partnership, "coordinator", "coordinator")
    client.force_login(user)
    return user


def details(review, **changes) -> dict:
    """The details form as the page posts it, with ``changes``."""
    return {
        "version": review.version,
        "review_type": review.review_type,
        "title": review.title,
        "subject_pseudonym": review.subject_pseudonym,
        "reference": review.reference,
        **changes,
    }


def test_the_coordinator_records_the_publication_date_as_the_report_gives_it(
    client, coordinator, review
):
    response = client.post(
        reverse("plans:review_edit", args=[review.pk]),
        details(review, published_on="January 2025", reference="NM-DHR-07"),
    )
    assert response["Location"] == reverse("plans:review_details", args=[review.pk])
    review.refresh_from_db()
    assert review.published == PartialDate(2025, 1)
    assert review.reference == "NM-DHR-07"
    event = AuditEvent.objects.get(event_type="review.updated")
    assert event.actor == coordinator
    assert event.after["published_on"] == "2025-01-31"
    assert event.after["published_on_precision"] == "month"
    page = client.get(reverse("plans:review_details", args=[review.pk]))
    assert "January 2025" in page.text


def test_every_detail_is_recorded_on_the_page_and_shown_back(client, coordinator, review):
    client.post(
        reverse("plans:review_edit", args=[review.pk]),
        details(
            review,
            notified_on="3/2/2023",
            decided_on="10/2/2023",
            qa_submitted_on="1/9/2024",
            qa_approved_on="5/12/2024",
            published_on="14 January 2025",
            retention_until="14/1/2040",
            preamble="The panel agreed this plan.",
        ),
    )
    review.refresh_from_db()
    assert (review.notified_on, review.decided_on) == (dt.date(2023, 2, 3), dt.date(2023, 2, 10))
    assert (review.qa_submitted_on, review.qa_approved_on) == (
        dt.date(2024, 9, 1),
        dt.date(2024, 12, 5),
    )
    assert review.published == PartialDate(2025, 1, 14)
    assert review.retention_until == dt.date(2040, 1, 14)
    assert review.preamble == "The panel agreed this plan."
    page = client.get(reverse("plans:review_details", args=[review.pk])).text
    for shown in ("3 February 2023", "5 December 2024", "14 January 2025", "14 January 2040"):
        assert shown in page
    assert "Due for deletion" not in page


def test_the_details_of_an_agreed_plan_can_still_be_changed(client, coordinator, review):
    client.post(reverse("plans:plan_agree", args=[review.pk]))
    review.refresh_from_db()
    response = client.post(
        reverse("plans:review_edit", args=[review.pk]), details(review, published_on="2025")
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.is_agreed and review.published == PartialDate(2025)
    assert (
        "(after the plan was agreed)" in AuditEvent.objects.get(event_type="review.updated").summary
    )


def test_a_details_page_out_of_date_is_refused_and_nothing_is_changed(client, coordinator, review):
    stale = details(review, published_on="2025")
    client.post(reverse("plans:review_edit", args=[review.pk]), details(review, title="Newer"))
    response = client.post(reverse("plans:review_edit", args=[review.pk]), stale)
    assert "Someone else changed this review after you opened the page" in response.text
    review.refresh_from_db()
    assert review.title == "Newer" and review.published is None


@pytest.mark.parametrize(
    "changes, field, message",
    [
        (
            {"qa_submitted_on": "1/9/2024", "qa_approved_on": "1/8/2024"},
            "qa_approved_on",
            "Approval must be on or after the day it was sent for quality assurance",
        ),
        (
            {"notified_on": "1/9/2024", "decided_on": "1/8/2024"},
            "decided_on",
            "The decision to review must be on or after the day the partnership was notified",
        ),
        ({"published_on": "soon"}, "published_on", "Enter a date the plan can track"),
        ({"retention_until": "31/2/2040"}, "retention_until", "must be a real date"),
        ({"retention_until": "1/1/9999"}, "retention_until", "must be between 1900 and 2199"),
    ],
)
def test_a_date_that_cannot_be_right_is_explained_beside_its_field_and_nothing_is_saved(
    client, coordinator, review, changes, field, message
):
    response = client.post(
        reverse("plans:review_edit", args=[review.pk]), details(review, **changes)
    )
    assert response.status_code == 200
    error = response.text.split(f'id="id_{field}-error"')[1].split("</p>")[0]
    assert message in error
    assert Review.objects.get(pk=review.pk).version == review.version


def test_creating_a_review_asks_only_what_is_known_at_the_start(client, coordinator):
    page = client.get(reverse("plans:review_create")).text
    assert 'name="notified_on"' in page
    assert 'name="published_on"' not in page and 'name="retention_until"' not in page


def test_a_retention_date_in_the_past_shows_the_review_as_due_for_deletion(
    client, coordinator, review
):
    Review.objects.filter(pk=review.pk).update(retention_until=dt.date(2020, 3, 31))
    for name in ("plans:review_detail", "plans:review_details", "plans:review_write"):
        page = client.get(reverse(name, args=[review.pk])).text
        assert "Due for deletion" in page, name
        assert "31 March 2020" in page
    assert Review.objects.filter(pk=review.pk).exists()  # nothing is deleted by itself


def test_a_retention_date_to_come_is_not_due(client, coordinator, review):
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    Review.objects.filter(pk=review.pk).update(retention_until=tomorrow)
    for name in ("plans:review_detail", "plans:review_details"):
        assert "Due for deletion" not in client.get(reverse(name, args=[review.pk])).text


def test_the_unpublished_plans_public_download_line_leads_to_the_details_page(
    client, coordinator, review
):
    plan_page = client.get(reverse("plans:review_detail", args=[review.pk])).text
    line = plan_page.split('id="download-public-unavailable">')[1].split("</p>")[0]
    assert reverse("plans:review_details", args=[review.pk]) in line
    public = reverse("exports:review_json", args=[review.pk]) + "?profile=public"
    assert client.get(public).status_code == 409
    client.post(
        reverse("plans:review_edit", args=[review.pk]), details(review, published_on="May 2025")
    )
    assert client.get(public).status_code == 200


def test_members_read_the_details_authors_change_them_and_an_outsider_sees_nothing(
    client, partnership, review
):
    outsider = person(PartnershipFactory(name="Eden Valley CSP"), "outsider", "coordinator")
    expectations = [
        (person(partnership, "chair", "panel_chair"), 200, True),
        (person(partnership, "viewer", "viewer"), 200, False),
        (person(partnership, "board", "board_member"), 200, False),
        (outsider, 404, False),
    ]
    for user, status, may_change in expectations:
        client.force_login(user)
        page = client.get(reverse("plans:review_details", args=[review.pk]))
        assert page.status_code == status, user.username
        if status == 200:
            assert ("Change the review's details" in page.text) is may_change
        edit = client.get(reverse("plans:review_edit", args=[review.pk]))
        assert edit.status_code == (200 if may_change else 404), user.username
    client.force_login(outsider)
    client.post(reverse("plans:review_edit", args=[review.pk]), details(review, title="Mine"))
    assert Review.objects.get(pk=review.pk).title == review.title


def test_the_details_page_runs_the_same_queries_whatever_the_review(
    client, coordinator, review, django_assert_max_num_queries
):
    url = reverse("plans:review_details", args=[review.pk])
    client.get(url)
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200
