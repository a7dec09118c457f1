"""The action-plan interchange format, as plain Python.

Mirrors ``shared/schema/action-plan.schema.json`` (format ``followthrough.action-plan/1``).
The readers produce these dataclasses, the SMART checker reads them, the web app stores
and exports them. No Django import here (ruff's banned-api rule guards it).
"""

from followthrough.interchange.dates import EARLIEST_YEAR, LATEST_YEAR, PartialDate, Precision
from followthrough.interchange.model import (
    FORMAT,
    SCOPES,
    STATUSES,
    Action,
    ActionPlan,
    Lead,
    Milestone,
    Recommendation,
    ReviewInfo,
    plan_from_dict,
    plan_to_dict,
)

__all__ = [
    "EARLIEST_YEAR",
    "LATEST_YEAR",
    "FORMAT",
    "SCOPES",
    "STATUSES",
    "Action",
    "ActionPlan",
    "Lead",
    "Milestone",
    "PartialDate",
    "Precision",
    "Recommendation",
    "ReviewInfo",
    "plan_from_dict",
    "plan_to_dict",
]


def schema() -> dict:
    """The interchange JSON schema (a copy of shared/schema/action-plan.schema.json)."""
    import json
    from importlib import resources

    return json.loads(
        resources.files("followthrough.interchange").joinpath("action-plan.schema.json").read_text()
    )
