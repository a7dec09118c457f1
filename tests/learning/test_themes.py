"""Theme suggestions: the 24 themes as the domain spells them, clear cases suggested with the
words that suggested them, and nothing for text with no signal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from followthrough.learning.accuracy import score_themes
from followthrough.learning.themes import THEMES, ThemeSuggestion, suggest_themes

DEV = json.loads((Path(__file__).parent / "data" / "themes-dev.json").read_text("utf-8"))


def test_the_themes_are_the_24_of_the_domain_in_the_order_of_the_migration():
    import importlib

    migration = importlib.import_module("followthrough.plans.migrations.0002_themes")
    assert THEMES == tuple(migration.THEMES)
    assert len(THEMES) == 24


@pytest.mark.parametrize(
    ("text", "theme", "word"),
    [
        ("Officers must complete a DASH risk assessment at every incident.",
         "Risk assessment and management", "DASH"),
        ("Drug and alcohol services should screen clients for domestic abuse.",
         "Substance misuse", "alcohol"),
        ("The housing provider should flag tenancies where abuse is known.",
         "Housing and homelessness", "tenancies"),
        ("The Home Office should amend the statutory guidance for reviews.",
         "National policy and legislation", "Home Office"),
        ("Midwives should see every pregnant woman alone at the booking appointment.",
         "Health services (GP, acute, maternity)", "Midwives"),
    ],
)  # fmt: skip
def test_a_clear_case_suggests_its_theme_first_with_the_words_why(text, theme, word):
    first = suggest_themes(text)[0]
    assert isinstance(first, ThemeSuggestion)
    assert first.theme == theme
    assert word in first.because
    assert 0 < first.score <= 1


def test_suggestions_are_best_first_and_within_the_limit():
    text = "Probation and the police should share information about perpetrators with MARAC."
    suggestions = suggest_themes(text)
    assert 1 <= len(suggestions) <= 3
    assert [s.score for s in suggestions] == sorted((s.score for s in suggestions), reverse=True)
    assert len(suggest_themes(text, limit=1)) == 1
    assert all(s.theme in THEMES for s in suggestions)


def test_text_with_no_signal_gets_no_suggestion():
    assert suggest_themes("Libraries should stock books on gardening.") == []
    assert suggest_themes("") == []


def test_the_development_set_first_suggestion_is_mostly_right():
    scores = score_themes(DEV, suggest_themes)
    assert scores.first_precision >= 0.8
    assert scores.main_in_top3 >= 0.9


def test_the_longest_phrase_claims_its_words_so_mental_health_is_not_a_health_service_word():
    suggestions = suggest_themes(
        "The crisis team should see every mental health patient within a day."
    )
    assert suggestions[0].theme == "Mental health"
    assert "Health services (GP, acute, maternity)" not in [s.theme for s in suggestions]


def test_it_in_capitals_is_the_computer_systems_not_the_pronoun():
    first = suggest_themes("Agencies should make their IT systems show the same flag.")[0]
    assert first.theme == "Record keeping and IT systems"
    assert "IT systems" in first.because
