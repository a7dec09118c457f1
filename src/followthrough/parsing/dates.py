"""Dates as people write them in plans: "July 2014", "Dec 13", "31 January 2014", "31/01/2014".

``find_dates`` finds every date in a cell ("October 2013 November 2013 January 2014" gives three);
``parse_date`` reads a cell that holds one date and nothing else. Numeric dates are read in the
UK order (day/month/year). A two-digit year after a month ("Dec 13") is a year, as plans use it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from followthrough.interchange import PartialDate

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3,
    "apr": 4, "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7,
    "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10,
    "nov": 11, "november": 11, "dec": 12, "december": 12,
}  # fmt: skip

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_YEAR = r"(?:\d{4}|'?\d{2})"
_ORD = r"(?:st|nd|rd|th)?"

# Alternatives are tried left to right at each position: the most specific come first.
_DATE = re.compile(
    rf"""
    \b(?P<dmy_d>\d{{1,2}}){_ORD}(?:\s+of)?[\s-]+(?P<dmy_m>{_MONTH})\.?,?[\s-]+(?P<dmy_y>{_YEAR})\b
  | \b(?P<mdy_m>{_MONTH})\.?\s+(?P<mdy_d>\d{{1,2}}){_ORD},?\s+(?P<mdy_y>\d{{4}})\b
  | \b(?P<iso_y>\d{{4}})-(?P<iso_m>\d{{2}})(?:-(?P<iso_d>\d{{2}}))?\b
  | \b(?P<num_d>\d{{1,2}})[/.](?P<num_m>\d{{1,2}})[/.](?P<num_y>\d{{4}}|\d{{2}})\b
  | \b(?P<my_m>{_MONTH})\.?(?:\s+|\s*[-/]\s*)(?P<my_y>{_YEAR})\b
  | \b(?P<nm_m>\d{{1,2}})/(?P<nm_y>\d{{4}})\b
  | \b(?P<y>(?:19[5-9]|20\d)\d)\b
    """,
    re.IGNORECASE | re.VERBOSE,
)

# Words that may surround a lone date in a cell without changing it: "by July 2014", "end of".
_FILLER = re.compile(
    r"^(?:by|before|due|end|of|the|w/c|week|commencing|beginning|in|on|no later than|target"
    r"|date|[\s,.:;()-])*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class FoundDate:
    date: PartialDate
    start: int
    end: int


def _year(text: str) -> int:
    text = text.lstrip("'")
    year = int(text)
    if len(text) == 2:
        year += 2000 if year < 70 else 1900
    return year


def _month(text: str) -> int:
    return MONTHS[text.lower().rstrip(".")]


def _build(m: re.Match) -> PartialDate:
    g = m.groupdict()
    if g["dmy_d"]:
        return PartialDate(_year(g["dmy_y"]), _month(g["dmy_m"]), int(g["dmy_d"]))
    if g["mdy_m"]:
        return PartialDate(int(g["mdy_y"]), _month(g["mdy_m"]), int(g["mdy_d"]))
    if g["iso_y"]:
        day = int(g["iso_d"]) if g["iso_d"] else None
        return PartialDate(int(g["iso_y"]), int(g["iso_m"]), day)
    if g["num_d"]:
        return PartialDate(_year(g["num_y"]), int(g["num_m"]), int(g["num_d"]))
    if g["my_m"]:
        return PartialDate(_year(g["my_y"]), _month(g["my_m"]))
    if g["nm_m"]:
        return PartialDate(int(g["nm_y"]), int(g["nm_m"]))
    return PartialDate(int(g["y"]))


def _is_verb_may(m: re.Match) -> bool:
    """'may' in running text is usually the verb ("staff may 20 ..."), not the month."""
    month = m.group("mdy_m") or m.group("my_m")
    return month is not None and month == "may"


def find_date_spans(text: str) -> list[FoundDate]:
    """Every date in ``text`` with where it stands, in reading order. Impossible dates
    (31/02/2014) are skipped."""
    found = []
    for m in _DATE.finditer(text):
        if _is_verb_may(m):
            continue
        try:
            found.append(FoundDate(_build(m), m.start(), m.end()))
        except ValueError:
            continue
    return found


def find_dates(text: str) -> list[PartialDate]:
    """Every date in ``text``, in reading order: "October 2013 November 2013" gives two."""
    return [f.date for f in find_date_spans(text)]


def parse_date(text: str) -> PartialDate | None:
    """The one date a cell holds ("July 2014", "Dec 13", "31/01/2014", "by end of 2014"), or
    None when it holds no date, several, or other words besides."""
    spans = find_date_spans(text)
    if len(spans) != 1:
        return None
    rest = text[: spans[0].start] + " " + text[spans[0].end :]
    return spans[0].date if _FILLER.match(rest) else None


def latest(dates: list[PartialDate]) -> PartialDate | None:
    """The date that falls due last (a month counts from its last day)."""
    return max(dates, key=lambda d: d.due_on, default=None)


def is_month_word(word: str) -> bool:
    return word.lower().strip(".,;:()") in MONTHS
