"""SMART findings for stored plans (placeholder until the checker lands)."""


def findings_for(review, recommendations) -> dict:
    for rec in recommendations:
        rec.smart_findings = []
        for action in rec.actions.all():
            action.smart_findings = []
    return {"problem_count": 0, "warning_count": 0, "plan_level": []}
