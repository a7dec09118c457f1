"""Stored plans as interchange dataclasses: for the SMART checker, and for exports."""

from __future__ import annotations

from followthrough import interchange
from followthrough.plans import lifecycle
from followthrough.plans.models import Recommendation, Review


def plan_from_review(
    review: Review, recommendations: list[Recommendation]
) -> interchange.ActionPlan:
    """The plan as dataclasses. ``recommendations`` come from ``selectors.review_plan`` (with
    actions, leads and milestones prefetched), so this runs no queries of its own."""
    return interchange.ActionPlan(
        review=interchange.ReviewInfo(
            title=review.title,
            review_type=review.review_type,
            subject_pseudonym=review.subject_pseudonym or None,
            partnership=review.partnership.name,
            reference=review.reference or None,
            published_on=review.published,
        ),
        preamble=review.preamble or None,
        recommendations=[
            interchange.Recommendation(
                number=rec.number or None,
                theme=rec.theme_heading or None,
                scope=rec.scope or None,
                area=rec.area or None,
                text=rec.text,
                actions=[
                    interchange.Action(
                        text=action.text,
                        leads=[
                            interchange.Lead(
                                name=lead.person_name or None,
                                role=lead.role or None,
                                agency=lead.agency.name if lead.agency else None,
                            )
                            for lead in action.leads.all()
                        ],
                        milestones=[
                            interchange.Milestone(
                                number=ms.number,
                                text=ms.text,
                                target_date=ms.target,
                                target_date_text=ms.target_date_text or None,
                            )
                            for ms in action.milestones.all()
                        ],
                        target_date=action.target,
                        target_date_text=action.target_date_text or None,
                        completed_on=action.completed,
                        outcome=action.outcome or None,
                        status=lifecycle.TO_INTERCHANGE.get(action.status),
                        measure=action.measure or None,
                    )
                    for action in rec.actions.all()
                ],
            )
            for rec in recommendations
        ],
    )
