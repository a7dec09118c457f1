"""Working days and calendar months, as the statutory clocks count them.

A working day is Monday to Friday and not a bank holiday of England and Wales. The bank holidays
come from the ``holidays`` library (England's list: Wales has the same bank holidays), so new
years, substitute days and one-off holidays arrive with a library update, not by editing a list
here. Each year's holidays are worked out once and kept.
"""

from __future__ import annotations

import calendar as _calendar
from datetime import date, timedelta
from functools import lru_cache

import holidays

# England and Wales share their bank holidays (Banking and Financial Dealings Act 1971).
_COUNTRY = "GB"
_SUBDIVISION = "ENG"


@lru_cache(maxsize=64)
def bank_holidays(year: int) -> frozenset[date]:
    """The bank holidays of England and Wales in ``year`` (substitute days included)."""
    return frozenset(holidays.country_holidays(_COUNTRY, subdiv=_SUBDIVISION, years=year))


def is_working_day(day: date) -> bool:
    """Monday to Friday, and not a bank holiday of England and Wales."""
    return day.weekday() < 5 and day not in bank_holidays(day.year)


def add_working_days(start: date, n: int) -> date:
    """The ``n``th working day after ``start`` (``start`` itself is not counted).

    ``n`` = 0 gives ``start`` back, whatever day it is. A negative ``n`` counts back.
    """
    step = 1 if n >= 0 else -1
    day = start
    left = abs(n)
    while left:
        day += timedelta(days=step)
        if is_working_day(day):
            left -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """The working days after ``start`` up to and including ``end`` (negative if end < start)."""
    if end < start:
        return -working_days_between(end, start)
    # Whole weeks hold five weekdays each; walk only the remainder, then take off bank holidays.
    days = (end - start).days
    weeks, rest = divmod(days, 7)
    count = weeks * 5
    day = start + timedelta(days=weeks * 7)
    for _ in range(rest):
        day += timedelta(days=1)
        if day.weekday() < 5:
            count += 1
    for year in range(start.year, end.year + 1):
        count -= sum(1 for h in bank_holidays(year) if start < h <= end and h.weekday() < 5)
    return count


def add_months(start: date, n: int) -> date:
    """The same day ``n`` months on (or back), clamped to the end of a shorter month.

    31 January + 1 month is 28 February (29 in a leap year).
    """
    index = start.year * 12 + (start.month - 1) + n
    year, month = divmod(index, 12)
    month += 1
    last = _calendar.monthrange(year, month)[1]
    return date(year, month, min(start.day, last))
