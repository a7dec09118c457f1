"""Target dates written relative to the document, counted from its date."""

from __future__ import annotations

import datetime as dt

import pytest

from followthrough.parsing.relative import relative_date

REPORT = dt.date(2024, 11, 30)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Within six months of this report", dt.date(2025, 5, 30)),
        ("within 24 hours", dt.date(2024, 12, 1)),
        ("Within 48 hours", dt.date(2024, 12, 2)),
        ("within 3 weeks", dt.date(2024, 12, 21)),
        ("Within 28 days", dt.date(2024, 12, 28)),
        ("within one year of publication", dt.date(2025, 11, 30)),
        ("Within 12 months", dt.date(2025, 11, 30)),
        ("in six weeks' time", dt.date(2025, 1, 11)),
        ("In six weeks\u2019 time.", dt.date(2025, 1, 11)),
        ("within twenty-four months of the report being published", dt.date(2026, 11, 30)),
        ("Within twenty four days", dt.date(2024, 12, 24)),
        ("within a month", dt.date(2024, 12, 30)),
        ("within the next 6 months", dt.date(2025, 5, 30)),
        ("6 months from publication of the report", dt.date(2025, 5, 30)),
        ("Within 3 months of the date of this report", dt.date(2025, 2, 28)),
        ("within 10 working days", dt.date(2024, 12, 13)),
        ("No later than 2 years after the review", dt.date(2026, 11, 30)),
    ],
)
def test_it_counts_a_relative_date_from_the_start_day(text, expected):
    assert relative_date(text, REPORT) == expected


def test_a_month_after_the_last_day_of_january_is_the_last_day_of_february():
    assert relative_date("within one month", dt.date(2025, 1, 31)) == dt.date(2025, 2, 28)
    assert relative_date("within one month", dt.date(2024, 1, 31)) == dt.date(2024, 2, 29)


def test_a_year_after_the_twenty_ninth_of_february_is_the_twenty_eighth():
    assert relative_date("within 1 year", dt.date(2024, 2, 29)) == dt.date(2025, 2, 28)


def test_months_count_across_the_end_of_the_year():
    assert relative_date("within 14 months", dt.date(2024, 12, 15)) == dt.date(2026, 2, 15)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "31 March 2025",
        "March 2025",
        "by March 2025",
        "in 2025",
        "2025",
        "Q3 2025",
        "Spring 2025",
        "Ongoing",
        "TBC",
        "Immediately",
        "within six months of the new policy being launched",
        "six months after the training is delivered",
        "within twenty-five months",
        "within 0 days",
        "within 5000 days",
        "within some months",
        "Within six months of this report. Then annually.",
    ],
)
def test_anything_else_is_not_a_relative_date(text):
    assert relative_date(text, REPORT) is None


def test_a_date_past_the_end_of_the_calendar_is_none():
    assert relative_date("within 2 days", dt.date(9999, 12, 31)) is None
