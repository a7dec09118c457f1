import datetime as dt

import pytest
from django.http import Http404

from followthrough.plans.outcomes import Outcome
from followthrough.public import selectors
from tests.public.conftest import TODAY, make_review

pytestmark = pytest.mark.django_db


def _ids(today):
    return [r.id for p in selectors.published_reviews(today) for r in p.reviews]


def test_a_review_is_public_from_its_publication_day_on(partnership):
    review = make_review(partnership, dt.date(2026, 3, 15))
    assert _ids(dt.date(2026, 3, 14)) == []
    assert _ids(dt.date(2026, 3, 15)) == [review.pk]
    assert selectors.published_review_or_404(review.pk, dt.date(2026, 3, 15)) == review
    with pytest.raises(Http404):
        selectors.published_review_or_404(review.pk, dt.date(2026, 3, 14))


def test_a_review_with_no_publication_date_or_a_future_one_is_not_public(partnership):
    none = make_review(partnership, None)
    future = make_review(partnership, dt.date(2026, 3, 16))
    assert _ids(TODAY) == []
    for review in [none, future]:
        with pytest.raises(Http404):
            selectors.published_review_or_404(review.pk, TODAY)


def test_a_review_published_in_a_month_is_public_only_once_that_month_has_ended(partnership):
    # Stored as the month's last day, as the services store it.
    review = make_review(partnership, dt.date(2026, 3, 31), precision="month")
    assert _ids(dt.date(2026, 3, 15)) == []
    assert _ids(dt.date(2026, 3, 30)) == []
    assert _ids(dt.date(2026, 3, 31)) == [review.pk]
    assert _ids(dt.date(2026, 4, 1)) == [review.pk]


def test_a_month_stored_as_its_first_day_still_waits_for_the_months_end(partnership):
    review = make_review(partnership, dt.date(2026, 3, 1), precision="month")
    assert _ids(dt.date(2026, 3, 15)) == []
    assert _ids(dt.date(2026, 4, 1)) == [review.pk]


def test_a_review_published_in_a_year_is_public_only_once_that_year_has_ended(partnership):
    review = make_review(partnership, dt.date(2026, 12, 31), precision="year")
    assert _ids(dt.date(2026, 12, 30)) == []
    assert _ids(dt.date(2026, 12, 31)) == [review.pk]


def test_the_index_counts_recommendations_and_those_implemented_as_the_outcome_rule_does(
    published, today
):
    [entry] = selectors.published_reviews(today)
    [review] = entry.reviews
    assert (entry.name, review.reference) == ("Northmoor CSP", "NM-DHR-07")
    assert (review.recommendation_count, review.implemented_count) == (2, 1)
    plan = selectors.public_plan(selectors.published_review_or_404(published.pk, today))
    assert [rec.outcome for rec in plan.recommendations] == [
        Outcome.FULLY_IMPLEMENTED,
        Outcome.UNDER_WAY,
    ]
    assert plan.review.implemented_count == 1


def test_the_plan_holds_agencies_statuses_and_dates_but_no_person(published, today):
    plan = selectors.public_plan(selectors.published_review_or_404(published.pk, today))
    first, second = plan.recommendations
    assert first.themes == ("Risk assessment and management",)
    assert first.scope_label == "Local"
    [done] = first.actions
    assert done.agencies == ("Northmoor Police",)
    assert done.status_label == "Signed off"
    assert done.target_as_written == "March 2025"
    assert done.completed.display() == "28 February 2025"
    [open_action] = second.actions
    # The lead with no agency (only a person) is left out altogether.
    assert open_action.agencies == ("Northmoor Police",)
    assert open_action.target_as_written == "By the end of 2026"
    assert plan.last_updated is not None


def test_the_plan_says_when_an_action_last_changed(published, today):
    from followthrough.plans.models import Action

    plan = selectors.public_plan(published)
    action = Action.objects.filter(recommendation__review=published).last()
    latest = action.history.order_by("-history_date").first().history_date
    assert plan.last_updated == latest
    action.text = "Agree and publish an information sharing protocol."
    action.save()
    assert selectors.public_plan(published).last_updated > latest


def test_the_index_costs_the_same_queries_for_one_review_or_many(
    partnership, django_assert_num_queries
):
    make_review(partnership, dt.date(2024, 1, 1))
    with django_assert_num_queries(2):
        selectors.published_reviews(TODAY)
    for _ in range(6):
        make_review(partnership, dt.date(2024, 1, 1), recommendations=3, actions=2)
    with django_assert_num_queries(2):
        assert len(_ids(TODAY)) == 7


def test_a_plan_costs_the_same_queries_small_or_large(partnership, django_assert_num_queries):
    small = make_review(partnership, dt.date(2024, 1, 1))
    large = make_review(partnership, dt.date(2024, 1, 1), recommendations=8, actions=4)
    for review in [small, large]:
        with django_assert_num_queries(6):
            selectors.public_plan(selectors.published_review_or_404(review.pk, TODAY))


def test_the_plan_partial_renders_the_plan_for_a_page_that_includes_it(published, today):
    from django.template.loader import render_to_string

    plan = selectors.public_plan(published)
    html = render_to_string("public/_plan.html", {"plan": plan})
    assert "Agree an information sharing protocol." in html
    assert "Northmoor Police" in html
    assert "Fully implemented" in html
    assert "By the end of 2026" in html


def test_a_lead_agency_added_counts_as_a_change_to_the_plan(published, police):
    from followthrough.plans.models import Action
    from followthrough.plans.services.authoring import action_lead_add

    before = selectors.public_plan(published).last_updated
    action = Action.objects.filter(recommendation__review=published).first()
    action_lead_add(action=action, agency=police, person_name="", role="", actor=None)
    assert selectors.public_plan(published).last_updated > before


@pytest.mark.parametrize("precision", ["day", "month", "year"])
def test_is_published_is_the_same_rule_as_published_q(db, precision):
    from followthrough.plans.models import Review
    from followthrough.public.selectors import is_published, published_q
    from tests.factories import ReviewFactory

    today = dt.date(2026, 12, 7)
    days = [dt.date(2026, 12, 7), dt.date(2026, 12, 8), dt.date(2026, 12, 1), dt.date(2026, 11, 1)]
    days += [dt.date(2026, 1, 1), dt.date(2025, 1, 1), dt.date(2025, 12, 31)]
    reviews = [ReviewFactory(published_on=d, published_on_precision=precision) for d in days]
    by_query = set(Review.objects.filter(published_q(today)).values_list("pk", flat=True))
    assert {r.pk for r in reviews if is_published(r.published_on, precision, today)} == by_query
