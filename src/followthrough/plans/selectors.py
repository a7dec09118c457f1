"""Reads that cross tables, shaped for the pages that show them (constant query counts)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from functools import reduce
from operator import or_

from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, Q, QuerySet, prefetch_related_objects
from django.http import Http404
from django.urls import reverse

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


def review_plan(review: Review, *, pks: list[int] | None = None) -> list[Recommendation]:
    """The review's recommendations (or those of them in ``pks``), each with its actions, leads
    and milestones, in order: four queries whatever the size of the plan."""
    recommendations = review.recommendations.all()
    if pks is not None:
        recommendations = recommendations.filter(pk__in=pks)
    return list(
        recommendations.prefetch_related(
            Prefetch("actions", queryset=_actions_with_detail())
        ).order_by("order", "pk")
    )


# A long plan is shown a page at a time: whole recommendations, packed in order into pages of
# at most this many actions (a recommendation with more has a page of its own).
PLAN_ACTIONS_PER_PAGE = 50


@dataclass(frozen=True)
class PlanEntry:
    """One recommendation of a plan as its contents list shows it, with the page it is on."""

    pk: int
    number: str
    text: str
    action_count: int
    page: int = 1


def plan_entries(review_id: int) -> list[PlanEntry]:
    """The review's recommendations in plan order, each with its number of actions and the
    page of the plan page that shows it: one query over the recommendations and the index of
    actions by recommendation, however long the plan."""
    rows = (
        Recommendation.objects.filter(review_id=review_id)
        .order_by("order", "pk")
        .values_list("pk", "number", "text")
        .annotate(action_count=Count("actions"))
    )
    return pack_pages([PlanEntry(pk, number, text, count) for pk, number, text, count in rows])


def pack_pages(entries: list[PlanEntry], per_page: int = PLAN_ACTIONS_PER_PAGE) -> list[PlanEntry]:
    """The entries with their page: whole recommendations in order, a new page started when the
    next one would take the page over ``per_page`` actions (one without actions counts as one
    row). Plain Python, so the page of a recommendation is the same wherever it is worked out."""
    placed: list[PlanEntry] = []
    page, filled = 1, 0
    for entry in entries:
        rows = max(entry.action_count, 1)
        if filled and filled + rows > per_page:
            page, filled = page + 1, 0
        filled += rows
        placed.append(replace(entry, page=page))
    return placed


def plan_page_url(recommendation_id: int, *, review_id: int, action_id: int | None = None) -> str:
    """The address of the plan page that shows the recommendation (or one of its actions), on
    its page and at its row. One query (``plan_entries``)."""
    url = reverse("plans:review_detail", args=[review_id])
    entries = plan_entries(review_id)
    page = next((e.page for e in entries if e.pk == recommendation_id), 1)
    if page > 1:
        url += f"?page={page}"
    anchor = f"action-{action_id}" if action_id else f"recommendation-{recommendation_id}"
    return f"{url}#{anchor}"


def review_plan_page(review: Review, number: int | str | None) -> dict:
    """One page of the review's plan for the plan page: the page (a Django ``Page`` of the
    plan's pages, for the GOV.UK pagination), the contents list of every recommendation with
    its page, and the page's recommendations alone built with their actions, leads and
    milestones. The same queries, and at most a page of actions built, however long the plan."""
    entries = plan_entries(review.pk)
    pages: list[list[PlanEntry]] = []
    for entry in entries:
        if not pages or pages[-1][0].page != entry.page:
            pages.append([])
        pages[-1].append(entry)
    page = paged(pages or [[]], 1, number)
    shown = page.object_list[0] if page.object_list else []
    positions = {entry.pk: n for n, entry in enumerate(entries)}
    recommendations = review_plan(review, pks=[entry.pk for entry in shown])
    prefetch_related_objects(recommendations, "themes")  # shown as tags: one query
    return {
        "page": page,
        "entries": entries,
        "recommendations": recommendations,
        "first": positions[shown[0].pk] + 1 if shown else 0,
        "last": positions[shown[-1].pk] + 1 if shown else 0,
        "positions": [positions[rec.pk] for rec in recommendations],
    }


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


def plan_findings(
    review: Review, recommendations: list[Recommendation], positions: list[int] | None = None
) -> dict:
    """SMART findings for a stored plan (the whole of it, or the recommendations at
    ``positions`` in it), keyed for the templates: a constant number of queries."""
    from followthrough.plans.smart import findings_for

    return findings_for(review, recommendations, positions)


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
