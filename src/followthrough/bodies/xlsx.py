"""A national body's register as Excel: one row per recommendation addressed to it, as the
register page shows it. Text a spreadsheet would run as a formula is written as text
(followthrough.sheets)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import IO

from django.utils import timezone
from openpyxl import Workbook

from followthrough.bodies.models import Addressing
from followthrough.plans.models import ReviewType
from followthrough.sheets import header_row, safe_cell

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "yyyy-mm-dd"

COLUMNS = [
    ("National body", 24),
    ("Partnership", 24),
    ("Review type", 26),
    ("Review reference", 14),
    ("Review title", 30),
    ("Recommendation number", 10),
    ("Recommendation", 80),
    ("Addressed on", 13),
    ("Acknowledged on", 13),
    ("Response", 16),
    ("Reasons", 60),
    ("Responded on", 13),
    ("Due by", 13),
    ("Days overdue", 10),
]
WRAPPED = {"Review title", "Recommendation", "Reasons"}


def _day(moment: dt.datetime | None) -> dt.date | None:
    return timezone.localtime(moment).date() if moment else None


def _values(addressing: Addressing, today: dt.date) -> list:
    rec = addressing.recommendation
    review = rec.review
    return [
        addressing.body.name,
        review.partnership.name,
        dict(ReviewType.choices).get(review.review_type, review.review_type),
        review.reference,
        review.title,
        rec.number,
        rec.text,
        _day(addressing.addressed_at),
        _day(addressing.acknowledged_at),
        addressing.get_response_display() if addressing.response else "No response yet",
        addressing.reasons,
        addressing.responded_on,
        addressing.due_on,
        addressing.overdue_days(today) or None,
    ]


def register_xlsx(out: IO[bytes], addressings: Iterable[Addressing], today: dt.date) -> int:
    """Write the register's rows to ``out``; returns how many it wrote."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Register")
    header_row(sheet, COLUMNS)
    count = 0
    for addressing in addressings:
        values = _values(addressing, today)
        sheet.append(
            [
                safe_cell(sheet, value, wrap=title in WRAPPED, date_format=DATE_FORMAT)
                for (title, _), value in zip(COLUMNS, values, strict=True)
            ]
        )
        count += 1
    workbook.save(out)
    return count
