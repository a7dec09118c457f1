"""Dates as people write them in plans: "July 2014", "Dec 13", "31 January 2014", "31/01/2014",
and the periods plans give instead: "Q3 2024", "Spring 2015", "2024/25".

``find_dates`` finds every date in a cell ("October 2013 November 2013 January 2014" gives three);
``parse_date`` reads a cell that holds one date and nothing else; ``date_items`` cuts a target
date cell into its dates as written, for the milestones beside it. Numeric dates are read in the
UK order (day/month/year). A two-digit year after a month ("Dec 13") is a year, as plans use it.

A period is read as the month it ends in, since that is when something due "in Q3 2024" falls
due: a calendar quarter (Q3 2024: September 2024; Q3 2024/25, a quarter of the financial year:
December 2024), a season (Spring 2015: May 2015; winter runs into the next year: Winter 2015 is
due in February 2016) or a financial year (2024/25: March 2025). Such a date is ``approximate``:
the text as written is kept beside it.
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


_SEASON_ENDS = {"spring": 5, "summer": 8, "autumn": 11, "fall": 11, "winter": 2}
_FY = r"(?P<{0}_fy1>20\d{{2}})\s*[/-]\s*(?P<{0}_fy2>20\d{{2}}|\d{{2}})"
# After a quarter or a season the short form is a financial year too: "Q1 25/26".
_FY_SHORT = r"(?P<{0}_fy1>(?:20)?\d{{2}})\s*/\s*(?P<{0}_fy2>(?:20)?\d{{2}})"
# Periods, found before the dates so that their years are not read as years alone.
_PERIOD = re.compile(
    rf"""
    \b(?:Q|quarter\s*)(?P<q>[1-4])(?:\s*[-/,]?\s*|\s+of\s+)(?:(?:FY\s*)?{_FY_SHORT.format("q")}\b|(?P<q_y>\d{{4}}|'?\d{{2}})\b)
  | \b(?P<season>spring|summer|autumn|fall|winter)(?:\s+of)?\s+
      (?:{_FY_SHORT.format("s")}\b|(?P<s_y>\d{{4}}|'\d{{2}})\b)
  | \b(?:FY\s*|financial\s+year\s+)?{_FY.format("f")}\b
    """,
    re.IGNORECASE | re.VERBOSE,
)


@dataclass(frozen=True)
class FoundDate:
    date: PartialDate
    start: int
    end: int
    # A period read as the month it ends in ("Q3 2024"): the date alone does not say it all.
    approximate: bool = False


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


def _financial_year(first: str, second: str) -> int | None:
    """The year a financial year ends in ("2024/25" -> 2025), or None if the two years do not
    follow each other (then it is not a financial year)."""
    start = int(first) + (2000 if len(first) == 2 else 0)  # "Q1 25/26"
    end = int(second) if len(second) == 4 else start // 100 * 100 + int(second)
    return end if end == start + 1 else None


def _period(m: re.Match) -> PartialDate | None:
    g = m.groupdict()
    if g["q"]:
        quarter = int(g["q"])
        if g["q_fy1"]:
            end = _financial_year(g["q_fy1"], g["q_fy2"])
            if end is None:
                return None
            # The financial year starts in April: its Q1 ends in June, its Q4 in March.
            return PartialDate(end - 1, quarter * 3 + 3) if quarter < 4 else PartialDate(end, 3)
        return PartialDate(_year(g["q_y"]), quarter * 3)
    if g["season"]:
        month = _SEASON_ENDS[g["season"].lower()]
        if g["s_fy1"]:
            end = _financial_year(g["s_fy1"], g["s_fy2"])
            if end is None:
                return None
            return PartialDate(end if month == 2 else end - 1, month)
        year = _year(g["s_y"])
        return PartialDate(year + 1 if month == 2 else year, month)
    end = _financial_year(g["f_fy1"], g["f_fy2"])
    return PartialDate(end, 3) if end else None


def find_date_spans(text: str) -> list[FoundDate]:
    """Every date in ``text`` with where it stands, in reading order. Impossible dates
    (31/02/2014) are skipped."""
    found = []
    for m in _PERIOD.finditer(text):
        try:
            date = _period(m)
        except ValueError:  # a year outside the calendar plans use
            continue
        if date is not None:
            found.append(FoundDate(date, m.start(), m.end(), approximate=True))
    masked = text
    for f in found:
        masked = masked[: f.start] + " " * (f.end - f.start) + masked[f.end :]
    for m in _DATE.finditer(masked):
        if _is_verb_may(m):
            continue
        try:
            found.append(FoundDate(_build(m), m.start(), m.end()))
        except ValueError:
            continue
    return sorted(found, key=lambda f: f.start)


def find_dates(text: str) -> list[PartialDate]:
    """Every date in ``text``, in reading order: "October 2013 November 2013" gives two."""
    return [f.date for f in find_date_spans(text)]


def parse_date(text: str) -> PartialDate | None:
    """The one date a cell holds ("July 2014", "Dec 13", "31/01/2014", "by end of 2014"), or
    None when it holds no date, several, or other words besides."""
    spans = find_date_spans(text)
    if len(spans) != 1 or spans[0].approximate:
        return None
    rest = text[: spans[0].start] + " " + text[spans[0].end :]
    return spans[0].date if _FILLER.match(rest) else None


def is_date_only(text: str) -> bool:
    """Whether ``text`` is one date or period and nothing else ("March 2024", "Q2 2025/26",
    "by 31/03/2025")."""
    spans = find_date_spans(text)
    if len(spans) != 1:
        return False
    rest = text[: spans[0].start] + " " + text[spans[0].end :]
    return bool(_FILLER.match(rest))


@dataclass(frozen=True)
class DateItem:
    """One date of a target date cell, as written: "Q3 2024", "July 2014", "ongoing"."""

    date: PartialDate | None
    text: str
    # The date says all the text says: no period read as its last month, no other words.
    exact: bool
    # A period ("Q3 2024", "Spring 2015") read as the month it ends in.
    approximate: bool = False


def date_items(text: str) -> list[DateItem]:
    """The dates in a target date cell, in order, each with its text as written. A cell with a
    line for each milestone gives an item per line (a line with no date is an item without a
    date: "ongoing", "TBC"); otherwise each date is an item, and words beside it that are not
    the usual fillers ("by", "end of") stay with it and make it inexact."""
    items: list[DateItem] = []
    for line in text.split("\n"):
        line = " ".join(line.split())
        if not line or _FILLER.match(line):
            continue
        spans = find_date_spans(line)
        if not spans:
            items.append(DateItem(None, line.strip(" .;,"), exact=False))
            continue
        for i, span in enumerate(spans):
            start = 0 if i == 0 else spans[i - 1].end
            end = len(line) if i == len(spans) - 1 else span.end
            before, after = line[start : span.start], line[span.end : end]
            words = (before + " " + after).strip()
            exact = not span.approximate and bool(_FILLER.match(words))
            written = line[span.start : span.end] if exact else line[start:end]
            items.append(
                DateItem(
                    span.date, written.strip(" .;,"), exact=exact, approximate=span.approximate
                )
            )
    return items


def latest(dates: list[PartialDate]) -> PartialDate | None:
    """The date that falls due last (a month counts from its last day)."""
    return max(dates, key=lambda d: d.due_on, default=None)


def is_month_word(word: str) -> bool:
    return word.lower().strip(".,;:()") in MONTHS
