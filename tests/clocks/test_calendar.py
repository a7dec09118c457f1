"""Working days and months as the clocks count them (fixed dates; holidays from the library)."""

from datetime import date

import pytest

from followthrough.clocks.calendar import (
    add_months,
    add_working_days,
    bank_holidays,
    is_working_day,
    working_days_between,
)


def test_it_counts_weekdays_as_working_days_and_weekends_not():
    assert is_working_day(date(2026, 3, 2))  # Monday
    assert is_working_day(date(2026, 3, 6))  # Friday
    assert not is_working_day(date(2026, 3, 7))  # Saturday
    assert not is_working_day(date(2026, 3, 8))  # Sunday


def test_it_knows_the_bank_holidays_of_england_and_wales_2026():
    assert bank_holidays(2026) >= {
        date(2026, 1, 1),
        date(2026, 4, 3),  # Good Friday
        date(2026, 4, 6),  # Easter Monday
        date(2026, 5, 4),
        date(2026, 5, 25),
        date(2026, 8, 31),
        date(2026, 12, 25),
        date(2026, 12, 28),  # Boxing Day (Saturday) moved to Monday
    }
    assert not is_working_day(date(2026, 12, 28))
    assert not is_working_day(date(2026, 4, 3))


def test_it_includes_one_off_bank_holidays():
    assert not is_working_day(date(2022, 9, 19))  # the Queen's state funeral
    assert not is_working_day(date(2023, 5, 8))  # the coronation


def test_it_does_not_take_scotlands_holidays():
    assert is_working_day(date(2026, 1, 2))  # a bank holiday in Scotland only
    assert is_working_day(date(2026, 8, 3))  # Scotland's summer bank holiday


def test_five_working_days_from_christmas_eve_2026_skip_christmas_boxing_day_and_new_year():
    # Fri 25 and Mon 28 Dec are holidays, then Tue 29, Wed 30, Thu 31, (Fri 1 Jan), Mon 4, Tue 5.
    assert add_working_days(date(2026, 12, 24), 5) == date(2027, 1, 5)


def test_the_start_day_is_not_counted():
    assert add_working_days(date(2026, 3, 2), 1) == date(2026, 3, 3)
    assert add_working_days(date(2026, 3, 6), 1) == date(2026, 3, 9)  # Friday to Monday
    assert add_working_days(date(2026, 3, 7), 1) == date(2026, 3, 9)  # from a Saturday
    assert add_working_days(date(2026, 3, 7), 0) == date(2026, 3, 7)


def test_it_counts_back_with_a_negative_number():
    assert add_working_days(date(2027, 1, 5), -5) == date(2026, 12, 24)


def test_working_days_between_counts_after_the_start_up_to_and_including_the_end():
    assert working_days_between(date(2026, 12, 24), date(2027, 1, 5)) == 5
    assert working_days_between(date(2026, 3, 2), date(2026, 3, 2)) == 0
    assert working_days_between(date(2026, 3, 6), date(2026, 3, 9)) == 1
    assert working_days_between(date(2027, 1, 5), date(2026, 12, 24)) == -5


@pytest.mark.parametrize("n", [0, 1, 4, 5, 6, 15, 40, 300])
@pytest.mark.parametrize(
    "start", [date(2026, 12, 24), date(2026, 3, 7), date(2026, 4, 2), date(2025, 12, 31)]
)
def test_working_days_between_undoes_add_working_days(start, n):
    assert working_days_between(start, add_working_days(start, n)) == n


def test_add_months_keeps_the_day_of_the_month():
    assert add_months(date(2026, 1, 15), 1) == date(2026, 2, 15)
    assert add_months(date(2026, 8, 20), 6) == date(2027, 2, 20)
    assert add_months(date(2026, 3, 31), -1) == date(2026, 2, 28)


def test_add_months_clamps_to_the_end_of_a_shorter_month():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2028, 1, 31), 1) == date(2028, 2, 29)  # leap year
    assert add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert add_months(date(2026, 5, 31), 1) == date(2026, 6, 30)
