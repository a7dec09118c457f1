"""The demo has enough reviews, across enough partnerships and years, for learning across
reviews to show something real: published reviews of every kind, themes set, every outcome of
*Learning from loss*, recurring lessons asked in other words, and invented people only."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction

from followthrough.audit import events
from followthrough.audit.models import AuditEvent
from followthrough.delivery.models import ProgressUpdate, SignOffDecision
from followthrough.demo.learning import PARTNERSHIPS, RECURRING, REVIEWS
from followthrough.demo.loader import NATIONAL_BODY, demo_load
from followthrough.oversight.models import NationalAccess
from followthrough.partnerships.models import Agency, Membership, Partnership
from followthrough.plans.models import Action, ActionLead, Recommendation, Review
from followthrough.plans.outcomes import IMPLEMENTED, Outcome, recommendation_outcome

User = get_user_model()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, loaded once for the module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        demo_load()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def loaded(demo, db):
    return None


def published(today=None):
    today = today or dt.date.today()
    return Review.objects.filter(published_on__lte=today)


def outcome_of(recommendation: Recommendation) -> Outcome:
    return recommendation_outcome(a.status for a in recommendation.actions.all())


def test_the_demo_has_reviews_in_at_least_three_partnerships(loaded):
    with_reviews = Partnership.objects.filter(reviews__isnull=False).distinct()
    assert with_reviews.count() >= 3
    assert {"South Lakeland CSP", "Eden Valley CSP"} <= {p.name for p in with_reviews}


def test_most_of_its_reviews_are_published_across_kinds_and_years_and_one_or_two_are_not(loaded):
    references = [spec.reference for spec in REVIEWS]
    assert 6 <= len(references) <= 10
    reviews = Review.objects.filter(reference__in=references)
    assert reviews.count() == len(references)
    out = reviews.exclude(pk__in=published())
    assert 1 <= out.count() <= 2
    # Not yet published: one with no date yet, one with a date still to come.
    assert {r.published_on is None for r in out} == {True, False}
    shown = reviews.filter(pk__in=published())
    assert {r.review_type for r in shown} >= {"DHR", "DARDR", "SAR", "CSPR", "PFD"}
    years = {r.published_on.year for r in shown}
    assert min(years) == 2019 and max(years) >= 2025 and len(years) >= 6


def test_every_recommendation_has_its_themes_set_through_the_service_and_most_themes_are_used(
    loaded,
):
    recommendations = Recommendation.objects.prefetch_related("themes")
    assert all(r.themes.all() for r in recommendations)
    used = {t.name for r in recommendations for t in r.themes.all()}
    assert len(used) == 24
    # Each was set through recommendation_themes_set, which records who set which themes.
    audited = set(
        AuditEvent.objects.filter(event_type=events.RECOMMENDATION_THEMES_SET).values_list(
            "target_id", flat=True
        )
    )
    assert {r.pk for r in recommendations} <= audited


def test_published_recommendations_show_every_outcome_some_more_than_five_some_fewer(loaded):
    counts = Counter(
        outcome_of(r)
        for r in Recommendation.objects.filter(review__in=published()).prefetch_related("actions")
    )
    assert set(counts) == set(Outcome)
    assert sum(1 for n in counts.values() if n > 5) >= 2
    assert sum(1 for n in counts.values() if n < 5) >= 2


def test_what_became_of_each_action_was_recorded_by_the_partnership_through_delivery(loaded):
    references = [spec.reference for spec in REVIEWS]
    actions = Action.objects.filter(recommendation__review__reference__in=references)
    signed_off = actions.filter(status="signed_off")
    assert signed_off.count() >= 8
    decisions = SignOffDecision.objects.filter(action__in=signed_off)
    assert decisions.count() == signed_off.count()
    closed = actions.filter(status__in=["already_in_place", "partly_met", "not_met", "superseded"])
    assert closed.exists()
    # A closure has its reason, recorded as the update that closed it.
    for action in closed:
        assert ProgressUpdate.objects.filter(action=action, status=action.status).exists()
    coordinators = Membership.objects.filter(role="coordinator").values_list("user_id", flat=True)
    assert set(decisions.values_list("decided_by_id", flat=True)) <= set(coordinators)


def members_of(lesson: str) -> list[Recommendation]:
    return [
        Recommendation.objects.select_related("review__partnership")
        .prefetch_related("actions")
        .get(review__reference=reference, number=number)
        for reference, number in RECURRING[lesson]
    ]


@pytest.mark.parametrize("lesson", sorted(RECURRING))
def test_a_recurring_lesson_is_asked_in_other_words_by_several_partnerships_and_years(
    loaded, lesson
):
    members = members_of(lesson)
    assert len(members) >= 3
    assert len({m.review.partnership_id for m in members}) == len(members)
    assert len({m.review.published_on.year for m in members}) == len(members)
    assert all(m.review in published() for m in members)
    texts = [" ".join(m.text.lower().split()) for m in members]
    assert len(set(texts)) == len(texts)
    # Asked in other words, not copied: no two share a run of eight words.
    runs = [
        {tuple(words[i : i + 8]) for i in range(len(words) - 7)}
        for words in (re.findall(r"\w+", t) for t in texts)
    ]
    for i, a in enumerate(runs):
        for b in runs[i + 1 :]:
            assert not a & b
    # With different fates: none the same.
    outcomes = [outcome_of(m) for m in members]
    assert len(set(outcomes)) == len(outcomes)
    assert Outcome.UNDER_WAY in outcomes


def test_the_main_recurring_lesson_was_implemented_once_no_information_once_under_way_once(
    loaded,
):
    members = members_of("GPs ask about domestic abuse at routine appointments")
    outcomes = [outcome_of(m) for m in members]
    assert sum(o in IMPLEMENTED for o in outcomes) == 1
    assert outcomes.count(Outcome.NO_INFORMATION) == 1
    assert outcomes.count(Outcome.UNDER_WAY) == 1


def test_agencies_have_sectors_police_health_council_probation_housing_specialist_national(
    loaded,
):
    names = {name for _, agencies in PARTNERSHIPS.values() for name, _ in agencies}
    sectors = set(Agency.objects.filter(name__in=names).values_list("sector", flat=True))
    assert sectors >= {
        "police",
        "health",
        "local_authority",
        "probation",
        "housing",
        "specialist",
        "national",
    }


def test_the_national_user_sees_the_figures_for_the_commissioner_and_belongs_nowhere(loaded):
    national = User.objects.get(username="national")
    access = NationalAccess.objects.get(user=national)
    assert access.body == NATIONAL_BODY and access.is_active
    assert not Membership.objects.filter(user=national).exists()


def test_people_are_pseudonymous_and_the_recorders_cannot_sign_in(loaded):
    for review in Review.objects.all():
        assert review.subject_pseudonym, review.title
        assert review.title.endswith(review.subject_pseudonym), review.title
    recorders = [recorder for recorder, _ in PARTNERSHIPS.values()]
    for recorder in recorders:
        user = User.objects.get(username=recorder.username)
        assert not user.has_usable_password()
    assert all(u.email.endswith("@example.invalid") for u in User.objects.all())
    # Lead names are the invented ones of the demo's data, nothing else.
    invented = {
        act.lead[0] for spec in REVIEWS for rec in spec.recommendations for act in rec.actions
    }
    references = [spec.reference for spec in REVIEWS]
    leads = set(
        ActionLead.objects.filter(
            action__recommendation__review__reference__in=references
        ).values_list("person_name", flat=True)
    )
    assert leads <= invented


def test_a_second_load_adds_nothing_and_changes_nothing(loaded):
    def counts():
        return [
            model.objects.count()
            for model in (
                Partnership,
                Agency,
                Review,
                Recommendation,
                Action,
                ActionLead,
                ProgressUpdate,
                SignOffDecision,
                User,
                Membership,
                NationalAccess,
            )
        ] + [AuditEvent.objects.exclude(event_type=events.DEMO_LOADED).count()]

    before = counts()
    versions = list(Action.objects.order_by("pk").values_list("pk", "version", "status"))
    demo_load()
    assert counts() == before
    assert list(Action.objects.order_by("pk").values_list("pk", "version", "status")) == versions
