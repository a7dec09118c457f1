"""Reads for the public pages: the reviews whose publication date has passed, and each one's
plan shaped for anyone to read (no personal names, no narratives, no evidence).

Published means a publication date that has passed. A date the report gave only as a month or a
year ("January 2024") counts from the end of that period: the review is public from 31 January
2024, never before. Dates are stored as the end of their period already (``models.Review``); the
test below does not rely on it, so a month-precision date stored as its first day is still held
back to the month's end.

What a public plan holds (``PublicPlan``, and the same fields in the JSON, ``to_dict``):

- the review: its id, type (code and label), reference, partnership (id and name), publication
  date (as written, and ISO 8601 at its precision), when it last changed, and its counts of
  recommendations and of implemented recommendations;
- each recommendation: its number as printed, its text, its themes, its scope, and its outcome in
  the categories of *Learning from loss* (``plans.outcomes``: code and label);
- each action: its number in the recommendation, its text, the AGENCIES that lead it (never a
  person's name or role), its status (code and label), its target date (as the plan wrote it,
  and ISO 8601), and its completion date.

Never shown: the review's title (it often holds the pseudonym), the pseudonym, the preamble,
the leads' names and roles, outcome notes, measures, milestones, progress updates, comments,
decisions and evidence.

Queries: ``published_reviews`` 2, ``published_review_or_404`` 1, ``public_plan`` 5, whatever
the number of reviews, recommendations or actions.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.http import Http404

from followthrough.interchange import PartialDate
from followthrough.plans.lifecycle import DONE, label
from followthrough.plans.models import (
    Action,
    ActionLead,
    PrecisionChoices,
    Recommendation,
    Review,
    partial_date,
)
from followthrough.plans.outcomes import IMPLEMENTED, Outcome, recommendation_outcome


def _end_of_last_month(today: dt.date) -> dt.date:
    """The last day of the latest month that has ended by the end of ``today``."""
    if today.day == calendar.monthrange(today.year, today.month)[1]:
        return today
    return today.replace(day=1) - dt.timedelta(days=1)


def _end_of_last_year(today: dt.date) -> dt.date:
    if (today.month, today.day) == (12, 31):
        return today
    return dt.date(today.year - 1, 12, 31)


def published_q(today: dt.date, prefix: str = "") -> Q:
    """The reviews whose publication date has passed by ``today``: a day on or before it; a
    month or a year once that month or year has ended (on its last day or after)."""
    p = prefix
    return (
        Q(**{f"{p}published_on_precision": PrecisionChoices.DAY, f"{p}published_on__lte": today})
        | Q(
            **{
                f"{p}published_on_precision": PrecisionChoices.MONTH,
                f"{p}published_on__lte": _end_of_last_month(today),
            }
        )
        | Q(
            **{
                f"{p}published_on_precision": PrecisionChoices.YEAR,
                f"{p}published_on__lte": _end_of_last_year(today),
            }
        )
    )


def is_published(published_on: dt.date | None, precision: str, today: dt.date) -> bool:
    """``published_q`` for one review's publication date and its precision, in Python."""
    if published_on is None:
        return False
    if precision == PrecisionChoices.MONTH:
        return published_on <= _end_of_last_month(today)
    if precision == PrecisionChoices.YEAR:
        return published_on <= _end_of_last_year(today)
    return published_on <= today


# --- The shapes ------------------------------------------------------------------------------


def _date_dict(date: PartialDate | None) -> dict | None:
    if date is None:
        return None
    return {"iso": date.isoformat(), "display": date.display()}


@dataclass(frozen=True)
class PublicAction:
    number: int  # its place in the recommendation, from 1
    text: str
    agencies: tuple[str, ...]
    status: str
    status_label: str
    target: PartialDate | None
    target_as_written: str  # as the plan wrote it ("Spring 2015", "July 2025"), or ""
    completed: PartialDate | None

    def to_dict(self) -> dict:
        return {
            "number": self.number,
            "text": self.text,
            "lead_agencies": list(self.agencies),
            "status": {"code": self.status, "label": self.status_label},
            "target_date": _date_dict(self.target),
            "target_date_as_written": self.target_as_written,
            "completed_on": _date_dict(self.completed),
        }


