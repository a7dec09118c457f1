"""The public pages through their URLs: open to anyone, nothing unpublished, no names."""

import datetime as dt
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import PASSWORD, MembershipFactory, UserFactory, authenticator
from tests.public.conftest import (
    COMMENT,
    EVIDENCE_NAME,
    LEAD_NAME,
    LEAD_ROLE,
    NARRATIVE,
    OUTCOME,
    PREAMBLE,
    PSEUDONYM,
    TODAY,
    make_review,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


def _urls(review):
    return [
        reverse("public:index"),
        reverse("public:index_json"),
        reverse("public:partnership", args=[review.partnership_id]),
        reverse("public:review", args=[review.pk]),
        reverse("public:review_json", args=[review.pk]),
    ]


def test_anyone_signed_out_opens_every_public_page_of_a_published_review(client, published):
    for url in _urls(published):
        response = client.get(url)
        assert response.status_code == 200, url
    page = client.get(reverse("public:review", args=[published.pk])).text
    assert "Agree an information sharing protocol." in page
    assert "Northmoor Police" in page
    assert "Risk assessment and management" in page
    assert "Signed off" in page
    assert "Fully implemented" in page
    assert "Last updated" in page


def test_a_review_unpublished_or_published_in_future_answers_404_like_a_missing_one(
    client, partnership
):
    none = make_review(partnership, None)
    future = make_review(partnership, TODAY + dt.timedelta(days=1))
    this_month = make_review(partnership, dt.date(2026, 3, 31), precision="month")
    missing = client.get(reverse("public:review", args=[none.pk + 999]))
    assert missing.status_code == 404
    for review in [none, future, this_month]:
        for name in ["public:review", "public:review_json"]:
            response = client.get(reverse(name, args=[review.pk]))
            assert response.status_code == 404, (name, review.published_on)
        page = client.get(reverse("public:review", args=[review.pk]))
        assert page.text == missing.text
    # Its partnership has nothing published: no page for it either, and the index is empty.
    assert client.get(reverse("public:partnership", args=[partnership.pk])).status_code == 404
    assert json.loads(client.get(reverse("public:index_json")).content)["partnerships"] == []
    assert "No review has been published yet." in client.get(reverse("public:index")).text


def test_a_signed_in_member_sees_no_more_of_an_unpublished_review(client, partnership):
    review = make_review(partnership, None)
    coordinator = UserFactory(username="coordinator")
    MembershipFactory(user=coordinator, partnership=partnership, role="coordinator")
    client.force_login(coordinator)
    assert client.get(reverse("public:review", args=[review.pk])).status_code == 404
    assert client.get(reverse("public:review_json", args=[review.pk])).status_code == 404


def test_no_name_narrative_outcome_comment_or_evidence_appears_in_any_page_or_json(
    client, published
):
    hidden = [
        LEAD_NAME,
        "Marchbanks",
        LEAD_ROLE,
        "Ottoline Brack",
        PSEUDONYM,
        published.title,
        PREAMBLE,
        NARRATIVE,
        OUTCOME,
        COMMENT,
        EVIDENCE_NAME,
    ]
    for url in _urls(published):
        text = client.get(url).content.decode()
        assert "Northmoor" in text, url  # the page holds the plan at all
        found = [words for words in hidden if words.lower() in text.lower()]
        assert found == [], url


def test_the_pages_set_no_session_and_no_csrf_token_and_may_be_kept_five_minutes(client, published):
    for url in _urls(published):
        response = client.get(url)
        assert dict(response.cookies) == {}, url
        assert "csrfmiddlewaretoken" not in response.content.decode(), url
        cache = response["Cache-Control"]
        assert "no-store" not in cache, url
        assert "max-age=300" in cache and "private" in cache, url
    # A 404 is not kept.
    assert "no-store" in client.get(reverse("public:review", args=[999999]))["Cache-Control"]


def test_a_signed_in_user_gets_the_same_page_without_their_name_or_a_sign_out_form(
    client, published
):
    url = reverse("public:review", args=[published.pk])
    anonymous = client.get(url).text
    user = UserFactory(username="viewer", first_name="Wendeline", last_name="Farrow")
    MembershipFactory(user=user, partnership=published.partnership, role="viewer")
    client.force_login(user)
    signed_in = client.get(url)
    assert "Wendeline" not in signed_in.text
    assert "csrftoken" not in signed_in.cookies
    assert signed_in.text == anonymous


def test_someone_between_password_and_code_may_still_read_the_public_pages(client, published):
    user = UserFactory(username="halfway")
    MembershipFactory(user=user, partnership=published.partnership, role="coordinator")
    authenticator(user)
    signed = client.post(reverse("web:login"), {"username": "halfway", "password": PASSWORD})
    assert signed.status_code == 302
    assert client.get("/reviews/").status_code == 302  # the app asks for the code
    assert client.get(reverse("public:review", args=[published.pk])).status_code == 200


def test_the_public_pages_refuse_a_post(client, published):
    assert client.post(reverse("public:review", args=[published.pk])).status_code == 405


def test_the_review_json_has_its_documented_fields(client, published):
    data = json.loads(client.get(reverse("public:review_json", args=[published.pk])).content)
    assert set(data) == {"review", "last_updated", "recommendations"}
    assert data["review"] == {
        "id": published.pk,
        "type": {"code": "DHR", "label": "Domestic Homicide Review"},
        "reference": "NM-DHR-07",
        "name": "Domestic Homicide Review NM-DHR-07",
        "partnership": {"id": published.partnership_id, "name": "Northmoor CSP"},
        "published_on": {"iso": "2024-01-10", "display": "10 January 2024"},
        "recommendation_count": 2,
        "implemented_count": 1,
        "url": reverse("public:review", args=[published.pk]),
        "json_url": reverse("public:review_json", args=[published.pk]),
    }
    assert dt.datetime.fromisoformat(data["last_updated"])
    first = data["recommendations"][0]
    assert first == {
        "number": "1",
        "position": 1,
        "text": "Police to train every officer in risk assessment.",
        "themes": ["Risk assessment and management"],
        "scope": {"code": "local", "label": "Local"},
        "outcome": {"code": "fully_implemented", "label": "Fully implemented"},
        "actions": [
            {
                "number": 1,
                "text": "Deliver risk assessment training to every response officer.",
                "lead_agencies": ["Northmoor Police"],
                "status": {"code": "signed_off", "label": "Signed off"},
                "target_date": {"iso": "2025-03", "display": "March 2025"},
                "target_date_as_written": "March 2025",
                "completed_on": {"iso": "2025-02-28", "display": "28 February 2025"},
            }
        ],
    }
    second_action = data["recommendations"][1]["actions"][0]
    assert second_action["target_date_as_written"] == "By the end of 2026"
    assert second_action["completed_on"] is None


def test_the_index_json_lists_partnerships_and_their_published_reviews(client, published):
    make_review(published.partnership, None)  # not listed
    data = json.loads(client.get(reverse("public:index_json")).content)
    assert data["as_of"] == TODAY.isoformat()
    [partnership] = data["partnerships"]
    assert partnership["name"] == "Northmoor CSP"
    assert partnership["url"] == reverse("public:partnership", args=[published.partnership_id])
    [review] = partnership["reviews"]
    assert review["id"] == published.pk
    assert (review["recommendation_count"], review["implemented_count"]) == (2, 1)


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_each_page_costs_the_same_queries_whatever_the_data(client, partnership):
    small = make_review(partnership, dt.date(2024, 1, 1))
    small_counts = [_queries(client, url) for url in _urls(small)]
    large = make_review(partnership, dt.date(2024, 2, 1), recommendations=10, actions=4)
    for _ in range(5):
        make_review(partnership, dt.date(2024, 3, 1), recommendations=2, actions=2)
    large_counts = [_queries(client, url) for url in _urls(large)]
    assert small_counts == large_counts
    assert max(large_counts) <= 6
