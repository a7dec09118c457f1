"""The plan in the interchange format (``followthrough.action-plan/1``), valid against
``shared/schema/action-plan.schema.json``: what `followthrough import` and the upload read
back as the same plan."""

from __future__ import annotations

import json

from followthrough.exports.model import PlanExport
from followthrough.interchange import plan_to_dict

CONTENT_TYPE = "application/json"


def plan_json(export: PlanExport) -> bytes:
    text = json.dumps(plan_to_dict(export.plan), indent=2, ensure_ascii=False)
    return (text + "\n").encode("utf-8")