@dataclass(frozen=True)
class PublicRecommendation:
    number: str  # as printed: "1", "3.2", "R4"; "" when the plan gave none
    position: int  # its place in the plan, from 1
    text: str
    themes: tuple[str, ...]
    scope: str
    scope_label: str
    outcome: Outcome
    actions: tuple[PublicAction, ...]

    @property
    def implemented(self) -> bool:
        return self.outcome in IMPLEMENTED

    def to_dict(self) -> dict:
        return {
            "number": self.number,
            "position": self.position,
            "text": self.text,
            "themes": list(self.themes),
            "scope": {"code": self.scope, "label": self.scope_label} if self.scope else None,
            "outcome": {"code": self.outcome.value, "label": self.outcome.label},
            "actions": [action.to_dict() for action in self.actions],
        }


@dataclass(frozen=True)
class PublicReview:
    """A published review as the index lists it."""

    id: int
    review_type: str
    review_type_label: str
    reference: str
    partnership_id: int
    partnership_name: str
    published: PartialDate
    recommendation_count: int
    implemented_count: int

    @property
    def name(self) -> str:
        """What a page calls it, in place of its title: type and reference, or type and date."""
        if self.reference:
            return f"{self.review_type_label} {self.reference}"
        return f"{self.review_type_label} published {self.published.display()}"

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "type": {"code": self.review_type, "label": self.review_type_label},
            "reference": self.reference,
            "name": self.name,
            "partnership": {"id": self.partnership_id, "name": self.partnership_name},
            "published_on": _date_dict(self.published),
            "recommendation_count": self.recommendation_count,
            "implemented_count": self.implemented_count,
        }


@dataclass(frozen=True)
class PublicPlan:
    review: PublicReview
    recommendations: tuple[PublicRecommendation, ...]
    last_updated: dt.datetime | None

    def to_dict(self) -> dict:
        return {
            "review": self.review.to_dict(),
            "last_updated": self.last_updated.isoformat() if self.last_updated else None,
            "recommendations": [rec.to_dict() for rec in self.recommendations],
        }


@dataclass(frozen=True)
class PublicPartnership:
    id: int
    name: str
    reviews: list[PublicReview] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "reviews": [review.to_dict() for review in self.reviews],
        }


# --- The reads -------------------------------------------------------------------------------


def _public_review(review: Review, recommendation_count: int, implemented: int) -> PublicReview:
    return PublicReview(
        id=review.pk,
        review_type=review.review_type,
        review_type_label=review.get_review_type_display(),
        reference=review.reference,
        partnership_id=review.partnership_id,
        partnership_name=review.partnership.name,
        published=review.published,
        recommendation_count=recommendation_count,
        implemented_count=implemented,
    )


def _published_reviews_qs(today: dt.date):
    return (
        Review.objects.filter(published_q(today))
        .select_related("partnership")
        .only(
            "id",
            "review_type",
            "reference",
            "published_on",
            "published_on_precision",
            "partnership__id",
            "partnership__name",
        )
    )


def published_reviews(today: dt.date, partnership_id: int | None = None) -> list[PublicPartnership]:
    """The partnerships with reviews published by ``today`` (by name), each with its published
    reviews, newest first. Two queries, whatever the number of reviews."""
    reviews = _published_reviews_qs(today)
    if partnership_id is not None:
        reviews = reviews.filter(partnership_id=partnership_id)
    reviews = list(reviews.order_by("partnership__name", "partnership_id", "-published_on", "id"))
    counts = _recommendation_counts([review.pk for review in reviews])
    partnerships: dict[int, PublicPartnership] = {}
    for review in reviews:
        total, implemented = counts.get(review.pk, (0, 0))
        entry = partnerships.setdefault(
            review.partnership_id,
            PublicPartnership(id=review.partnership_id, name=review.partnership.name),
        )
        entry.reviews.append(_public_review(review, total, implemented))
    return list(partnerships.values())


def _recommendation_counts(review_ids: list[int]) -> dict[int, tuple[int, int]]:
    """review id -> (recommendations, implemented ones), in one query. Implemented is the
    outcomes rule's (``plans.outcomes``): at least one action, and every action done; counted
    by the database per recommendation, so only one row per recommendation comes back."""
    if not review_ids:
        return {}
    rows = (
        Recommendation.objects.filter(review_id__in=review_ids)
        .order_by()
        .values("review_id", "id")
        .annotate(
            actions_count=Count("actions"),
            not_done=Count("actions", filter=~Q(actions__status__in=sorted(DONE))),
        )
        .values_list("review_id", "actions_count", "not_done")
    )
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for review_id, actions_count, not_done in rows:
        counts[review_id][0] += 1
        if actions_count and not not_done:
            counts[review_id][1] += 1
    return {review_id: (total, done) for review_id, (total, done) in counts.items()}


