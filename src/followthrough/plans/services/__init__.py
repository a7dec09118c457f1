"""Every write to reviews and their plans. Each service runs in one transaction and records an
audit event; none is called from a signal or a model's save().

- ``importing``: a parsed document becomes a review (``plan_import``).
- ``authoring``: plans written and changed by hand.
"""

from followthrough.plans.services.authoring import (
    PlanRuleError,
    StaleEdit,
    action_create,
    action_delete,
    action_lead_add,
    action_lead_remove,
    action_move,
    action_update,
    milestone_create,
    milestone_delete,
    milestone_update,
    plan_agree,
    recommendation_create,
    recommendation_delete,
    recommendation_move,
    recommendation_themes_set,
    recommendation_update,
    review_create,
    review_update,
)
from followthrough.plans.services.importing import (
    AgenciesNeedLinking,
    ImportResult,
    PlanAlreadyImported,
    plan_agency_names,
    plan_import,
)

__all__ = [
    "AgenciesNeedLinking",
    "ImportResult",
    "PlanAlreadyImported",
    "PlanRuleError",
    "StaleEdit",
    "action_create",
    "action_delete",
    "action_lead_add",
    "action_lead_remove",
    "action_move",
    "action_update",
    "milestone_create",
    "milestone_delete",
    "milestone_update",
    "plan_agree",
    "plan_agency_names",
    "plan_import",
    "recommendation_create",
    "recommendation_delete",
    "recommendation_move",
    "recommendation_themes_set",
    "recommendation_update",
    "review_create",
    "review_update",
]
