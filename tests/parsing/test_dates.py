import pytest

from followthrough.interchange import PartialDate
from followthrough.parsing.dates import find_dates, latest, parse_date


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
