"""Reads that cross tables, shaped for the pages that show them (constant query counts)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404

from followthrough.partnerships.selectors import partnership_ids_for_user
from followthrough.plans.models import Action, ActionLead, Milestone, Recommendation, Review


def reviews_for_user(user) -> QuerySet[Review]:
    """The reviews of every partnership the user belongs to (all of them for a superuser)."""
    reviews = Review.objects.select_related("partnership").annotate(
        recommendation_count=Count("recommendations", distinct=True),
        action_count=Count("recommendations__actions", distinct=True),
    )
    if user.is_superuser:
        return reviews.order_by("partnership__name", "-created_at")
    return reviews.filter(partnership_id__in=partnership_ids_for_user(user)).order_by(
        "partnership__name", "-created_at"
    )


def _actions_with_detail() -> QuerySet[Action]:
    return Action.objects.prefetch_related(
        Prefetch("leads", queryset=ActionLead.objects.select_related("agency")),
        Prefetch("milestones", queryset=Milestone.objects.all()),
    )


def review_plan(review: Review) -> list[Recommendation]:
    """The review's recommendations, each with its actions, leads and milestones, in order:
    five queries whatever the size of the plan."""
    return list(
        review.recommendations.prefetch_related(
            Prefetch("actions", queryset=_actions_with_detail())
        ).order_by("order")
    )


def theme_groups(recommendations: list[Recommendation]) -> list[dict]:
    """Consecutive recommendations under the same theme heading, scope and area, as the
    Home Office template lays them out."""
    groups: list[dict] = []
    for rec in recommendations:
        key = (rec.theme_heading, rec.scope, rec.area)
        if not groups or groups[-1]["key"] != key:
            groups.append(
                {
                    "key": key,
                    "heading": rec.theme_heading,
                    "scope": rec.get_scope_display() if rec.scope else "",
                    "area": rec.area,
                    "recommendations": [],
                }
            )
        groups[-1]["recommendations"].append(rec)
    return groups


def action_with_detail(action_id: int) -> Action | None:
    return (
        _actions_with_detail()
        .select_related("recommendation__review__partnership")
        .filter(pk=action_id)
        .first()
    )


def get_review_for_user(request, pk: int, *, perm: str = "plans.view_review") -> Review:
    """The review, if the user may see it; otherwise 404, so outsiders never learn it exists."""
    review = Review.objects.select_related("partnership").filter(pk=pk).first()
    if review is None or not request.user.has_perm(perm, review):
        raise Http404("No such review")
    return review


def get_action_for_user(request, pk: int, *, perm: str = "plans.view_action") -> Action:
    action = action_with_detail(pk)
    if action is None or not request.user.has_perm(perm, action):
        raise Http404("No such action")
    return action


def with_states(recommendations: list[Recommendation], today: dt.date, due_soon_days: int) -> None:
    """Compute each action's state for today, for display."""
    for rec in recommendations:
        for action in rec.actions.all():
            action.current_state = action.state(today, due_soon_days)
