"""The national bodies' answers in the national oversight figures: by body and answer, with
the figures' suppression (a count from 1 to 4 reads "fewer than 5"), on the page and in the
Excel download, at a constant number of queries."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from followthrough.bodies.services import (
    addressing_acknowledge,
    addressing_respond,
    recommendation_address,
)
from followthrough.oversight.services import national_access_grant
from tests.bodies.conftest import ADDRESSED_AT, body
from tests.factories import RecommendationFactory, UserFactory


@pytest.fixture
def national_client(client, db):
    user = UserFactory(username="national-reader")
    national_access_grant(user=user, body="Domestic Abuse Commissioner's Office", actor=None)
    client.force_login(user)
    return client


def _addressed(review, coordinator, short_name, n):
    return [
        recommendation_address(
            recommendation=RecommendationFactory(review=review),
            bodies=[body(short_name)],
            actor=coordinator,
            addressed_at=ADDRESSED_AT,
        )[0]
        for _ in range(n)
    ]


@pytest.fixture
def answered(review, coordinator, homeoffice, dhsc_user):
    """The Home Office: 5 accepted, 1 unanswered. DHSC: 2 acknowledged, not answered. All
    addressed on 2 March 2026: the unanswered are overdue after 27 April 2026."""
    for addressing in _addressed(review, coordinator, "HO", 5):
        addressing_respond(
            addressing=addressing,
            expected_version=1,
            response="accepted",
            reasons="",
            responded_on=dt.date(2026, 3, 10),
            actor=homeoffice,
        )
    _addressed(review, coordinator, "HO", 1)
    for addressing in _addressed(review, coordinator, "DHSC", 2):
        addressing_acknowledge(addressing=addressing, expected_version=1, actor=dhsc_user)


def _table(html: str) -> str:
    start = html.index('id="table-national-bodies"')
    return html[start : html.index("</table>", start)]


def test_the_figures_count_each_bodys_answers_with_small_counts_hidden(
    national_client, answered, today
):
    today(dt.date(2026, 5, 7))
    html = national_client.get(reverse("oversight:figures")).content.decode()
    table = _table(html)
    home_office = table[
        table.index("Home Office") : table.index("</tr>", table.index("Home Office"))
    ]
    cells = [part.split("</td>")[0] for part in home_office.split('">')[1:]]
    assert cells == ["5", "0", "0", "0", "0", "fewer than 5", "6 to 9"]
    dhsc = table[table.index("Department of Health") :]
    assert 'data-label="Overdue">fewer than 5' in dhsc  # acknowledged, but overdue
    assert ">2<" not in table and ">1<" not in table


def test_before_the_due_date_the_unanswered_one_is_not_overdue(national_client, answered, today):
    today(dt.date(2026, 4, 27))
    table = _table(national_client.get(reverse("oversight:figures")).content.decode())
    assert 'data-label="Overdue">fewer than 5' not in table
    assert 'data-label="No response">fewer than 5' in table
    assert 'data-label="Acknowledged only">fewer than 5' in table


def test_the_figures_download_has_a_sheet_of_the_bodies_answers(national_client, answered, today):
    today(dt.date(2026, 5, 7))
    response = national_client.get(reverse("oversight:figures_xlsx"))
    sheet = load_workbook(BytesIO(response.content))["National bodies"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header = rows.index(
        [
            "National body",
            "Accepted",
            "Accepted in part",
            "Not accepted",
            "Acknowledged only",
            "No response",
            "Overdue",
            "Total",
        ]
    )
    assert rows[header + 2] == ["Home Office", 5, 0, 0, 0, 0, "fewer than 5", "6 to 9"]
    assert rows[header + 1][0] == "Department of Health and Social Care"
    assert rows[header + 1][6] == "fewer than 5"  # overdue


def test_the_figures_filters_apply_to_the_bodies_answers(national_client, answered):
    html = national_client.get(reverse("oversight:figures"), {"review_type": "SAR"}).content
    assert "No recommendation matching these filters has been addressed" in html.decode()


def test_the_figures_page_runs_the_same_queries_whatever_the_number_answered(
    national_client, review, coordinator
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for n in (1, 20):
        _addressed(review, coordinator, "HO", n)
        _addressed(review, coordinator, "MoJ", n)
        national_client.get(reverse("oversight:figures"))
        with CaptureQueriesContext(connection) as queries:
            national_client.get(reverse("oversight:figures"))
        counts.append(len(queries))
    assert counts[0] == counts[1]
