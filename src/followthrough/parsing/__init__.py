"""Readers that turn a published action plan into ``followthrough.interchange`` dataclasses.

Plain Python: no Django import anywhere under this package.
"""

from followthrough.parsing.dates import find_dates, parse_date
from followthrough.parsing.errors import ParseError
from followthrough.parsing.leads import parse_leads
from followthrough.parsing.reader import read_document, read_plan, read_plan_file

__all__ = [
    "ParseError",
    "find_dates",
    "parse_date",
    "parse_leads",
    "read_document",
    "read_plan",
    "read_plan_file",
]
