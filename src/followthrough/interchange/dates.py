"""Dates as plans write them: at year, month or day precision.

"July 2014" is a month-precision date; it falls due at the end of July. The interchange
format writes it as ISO 8601 at the precision given: ``2014``, ``2014-07``, ``2014-07-31``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
import re
from dataclasses import dataclass


class Precision(enum.StrEnum):
    YEAR = "year"
    MONTH = "month"
    DAY = "day"


_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")

# The years a plan's dates may fall in. Reviews began in 2011; a target beyond 2199 is a typing
# slip, and a date near the end of the calendar (9999) would break date arithmetic downstream.
EARLIEST_YEAR = 1900
LATEST_YEAR = 2199


@dataclass(frozen=True, order=True)
class PartialDate:
    """A calendar date known to the year, the month or the day."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if self.day is not None and self.month is None:
            raise ValueError("a day needs a month")
        if not EARLIEST_YEAR <= self.year <= LATEST_YEAR:
            raise ValueError(f"the year {self.year} is outside {EARLIEST_YEAR} to {LATEST_YEAR}")
        # Raises ValueError for impossible dates such as 2014-02-30 or month 13.
        dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return Precision.DAY
        if self.month is not None:
            return Precision.MONTH
        return Precision.YEAR

    @property
    def due_on(self) -> dt.date:
        """The last day of the period: when something with this target falls due."""
        if self.precision is Precision.DAY:
            return dt.date(self.year, self.month, self.day)
        if self.precision is Precision.MONTH:
            last = calendar.monthrange(self.year, self.month)[1]
            return dt.date(self.year, self.month, last)
        return dt.date(self.year, 12, 31)

    def isoformat(self) -> str:
        if self.precision is Precision.DAY:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.precision is Precision.MONTH:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def display(self) -> str:
        """As a person writes it: '2014', 'July 2014', '31 July 2014'."""
        if self.precision is Precision.DAY:
            return f"{self.day} {calendar.month_name[self.month]} {self.year}"
        if self.precision is Precision.MONTH:
            return f"{calendar.month_name[self.month]} {self.year}"
        return str(self.year)

    def __str__(self) -> str:
        return self.isoformat()

    @classmethod
    def fromisoformat(cls, text: str) -> PartialDate:
        match = _ISO.match(text.strip())
        if not match:
            raise ValueError(f"not an ISO date at year, month or day precision: {text!r}")
        year, month, day = (int(g) if g else None for g in match.groups())
        return cls(year, month, day)

    @classmethod
    def from_due_date(cls, due_on: dt.date, precision: Precision | str) -> PartialDate:
        """Rebuild the partial date from its due date and precision (how the database keeps it)."""
        precision = Precision(precision)
        if precision is Precision.DAY:
            return cls(due_on.year, due_on.month, due_on.day)
        if precision is Precision.MONTH:
            return cls(due_on.year, due_on.month)
        return cls(due_on.year)
