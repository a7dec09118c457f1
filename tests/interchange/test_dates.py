import datetime as dt

import pytest

from followthrough.interchange import PartialDate, Precision


@pytest.mark.parametrize(
    "iso, due_on, precision",
    [
        ("2014", dt.date(2014, 12, 31), Precision.YEAR),
        ("2014-07", dt.date(2014, 7, 31), Precision.MONTH),
        ("2024-02", dt.date(2024, 2, 29), Precision.MONTH),
        ("2023-02", dt.date(2023, 2, 28), Precision.MONTH),
        ("2014-01-31", dt.date(2014, 1, 31), Precision.DAY),
    ],
)
def test_a_partial_date_falls_due_at_the_end_of_its_period(iso, due_on, precision):
    date = PartialDate.fromisoformat(iso)
    assert date.precision is precision
    assert date.due_on == due_on
    assert date.isoformat() == iso


@pytest.mark.parametrize("iso", ["2014", "2014-07", "2014-07-09"])
def test_it_rebuilds_a_partial_date_from_its_due_date_and_precision(iso):
    date = PartialDate.fromisoformat(iso)
    assert PartialDate.from_due_date(date.due_on, date.precision) == date


def test_it_displays_dates_as_people_write_them():
    assert PartialDate(2014, 7).display() == "July 2014"
    assert PartialDate(2014, 1, 31).display() == "31 January 2014"
    assert PartialDate(2014).display() == "2014"


@pytest.mark.parametrize("bad", ["2014-13", "2014-02-30", "14-07", "July 2014", ""])
def test_it_refuses_impossible_or_non_iso_dates(bad):
    with pytest.raises(ValueError):
        PartialDate.fromisoformat(bad)


def test_a_year_outside_the_calendar_plans_use_is_refused():
    import pytest

    from followthrough.interchange import PartialDate

    for year in (9999, 1066):
        with pytest.raises(ValueError, match="outside 1900 to 2199"):
            PartialDate(year, 12, 31)


def test_the_reader_passes_over_a_date_in_year_9999():
    from followthrough.interchange import PartialDate
    from followthrough.parsing import find_dates

    assert find_dates("by 31/12/9999 or Q4 9999, else March 2025") == [PartialDate(2025, 3)]
