"""Small plans for the checker's tests: a good action and recommendation, changed one field at a
time, so that each test shows the one thing its rule looks at."""

from __future__ import annotations

import datetime as dt

from followthrough.interchange import (
    Action,
    ActionPlan,
    Lead,
    Milestone,
    PartialDate,
    Recommendation,
    ReviewInfo,
)
from followthrough.smart import PlanReport, check_plan

PLAN_DATE = dt.date(2024, 4, 1)
POLICE = Lead(name="A. Okafor", role="DA Lead", agency="Northvale Police")
PARTNERS = ["Northvale Police", "Riverside NHS Foundation Trust (RNFT)", "Northvale CSP"]


def date(text: str | None) -> PartialDate | None:
    return PartialDate.fromisoformat(text) if text else None


def action(
    text: str = "Add a coercive control prompt to the investigation checklist.",
    *,
    leads: list[Lead] | None = None,
    milestones: list[tuple[str, str | None]] | None = None,
    target: str | None = "2024-12",
    **fields,
) -> Action:
    if milestones is None:
        milestones = [("Revised checklist approved and audit reported to the CSP board", target)]
    return Action(
        text=text,
        leads=[POLICE] if leads is None else leads,
        milestones=[Milestone(text=t, target_date=date(d)) for t, d in milestones],
        target_date=date(target),
        **fields,
    )


def recommendation(
    text: str = "That Northvale Police updates its domestic abuse investigation checklist.",
    actions: list[Action] | None = None,
    **fields,
) -> Recommendation:
    return Recommendation(text=text, actions=[action()] if actions is None else actions, **fields)


def plan(
    *recommendations: Recommendation,
    published: str | None = "2024-04-01",
    partnership: str | None = None,
) -> ActionPlan:
    return ActionPlan(
        review=ReviewInfo(
            title="DHR into the death of Adele",
            partnership=partnership,
            published_on=date(published),
        ),
        recommendations=list(recommendations) or [recommendation()],
    )


def check(*recommendations: Recommendation, **kwargs) -> PlanReport:
    kwargs.setdefault("today", PLAN_DATE)
    return check_plan(plan(*recommendations), **kwargs)


def codes(findings) -> set[str]:
    return {f.code for f in findings}


def rec_codes(rec: Recommendation, **kwargs) -> set[str]:
    """The codes found on a recommendation itself, checked alone in a plan."""
    return codes(check(rec, **kwargs).for_recommendation(0))


def action_codes(act: Action, **kwargs) -> set[str]:
    """The codes found on an action, checked alone under a good recommendation."""
    return codes(check(recommendation(actions=[act]), **kwargs).for_action(0, 0))


def finding(findings, code: str):
    return next(f for f in findings if f.code == code)
