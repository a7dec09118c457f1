"""The recurring lessons report and its Excel download."""

from __future__ import annotations

import io
import string

from django.conf import settings
from django.db import connection
from django.shortcuts import resolve_url
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from followthrough.lessons.selectors import GROUPS_PER_PAGE
from tests.factories import ActionFactory, RecommendationFactory, ReviewFactory
from tests.lessons.conftest import DASH_QUERY

REPORT = reverse("lessons:recurring")
EXCEL = reverse("lessons:recurring_xlsx")
NAMES = ["Adult P", "Adult F", "Adult H", "Pat Example", "Lee Example", "death of"]


def test_the_anonymous_are_sent_to_sign_in(client, world):
    for url in [REPORT, EXCEL]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))


def test_a_member_sees_a_group_with_its_implementation_rate(client, world):
    client.force_login(world.users["home"])
    response = client.get(REPORT)
    html = response.text
    assert response.status_code == 200
    assert "Lesson 1: made 2 times in 2 reviews" in html
    assert "1 of 2 (50%)" in html
    assert "Fully implemented: 1" in html and "No information: 1" in html
    assert "NM-DHR-2023-01" in html and "FS-DHR-2021-07" in html
    assert "FS-DHR-2024-02" not in html  # another partnership's unpublished review
    assert reverse("plans:review_detail", args=[world.home_review.pk]) in html


def test_the_site_administrator_sees_every_member(client, world):
    client.force_login(world.users["superuser"])
    html = client.get(REPORT).text
    assert "Lesson 1: made 3 times in 3 reviews" in html
    assert "1 of 3 (33%)" in html


def test_a_group_the_outsider_could_see_only_one_member_of_is_not_shown(client, world):
    client.force_login(world.users["outsider"])
    html = client.get(REPORT).text
    assert "Lesson 1" not in html
    assert "No lesson recurs yet" in html
    assert "FS-DHR-2021-07" not in html


def test_the_outsider_sees_published_members_of_other_partnerships_without_names(client, world):
    other = ReviewFactory(
        partnership=world.home,
        reference="NM-SAR-2022-04",
        review_type="SAR",
        title="Safeguarding Adults Review of Adult Q",
        subject_pseudonym="Adult Q",
        published_on=world.published_review.published_on,
    )
    RecommendationFactory(review=other, number="1", text=DASH_QUERY)
    client.force_login(world.users["outsider"])
    html = client.get(REPORT).text
    assert "Lesson 1: made 2 times in 2 reviews" in html
    assert "NM-SAR-2022-04" in html and "FS-DHR-2021-07" in html
    for name in [*NAMES, "Adult Q"]:
        assert name not in html
    for review in [other, world.published_review]:
        assert f'href="{reverse("plans:review_detail", args=[review.pk])}"' not in html
        assert f'href="{reverse("public:review", args=[review.pk])}"' in html


def _lesson_text(n: int) -> str:
    """A recommendation unlike any other (n spelt in letters in made-up words)."""
    tag = "".join(string.ascii_lowercase[int(digit)] for digit in str(n))
    return (
        f"Every agency should review its {tag}zork pathway and the {tag}blim protocol for "
        f"{tag}quax referrals."
    )


def _grow(world, groups: range):
    """More recurring lessons (one for each of ``groups``), each made in two of the home
    partnership's reviews with an action each."""
    for n in groups:
        text = _lesson_text(n)
        for _ in range(2):
            rec = RecommendationFactory(review=ReviewFactory(partnership=world.home), text=text)
            ActionFactory(recommendation=rec, status="on_track")


def test_the_report_runs_the_same_queries_at_two_sizes_and_pages(client, world):
    client.force_login(world.users["home"])
    _grow(world, range(2))
    client.get(REPORT)  # the index built
    with CaptureQueriesContext(connection) as small:
        assert client.get(REPORT).status_code == 200
    _grow(world, range(2, GROUPS_PER_PAGE + 7))
    client.get(REPORT)
    with CaptureQueriesContext(connection) as large:
        html = client.get(REPORT).text
    assert len(large) == len(small)
    assert f"Groups 1 to {GROUPS_PER_PAGE} of {GROUPS_PER_PAGE + 8}" in html
    second = client.get(REPORT, {"page": 2}).text
    assert f"Groups {GROUPS_PER_PAGE + 1} to {GROUPS_PER_PAGE + 8}" in second
    assert client.get(REPORT, {"page": "x"}).status_code == 200


def test_the_excel_has_a_row_per_member_with_its_group(client, world):
    client.force_login(world.users["home"])
    response = client.get(EXCEL)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Cache-Control"] == "no-store, private"
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header, members = rows[0], rows[1:]
    assert header[0] == "Group" and "Outcome" in header
    assert sorted(row[7] for row in members) == ["FS-DHR-2021-07", "NM-DHR-2023-01"]
    assert {row[0] for row in members} == {1}
    assert {row[4] for row in members} == {"50%"}


def test_the_excel_writes_a_recommendation_that_looks_like_a_formula_as_text(client, world):
    formula = '=HYPERLINK("http://example.invalid","Train staff in DASH domestic abuse risk")'
    for review in [world.home_review, ReviewFactory(partnership=world.home)]:
        RecommendationFactory(review=review, text=formula)
    client.force_login(world.users["home"])
    workbook = load_workbook(io.BytesIO(client.get(EXCEL).content))
    cells = [c for row in workbook.active.iter_rows() for c in row if c.value == formula]
    assert len(cells) == 2
    assert all(c.data_type == "s" for c in cells)


def test_a_large_group_lists_its_first_members_and_counts_them_all(client, world, monkeypatch):
    from followthrough.lessons import selectors

    monkeypatch.setattr(selectors, "MEMBERS_SHOWN", 1)
    client.force_login(world.users["superuser"])
    html = client.get(REPORT).text
    assert "Lesson 1: made 3 times in 3 reviews" in html and "1 of 3 (33%)" in html
    assert "And 2 more recommendations in this group, listed in the spreadsheet." in html
    assert html.count('<tr class="govuk-table__row">') == 2  # the header and one member


def test_many_members_are_read_a_chunk_at_a_time_with_the_same_result(client, world, monkeypatch):
    from followthrough.lessons import selectors

    client.force_login(world.users["superuser"])
    whole = client.get(REPORT).context["page"].object_list
    monkeypatch.setattr(selectors, "_CHUNK", 1)
    chunked = client.get(REPORT).context["page"].object_list
    assert chunked == whole and whole[0].size == 3
