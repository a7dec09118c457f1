"""The plan's actions as CSV: the columns of the Excel export's "Actions" sheet, dates as
ISO 8601 (the due date: "July 2014" is 2014-07-31, written as the plan wrote it in the column
beside). UTF-8 with a byte order mark, so Excel opens it with the right characters.

Text that a spreadsheet would run as a formula ("=HYPERLINK(...)", "+1+1", "@SUM(A1)") gets a
leading apostrophe, as OWASP advises for CSV: Excel then shows it as text and evaluates
nothing. Dates and numbers are written as they are."""

from __future__ import annotations

import csv
import datetime as dt
import io

from followthrough.exports.model import PlanExport
from followthrough.exports.writers.tabular import action_table
from followthrough.sheets import reads_as_formula

CONTENT_TYPE = "text/csv; charset=utf-8"


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if reads_as_formula(value):
        return "'" + value
    return str(value)


def plan_csv(export: PlanExport) -> bytes:
    columns, rows = action_table(export)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([c.header for c in columns])
    for _row, values in rows:
        writer.writerow([_cell(v) for v in values])
    return buffer.getvalue().encode("utf-8-sig")
