"""Reads that cross tables, shaped for the pages that show them (constant query counts)."""

from __future__ import annotations

import datetime as dt
from functools import reduce
from operator import or_

from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from followthrough.partnerships.selectors import lead_agencies, partnership_ids_for_user
from followthrough.plans.models import Action, ActionLead, Milestone, Recommendation, Review

# How pages, reminders and exports name the group of actions that have no lead agency.
NO_LEAD_AGENCY = "No lead agency named"


def paged(items, per_page: int, number: int | str | None) -> Page:
    """One page of ``items`` (a queryset is counted and sliced in the database; a page number
    out of range gives the nearest page), with ``numbers``: the page numbers the GOV.UK
    pagination links to (``templates/govuk/pagination.html``), the same few however many
    pages there are."""
    page = Paginator(items, per_page).get_page(number)
    page.numbers = list(
        page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)
    )
    return page


REVIEWS_PER_PAGE = 50


def reviews_for_user(user) -> QuerySet[Review]:
    """The reviews of every partnership the user belongs to (all of them for a superuser), by
    partnership, newest first."""
    reviews = Review.objects.select_related("partnership")
    if not user.is_superuser:
        reviews = reviews.filter(partnership_id__in=partnership_ids_for_user(user))
    return reviews.order_by("partnership__name", "-created_at", "-id")


def review_page(user, number: int | str | None) -> Page:
    """One page of ``reviews_for_user``: counted on the reviews alone, and only the page's
    reviews have their recommendations and actions counted (on the indexes of their parent),
    so neither query grows with the reviews not shown."""
    page = paged(reviews_for_user(user), REVIEWS_PER_PAGE, number)
    page.object_list = list(page.object_list)
    ids = [review.pk for review in page.object_list]
    counts = (
        Review.objects.filter(pk__in=ids)
        .values_list("pk")
        .annotate(
            recommendation_n=Count("recommendations", distinct=True),
            action_n=Count("recommendations__actions"),
        )
        .order_by()
    )
    counted = {pk: (recommendation_n, action_n) for pk, recommendation_n, action_n in counts}
    for review in page.object_list:
        review.recommendation_count, review.action_count = counted[review.pk]
    return page


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


def _get_for_user(queryset: QuerySet, request, pk: int, perm: str):
    """The record, if the user has the permission on it; otherwise 404, so that an outsider
    never learns whether it exists."""
    obj = queryset.filter(pk=pk).first()
    if obj is None or not request.user.has_perm(perm, obj):
        raise Http404("Not found")
    return obj


def get_review_for_user(request, pk: int, *, perm: str = "plans.view_review") -> Review:
    return _get_for_user(Review.objects.select_related("partnership"), request, pk, perm)


def get_recommendation_for_user(request, pk: int, *, perm: str) -> Recommendation:
    return _get_for_user(
        Recommendation.objects.select_related("review__partnership"), request, pk, perm
    )


def get_action_for_user(request, pk: int, *, perm: str = "plans.view_action") -> Action:
    return _get_for_user(
        _actions_with_detail().select_related("recommendation__review__partnership"),
        request,
        pk,
        perm,
    )


def get_lead_for_user(request, pk: int, *, perm: str) -> ActionLead:
    return _get_for_user(
        ActionLead.objects.select_related("agency", "action__recommendation__review"),
        request,
        pk,
        perm,
    )


def get_milestone_for_user(request, pk: int, *, perm: str) -> Milestone:
    return _get_for_user(
        Milestone.objects.select_related("action__recommendation__review"), request, pk, perm
    )


def with_states(recommendations: list[Recommendation], today: dt.date, due_soon_days: int) -> None:
    """Compute each action's state for today, for display."""
    for rec in recommendations:
        for action in rec.actions.all():
            action.current_state = action.state(today, due_soon_days)
            action.current_standing = action.standing(today, due_soon_days)


def plan_findings(review: Review, recommendations: list[Recommendation]) -> dict:
    """SMART findings for a stored plan, keyed for the templates (no extra queries)."""
    from followthrough.plans.smart import findings_for

    return findings_for(review, recommendations)


def findings_by_field(recommendation: Recommendation, action: Action | None = None) -> dict:
    """The SMART findings about one recommendation (or one of its actions), keyed by the form
    field they concern, for showing beside the fields while authoring. An action's time-bound
    findings belong to its target date, its measurable ones to its measure of success; the
    rest to the text."""
    review = recommendation.review
    recommendations = review_plan(review)
    plan_findings(review, recommendations)
    rec = next(r for r in recommendations if r.pk == recommendation.pk)
    if action is None:
        return {"text": rec.smart_findings}
    found = next(a for a in rec.actions.all() if a.pk == action.pk).smart_findings
    fields = {"T": "target_date", "M": "measure"}
    by_field: dict[str, list] = {"text": [], "measure": [], "target_date": []}
    for finding in found:
        by_field[fields.get(finding.letter, "text")].append(finding)
    return by_field


def led_by_their_agencies(user) -> Q | None:
    """Actions led by an agency the user is a lead for, in a partnership that made them a lead
    for it: the query twin of the ``leads_for_their_agency`` predicate (plans/rules.py). None
    when the user leads for no agency."""
    clauses = [
        Q(agency_id=agency_id, action__recommendation__review__partnership_id__in=served)
        for agency_id, served in lead_agencies(user).items()
        if served
    ]
    if not clauses:
        return None
    return Q(pk__in=ActionLead.objects.filter(reduce(or_, clauses)).values("action_id"))
