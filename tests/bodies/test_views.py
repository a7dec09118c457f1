"""The body's pages and the plan's side through real URLs: the register shows only the body's
own, overdue counts from fixed dates after the configured period, the answer shows on the plan
(at a constant number of queries), and bad input is a message, never a traceback."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from followthrough.bodies.models import Addressing
from followthrough.bodies.services import addressing_respond, recommendation_address
from tests.bodies.conftest import ADDRESSED_AT, body
from tests.factories import RecommendationFactory, ReviewFactory

REGISTER = reverse("bodies:register")


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_a_body_user_is_sent_to_its_register_after_signing_in(client, homeoffice):
    client.force_login(homeoffice)
    assert client.get(reverse("home")).url == REGISTER


def test_the_register_lists_what_is_addressed_to_the_body_with_its_review(
    client, homeoffice, addressing, today
):
    today(dt.date(2026, 3, 20))
    client.force_login(homeoffice)
    page = _text(client.get(REGISTER))
    assert "Recommendations addressed to the Home Office" in page
    assert "Northmoor CSP" in page
    assert "DHR-2025-04: DHR into the death of Adult A" in page
    assert "Recommendation 7" in page
    assert "2 Mar 2026" in page and "27 Apr 2026" in page
    assert "Overdue by" not in page


def test_a_dhsc_user_sees_nothing_of_the_home_offices(client, dhsc_user, addressing):
    client.force_login(dhsc_user)
    page = _text(client.get(REGISTER))
    assert "No recommendation has been addressed to the Department of Health" in page
    assert "Northmoor" not in page
    url = reverse("bodies:addressing", args=[addressing.pk])
    assert client.get(url).status_code == 404


def test_a_body_user_sees_no_partnership_page(client, homeoffice, addressing):
    client.force_login(homeoffice)
    review_id = addressing.recommendation.review_id
    assert client.get(reverse("plans:review_detail", args=[review_id])).status_code == 404
    assert "Northmoor" not in client.get(reverse("plans:review_list")).content.decode()


def test_it_is_overdue_the_day_after_the_configured_period(client, homeoffice, addressing, today):
    client.force_login(homeoffice)
    today(dt.date(2026, 4, 27))
    assert "Overdue by" not in _text(client.get(REGISTER))
    today(dt.date(2026, 5, 7))
    assert "Overdue by 10 days" in _text(client.get(REGISTER))
    overdue = _text(client.get(REGISTER, {"state": "overdue"}))
    assert "Recommendation 7" in overdue
    answered = _text(client.get(REGISTER, {"state": "answered"}))
    assert "Recommendation 7" not in answered


@override_settings(FOLLOWTHROUGH_NATIONAL_RESPONSE_DAYS=90)
def test_a_longer_configured_period_moves_the_due_date(client, rec, coordinator, homeoffice, today):
    recommendation_address(
        recommendation=rec, bodies=[body("HO")], actor=coordinator, addressed_at=ADDRESSED_AT
    )
    today(dt.date(2026, 5, 7))
    client.force_login(homeoffice)
    page = _text(client.get(REGISTER))
    assert "31 May 2026" in page and "Overdue by" not in page


def test_bad_filters_are_reported_not_a_traceback(client, homeoffice, addressing):
    client.force_login(homeoffice)
    response = client.get(REGISTER, {"state": "nonsense", "partnership": "x" * 30, "page": "-1"})
    assert response.status_code == 200
    page = _text(response)
    assert "Choose a state from the list." in page
    assert "Choose a partnership from the list." in page


def test_the_recommendations_page_shows_the_review_context_and_nothing_more(
    client, homeoffice, rec, addressing
):
    RecommendationFactory(review=rec.review, text="A local recommendation for the police")
    client.force_login(homeoffice)
    page = _text(client.get(reverse("bodies:addressing", args=[addressing.pk])))
    assert rec.text in page
    for shown in ["Northmoor CSP", "Domestic Homicide Review", "DHR-2025-04", "Not published"]:
        assert shown in page
    assert "Adult A" not in page.replace("DHR into the death of Adult A", "")
    assert "A local recommendation for the police" not in page


def test_the_body_acknowledges_and_responds_through_the_page(client, homeoffice, addressing, today):
    today(dt.date(2026, 5, 20))
    client.force_login(homeoffice)
    client.post(reverse("bodies:acknowledge", args=[addressing.pk]), {"version": 1})
    addressing.refresh_from_db()
    assert addressing.acknowledged_by == homeoffice
    response = client.post(
        reverse("bodies:respond", args=[addressing.pk]),
        {
            "version": addressing.version,
            "response": "accepted_in_part",
            "reasons": "We will consult first.",
            "responded_on": "12/5/2026",
        },
    )
    assert response.status_code == 302
    addressing.refresh_from_db()
    assert (addressing.response, addressing.responded_on) == (
        "accepted_in_part",
        dt.date(2026, 5, 12),
    )


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"response": "not_accepted", "reasons": ""}, "Give the reasons it was not accepted"),
        ({"response": "", "reasons": ""}, "Choose the response"),
        ({"responded_on": "31/12/9999"}, "Date of the response must be between"),
        ({"responded_on": "1/6/2026"}, "cannot be in the future"),
        ({"version": "1", "first": True}, "Someone else changed this"),
    ],
)
def test_a_bad_response_is_a_message_and_nothing_is_saved(
    client, homeoffice, addressing, today, values, message
):
    today(dt.date(2026, 5, 20))
    if values.pop("first", False):
        addressing_respond(
            addressing=addressing,
            expected_version=1,
            response="accepted",
            reasons="",
            responded_on=dt.date(2026, 5, 1),
            actor=homeoffice,
        )
    before = Addressing.objects.get(pk=addressing.pk)
    client.force_login(homeoffice)
    data = {"version": before.version, "response": "accepted_in_part", "reasons": "x"}
    data.update({"responded_on": "12/5/2026", **values})
    response = client.post(reverse("bodies:respond", args=[addressing.pk]), data)
    assert response.status_code == 200
    assert message in _text(response)
    assert "There is a problem" in _text(response)
    after = Addressing.objects.get(pk=addressing.pk)
    assert (after.version, after.response) == (before.version, before.response)


def test_the_address_page_marks_the_bodies_the_text_names_without_ticking_them(
    client, coordinator, rec
):
    client.force_login(coordinator)
    html = client.get(reverse("bodies:address", args=[rec.pk])).content.decode()
    assert html.count("Named in the recommendation") == 1
    home_office = body("HO")
    assert f'value="{home_office.pk}" aria-describedby="body-{home_office.pk}-mentioned"' in html
    assert " checked" not in html


def test_the_author_addresses_and_withdraws_through_the_pages(client, coordinator, rec):
    client.force_login(coordinator)
    url = reverse("bodies:address", args=[rec.pk])
    assert "Choose at least one national body" in _text(client.post(url, {}))
    assert "Choose national bodies from the list" in _text(client.post(url, {"bodies": ["999"]}))
    response = client.post(url, {"bodies": [body("HO").pk, body("NHSE").pk]})
    assert response.status_code == 302
    made = Addressing.objects.get(body__short_name="NHSE")
    client.post(reverse("bodies:withdraw", args=[made.pk]))
    assert list(Addressing.objects.values_list("body__short_name", flat=True)) == ["HO"]


def test_mentioned_bodies_match_whole_words_and_short_names_by_their_capitals():
    from followthrough.bodies.models import NationalBody
    from followthrough.bodies.selectors import mentioned_bodies

    bodies = [
        NationalBody(pk=1, name="Department for Education", short_name="DfE"),
        NationalBody(pk=2, name="Home Office", short_name="HO", aliases="Home Secretary"),
        NationalBody(pk=3, name="NHS England", short_name="NHSE"),
    ]
    assert mentioned_bodies("The DfE should write to schools.", bodies) == {1}
    assert mentioned_bodies("the dfe and ho", bodies) == set()
    assert mentioned_bodies("Ask the home  secretary", bodies) == {2}
    assert mentioned_bodies("Local NHS trusts; NHS England-wide", bodies) == set()
    assert mentioned_bodies("NHS England should", bodies) == {3}


# --- On the plan ---------------------------------------------------------------------------


def test_the_plan_shows_the_response_to_anyone_who_may_read_it(
    client, viewer, addressing, homeoffice, today
):
    today(dt.date(2026, 6, 1))
    addressing_respond(
        addressing=addressing,
        expected_version=1,
        response="accepted_in_part",
        reasons="We will consult first.",
        responded_on=dt.date(2026, 5, 12),
        actor=homeoffice,
    )
    client.force_login(viewer)
    page = _text(
        client.get(reverse("plans:review_detail", args=[addressing.recommendation.review_id]))
    )
    assert (
        "Addressed to the Home Office on 2 March 2026: accepted in part on 12 May 2026 "
        "(We will consult first.)" in page
    )


def test_the_plan_shows_an_unanswered_one_as_due_then_overdue(client, viewer, addressing, today):
    client.force_login(viewer)
    url = reverse("plans:review_detail", args=[addressing.recommendation.review_id])
    today(dt.date(2026, 4, 1))
    assert "No response yet: due by 27 April 2026; not acknowledged yet" in _text(client.get(url))
    today(dt.date(2026, 6, 6))
    assert "No response from the Home Office: overdue by 40 days" in _text(client.get(url))


def test_the_plan_page_runs_the_same_queries_however_many_are_addressed(client, coordinator, home):
    counts = []
    for n in (1, 12):
        review = ReviewFactory(partnership=home)
        recs = [RecommendationFactory(review=review) for _ in range(n)]
        for rec in recs:
            recommendation_address(
                recommendation=rec, bodies=[body("HO"), body("DHSC")], actor=coordinator
            )
        client.force_login(coordinator)
        for url in (
            reverse("plans:review_detail", args=[review.pk]),
            reverse("plans:review_write", args=[review.pk]),
        ):
            client.get(url)
            with CaptureQueriesContext(connection) as queries:
                html = client.get(url).content.decode()
            assert html.count("Addressed to the Home Office") == n
            counts.append(len(queries))
    assert counts[:2] == counts[2:], counts


def test_the_register_runs_the_same_queries_whatever_the_data(
    client, coordinator, home, homeoffice
):
    counts = []
    client.force_login(homeoffice)
    for n in (1, 30):
        review = ReviewFactory(partnership=home)
        for _ in range(n):
            recommendation_address(
                recommendation=RecommendationFactory(review=review),
                bodies=[body("HO")],
                actor=coordinator,
            )
        for url in (REGISTER, reverse("bodies:register_xlsx")):
            client.get(url)
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url, {"state": "open"}).status_code == 200
            counts.append(len(queries))
    assert counts[:2] == counts[2:], counts
