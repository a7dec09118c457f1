"""No lost edits: two people saving the same record from the same page, one wins and the other
is told, for every edit form of a plan, and between writing a plan and delivering it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from followthrough.audit.models import AuditEvent
from followthrough.delivery import services as delivery
from followthrough.plans.models import Action, Milestone, Recommendation, Review
from followthrough.plans.services import StaleEdit, action_update
from tests.factories import (
    ActionFactory,
    ActionLeadFactory,
    AgencyFactory,
    MembershipFactory,
    MilestoneFactory,
    PartnershipFactory,
    RecommendationFactory,
    ReviewFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

STALE = "Someone else changed this"


@pytest.fixture
def partnership():
    return PartnershipFactory(name="Northmoor CSP")


@pytest.fixture
def police(partnership):
    agency = AgencyFactory(name="Northmoor Police")
    agency.partnerships.add(partnership)
    return agency


def _signed_in(partnership, username, role, agency=None) -> Client:
    user = UserFactory(username=username)
    MembershipFactory(user=user, partnership=partnership, role=role, agency=agency)
    client = Client()
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def first(partnership):
    return _signed_in(partnership, "chair-one", "panel_chair")


@pytest.fixture
def second(partnership):
    return _signed_in(partnership, "chair-two", "panel_chair")


@pytest.fixture
def action(partnership, police):
    review = ReviewFactory(partnership=partnership)
    action = ActionFactory(recommendation=RecommendationFactory(review=review), status="on_track")
    ActionLeadFactory(action=action, agency=police)
    return action


def _form_version(page) -> str:
    return page.context["form"]["version"].value()


# Each edit form, the record it edits, and a change to post (the version is added).
EDITS = {
    "review": (
        "plans:review_edit",
        lambda a: a.recommendation.review,
        lambda who: {"review_type": "DARDR", "title": f"Title by {who}"},
        "title",
    ),
    "recommendation": (
        "plans:recommendation_edit",
        lambda a: a.recommendation,
        lambda who: {"text": f"Text by {who}", "scope": "local"},
        "text",
    ),
    "action": (
        "plans:action_edit",
        lambda a: a,
        lambda who: {"text": f"Text by {who}", "target_date": "July 2030"},
        "text",
    ),
    "milestone": (
        "plans:milestone_edit",
        lambda a: Milestone.objects.get(action=a),
        lambda who: {"text": f"Text by {who}"},
        "text",
    ),
}


@pytest.mark.parametrize("kind", list(EDITS))
def test_of_two_people_saving_the_same_edit_page_the_second_is_refused_and_the_first_kept(
    kind, action, first, second
):
    MilestoneFactory(action=action, text="Course designed")
    url_name, record_of, change, field = EDITS[kind]
    record = record_of(action)
    url = reverse(url_name, args=[record.pk])
    first_page, second_page = first.get(url), second.get(url)
    assert _form_version(first_page) == _form_version(second_page) == record.version

    saved = first.post(url, {"version": _form_version(first_page), **change("first")})
    assert saved.status_code == 302
    refused = second.post(url, {"version": _form_version(second_page), **change("second")})
    assert refused.status_code == 200 and STALE in refused.text

    record.refresh_from_db()
    assert getattr(record, field).endswith("by first")
    assert record.version == 2
    assert AuditEvent.objects.filter(event_type=f"{kind}.updated").count() == 1


@pytest.mark.parametrize("kind", list(EDITS))
def test_an_edit_without_the_version_the_page_carries_is_not_saved(kind, action, first):
    MilestoneFactory(action=action, text="Course designed")
    url_name, record_of, change, field = EDITS[kind]
    record = record_of(action)
    response = first.post(reverse(url_name, args=[record.pk]), change("forger"))
    assert "reload it and make your change again" in response.text
    record.refresh_from_db()
    assert not getattr(record, field).endswith("forger")


def test_a_stale_authoring_edit_cannot_put_back_a_status_the_lead_changed(
    action, first, partnership, police
):
    """The finding: a full save() from a stale edit page put "at risk" back to "on track" and
    the version from 2 to 1."""
    lead = _signed_in(partnership, "police-lead", "agency_lead", police)
    edit_url = reverse("plans:action_edit", args=[action.pk])
    edit_page = first.get(edit_url)
    delivery.progress_update_add(
        action=action,
        actor=lead.user,
        expected_version=action.version,
        narrative="Trainer off sick",
        status="at_risk",
    )
    response = first.post(
        edit_url,
        {"version": _form_version(edit_page), "text": "Reworded", "target_date": "July 2030"},
    )
    assert STALE in response.text
    action.refresh_from_db()
    assert (action.status, action.version, action.text) == ("at_risk", 2, action.text)
    assert action.text != "Reworded"


def test_an_authoring_edit_makes_a_delivery_page_opened_before_it_stale(action, first):
    seen = action.version
    action_update(
        action=action,
        actor=first.user,
        expected_version=seen,
        text="Reworded by the panel",
        target_date=action.target,
    )
    with pytest.raises(StaleEdit):
        delivery.progress_update_add(
            action=action, actor=None, expected_version=seen, narrative="x", status="at_risk"
        )
    assert Action.objects.get(pk=action.pk).status == "on_track"


def test_an_unchanged_edit_saves_nothing_and_keeps_the_version(action, first):
    url = reverse("plans:recommendation_edit", args=[action.recommendation.pk])
    rec = action.recommendation
    first.post(
        url,
        {
            "version": rec.version,
            "number": rec.number,
            "text": rec.text,
            "theme_heading": rec.theme_heading,
            "scope": rec.scope,
            "area": rec.area,
        },
    )
    rec.refresh_from_db()
    assert rec.version == 1
    assert not AuditEvent.objects.filter(event_type="recommendation.updated").exists()


def test_agreeing_the_plan_makes_a_review_details_page_opened_before_it_stale(action, first):
    review = action.recommendation.review
    url = reverse("plans:review_edit", args=[review.pk])
    page = first.get(url)
    first.post(reverse("plans:plan_agree", args=[review.pk]))
    assert Review.objects.get(pk=review.pk).plan_status == "agreed"
    response = first.post(
        url,
        {
            "version": _form_version(page),
            "review_type": "DARDR",
            "title": "Changed after agreeing",
            "notified_on": dt.date(2025, 1, 2).strftime("%d/%m/%Y"),
        },
    )
    assert STALE in response.text
    assert Recommendation.objects.get(pk=action.recommendation.pk).version == 1
