"""The SMART checker run over a stored or pending plan, its findings attached for templates."""

from __future__ import annotations

from followthrough import interchange
from followthrough.partnerships.models import Partnership
from followthrough.plans.conversion import plan_from_review
from followthrough.plans.models import Recommendation, Review
from followthrough.smart import PlanReport, check_plan


def plan_date(review: Review):
    """The date a target must not precede: publication, else the decision to review, else
    the notification. None when the review records none of them."""
    return review.published_on or review.decided_on or review.notified_on


def partners_of(partnership: Partnership) -> set[str]:
    """The names a lead may give for a partner of the partnership (one query)."""
    partners = {partnership.name}
    for name, short_name in partnership.agencies.values_list("name", "short_name"):
        partners.update(n for n in (name, short_name) if n)
    return partners


def _summary(report: PlanReport) -> dict:
    return {
        "problem_count": report.problem_count,
        "warning_count": report.warning_count,
        "plan_level": report.findings,
    }


def findings_for(review: Review, recommendations: list[Recommendation]) -> dict:
    """Check a stored plan and set ``smart_findings`` on each recommendation and action.
    One query (the partnership's agencies) whatever the size of the plan."""
    report = check_plan(
        plan_from_review(review, recommendations),
        plan_date=plan_date(review),
        partners=partners_of(review.partnership),
    )
    for rec, rec_report in zip(recommendations, report.recommendations, strict=True):
        rec.smart_findings = rec_report.findings
        for action, action_report in zip(rec.actions.all(), rec_report.actions, strict=True):
            action.smart_findings = action_report.findings
    return _summary(report)


def findings_for_parsed(plan: interchange.ActionPlan) -> dict:
    """Check a plan still in the import preview, setting ``smart_findings`` on its
    recommendations and actions as ``findings_for`` does for a stored one. Leads are not
    checked against the partners: saving the import makes every agency it names a partner."""
    report = check_plan(plan)
    for rec, rec_report in zip(plan.recommendations, report.recommendations, strict=True):
        rec.smart_findings = rec_report.findings
        for action, action_report in zip(rec.actions, rec_report.actions, strict=True):
            action.smart_findings = action_report.findings
    return _summary(report)
