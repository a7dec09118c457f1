"""The review list, the plan page and the action page, driven through their URLs."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def page(client, user, url):
    client.force_login(user)
    return client.get(url)


def test_signed_out_visitors_are_sent_to_sign_in(client, seed_review):
    response = client.get(reverse("plans:review_detail", args=[seed_review.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("web:login"))


def test_the_coordinator_sees_the_review_in_their_list(client, coordinator, seed_review):
    response = page(client, coordinator, reverse("plans:review_list"))
    assert response.status_code == 200
    assert seed_review.title in response.text
    assert reverse("plans:review_detail", args=[seed_review.pk]) in response.text


def test_the_plan_page_shows_six_recommendations_under_five_themes(
    client, coordinator, seed_review
):
    response = page(client, coordinator, reverse("plans:review_detail", args=[seed_review.pk]))
    assert response.status_code == 200
    html = response.text
    assert html.count('class="govuk-table__cell app-plan-table__recommendation"') == 6
    for theme in [
        "Local partnership",
        "Processes",
        "Perpetrators",
        "Training",
        "National outcomes",
    ]:
        assert html.count(f"Theme: {theme}") == 1, theme
    # Leads, milestones, dates, outcome
    assert "Louise Kelly, DV Lead Officer" in html
    assert "(CCC)" in html
    assert "Working group convened and meeting dates scheduled" in html
    assert "By October 2013" in html
    assert "Report presented 31 January 2014" in html
    assert "December 2015" in html  # completion date of the Theme 2 action


def test_the_plan_page_tags_each_action_with_its_state(client, coordinator, seed_review):
    from tests.factories import ActionFactory, RecommendationFactory

    rec = RecommendationFactory(review=seed_review, order=99, theme_heading="New")
    ActionFactory(recommendation=rec, target_date="2000-01-31", status="on_track")
    response = page(client, coordinator, reverse("plans:review_detail", args=[seed_review.pk]))
    html = response.text
    # Published as completed: each waits for the partnership's sign-off, and says so.
    assert html.count('govuk-tag--blue">Awaiting sign-off') == 6
    assert html.count('govuk-tag--red">Overdue') == 1


def test_an_agency_lead_of_the_partnership_can_read_the_plan(client, agency_lead, seed_review):
    response = page(client, agency_lead, reverse("plans:review_detail", args=[seed_review.pk]))
    assert response.status_code == 200


def test_an_outsider_gets_404_for_the_review_and_its_actions(client, outsider, seed_review):
    action = seed_review.recommendations.first().actions.first()
    assert (
        page(client, outsider, reverse("plans:review_detail", args=[seed_review.pk])).status_code
        == 404
    )
    assert page(client, outsider, reverse("actions:detail", args=[action.pk])).status_code == 404


def test_an_outsider_cannot_tell_a_hidden_review_from_a_missing_one(client, outsider, seed_review):
    hidden = page(client, outsider, reverse("plans:review_detail", args=[seed_review.pk]))
    missing = page(client, outsider, reverse("plans:review_detail", args=[seed_review.pk + 1000]))
    assert hidden.status_code == missing.status_code == 404
    assert without_csrf(hidden.text) == without_csrf(missing.text)


def test_an_outsider_does_not_see_the_review_listed(client, outsider, seed_review):
    response = page(client, outsider, reverse("plans:review_list"))
    assert response.status_code == 200
    assert seed_review.title not in response.text
    assert "There are no reviews for you to see yet" in response.text


def test_the_action_page_shows_its_milestones_and_leads(client, coordinator, seed_review):
    action = seed_review.recommendations.get(order=2).actions.get()
    response = page(client, coordinator, reverse("actions:detail", args=[action.pk]))
    assert response.status_code == 200
    html = response.text
    assert "Convene a county wide working group" in html
    assert html.count('<td class="govuk-table__cell">Interim progress report to SLCSP</td>') == 1
    assert "Jenny Draper" in html
    assert "Final report to SLCSP and submission to Home Office" in html


MEASURE = "Audit of 20 cases shows DASH completed in 95%"


def _measure_first_action(review):
    action = review.recommendations.get(order=2).actions.get()
    action.measure = MEASURE
    action.save()
    return action


def test_the_action_page_shows_the_measure_of_success_where_set(client, coordinator, seed_review):
    action = _measure_first_action(seed_review)
    html = page(client, coordinator, reverse("actions:detail", args=[action.pk])).text
    assert '<dt class="govuk-summary-list__key">Measure of success</dt>' in html
    assert MEASURE in html
    other = seed_review.recommendations.get(order=1).actions.get()
    html = page(client, coordinator, reverse("actions:detail", args=[other.pk])).text
    assert "Measure of success" not in html


def test_the_plan_page_shows_each_measure_of_success_under_its_action(
    client, coordinator, seed_review
):
    _measure_first_action(seed_review)
    html = page(client, coordinator, reverse("plans:review_detail", args=[seed_review.pk])).text
    assert html.count("<strong>Measure of success:</strong>") == 1
    assert f"<strong>Measure of success:</strong> {MEASURE}</p>" in html
    assert html.count('scope="col"') == 7  # still the Home Office template's seven columns


def test_a_superuser_sees_every_review(client, seed_review):
    from tests.factories import UserFactory

    admin = UserFactory(username="site-admin", is_superuser=True, is_staff=True)
    response = page(client, admin, reverse("plans:review_detail", args=[seed_review.pk]))
    assert response.status_code == 200


def _plan_with(n: int):
    from followthrough.interchange import (
        Action,
        ActionPlan,
        Lead,
        Milestone,
        PartialDate,
        Recommendation,
        ReviewInfo,
    )

    return ActionPlan(
        review=ReviewInfo(title=f"Review with {n}"),
        recommendations=[
            Recommendation(
                text=f"Recommendation {i}",
                theme=f"Theme {i % 4}",
                actions=[
                    Action(
                        text=f"Action {i}.{j}",
                        leads=[Lead(name="Lee Example", agency=f"Agency {i % 3}")],
                        milestones=[
                            Milestone(text=f"Step {k}", target_date=PartialDate(2030, k + 1))
                            for k in range(3)
                        ],
                        target_date=PartialDate(2030, 6),
                        measure=f"Audit {i}.{j} shows the change in 90% of cases" if j else None,
                    )
                    for j in range(2)
                ],
            )
            for i in range(n)
        ],
    )


def test_the_plan_page_runs_the_same_queries_for_one_or_thirty_recommendations(
    client, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from followthrough.partnerships.services import partnership_get_or_create
    from followthrough.plans.services import plan_import
    from tests.factories import MembershipFactory, UserFactory

    counts = []
    for n in (1, 30):
        review = plan_import(
            plan=_plan_with(n),
            partnership=partnership_get_or_create(name="Query CSP", actor=None),
            source=f"plan {n}".encode(),
            filename=f"{n}.txt",
            actor=None,
        ).review
        user = UserFactory(username=f"reader{n}")
        MembershipFactory(user=user, partnership=review.partnership, role="viewer")
        client.force_login(user)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("plans:review_detail", args=[review.pk]))
        assert response.status_code == 200
        shown = min(n, 25)  # two actions each: a page of 50 actions (test_plan_paging.py)
        assert response.text.count('app-plan-table__recommendation"') == shown
        assert response.text.count("Measure of success:") == shown
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_the_review_list_runs_the_same_queries_for_one_or_many_reviews(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import MembershipFactory, ReviewFactory, UserFactory

    user = UserFactory(username="many")
    membership = MembershipFactory(user=user, role="viewer")
    client.force_login(user)
    counts = []
    for total in (1, 20):
        while membership.partnership.reviews.count() < total:
            ReviewFactory(partnership=membership.partnership)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("plans:review_list"))
        assert response.text.count('<tr class="govuk-table__row">') == total + 1
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def without_csrf(html: str) -> str:
    """The page without its CSRF token, which differs on every response."""
    import re

    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
