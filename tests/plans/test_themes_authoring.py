"""Themes while writing a plan: suggested from the text, shown beside the checkboxes, never
ticked or saved until the person asks; saved exactly as ticked."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse

from followthrough.audit.models import AuditEvent
from followthrough.plans.models import Recommendation, Theme
from tests.factories import (
    MembershipFactory,
    PartnershipFactory,
    RecommendationFactory,
    ReviewFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


TRAINING = "Training and awareness (professionals)"
SHARING = "Information sharing"
HOUSING = "Housing and homelessness"
TEXT = "Northmoor Police will deliver training on domestic abuse to all staff by July 2025."


@pytest.fixture
def partnership():
    return PartnershipFactory(name="Northmoor CSP")


@pytest.fixture
def author(client, partnership):
    user = UserFactory(username="coordinator-themes")
    MembershipFactory(user=user, partnership=partnership, role="coordinator")
    client.force_login(user)
    return user


@pytest.fixture
def draft(partnership):
    return ReviewFactory(partnership=partnership, title="DARDR into the death of Adult K")


@pytest.fixture
def rec(draft):
    return RecommendationFactory(review=draft, text=TEXT, order=1, scope="local")


def theme(name):
    return Theme.objects.get(name=name)


def checked(page, name) -> bool:
    """Whether the page has the checkbox of the theme ``name`` ticked."""
    pk = theme(name).pk
    text = page.text
    at = text.index(f'value="{pk}"')
    tag = text[text.rindex("<input", 0, at) : text.index(">", at)]
    return " checked" in tag


def fields(**extra):
    return {"text": TEXT, "scope": "local", "number": "1", **extra}


def test_the_form_shows_the_suggested_themes_with_why_but_ticks_none(client, author, rec):
    page = client.get(reverse("plans:recommendation_edit", args=[rec.pk]))
    text = html.unescape(page.text)
    assert "Suggested from the text:" in text
    assert f"{TRAINING} (because: 'training'" in text
    assert not checked(page, TRAINING)
    assert "Use the suggested themes" in text
    assert rec.themes.count() == 0


def test_use_the_suggested_themes_ticks_them_and_saves_nothing(client, author, rec):
    page = client.post(
        reverse("plans:recommendation_edit", args=[rec.pk]),
        {
            **fields(text=TEXT + " Record it."),
            "version": rec.version,
            "themes": [theme(HOUSING).pk],
            "use_suggested_themes": "1",
        },
    )
    assert page.status_code == 200
    assert checked(page, TRAINING)
    assert checked(page, HOUSING)  # what the person had ticked stays ticked
    assert not checked(page, SHARING)
    assert "Record it." in page.text  # what they typed is kept
    assert "There is a problem" not in page.text
    rec.refresh_from_db()
    assert (rec.text, rec.version, rec.themes.count()) == (TEXT, 1, 0)
    assert not AuditEvent.objects.exists()


def test_saving_sets_exactly_the_ticked_themes_audited_once(client, author, rec):
    response = client.post(
        reverse("plans:recommendation_edit", args=[rec.pk]),
        {**fields(), "version": rec.version, "themes": [theme(HOUSING).pk, theme(SHARING).pk]},
    )
    assert response.status_code == 302
    assert [t.name for t in rec.themes.all()] == [SHARING, HOUSING]
    events = AuditEvent.objects.filter(event_type="recommendation.themes_set")
    assert [(e.before, e.after) for e in events] == [
        ({"themes": []}, {"themes": [SHARING, HOUSING]})
    ]


def test_unticking_every_theme_clears_them(client, author, rec):
    rec.themes.add(theme(TRAINING))
    client.post(
        reverse("plans:recommendation_edit", args=[rec.pk]), {**fields(), "version": rec.version}
    )
    assert rec.themes.count() == 0


def test_the_edit_form_shows_the_saved_themes_ticked(client, author, rec):
    rec.themes.add(theme(HOUSING))
    page = client.get(reverse("plans:recommendation_edit", args=[rec.pk]))
    assert checked(page, HOUSING)
    assert not checked(page, TRAINING)


def test_a_stale_page_saves_neither_the_text_nor_the_themes(client, author, rec):
    stale = rec.version
    Recommendation.objects.filter(pk=rec.pk).update(version=stale + 1)
    page = client.post(
        reverse("plans:recommendation_edit", args=[rec.pk]),
        {**fields(text="Changed"), "version": stale, "themes": [theme(HOUSING).pk]},
    )
    assert "Someone else changed this" in page.text
    rec.refresh_from_db()
    assert (rec.text, rec.themes.count()) == (TEXT, 0)


def test_a_new_recommendation_is_saved_with_the_themes_ticked_and_no_others(client, author, draft):
    client.post(
        reverse("plans:recommendation_create", args=[draft.pk]),
        {**fields(), "themes": [theme(HOUSING).pk]},
    )
    rec = Recommendation.objects.get(review=draft)
    assert [t.name for t in rec.themes.all()] == [HOUSING]  # the suggestions were not saved


def test_a_new_recommendation_gets_its_suggestions_ticked_only_when_asked(client, author, draft):
    page = client.post(
        reverse("plans:recommendation_create", args=[draft.pk]),
        {**fields(), "use_suggested_themes": "1"},
    )
    assert checked(page, TRAINING)
    assert not Recommendation.objects.exists()


def test_a_theme_that_is_not_one_is_a_clear_error(client, author, rec):
    page = client.post(
        reverse("plans:recommendation_edit", args=[rec.pk]),
        {**fields(), "version": rec.version, "themes": ["99999"]},
    )
    assert page.status_code == 200
    assert "Choose themes from the list" in page.text
    assert rec.themes.count() == 0


def test_text_with_no_signal_says_no_theme_is_suggested(client, author, draft):
    rec = RecommendationFactory(review=draft, text="Zzz qqq.", order=1)
    page = client.get(reverse("plans:recommendation_edit", args=[rec.pk]))
    assert "No theme is suggested from the text" in page.text
