"""Setting a recommendation's themes: versioned, audited, one history row per change."""

from __future__ import annotations

import pytest

from followthrough.audit.models import AuditEvent
from followthrough.plans.models import Theme
from followthrough.plans.services import StaleEdit, recommendation_themes_set
from tests.factories import RecommendationFactory, UserFactory

pytestmark = pytest.mark.django_db


TRAINING = "Training and awareness (professionals)"
SHARING = "Information sharing"


@pytest.fixture
def actor():
    return UserFactory(username="coordinator-themes")


def names(recommendation):
    return [t.name for t in recommendation.themes.order_by("order")]


def test_setting_themes_by_name_saves_exactly_those_themes_and_raises_the_version(actor):
    recommendation = RecommendationFactory()
    saved = recommendation_themes_set(
        recommendation=recommendation,
        themes=[TRAINING, SHARING],
        actor=actor,
        expected_version=recommendation.version,
    )
    assert names(saved) == [SHARING, TRAINING]  # in the vocabulary's order
    assert saved.version == recommendation.version + 1


def test_setting_themes_is_audited_once_with_the_names_before_and_after(actor):
    recommendation = RecommendationFactory()
    recommendation.themes.add(Theme.objects.get(name=SHARING))
    recommendation_themes_set(
        recommendation=recommendation, themes=[Theme.objects.get(name=TRAINING)], actor=actor
    )
    event = AuditEvent.objects.get(event_type="recommendation.themes_set")
    assert event.actor == actor
    assert event.before == {"themes": [SHARING]}
    assert event.after == {"themes": [TRAINING]}


def test_the_row_history_keeps_one_version_with_the_new_themes(actor):
    recommendation = RecommendationFactory()
    count = recommendation.history.count()
    recommendation_themes_set(recommendation=recommendation, themes=[TRAINING], actor=actor)
    assert recommendation.history.count() == count + 1
    latest = recommendation.history.first()
    assert [t.theme.name for t in latest.themes.all()] == [TRAINING]


def test_setting_the_same_themes_again_writes_nothing(actor):
    recommendation = RecommendationFactory()
    saved = recommendation_themes_set(recommendation=recommendation, themes=[SHARING], actor=actor)
    again = recommendation_themes_set(recommendation=saved, themes=[SHARING], actor=actor)
    assert again.version == saved.version
    assert AuditEvent.objects.filter(event_type="recommendation.themes_set").count() == 1


def test_a_stale_page_is_refused_and_the_themes_stay(actor):
    recommendation = RecommendationFactory()
    recommendation_themes_set(recommendation=recommendation, themes=[SHARING], actor=actor)
    with pytest.raises(StaleEdit):
        recommendation_themes_set(
            recommendation=recommendation,
            themes=[TRAINING],
            actor=actor,
            expected_version=recommendation.version,  # the version before the first change
        )
    assert names(recommendation) == [SHARING]


def test_a_name_outside_the_vocabulary_is_refused(actor):
    recommendation = RecommendationFactory()
    with pytest.raises(ValueError, match="not a theme: Astrology"):
        recommendation_themes_set(recommendation=recommendation, themes=["Astrology"], actor=actor)
    assert names(recommendation) == []


def test_clearing_the_themes_leaves_none(actor):
    recommendation = RecommendationFactory()
    recommendation_themes_set(recommendation=recommendation, themes=[SHARING], actor=actor)
    recommendation_themes_set(recommendation=recommendation, themes=[], actor=actor)
    assert names(recommendation) == []
