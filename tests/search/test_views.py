"""The search page (/search/): the GOV.UK form, results with the words found marked and where
they are, advice when nothing is found, every query and filter in the address, no error page
whatever is typed, and the same few queries for a page whatever the data."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import ActionFactory, ActionLeadFactory, RecommendationFactory, ReviewFactory
from tests.search.test_selectors import HOSTILE

URL = reverse("search:results")


def get(client, user, **params):
    client.force_login(user)
    response = client.get(URL, params)
    assert response.status_code == 200
    return response.text


def test_someone_not_signed_in_is_sent_to_sign_in(client, world):
    response = client.get(URL, {"q": "training"})
    assert response.status_code == 302
    assert "/login" in response["Location"] or "sign-in" in response["Location"]


def test_the_first_visit_shows_the_search_box_and_no_message(client, world):
    html = get(client, world.users["coordinator"])
    assert 'type="search"' in html and 'name="q"' in html
    assert "There is a problem" not in html
    assert 'id="results"' not in html


@pytest.mark.parametrize("q", ["", "   "])
def test_a_search_with_no_words_says_to_enter_some(client, world, q):
    html = get(client, world.users["coordinator"], q=q)
    assert "There is a problem" in html
    assert "Enter the words to search for" in html
    assert 'id="results"' not in html


def test_the_results_say_how_many_and_where_each_is_with_the_words_marked(client, world):
    html = get(client, world.users["coordinator"], q="training")
    assert "3 results for &ldquo;training&rdquo;" in html
    assert world.dhr.title in html
    assert "Recommendation 1" in html
    assert "Action under recommendation 1" in html
    assert "Progress update of" in html
    assert "<mark>training</mark>" in html
    assert f'href="/reviews/{world.dhr.pk}/#recommendation-{world.recs[0].pk}"' in html
    assert f'href="{reverse("actions:detail", args=[world.actions[0].pk])}"' in html
    assert "Northmoor Police" in html  # the action's lead agency


def test_a_script_in_a_recommendation_comes_out_escaped(client, world):
    rec = world.recs[0]
    rec.text = "Train staff <script>alert('x')</script> in safeguarding."
    rec.save()
    html = get(client, world.users["coordinator"], q="staff")
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "<mark>staff</mark>" in html


def test_nothing_found_says_no_results_with_advice(client, world):
    html = get(client, world.users["coordinator"], q="hippopotamus")
    assert "No results for &ldquo;hippopotamus&rdquo;" in html
    assert "check the spelling" in html
    assert "remove some of the filters" not in html
    html = get(client, world.users["coordinator"], q="hippopotamus", review_type="SAR")
    assert "remove some of the filters" in html
    assert "Filtered by: Review type: Safeguarding Adults Review." in html


def test_an_outsider_finds_nothing_and_is_not_told_what_exists(client, world):
    html = get(client, world.users["outsider"], q="training")
    assert "No results" in html
    assert world.dhr.title not in html and "Fellside" not in html


def test_the_filters_offer_only_what_the_user_may_see(client, world):
    html = get(client, world.users["coordinator"])
    assert "Northmoor CSP" in html
    assert "Fellside CSP" not in html
    assert "Northmoor Health" in html  # leads an action in Northmoor
    html = get(client, world.users["lead_elsewhere"])
    assert "Fellside CSP" in html and "Northmoor CSP" not in html
    assert "Northmoor Health" not in html


def test_a_partnership_the_user_may_not_see_is_an_error_beside_its_field_and_the_rest_runs(
    client, world
):
    html = get(client, world.users["coordinator"], q="training", partnership=world.fellside.pk)
    assert "Choose a partnership from the list" in html
    assert "3 results" in html  # the words still searched, the wrong filter ignored
    assert "Fellside" not in html.split('id="results"')[1]


@pytest.mark.parametrize(
    "q",
    [*HOSTILE, '"', "*", "-", "()", "a" * 1000, "NEAR " * 200, "\x00training", "%00", "\u202e"],
)
def test_hostile_queries_never_give_an_error_page(client, world, q):
    html = get(client, world.users["coordinator"], q=q)
    assert "for &ldquo;" in html or "There is a problem" in html


def test_a_query_too_long_says_so(client, world):
    html = get(client, world.users["coordinator"], q="a" * 1000)
    assert "Search for 200 characters or fewer" in html


def many(world, n: int):
    review = ReviewFactory(partnership=world.home, review_type="DHR", title="DHR Many")
    for i in range(n):
        rec = RecommendationFactory(review=review, order=i + 10, text=f"Repeat lesson number {i}.")
        action = ActionFactory(recommendation=rec, order=1, text=f"Act on the lesson {i}.")
        ActionLeadFactory(action=action, agency=world.police)


def test_pages_keep_the_query_and_every_filter_in_their_links(client, world):
    many(world, 15)
    params = {"q": "lesson", "review_type": "DHR", "agency": str(world.police.pk)}
    html = get(client, world.users["coordinator"], **params)
    assert "Results 1 to 20 of 30" in html
    nav = html.split('aria-label="Pages of results"')[1]
    link = nav.split('rel="next"')[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")
    query = parse_qs(urlparse(link).query)
    assert query == {
        "q": ["lesson"],
        "review_type": ["DHR"],
        "agency": [params["agency"]],
        "page": ["2"],
    }
    second = get(client, world.users["coordinator"], **{**params, "page": "2"})
    assert "Results 21 to 30 of 30" in second
    # The form shows the filters in force.
    assert 'value="lesson"' in second
    assert '<option value="DHR" selected>' in second


@pytest.mark.parametrize("user", ["coordinator", "superuser"])
def test_a_page_of_results_costs_the_same_queries_for_few_or_many_matches(client, world, user):
    counts = []
    for n in (12, 150):
        many(world, n)
        client.force_login(world.users[user])
        with CaptureQueriesContext(connection) as queries:
            html = client.get(URL, {"q": "lesson", "theme": "", "year": ""}).text
        assert "Results 1 to 20 of" in html
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    assert counts[0] <= 22, counts
