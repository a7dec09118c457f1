"""Readers that turn a published action plan into ``followthrough.interchange`` dataclasses.

Plain Python: no Django import anywhere under this package.
"""

from followthrough.parsing.errors import ParseError
from followthrough.parsing.reader import read_plan, read_plan_file

__all__ = ["ParseError", "read_plan", "read_plan_file"]
