"""{% made_before %}: the summary and links to what the signed-in user may see."""

from __future__ import annotations

from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.lessons.conftest import DASH_QUERY, UNRELATED


def render(user, source, **context):
    request = RequestFactory().get("/")
    request.user = user
    return Template("{% load lessons %}" + source).render(Context({"request": request, **context}))


def test_made_before_gives_the_summary_and_links_the_member_to_their_own_review(world):
    html = render(world.users["home"], "{% made_before text %}", text=DASH_QUERY)
    assert "Made before in 2 reviews; 1 implemented, 1 with no information." in html
    assert reverse("plans:review_detail", args=[world.home_review.pk]) in html
    assert "Northmoor CSP, Domestic Homicide Review NM-DHR-2023-01 (2023)" in html


def test_made_before_shows_another_partnerships_published_repeat_without_names(world):
    html = render(world.users["outsider"], "{% made_before text %}", text=DASH_QUERY)
    assert "Made before in 1 review; 1 with no information." in html
    assert "Fellside CSP, Domestic Homicide Review FS-DHR-2021-07 (2024)" in html
    own_page = reverse("plans:review_detail", args=[world.published_review.pk])
    assert f'href="{own_page}"' not in html
    public_page = reverse("public:review", args=[world.published_review.pk])
    assert f'href="{public_page}"' in html
    for name in ["Adult P", "Adult F", "Adult H", "Pat Example", "Lee Example", "death of"]:
        assert name not in html
    assert "FS-DHR-2024-02" not in html  # unpublished


def test_made_before_leaves_out_the_review_being_written(world):
    html = render(
        world.users["home"],
        "{% made_before text exclude_review=review %}",
        text=DASH_QUERY,
        review=world.home_review,
    )
    assert "Made before in 1 review; 1 with no information." in html
    assert "NM-DHR-2023-01" not in html


def test_made_before_shows_nothing_for_a_new_recommendation(world):
    html = render(world.users["home"], "{% made_before text %}", text="Refuges for older men.")
    assert html.strip() == ""


def test_made_before_shows_nothing_to_the_anonymous(world):
    from django.contrib.auth.models import AnonymousUser

    assert render(AnonymousUser(), "{% made_before text %}", text=DASH_QUERY).strip() == ""


def test_a_page_of_many_recommendations_finds_their_repeats_in_the_same_few_queries(world):
    source = (
        "{% made_before_texts texts as found %}"
        "{% for text in texts %}{% made_before_found found text %}{% endfor %}"
    )
    user = world.users["home"]
    render(user, source, texts=[DASH_QUERY])
    fresh = [type(user).objects.get(pk=user.pk) for _ in range(2)]
    with CaptureQueriesContext(connection) as one:
        render(fresh[0], source, texts=[DASH_QUERY])
    with CaptureQueriesContext(connection) as many:
        html = render(fresh[1], source, texts=[DASH_QUERY, UNRELATED] * 10)
    assert len(many) == len(one)
    assert html.count("Made before in 2 reviews") == 10
