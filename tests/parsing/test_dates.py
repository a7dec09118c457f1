import pytest

from followthrough.interchange import PartialDate
from followthrough.parsing.dates import date_items, find_date_spans, find_dates, latest, parse_date


@pytest.mark.parametrize(
    "text, iso",
    [
        ("July 2014", "2014-07"),
        ("Jul 2014", "2014-07"),
        ("Sept 2014", "2014-09"),
        ("december 2013", "2013-12"),
        ("Jan-14", "2014-01"),
        ("01/2014", "2014-01"),
    ],
)
def test_it_reads_month_precision_dates(text, iso):
    assert parse_date(text) == PartialDate.fromisoformat(iso)


def test_it_reads_a_month_and_two_digit_year_as_plans_write_it():
    assert parse_date("Dec 13") == PartialDate(2013, 12)


@pytest.mark.parametrize(
    "text",
    ["31 January 2014", "31st January 2014", "31 Jan 14", "31/01/2014", "31/1/14", "31.01.2014",
     "2014-01-31", "January 31, 2014"],
)  # fmt: skip
def test_it_reads_day_precision_dates_in_uk_order(text):
    assert parse_date(text) == PartialDate(2014, 1, 31)


def test_it_reads_a_year_alone():
    assert parse_date("2014") == PartialDate(2014)


def test_it_allows_the_words_people_put_around_a_date():
    assert parse_date("by end of July 2014") == PartialDate(2014, 7)
    assert parse_date(" 31/01/2014. ") == PartialDate(2014, 1, 31)


@pytest.mark.parametrize(
    "text",
    ["", "Ongoing", "TBC", "quarterly", "31/02/2014", "13/13/2014", "Report to the board",
     "July 2014 and August 2014", "Panel identified 2 agencies"],
)  # fmt: skip
def test_it_refuses_what_is_not_one_date(text):
    assert parse_date(text) is None


def test_it_finds_several_dates_in_one_cell_in_order():
    assert [d.isoformat() for d in find_dates("October 2013 November 2013 January 2014")] == [
        "2013-10",
        "2013-11",
        "2014-01",
    ]
    assert [d.isoformat() for d in find_dates("March 2014 July 2014 July 2014 July 2014")] == [
        "2014-03",
        "2014-07",
        "2014-07",
        "2014-07",
    ]


def test_it_finds_dates_inside_sentences_without_double_counting_the_year():
    text = "Report submitted to Home office Dec 13. See response; presented 31 January 2014"
    assert [d.isoformat() for d in find_dates(text)] == ["2013-12", "2014-01-31"]


def test_it_does_not_take_the_verb_may_for_a_month():
    assert find_dates("staff may 20 times a year ask") == []
    assert find_dates("May 2015") == [PartialDate(2015, 5)]


def test_the_latest_date_counts_a_month_from_its_last_day():
    assert latest([PartialDate(2014, 1, 31), PartialDate(2014, 4)]) == PartialDate(2014, 4)
    assert latest([PartialDate(2014, 7, 1), PartialDate(2014, 6)]) == PartialDate(2014, 7, 1)
    assert latest([]) is None


@pytest.mark.parametrize(
    "text, iso",
    [
        ("Q3 2024", "2024-09"),
        ("Q1 2025", "2025-03"),
        ("quarter 2 2025", "2025-06"),
        ("Q3 2024/25", "2024-12"),  # a quarter of the financial year, which starts in April
        ("Q4 2024/25", "2025-03"),
        ("Spring 2015", "2015-05"),
        ("Summer 2025", "2025-08"),
        ("Autumn 2024", "2024-11"),
        ("Winter 2015", "2016-02"),  # winter runs into the next year
        ("winter 2015/16", "2016-02"),
        ("2024/25", "2025-03"),  # a financial year
        ("2024-25", "2025-03"),
    ],
)
def test_it_reads_a_period_as_the_month_it_ends_in(text, iso):
    (found,) = find_date_spans(text)
    assert found.date == PartialDate.fromisoformat(iso)
    assert found.approximate


def test_a_period_is_not_one_date_for_a_form_to_take():
    assert parse_date("Q3 2024") is None
    assert parse_date("July 2024") == PartialDate(2024, 7)


def test_years_that_do_not_follow_each_other_are_not_a_financial_year():
    assert [d.isoformat() for d in find_dates("2014-01-31 and 2019/2023")] == [
        "2014-01-31",
        "2019",
        "2023",
    ]


def test_a_target_date_cell_gives_each_date_as_written_in_order():
    items = date_items("by end of July 2014\nQ3 2025\nTBC\nMarch 2025 (subject to funding)")
    assert [(i.date and i.date.isoformat(), i.text, i.exact) for i in items] == [
        ("2014-07", "July 2014", True),
        ("2025-09", "Q3 2025", False),
        (None, "TBC", False),
        ("2025-03", "March 2025 (subject to funding)", False),
    ]


def test_dates_run_together_on_one_line_are_items_of_their_own():
    items = date_items("October 2013 November 2013 ongoing")
    assert [(i.text, i.exact) for i in items] == [
        ("October 2013", True),
        ("November 2013 ongoing", False),
    ]


def test_a_quarter_of_a_financial_year_written_short_ends_in_its_last_month():
    assert find_dates("Q1 25/26") == [PartialDate(2025, 6)]
    assert find_dates("Q3 24/25") == [PartialDate(2024, 12)]
    assert find_dates("12/13") == []
