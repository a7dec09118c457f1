"""The SMART checker: plain Python over the interchange dataclasses.

``check_plan(plan)`` returns a ``PlanReport``: findings for the plan as a whole, for each
recommendation and for each of its actions, addressable by position. Each ``Finding`` has a SMART
letter (or "general"), a severity (problem or warning), a stable code, a plain-English message and
a suggestion. The rules are small functions in ``followthrough.smart.rules`` (listed in
``RULES``); their word lists and thresholds are in ``rules.toml``. No Django import here.
"""

from followthrough.smart.checker import check_plan
from followthrough.smart.findings import (
    ActionReport,
    Finding,
    Letter,
    PlanReport,
    RecommendationReport,
    Severity,
    letter_counts,
)
from followthrough.smart.rules import RULES, Rule

__all__ = [
    "RULES",
    "ActionReport",
    "Finding",
    "Letter",
    "PlanReport",
    "RecommendationReport",
    "Rule",
    "Severity",
    "check_plan",
    "letter_counts",
]
