"""How sure the reader is of each recommendation and action it read, from 0 to 1.

It starts from how the plan was found: a table under a header row the reader knows is the
surest; labelled fields and lists of recommendations less so; a layout the reader had to
rebuild (a table whose cells became paragraphs, a table flattened into running text, a
tracker's lines) least. Each warning on the item takes some off (it is something the reader
had to guess or could not find), and so does a missing lead or date, and an action whose text
is its recommendation's standing in. Items under ``CHECK_BELOW`` are the ones the import
preview asks the person to check first, least certain first.
"""

from __future__ import annotations

from followthrough.interchange import Action, ActionPlan, Recommendation

CHECK_BELOW = 0.75

# How the plan was found, and how sure a reading of that layout starts.
LAYOUT_CONFIDENCE = {
    "table": 0.95,
    "fields": 0.85,
    "tracker lines": 0.8,
    "paragraph cells": 0.8,
    "flattened": 0.75,
    "minutes": 0.7,
}
_PER_WARNING = 0.08
_MOST_FOR_WARNINGS = 0.4
_NO_LEAD = 0.08
_NO_DATE = 0.05
_STAND_IN = 0.15
_NO_ACTION = 0.1
_FLOOR = 0.05


def rate(plan: ActionPlan, layout: str) -> None:
    """Give each recommendation and action of ``plan`` its confidence."""
    start = LAYOUT_CONFIDENCE.get(layout, LAYOUT_CONFIDENCE["fields"])
    for rec in plan.recommendations:
        for action in rec.actions:
            action.confidence = _action(action, rec, start)
        own = start - _warnings(rec.warnings) - (0 if rec.actions else _NO_ACTION)
        rec.confidence = _bounded(own)


def _action(action: Action, rec: Recommendation, start: float) -> float:
    value = start - _warnings(action.warnings)
    if not action.leads:
        value -= _NO_LEAD
    if action.target_date is None and not action.target_date_text and action.status is None:
        value -= _NO_DATE
    if action.text == rec.text:
        value -= _STAND_IN
    return _bounded(value)


def _warnings(warnings: list[str]) -> float:
    return min(_PER_WARNING * len(warnings), _MOST_FOR_WARNINGS)


def _bounded(value: float) -> float:
    return round(min(1.0, max(_FLOOR, value)), 2)
