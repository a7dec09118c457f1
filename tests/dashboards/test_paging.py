"""The dashboards' lists hold their first few actions, say how many there are and link to them
all; the table of reviews, a group of "my actions" and the list of reviews come a page at a
time; and each page runs the same queries however many there are."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from followthrough.dashboards.selectors import LIST_LENGTH, REVIEWS_PER_PAGE
from followthrough.plans.models import Action, Recommendation, Review
from followthrough.plans.selectors import REVIEWS_PER_PAGE as REVIEW_LIST_PAGE
from tests.dashboards.conftest import action_in
from tests.factories import MembershipFactory, ReviewFactory, UserFactory

pytestmark = pytest.mark.django_db


def soon(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


def get(client, user, url) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.text


def many_actions(review, count: int, **fields) -> list[Action]:
    """``count`` actions of one recommendation of ``review``, in bulk."""
    recommendation = Recommendation.objects.create(review=review, text="Many", order=99)
    return Action.objects.bulk_create(
        Action(
            recommendation=recommendation,
            partnership_id=review.partnership_id,
            text=f"Bulk action {n}",
            order=n + 1,
            target_date_precision="day",
            **fields,
        )
        for n in range(count)
    )


def section(html: str, start: str, end: str) -> str:
    return html.split(f'id="{start}"')[1].split(f'id="{end}"')[0]


# The partnership dashboard -------------------------------------------------------------------


def test_a_long_list_shows_its_first_few_and_links_to_all_of_them(client, northmoor, coordinator):
    review = ReviewFactory(partnership=northmoor)
    many_actions(review, LIST_LENGTH + 5, status="on_track", target_date=soon(-3))
    actions_url = reverse("dashboards:actions", args=[northmoor.pk])
    html = get(client, coordinator, reverse("dashboards:partnership", args=[northmoor.pk]))
    overdue = section(html, "overdue", "due-soon")
    assert overdue.count("Bulk action") == LIST_LENGTH
    assert (
        f'<a class="govuk-link" href="{actions_url}?due=overdue">See all {LIST_LENGTH + 5} '
        f"actions overdue</a> ({LIST_LENGTH} shown here)"
    ) in overdue
    # The figure at a glance counts them all; the list it links to holds them all.
    assert f'<dd class="govuk-summary-list__value">{LIST_LENGTH + 5}</dd>' in html
    listed = get(client, coordinator, f"{actions_url}?due=overdue")
    assert listed.count("Bulk action") == LIST_LENGTH + 5


def test_a_short_list_has_no_link_to_more(client, northmoor, coordinator):
    many_actions(ReviewFactory(partnership=northmoor), 2, status="on_track", target_date=soon(-3))
    html = get(client, coordinator, reverse("dashboards:partnership", args=[northmoor.pk]))
    assert "See all" not in html


def test_the_table_of_reviews_comes_a_page_at_a_time_newest_first(client, northmoor, coordinator):
    reviews = [ReviewFactory(partnership=northmoor, title=f"DHR {n:02}") for n in range(12)]
    for n, review in enumerate(reviews):
        Review.objects.filter(pk=review.pk).update(created_at=timezone.now() - dt.timedelta(days=n))
    url = reverse("dashboards:partnership", args=[northmoor.pk])
    html = get(client, coordinator, url)
    table = html.split('id="by-review"')[1]
    assert f"Reviews 1 to {REVIEWS_PER_PAGE} of 12, the newest first." in table
    assert "DHR 00" in table and "DHR 09" in table and "DHR 10" not in table
    assert 'aria-label="Pages of reviews"' in table
    assert 'href="?page=2#by-review"' in table
    assert "the partnership's 12 reviews" in html
    second = get(client, coordinator, f"{url}?page=2").split('id="by-review"')[1]
    assert "DHR 10" in second and "DHR 11" in second and "DHR 09" not in second
    assert 'aria-current="page">2</a>' in second


def test_the_dashboard_runs_the_same_queries_for_eleven_or_three_hundred_actions(
    client, northmoor, coordinator
):
    url = reverse("dashboards:partnership", args=[northmoor.pk])
    counts = []
    for total in (LIST_LENGTH + 1, 300):
        review = ReviewFactory(partnership=northmoor)
        have = Action.objects.filter(recommendation__review__partnership=northmoor).count()
        many_actions(review, total - have, status="at_risk", target_date=soon(-1))
        client.force_login(coordinator)
        with CaptureQueriesContext(connection) as queries:
            html = client.get(url).text
        assert f"See all {total} actions overdue" in html
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


# "My actions" --------------------------------------------------------------------------------


def led_by(police, actions):
    from tests.factories import ActionLeadFactory

    for action in actions:
        ActionLeadFactory(action=action, agency=police, order=1)


def test_a_long_group_of_my_actions_shows_its_first_few_and_pages_through_all(
    client, northmoor, police, police_lead
):
    made = many_actions(
        ReviewFactory(partnership=northmoor), 55, status="on_track", target_date=soon(-3)
    )
    led_by(police, made)
    url = reverse("dashboards:my_actions")
    html = get(client, police_lead, url)
    overdue = section(html, "overdue", "due-soon")
    assert overdue.count("Bulk action") == LIST_LENGTH
    assert f'href="{url}?group=overdue">See all 55 actions overdue</a>' in overdue
    group = get(client, police_lead, f"{url}?group=overdue")
    assert "Overdue: actions 1 to 50 of 55" in group
    assert group.count("Bulk action") == 50
    assert 'href="?group=overdue&amp;page=2#results"' in group
    last = get(client, police_lead, f"{url}?group=overdue&page=2")
    assert "Overdue: actions 51 to 55 of 55" in last
    assert last.count("Bulk action") == 5
    # A group that does not exist shows every group.
    assert 'id="returned"' in get(client, police_lead, f"{url}?group=nonsense")


def test_a_group_of_my_actions_runs_the_same_queries_for_five_or_a_hundred_actions(
    client, northmoor, fellside, police, police_lead
):
    counts = []
    for total in (5, 100):
        have = Action.objects.filter(leads__agency=police).count()
        made = many_actions(
            ReviewFactory(partnership=northmoor if total == 5 else fellside),
            total - have,
            status="on_track",
            target_date=soon(10),
        )
        led_by(police, made)
        client.force_login(police_lead)
        with CaptureQueriesContext(connection) as queries:
            html = client.get(reverse("dashboards:my_actions") + "?group=due_soon&page=2").text
        assert f"of {total}" in html or f"{total} action" in html
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


# The list of reviews -----------------------------------------------------------------------


def test_the_list_of_reviews_comes_a_page_at_a_time_and_runs_the_same_queries(client):
    admin = UserFactory(username="site-admin", is_superuser=True, is_staff=True)
    membership = MembershipFactory(role="viewer")
    counts = []
    for total in (3, REVIEW_LIST_PAGE + 7):
        while Review.objects.count() < total:
            action_in(ReviewFactory(partnership=membership.partnership), target_date=soon(5))
        client.force_login(admin)
        with CaptureQueriesContext(connection) as queries:
            html = client.get(reverse("plans:review_list")).text
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    assert html.count('<tr class="govuk-table__row">') == REVIEW_LIST_PAGE + 1
    assert f"reviews 1 to {REVIEW_LIST_PAGE} of {REVIEW_LIST_PAGE + 7}" in html
    assert 'aria-label="Pages of reviews"' in html
    second = get(client, admin, reverse("plans:review_list") + "?page=2")
    assert second.count('<tr class="govuk-table__row">') == 7 + 1
    # Each row still counts its recommendations and actions.
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">1</td>' in second
