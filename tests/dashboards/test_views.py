"""The dashboard pages, driven through their URLs with today's date."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.dashboards.conftest import action_in, persona
from tests.factories import (
    MembershipFactory,
    PartnershipFactory,
    ReviewFactory,
    UserFactory,
)
from tests.test_permissions import without_csrf

pytestmark = pytest.mark.django_db


def page(client, user, url):
    client.force_login(user)
    return client.get(url)


def dashboard_url(partnership):
    return reverse("dashboards:partnership", args=[partnership.pk])


def soon(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


# The partnership dashboard -------------------------------------------------------------------


def test_signed_out_visitors_are_sent_to_sign_in(client, northmoor):
    for url in [reverse("dashboards:index"), dashboard_url(northmoor)]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("web:login"))


def test_a_member_of_one_partnership_is_sent_straight_to_its_dashboard(client, coordinator):
    response = page(client, coordinator, reverse("dashboards:index"))
    assert response.status_code == 302
    assert response["Location"] == dashboard_url(coordinator.memberships.get().partnership)


def test_a_member_of_several_partnerships_chooses_one(client, coordinator, fellside, northmoor):
    MembershipFactory(user=coordinator, partnership=fellside, role="viewer")
    response = page(client, coordinator, reverse("dashboards:index"))
    assert response.status_code == 200
    assert dashboard_url(northmoor) in response.text
    assert dashboard_url(fellside) in response.text
    assert "Eden Valley" not in response.text


def test_someone_in_no_partnership_is_told_why_there_is_no_dashboard(client, db):
    response = page(client, UserFactory(username="nobody"), reverse("dashboards:index"))
    assert response.status_code == 200
    assert "You do not belong to any partnership yet" in response.text


def test_members_in_every_role_see_the_dashboard(client, northmoor, police, coordinator, plan):
    for role, agency in [
        ("panel_chair", None),
        ("agency_lead", police),
        ("board_member", None),
        ("viewer", None),
    ]:
        user = persona(f"{role}-user", northmoor, role, agency)
        response = page(client, user, dashboard_url(northmoor))
        assert response.status_code == 200, role
        assert '<h1 class="govuk-heading-l">Northmoor CSP</h1>' in response.text


def test_an_outsider_gets_404_and_cannot_tell_it_from_a_missing_dashboard(
    client, northmoor, outsider, plan
):
    hidden = page(client, outsider, dashboard_url(northmoor))
    missing = page(client, outsider, reverse("dashboards:partnership", args=[northmoor.pk + 999]))
    assert hidden.status_code == missing.status_code == 404
    assert without_csrf(hidden.text) == without_csrf(missing.text)


def test_a_lead_of_an_agency_serving_the_partnership_but_not_a_member_gets_404(
    client, fellside, northmoor, police, plan
):
    lead_elsewhere = persona("lead-elsewhere", fellside, "agency_lead", police)
    assert page(client, lead_elsewhere, dashboard_url(northmoor)).status_code == 404


def test_the_dashboard_lists_overdue_due_soon_awaiting_and_quiet_actions(
    client, northmoor, health, coordinator
):
    review = ReviewFactory(partnership=northmoor, title="DARDR Adult K")
    overdue = action_in(
        review, leads=[health], number="3.2", text="Audit referrals", target_date=soon(-3)
    )
    due = action_in(review, number="4", text="Publish the protocol", target_date=soon(7))
    done = action_in(review, text="Train the staff", status="completed", target_date=soon(-40))
    response = page(client, coordinator, dashboard_url(northmoor))
    html = response.text
    assert response.status_code == 200
    for action in (overdue, due, done):
        assert reverse("actions:detail", args=[action.pk]) in html
    assert "Recommendation 3.2" in html
    assert "Northmoor Health Trust" in html
    assert "3 days overdue" in html
    assert "Due in the next 30 days" in html
    assert "No update in 30 days" in html
    assert "Every open action has had a progress update in the last 30 days" in html


def test_the_charts_table_alternative_gives_each_count_and_share_in_text(
    client, northmoor, coordinator
):
    review = ReviewFactory(partnership=northmoor)
    action_in(review, status="on_track", target_date=soon(-1))  # red
    action_in(review, status="signed_off", target_date=soon(-1))  # green
    action_in(review, status="on_track", target_date=soon(300))  # green
    action_in(review, status="at_risk", target_date=soon(300))  # amber
    html = page(client, coordinator, dashboard_url(northmoor)).text
    assert 'govuk-visually-hidden">Actions by RAG rating</caption>' in html
    assert 'govuk-visually-hidden">Actions by recorded status</caption>' in html
    assert 'app-bar-table__col-share">Share of all actions</th>' in html
    rag_table = html.split("Actions by RAG rating</caption>")[1].split("</table>")[0]
    rows = rag_table.split('<tr class="govuk-table__row">')[2:]
    # Each count is text (a link to those actions when there are any).
    counts = [r.split('govuk-table__cell--numeric">')[1].split("</td>")[0] for r in rows]
    assert [re.sub(r"<span.*?</span>|<[^>]+>", "", count) for count in counts] == [
        "1",
        "1",
        "2",
        "0",
    ]
    assert 'app-bar__figure">50%</span>' in rag_table
    # The bars are decoration: hidden from assistive technology, the figures are text.
    assert rag_table.count('aria-hidden="true"') == 4
    assert 'app-bar__fill--green app-bar__fill--w50"' in rag_table


def test_the_dashboard_shows_each_lead_agency_and_review_as_a_row(
    client, northmoor, health, police, coordinator
):
    review = ReviewFactory(partnership=northmoor, title="DARDR Adult K", reference="NM/1")
    action_in(review, leads=[police, health], status="signed_off", target_date=soon(9))
    ReviewFactory(partnership=northmoor, title="SAR Adult P")
    html = page(client, coordinator, dashboard_url(northmoor)).text
    agencies = html.split("Actions by lead agency</caption>")[1].split("</table>")[0]
    assert agencies.count('<th scope="row"') == 2
    assert "Northmoor Health Trust" in agencies and "Northmoor Police" in agencies
    reviews = html.split("Actions by review</caption>")[1].split("</table>")[0]
    assert reviews.count('<th scope="row"') == 2
    assert 'app-bar__figure">100%</span>' in reviews
    assert "No actions" in reviews
    assert "Draft plan" in reviews


def test_the_dashboard_marks_its_navigation_item_as_current(client, northmoor, coordinator):
    html = page(client, coordinator, dashboard_url(northmoor)).text
    assert '<strong class="govuk-service-navigation__active-fallback">Dashboard</strong>' in html
    assert html.count('aria-current="true"') == 1


def test_the_dashboard_runs_the_same_queries_for_one_or_twenty_reviews(
    client, northmoor, police, health, coordinator
):
    counts = []
    for total in (1, 20):
        while northmoor.reviews.count() < total:
            n = northmoor.reviews.count()
            review = ReviewFactory(partnership=northmoor)
            action_in(review, leads=[police], status="on_track", target_date=soon(n - 10))
            action_in(review, leads=[health, police], status="completed", target_date=soon(n))
            action_in(review, status="at_risk", target_date=None)
        client.force_login(coordinator)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(dashboard_url(northmoor))
        assert response.status_code == 200
        assert response.text.count(reverse("plans:review_detail", args=[review.pk])) == 1
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


# My actions ----------------------------------------------------------------------------------


def test_a_lead_sees_their_agencys_actions_in_both_partnerships_they_lead_in_and_no_others(
    client, northmoor, fellside, police, health, police_lead
):
    here = action_in(
        ReviewFactory(partnership=northmoor, title="DARDR Adult K"),
        leads=[police],
        text="Train all front-line officers",
        target_date=soon(-2),
    )
    there = action_in(
        ReviewFactory(partnership=fellside, title="DHR Fellside Q"),
        leads=[police],
        text="Review the referral pathway",
        target_date=soon(12),
    )
    theirs = action_in(
        ReviewFactory(partnership=northmoor, title="CSPR Child M"),
        leads=[health],
        text="Audit the health visiting records",
        target_date=soon(5),
    )
    response = page(client, police_lead, reverse("dashboards:my_actions"))
    html = response.text
    assert response.status_code == 200
    assert "The actions led by Northmoor Police, in every partnership where you lead for it" in html
    for action in (here, there):
        assert reverse("actions:detail", args=[action.pk]) in html
        assert action.text in html
    assert "Fellside CSP" in html and "DHR Fellside Q" in html
    assert reverse("actions:detail", args=[theirs.pk]) not in html
    assert theirs.text not in html
    overdue = html.split('id="overdue"')[1].split('id="due-soon"')[0]
    assert here.text in overdue
    due = html.split('id="due-soon"')[1].split('id="open"')[0]
    assert there.text in due


def test_the_lead_can_open_each_action_that_my_actions_lists(client, fellside, police, police_lead):
    there = action_in(ReviewFactory(partnership=fellside), leads=[police], target_date=soon(50))
    client.force_login(police_lead)
    assert client.get(reverse("actions:detail", args=[there.pk])).status_code == 200


def test_a_returned_action_comes_first_in_my_actions(client, northmoor, police, police_lead):
    from followthrough.delivery.models import SignOffDecision

    action = action_in(
        ReviewFactory(partnership=northmoor),
        leads=[police],
        text="Update the domestic abuse policy",
        status="on_track",
        target_date=soon(-10),
    )
    SignOffDecision.objects.create(action=action, decision="returned", decided_by=police_lead)
    html = page(client, police_lead, reverse("dashboards:my_actions")).text
    returned = html.split('id="returned"')[1].split('id="overdue"')[0]
    assert action.text in returned
    assert f"Returned on {timezone.localdate():%-d %B %Y}" in returned
    assert action.text not in html.split('id="overdue"')[1]


def test_someone_who_is_not_an_agency_lead_is_told_why_and_sent_to_the_dashboard(
    client, coordinator
):
    response = page(client, coordinator, reverse("dashboards:my_actions"))
    assert response.status_code == 200
    assert "You are not an agency's lead in any partnership" in response.text
    assert f'href="{reverse("dashboards:index")}"' in response.text
    assert '<strong class="govuk-service-navigation__active-fallback">My actions</strong>' in (
        response.text
    )


def test_my_actions_runs_the_same_queries_for_one_or_twenty_actions(
    client, northmoor, fellside, police, police_lead
):
    counts = []
    for total in (1, 20):
        made = 0
        while made < total:
            partnership = northmoor if made % 2 == 0 else fellside
            review = ReviewFactory(partnership=partnership)
            action_in(review, leads=[police], status="on_track", target_date=soon(made - 5))
            made += 1
        client.force_login(police_lead)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("dashboards:my_actions"))
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_a_superuser_sees_every_partnerships_dashboard(client, northmoor, fellside):
    admin = UserFactory(username="site-admin", is_superuser=True, is_staff=True)
    PartnershipFactory(name="Eden Valley CSP")
    response = page(client, admin, reverse("dashboards:index"))
    assert response.status_code == 200
    assert response.text.count('href="/dashboards/partnerships/') == 3
    assert page(client, admin, dashboard_url(fellside)).status_code == 200


def test_the_dashboard_offers_to_make_the_partnerships_board_pack(
    client, northmoor, coordinator, plan
):
    response = page(client, coordinator, dashboard_url(northmoor))
    link = f'href="{reverse("exports:partnership_board_pack_pdf", args=[northmoor.pk])}"'
    assert link in response.text
    assert ">Make a board pack</a>" in response.text
