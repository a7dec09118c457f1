"""Every action carries its review's partnership (``Action.partnership``, which the dashboards
count and list by): set by every way an action is made, and carried along when an action,
a recommendation or a review moves (issue 13, the largest dashboard within twice the
smallest)."""

from __future__ import annotations

import copy
import datetime as dt

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from followthrough.benchdata.loader import bench_data_load
from followthrough.demo.loader import demo_load
from followthrough.plans.models import Action, Recommendation
from followthrough.plans.services import action_create, plan_import
from followthrough.plans.services.revising import plan_compare, plan_revise
from tests.factories import (
    ActionFactory,
    PartnershipFactory,
    RecommendationFactory,
    ReviewFactory,
)
from tests.plans.test_revising import A, first_version

pytestmark = pytest.mark.django_db


def astray() -> list[Action]:
    """The actions whose column disagrees with the partnership of their review."""
    return list(Action.objects.exclude(partnership=F("recommendation__review__partnership")))


def test_every_way_of_making_actions_gives_them_their_reviews_partnership():
    eden = PartnershipFactory(name="Eden Valley CSP")
    imported = plan_import(
        plan=first_version(), partnership=eden, source=b"v1", filename="v1.docx", actor=None
    ).review
    authored = action_create(
        recommendation=imported.recommendations.first(), text="Added by hand", actor=None
    )
    revised = copy.deepcopy(first_version())
    revised.recommendations[1].actions.append(A("Train practice managers in routine enquiry"))
    changes = plan_compare(review=imported, plan=revised)
    plan_revise(
        review=imported,
        plan=revised,
        source=b"v2",
        filename="v2.docx",
        fingerprint=changes.fingerprint,
        actor=None,
    )
    demo = demo_load()
    bench_data_load(scale="small", seed=1, force=True, today=dt.date(2026, 12, 7))

    assert authored.partnership == eden
    assert Action.objects.filter(text="Train practice managers in routine enquiry").get(
        partnership=eden
    )
    assert Action.objects.filter(recommendation__review__in=demo).exists()
    assert Action.objects.count() > 80
    assert astray() == []


def test_an_action_saved_without_its_partnership_takes_it_from_its_recommendation():
    recommendation = RecommendationFactory()
    action = Action(
        recommendation=Recommendation.objects.get(pk=recommendation.pk), text="Bare", order=1
    )
    action.save()
    assert action.partnership == recommendation.review.partnership
    assert astray() == []


def test_an_action_moved_to_another_partnerships_recommendation_moves_with_it():
    action = ActionFactory()
    elsewhere = RecommendationFactory()
    moved = Action.objects.get(pk=action.pk)
    moved.recommendation = elsewhere
    moved.save()
    assert Action.objects.get(pk=action.pk).partnership == elsewhere.review.partnership
    assert astray() == []


def test_an_action_moved_with_named_fields_saved_still_moves_its_partnership():
    action = ActionFactory()
    elsewhere = RecommendationFactory()
    moved = Action.objects.get(pk=action.pk)
    moved.recommendation_id = elsewhere.pk
    moved.save(update_fields=["recommendation"])
    assert astray() == []


def test_a_recommendation_moved_to_another_review_carries_its_actions():
    action = ActionFactory()
    ActionFactory(recommendation=action.recommendation)
    other = ReviewFactory()
    recommendation = Recommendation.objects.get(pk=action.recommendation_id)
    recommendation.review = other
    recommendation.save()
    assert set(
        Action.objects.filter(recommendation=recommendation).values_list("partnership", flat=True)
    ) == {other.partnership_id}
    assert astray() == []


def test_a_review_moved_to_another_partnership_carries_its_actions():
    action = ActionFactory()
    staying = ActionFactory()
    fellside = PartnershipFactory(name="Fellside CSP")
    review = type(action.recommendation.review).objects.get(pk=action.recommendation.review_id)
    review.partnership = fellside
    review.save()
    assert Action.objects.get(pk=action.pk).partnership == fellside
    assert (
        Action.objects.get(pk=staying.pk).partnership == staying.recommendation.review.partnership
    )
    assert astray() == []


def test_saving_an_unmoved_review_or_recommendation_touches_no_action():
    action = ActionFactory()
    recommendation = Recommendation.objects.get(pk=action.recommendation_id)
    recommendation.text = "Reworded"
    review = type(action.recommendation.review).objects.get(pk=action.recommendation.review_id)
    review.title = "Retitled"
    with CaptureQueriesContext(connection) as saved:
        recommendation.save()
        review.save()
    assert saved.captured_queries
    assert not [q for q in saved.captured_queries if '"plans_action"' in q["sql"]]
