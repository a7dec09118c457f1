"""Who sees which repeated recommendation, what became of each, and what it costs."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from followthrough.lessons import selectors
from followthrough.lessons.selectors import Repeat, repeats_for_texts, repeats_for_user, summarise
from followthrough.plans.models import Recommendation
from followthrough.plans.outcomes import Outcome
from tests.factories import RecommendationFactory, ReviewFactory, UserFactory
from tests.lessons.conftest import DASH_QUERY, UNRELATED

TODAY = dt.date(2026, 12, 7)


def found(user, text=DASH_QUERY, **kwargs):
    return {r.recommendation_id: r for r in repeats_for_user(user, text, today=TODAY, **kwargs)}


def test_a_member_sees_their_own_partnerships_unpublished_repeat_with_its_title(world):
    repeats = found(world.users["home"])
    mine = repeats[world.home_rec.pk]
    assert mine.may_open_review
    assert mine.review_title == world.home_review.title
    assert mine.outcome == Outcome.FULLY_IMPLEMENTED
    assert mine.outcome_text == "Training given to 400 staff."
    assert (mine.partnership_name, mine.reference, mine.number, mine.year) == (
        "Northmoor CSP",
        "NM-DHR-2023-01",
        "3",
        2023,
    )


def test_another_partnerships_unpublished_repeat_is_invisible(world):
    assert world.fellside_rec.pk not in found(world.users["home"])
    assert world.home_rec.pk not in found(world.users["fellside"])


def test_another_partnerships_published_repeat_is_visible_without_names(world):
    other = found(world.users["home"])[world.published_rec.pk]
    assert not other.may_open_review and other.public_only
    assert other.review_title is None
    assert other.outcome_text is None  # its words may carry names
    assert other.outcome == Outcome.NO_INFORMATION
    assert (other.partnership_name, other.review_type, other.reference, other.year) == (
        "Fellside CSP",
        "DHR",
        "FS-DHR-2021-07",
        2024,
    )
    names = {"Adult P", world.published_review.title, "Pat Example", "Lee Example"}
    assert not names & {str(value) for value in vars(other).values()}


def test_the_outsider_sees_only_the_published_repeat(world):
    assert list(found(world.users["outsider"])) == [world.published_rec.pk]


def test_a_review_published_in_the_future_is_not_yet_visible(world):
    world.published_review.published_on = TODAY + dt.timedelta(days=1)
    world.published_review.save()
    assert found(world.users["outsider"]) == {}


def test_a_review_published_this_month_is_not_yet_visible_until_the_month_ends(world):
    """As on the public pages: a month given alone counts from the end of that month."""
    world.published_review.published_on = TODAY.replace(day=1)
    world.published_review.published_on_precision = "month"
    world.published_review.save()
    assert found(world.users["outsider"]) == {}


def test_a_user_with_no_partnership_sees_published_repeats_only(world):
    assert list(found(UserFactory(username="nobody"))) == [world.published_rec.pk]


def test_the_site_administrator_sees_every_repeat_as_their_own(world):
    repeats = found(world.users["superuser"])
    assert set(repeats) == {world.home_rec.pk, world.fellside_rec.pk, world.published_rec.pk}
    assert all(r.may_open_review for r in repeats.values())


def test_repeats_come_best_first_and_only_those_judged_repeats(world):
    repeats = repeats_for_user(world.users["superuser"], DASH_QUERY, today=TODAY)
    scores = [r.score for r in repeats]
    assert scores == sorted(scores, reverse=True)
    assert world.unrelated_rec.pk not in {r.recommendation_id for r in repeats}
    assert repeats_for_user(world.users["superuser"], "Refuges for older men", today=TODAY) == []


def test_the_limit_and_the_review_being_written_are_respected(world):
    admin = world.users["superuser"]
    assert len(repeats_for_user(admin, DASH_QUERY, limit=1, today=TODAY)) == 1
    assert world.home_rec.pk not in found(admin, exclude_review_id=world.home_review.pk)


def test_an_edit_is_seen_at_the_next_lookup_and_nothing_is_rebuilt_without_one(world, monkeypatch):
    admin = world.users["superuser"]
    assert world.unrelated_rec.pk not in found(admin)
    built = []
    real = selectors.RepeatIndex
    monkeypatch.setattr(selectors, "RepeatIndex", lambda items: built.append(1) or real(items))
    found(admin)
    assert built == []
    Recommendation.objects.filter(pk=world.unrelated_rec.pk).update(
        text="Agencies should train staff in DASH domestic abuse risk assessment.", version=2
    )
    assert world.unrelated_rec.pk in found(admin)
    assert built == [1]


def test_a_lookup_costs_the_same_few_queries_however_many_repeats_there_are(world):
    user = world.users["home"]
    repeats_for_user(user, DASH_QUERY)  # the index built
    fresh = type(user).objects.get(pk=user.pk)  # roles are cached on the user, per request
    with CaptureQueriesContext(connection) as small:
        repeats_for_user(fresh, DASH_QUERY)
    for n in range(20):
        review = ReviewFactory(partnership=world.home if n % 2 else world.fellside)
        RecommendationFactory(review=review, text=f"{DASH_QUERY} Number {n}.")
    repeats_for_user(user, DASH_QUERY)
    fresh = type(user).objects.get(pk=user.pk)
    with CaptureQueriesContext(connection) as large:
        more = repeats_for_user(fresh, DASH_QUERY)
    assert len(more) == 10
    assert len(large) == len(small) <= 4


def test_many_texts_are_looked_up_in_the_same_few_queries(world):
    user = world.users["home"]
    repeats_for_texts(user, [DASH_QUERY])
    first, second = (type(user).objects.get(pk=user.pk) for _ in range(2))
    with CaptureQueriesContext(connection) as one:
        repeats_for_texts(first, [DASH_QUERY])
    with CaptureQueriesContext(connection) as many:
        answers = repeats_for_texts(second, [DASH_QUERY, UNRELATED, "", DASH_QUERY] * 5)
    assert len(many) == len(one)
    assert [len(a) for a in answers[:4]] == [2, 1, 0, 2]  # UNRELATED finds itself
    assert len(answers) == 20


def repeat(review_id, outcome, pk=None):
    return Repeat(
        recommendation_id=pk or review_id,
        review_id=review_id,
        partnership_name="Northmoor CSP",
        review_type="DHR",
        reference="",
        year=2020,
        number="1",
        text="Train staff.",
        score=0.5,
        outcome=outcome,
        outcome_text=None,
        may_open_review=False,
    )


def test_the_summary_counts_reviews_and_outcomes_in_words():
    summary = summarise(
        [
            repeat(1, Outcome.FULLY_IMPLEMENTED),
            repeat(2, Outcome.NO_INFORMATION),
            repeat(3, Outcome.NO_INFORMATION),
        ]
    )
    assert summary.text == "Made before in 3 reviews; 1 implemented, 2 with no information"
    assert summary.implemented == 1 and summary.review_count == 3


def test_the_summary_counts_already_in_place_as_implemented_and_names_every_outcome():
    summary = summarise(
        [
            repeat(1, Outcome.ALREADY_IN_PLACE),
            repeat(2, Outcome.FULLY_IMPLEMENTED),
            repeat(3, Outcome.PARTLY_IMPLEMENTED),
            repeat(4, Outcome.UNDER_WAY),
            repeat(5, Outcome.NOT_MET),
        ]
    )
    assert summary.text == (
        "Made before in 5 reviews; 2 implemented, 1 partly implemented, 1 still under way, "
        "1 not met"
    )


def test_the_summary_says_when_one_review_made_it_twice():
    summary = summarise([repeat(1, Outcome.NOT_MET, pk=1), repeat(1, Outcome.NOT_MET, pk=2)])
    assert summary.text == "Made before 2 times in 1 review; 2 not met"


def test_no_repeats_make_an_empty_summary():
    summary = summarise([])
    assert not summary and summary.text == ""


@pytest.mark.parametrize("text", ["", "   ", "the and of"])
def test_text_with_nothing_to_match_finds_nothing(world, text):
    assert repeats_for_user(world.users["superuser"], text) == []


def test_a_match_whose_text_is_not_what_was_indexed_rebuilds_the_index(world):
    """As after a rollback where SQLite gives the same ids again: the counts, ids and versions
    agree, the texts do not."""
    admin = world.users["superuser"]
    assert world.home_rec.pk in found(admin)
    Recommendation.objects.filter(pk=world.home_rec.pk).update(
        text="Housing providers should offer a named tenancy officer."
    )
    assert world.home_rec.pk not in found(admin)