def published_review_or_404(pk: int, today: dt.date) -> Review:
    """The review if it was published by ``today``, else 404, exactly as if it did not exist.
    One query."""
    try:
        return _published_reviews_qs(today).get(pk=pk)
    except Review.DoesNotExist:
        raise Http404("No such published review") from None


def _last_updated(review: Review) -> dt.datetime | None:
    """The latest change to the review, its recommendations, their actions or the actions'
    leads (their row history, deleted ones included), in one query."""
    rec_history = Recommendation.history.model
    action_history = Action.history.model
    review_history = Review.history.model
    lead_history = ActionLead.history.model
    rec_ids = rec_history.objects.filter(review_id=OuterRef(OuterRef("pk"))).values("id")
    # One level deeper: inside the actions' subquery, inside the leads'.
    rec_ids_of_actions = rec_history.objects.filter(
        review_id=OuterRef(OuterRef(OuterRef("pk")))
    ).values("id")
    action_ids = action_history.objects.filter(recommendation_id__in=rec_ids_of_actions).values(
        "id"
    )

    def latest(queryset):
        return Subquery(queryset.order_by("-history_date").values("history_date")[:1])

    row = (
        Review.objects.filter(pk=review.pk)
        .annotate(
            review_at=latest(review_history.objects.filter(id=OuterRef("pk"))),
            rec_at=latest(rec_history.objects.filter(review_id=OuterRef("pk"))),
            action_at=latest(action_history.objects.filter(recommendation_id__in=rec_ids)),
            lead_at=latest(lead_history.objects.filter(action_id__in=action_ids)),
        )
        .values_list("review_at", "rec_at", "action_at", "lead_at")
        .first()
    )
    if row is None:
        return None
    # Compared here, not with SQL's GREATEST: PostgreSQL's ignores NULLs, SQLite's does not.
    moments = [moment for moment in row if moment is not None]
    return max(moments) if moments else None


def public_plan(review: Review) -> PublicPlan:
    """The plan of a published review (from ``published_review_or_404``), with nothing that
    names a person. Five queries, whatever its size."""
    leads = ActionLead.objects.filter(agency__isnull=False).select_related("agency")
    leads = leads.only("id", "action_id", "order", "agency__id", "agency__name")
    actions = Action.objects.only(
        "id",
        "recommendation_id",
        "text",
        "status",
        "target_date",
        "target_date_precision",
        "target_date_text",
        "completed_on",
        "completed_on_precision",
        "order",
    ).prefetch_related(Prefetch("leads", queryset=leads))
    recommendations = (
        Recommendation.objects.filter(review_id=review.pk)
        .only("id", "review_id", "number", "text", "scope", "order")
        .prefetch_related("themes", Prefetch("actions", queryset=actions))
        .order_by("order", "id")
    )
    shaped = []
    for position, rec in enumerate(recommendations, start=1):
        rec_actions = list(rec.actions.all())
        shaped.append(
            PublicRecommendation(
                number=rec.number,
                position=position,
                text=rec.text,
                themes=tuple(theme.name for theme in rec.themes.all()),
                scope=rec.scope,
                scope_label=rec.get_scope_display() if rec.scope else "",
                outcome=recommendation_outcome(action.status for action in rec_actions),
                actions=tuple(
                    _public_action(number, action)
                    for number, action in enumerate(rec_actions, start=1)
                ),
            )
        )
    implemented = sum(1 for rec in shaped if rec.implemented)
    return PublicPlan(
        review=_public_review(review, len(shaped), implemented),
        recommendations=tuple(shaped),
        last_updated=_last_updated(review),
    )


def _public_action(number: int, action: Action) -> PublicAction:
    agencies: list[str] = []
    for lead in action.leads.all():
        if lead.agency.name not in agencies:
            agencies.append(lead.agency.name)
    target = partial_date(action.target_date, action.target_date_precision)
    written = action.target_date_text or (target.display() if target else "")
    return PublicAction(
        number=number,
        text=action.text,
        agencies=tuple(agencies),
        status=action.status,
        status_label=label(action.status),
        target=target,
        target_as_written=written,
        completed=partial_date(action.completed_on, action.completed_on_precision),
    )
