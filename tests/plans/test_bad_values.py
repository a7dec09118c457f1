"""Bad values stop at the boundary with a clear message: no input may produce a 500.
(Finding 7 of the trust issue; tests/test_fuzz.py throws generated input at every form.)"""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from followthrough.plans.models import Action, Review
from tests.factories import (
    ActionFactory,
    MembershipFactory,
    MilestoneFactory,
    PartnershipFactory,
    RecommendationFactory,
    ReviewFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def review():
    return ReviewFactory(partnership=PartnershipFactory(name="Northmoor CSP"))


@pytest.fixture
def chair(client, review):
    user = UserFactory(username="chair")
    MembershipFactory(user=user, partnership=review.partnership, role="panel_chair")
    client.force_login(user)
    return user


@pytest.mark.parametrize("typed", ["31/12/9999", "December 9999", "9999", "1/1/1066"])
def test_a_target_date_in_year_9999_is_refused_with_a_message(client, chair, review, typed):
    rec = RecommendationFactory(review=review)
    response = client.post(
        reverse("plans:action_create", args=[rec.pk]), {"text": "Train staff", "target_date": typed}
    )
    assert response.status_code == 200
    assert "Enter a date the plan can track" in response.text
    assert not Action.objects.filter(recommendation=rec).exists()


def test_a_review_date_in_year_9999_is_refused_with_a_message(client, chair, review):
    response = client.post(
        reverse("plans:review_edit", args=[review.pk]),
        {
            "version": review.version,
            "review_type": "DHR",
            "title": review.title,
            "notified_on": "31/12/9999",
        },
    )
    assert "Notified on must be between 1900 and 2199" in response.text
    review.refresh_from_db()
    assert review.notified_on is None


@pytest.mark.parametrize("number", ["²", "12345678901234567890123", "-1", "1e3"])
def test_a_milestone_number_that_is_not_a_small_whole_number_is_refused(
    client, chair, review, number
):
    action = ActionFactory(recommendation=RecommendationFactory(review=review))
    response = client.post(
        reverse("plans:milestone_create", args=[action.pk]), {"number": number, "text": "Train"}
    )
    assert response.status_code == 200
    assert "Number must be" in response.text


@pytest.mark.parametrize("pk", ["12345678901234567890123", "²", "0", "-4", "abc"])
def test_a_milestone_id_the_database_cannot_hold_is_an_invalid_choice(client, review, pk):
    from followthrough.partnerships.models import Agency

    action = ActionFactory(recommendation=RecommendationFactory(review=review), status="on_track")
    MilestoneFactory(action=action)
    agency = Agency.objects.create(name="Northmoor Police")
    agency.partnerships.add(review.partnership)
    action.leads.create(agency=agency, order=1)
    lead = UserFactory(username="lead")
    MembershipFactory(user=lead, partnership=review.partnership, role="agency_lead", agency=agency)
    client.force_login(lead)
    response = client.post(
        reverse("delivery:progress_add", args=[action.pk]),
        {
            "version": action.version,
            "narrative": "Done some",
            "status": "on_track",
            "milestones_done": [pk],
        },
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert not action.progress_updates.exists()


@pytest.mark.parametrize(("field", "limit"), [("narrative", 5_000)])
def test_text_longer_than_its_limit_is_refused_with_the_limit(client, review, field, limit):
    from followthrough.partnerships.models import Agency

    action = ActionFactory(recommendation=RecommendationFactory(review=review), status="on_track")
    agency = Agency.objects.create(name="Northmoor Police")
    action.leads.create(agency=agency, order=1)
    lead = UserFactory(username="lead")
    MembershipFactory(user=lead, partnership=review.partnership, role="agency_lead", agency=agency)
    client.force_login(lead)
    response = client.post(
        reverse("delivery:progress_add", args=[action.pk]),
        {"version": action.version, field: "😀" * (limit + 1), "status": "on_track"},
    )
    assert "must be 5,000 characters or fewer" in response.text
    assert not action.progress_updates.exists()


def test_existing_dates_outside_the_calendar_are_cleared_and_the_pages_answer(
    client, chair, review
):
    action = ActionFactory(recommendation=RecommendationFactory(review=review))
    milestone = MilestoneFactory(action=action)
    Action.objects.filter(pk=action.pk).update(
        target_date=dt.date(9999, 12, 31), completed_on=dt.date(9999, 1, 1)
    )
    type(milestone).objects.filter(pk=milestone.pk).update(target_date=dt.date(9999, 12, 31))
    Review.objects.filter(pk=review.pk).update(published_on=dt.date(9999, 12, 31))
    migration = importlib.import_module(
        "followthrough.plans.migrations.0008_dates_outside_the_calendar_cleared"
    )
    migration.clear(apps, None)
    action.refresh_from_db()
    assert (action.target_date, action.target_date_text, action.completed_on) == (
        None,
        "9999-12-31",
        None,
    )
    assert Review.objects.get(pk=review.pk).published_on is None
    for url in (
        reverse("plans:review_detail", args=[review.pk]),
        reverse("plans:review_write", args=[review.pk]),
        reverse("actions:detail", args=[action.pk]),
    ):
        assert client.get(url).status_code == 200, url
