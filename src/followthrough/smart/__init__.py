"""The SMART checker: plain Python over the interchange dataclasses.

``check_plan(plan)`` returns a ``PlanReport``: findings for the plan as a whole, for each
recommendation and for each of its actions, addressable by position. Each ``Finding`` has a SMART
letter (or "general"), a severity (problem or warning), a stable code, a plain-English message and
a suggestion. ``fingerprint(plan, ...)`` digests everything a check would read, so that
findings stored with it can be shown while it is unchanged. The rules are small functions in
``followthrough.smart.rules`` (listed in ``RULES``); their word lists and thresholds are in
``rules.toml``. Duplicates are found through an index of words (``similar.SimilarSets``), not by
comparing every pair. No Django import here.
"""

from followthrough.smart.checker import check_plan, fingerprint
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
    "fingerprint",
    "letter_counts",
]
