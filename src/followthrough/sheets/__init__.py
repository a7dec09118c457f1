"""What a spreadsheet would take for a formula ("CSV injection", OWASP), for every writer of
spreadsheets and every reader of uploaded ones: an imported "=HYPERLINK(...)" or
"=cmd|' /C calc'!A0" must come and go as the words it is.

Plain Python, no Django (docs/architecture.md, "Layers"): exports, stages, lessons, bodies and
trackers all use it, so it sits beneath them all."""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def reads_as_formula(value: Any) -> bool:
    """Whether ``value`` is text that Excel, LibreOffice or Google Sheets could take for a
    formula: it starts with one of ``FORMULA_STARTS``, or does after spaces and line breaks.
    Dates and numbers are never text, so never touched."""
    if not isinstance(value, str):
        return False
    return value.lstrip(" \t\r\n").startswith(FORMULA_STARTS) or value.startswith(("\t", "\r"))
