"""The SMART checker run over a stored plan, its findings attached for the templates."""

from __future__ import annotations

from followthrough.plans.conversion import plan_from_review
from followthrough.plans.models import Recommendation, Review
from followthrough.smart import check_plan


def plan_date(review: Review):
    """The date a target must not precede: publication, else the decision to review, else
    the notification. None when the review records none of them."""
    return review.published_on or review.decided_on or review.notified_on


def findings_for(review: Review, recommendations: list[Recommendation]) -> dict:
    """Check the plan and set ``smart_findings`` on each recommendation and action.
    One query (the partnership's agencies) whatever the size of the plan."""
    partners = {review.partnership.name}
    for name, short_name in review.partnership.agencies.values_list("name", "short_name"):
        partners.update(n for n in (name, short_name) if n)
    report = check_plan(
        plan_from_review(review, recommendations), plan_date=plan_date(review), partners=partners
    )
    for rec, rec_report in zip(recommendations, report.recommendations, strict=True):
        rec.smart_findings = rec_report.findings
        for action, action_report in zip(rec.actions.all(), rec_report.actions, strict=True):
            action.smart_findings = action_report.findings
    return {
        "problem_count": report.problem_count,
        "warning_count": report.warning_count,
        "plan_level": report.findings,
    }
