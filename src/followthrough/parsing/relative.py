"""Target dates a plan writes relative to itself: "within six months of this report", "within 28
days", "in six weeks' time".

``relative_date`` counts such a date from a day given (the document's date): hours and days by
the clock, weeks as seven days, months and years by the calendar (a month after 31 January is
the last day of February). Anything else, an absolute date included, is None: the caller offers
the date, it never decides it.

Plain Python: no Django import here.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re

_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "twenty one": 21,
    "twenty two": 22,
    "twenty three": 23,
    "twenty four": 24,
}
# The most of any unit counted: a plan that gives a target 1,000 weeks away means something else.
_MOST = 999
_NUMBER = r"(?P<number>\d{1,3}|" + "|".join(sorted(_WORDS, key=len, reverse=True)) + ")"
# What a relative date may be counted from: the document itself, never another event ("within
# six months of the new policy" is not a date Followthrough can count).
_DOCUMENT = r"(?:report|plan|action\s+plan|review|document)"
_FROM_DOCUMENT = (
    r"(?:(?:the|this|its)\s+)?(?:date\s+of\s+(?:(?:the|this)\s+)?)?"
    r"(?:(?:review(?:'s)?|final|published|overview)\s+)?"
    r"(?:" + _DOCUMENT + r"|publication|publishing|agreement|approval|sign(?:ing)?\s+off)"
    r"(?:\s+of\s+(?:the|this)\s+" + _DOCUMENT + r")?"
    r"(?:\s+(?:being\s+)?(?:published|agreed|approved|signed\s+off))?"
)
_RELATIVE = re.compile(
    r"^(?:(?:within|in|by|no\s+later\s+than|not\s+later\s+than|no\s+more\s+than)\s+)?"
    r"(?:(?:the|a)\s+(?:next\s+|further\s+|period\s+of\s+))?"
    + _NUMBER
    + r"\s+(?P<unit>hour|working\s+day|day|week|month|year)s?(?:'s|s'|')?"
    r"(?:\s+time)?"
    r"(?:\s+(?:of|from|after|following)\s+" + _FROM_DOCUMENT + r")?$",
    re.IGNORECASE,
)


def _normal(text: str) -> str:
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    text = re.sub(r"(?<=[a-z])-(?=[a-z])", " ", text, flags=re.IGNORECASE)  # twenty-four
    text = re.sub(r"\s+", " ", text).strip()
    return text.strip(" .;:,()")


def _add_months(start: dt.date, months: int) -> dt.date:
    month = start.month - 1 + months
    year, month = start.year + month // 12, month % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return dt.date(year, month, day)


def _add_working_days(start: dt.date, days: int) -> dt.date:
    day = start
    while days:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day


def relative_date(text: str, start: dt.date) -> dt.date | None:
    """The day ``text`` names counted from ``start``, if ``text`` is a target date relative to
    the document ("within six months of this report", "within 24 hours", "in six weeks' time");
    else None."""
    if not text or len(text) > 120:
        return None
    match = _RELATIVE.match(_normal(text))
    if match is None:
        return None
    word = match["number"].lower()
    number = int(word) if word.isdigit() else _WORDS[re.sub(r"\s+", " ", word)]
    if not 1 <= number <= _MOST:
        return None
    unit = re.sub(r"\s+", " ", match["unit"].lower())
    try:
        if unit == "hour":
            return start + dt.timedelta(days=math.ceil(number / 24))
        if unit == "day":
            return start + dt.timedelta(days=number)
        if unit == "working day":
            return _add_working_days(start, number)
        if unit == "week":
            return start + dt.timedelta(weeks=number)
        if unit == "month":
            return _add_months(start, number)
        return _add_months(start, 12 * number)
    except (OverflowError, ValueError):  # past the end of the calendar
        return None
