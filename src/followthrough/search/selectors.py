"""Search across every plan a user may see: recommendations (their text), actions (text,
outcome, measure of success) and progress updates (narrative), in exactly the reviews the review
list shows them (``plans.selectors.reviews_for_user``: a superuser sees all).

One selector, ``search(user, query, filters, page)``, over two back ends (``backends.py``:
PostgreSQL full-text search, SQLite FTS5). Results are listed by review (newest year first),
then in plan order: a recommendation, then each of its actions followed by that action's
updates, so each page can be shown grouped under its reviews. A page costs the same few
queries whatever the data: one to count, one for the page's rows (a UNION over the three
sources), then at most one per source for the rows and one per source for the words found,
and one for the plan pages the recommendations are on."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from itertools import groupby

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Prefetch, Q, Value
from django.db.models.functions import Coalesce, ExtractYear
from django.urls import reverse
from django.utils.safestring import SafeString

from followthrough.delivery.models import ProgressUpdate
from followthrough.partnerships.models import Agency
from followthrough.partnerships.selectors import partnerships_for_user
from followthrough.plans.models import Action, ActionLead, Recommendation, Review, Theme
from followthrough.plans.selectors import PlanEntry, pack_pages, paged, reviews_for_user
from followthrough.search import schema
from followthrough.search.backends import backend
from followthrough.search.highlight import has_match, marked

PER_PAGE = 20
MAX_QUERY_LENGTH = 200


class QueryRefused(ValueError):
    """The query cannot be searched for; the message says why, for the person."""


def clean_query(text: str | None) -> str:
    """The query as searched for, or ``QueryRefused`` with a message to show."""
    text = " ".join((text or "").split())
    if not text:
        raise QueryRefused("Enter the words to search for")
    if len(text) > MAX_QUERY_LENGTH:
        raise QueryRefused(f"Search for {MAX_QUERY_LENGTH} characters or fewer")
    if not re.search(r"\w", text):
        raise QueryRefused("Enter at least one word to search for, not only punctuation")
    return text


@dataclass(frozen=True)
class SearchFilters:
    """What to search in; an empty value does not filter. A recommendation passes the agency
    and status filters when one of its actions does (led by that agency, with that status)."""

    review_type: str = ""
    theme: str = ""  # a plans.Theme slug
    partnership: int | None = None
    agency: int | None = None  # a lead agency of the action
    status: str = ""  # the action's recorded status
    year: int | None = None  # of the review's publication date, else of its creation

    @property
    def any(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))


@dataclass(frozen=True)
class FilterOptions:
    partnerships: list[tuple[int, str]]
    agencies: list[tuple[int, str]]
    themes: list[tuple[str, str]]
    years: list[int]


def filter_options(user) -> FilterOptions:
    """What the filters offer this user: only what they may see. Four queries."""
    partnerships = partnerships_for_user(user).order_by("name").values_list("pk", "name")
    visible = reviews_for_user(user).values("pk")
    # The partners of those partnerships: the agencies their actions may be led by (a lead is
    # always a partner: linking an agency is deliberate, partnerships/services.py).
    agencies = Agency.objects.order_by("name").values_list("pk", "name")
    if not user.is_superuser:
        agencies = agencies.filter(
            partnerships__in=partnerships_for_user(user).values("pk")
        ).distinct()
    themes = Theme.objects.order_by("order").values_list("slug", "name")
    years = (
        Review.objects.filter(pk__in=visible)
        .annotate(y=_year(""))
        .order_by("-y")
        .values_list("y", flat=True)
        .distinct()
    )
    return FilterOptions(
        partnerships=list(partnerships),
        agencies=list(agencies),
        themes=list(themes),
        years=[y for y in years if y is not None],
    )


@dataclass
class Hit:
    """One thing found, with where it is and the words found marked."""

    kind: str  # "recommendation", "action" or "update"
    review: Review
    recommendation: Recommendation
    url: str
    passages: list[tuple[str, SafeString]] = field(default_factory=list)
    action: Action | None = None
    update: ProgressUpdate | None = None

    @property
    def recommendation_label(self) -> str:
        return self.recommendation.number or str(self.recommendation.order)


@dataclass
class SearchResults:
    query: str
    filters: SearchFilters
    page: object  # a Django Page of Hits
    groups: list[tuple[Review, list[Hit]]]

    @property
    def count(self) -> int:
        return self.page.paginator.count


# Where each source's review, recommendation and action are, from the source's rows.
_PATHS = {
    "recommendation": ("review__", "", None),
    "action": ("recommendation__review__", "recommendation__", ""),
    "update": ("action__recommendation__review__", "action__recommendation__", "action__"),
}
_MODELS = {"recommendation": Recommendation, "action": Action, "update": ProgressUpdate}
_KIND_NUMBER = {"recommendation": 0, "action": 1, "update": 2}


def _year(review: str):
    return Coalesce(ExtractYear(f"{review}published_on"), ExtractYear(f"{review}created_at"))


def _matching(source: schema.Source, user, text: str, filters: SearchFilters):
    """The source's rows that match the words and the filters, in the reviews the user may see."""
    review, rec, action = _PATHS[source.kind]
    rows = (
        _MODELS[source.kind]
        .objects.filter(backend().matches(source, text))
        .filter(**{f"{review}in": reviews_for_user(user).values("pk")})
    )
    if filters.review_type:
        rows = rows.filter(**{f"{review}review_type": filters.review_type})
    if filters.partnership:
        rows = rows.filter(**{f"{review}partnership_id": filters.partnership})
    if filters.year:
        rows = rows.filter(
            Q(**{f"{review}published_on__year": filters.year})
            | Q(
                **{f"{review}published_on__isnull": True, f"{review}created_at__year": filters.year}
            )
        )
    if filters.theme:
        rows = rows.filter(**{f"{rec}themes__slug": filters.theme})
    if action is None:  # a recommendation: through one of its actions
        if filters.agency or filters.status:
            actions = Action.objects.filter(recommendation=OuterRef("pk"))
            if filters.status:
                actions = actions.filter(status=filters.status)
            if filters.agency:
                actions = actions.filter(leads__agency_id=filters.agency)
            rows = rows.filter(Exists(actions))
    else:
        if filters.status:
            rows = rows.filter(**{f"{action}status": filters.status})
        if filters.agency:
            action_id = f"{action}pk" if action else "pk"
            rows = rows.filter(
                Exists(
                    ActionLead.objects.filter(action=OuterRef(action_id), agency_id=filters.agency)
                )
            )
    return (
        rows.annotate(
            k=Value(_KIND_NUMBER[source.kind], output_field=IntegerField()),
            ref=F("pk"),
            yr=_year(review),
            rv=F(f"{review}pk"),
            ro=F(f"{rec}order"),
            ri=F(f"{rec}pk"),
            ao=F(f"{action}order")
            if action is not None
            else Value(-1, output_field=IntegerField()),
        )
        .values_list("k", "ref", "yr", "rv", "ro", "ri", "ao")
        .order_by()
    )


def search(user, query: str, filters: SearchFilters, page) -> SearchResults:
    """One page of what the user may see that matches ``query`` (already through
    ``clean_query``) and ``filters``."""
    text = clean_query(query)
    first, *others = [_matching(source, user, text, filters) for source in schema.SOURCES]
    rows = first.union(*others, all=True).order_by("-yr", "-rv", "ro", "ri", "ao", "k", "ref")
    shown = paged(rows, PER_PAGE, page)
    keys = [(k, ref) for k, ref, *_ in shown.object_list]
    hits = _hits(keys, text)
    shown.object_list = hits
    groups = [
        (review, list(in_review)) for review, in_review in groupby(hits, key=lambda h: h.review)
    ]
    return SearchResults(query=text, filters=filters, page=shown, groups=groups)


def _ids(keys, kind: str) -> list[int]:
    number = _KIND_NUMBER[kind]
    return [ref for k, ref in keys if k == number]


def _hits(keys: list[tuple[int, int]], text: str) -> list[Hit]:
    """The page's rows, read (at most one query per source, one for the actions' leads), with
    the words found (one query per source) and the plan page each recommendation is on."""
    found = backend()
    recs = {
        r.pk: r
        for r in Recommendation.objects.filter(pk__in=_ids(keys, "recommendation")).select_related(
            "review__partnership"
        )
    }
    action_ids = _ids(keys, "action")
    actions = {}
    if action_ids:
        actions = {
            a.pk: a
            for a in Action.objects.filter(pk__in=action_ids)
            .select_related("recommendation__review__partnership")
            .prefetch_related(Prefetch("leads", ActionLead.objects.select_related("agency")))
        }
    update_ids = _ids(keys, "update")
    updates = {}
    if update_ids:
        updates = {
            u.pk: u
            for u in ProgressUpdate.objects.filter(pk__in=update_ids).select_related(
                "action__recommendation__review__partnership"
            )
        }
    marks = found.highlights(
        text,
        {
            "recommendation": {pk: {"text": r.text} for pk, r in recs.items()},
            "action": {
                pk: {"text": a.text, "outcome": a.outcome, "measure": a.measure}
                for pk, a in actions.items()
            },
            "update": {pk: {"narrative": u.narrative} for pk, u in updates.items()},
        },
    )
    pages = _plan_pages({r.review_id for r in recs.values()})
    # One Review object per review on the page, so hits group by it.
    reviews: dict[int, Review] = {}

    def same(review: Review) -> Review:
        return reviews.setdefault(review.pk, review)

    hits = []
    for k, ref in keys:
        if k == 0 and ref in recs:
            rec = recs[ref]
            snippets = marks.get("recommendation", {}).get(ref, {})
            hits.append(
                Hit(
                    kind="recommendation",
                    review=same(rec.review),
                    recommendation=rec,
                    url=_plan_url(rec, pages),
                    passages=[("Recommendation", marked(snippets.get("text") or rec.text))],
                )
            )
        elif k == 1 and ref in actions:
            action = actions[ref]
            snippets = marks.get("action", {}).get(ref, {})
            passages = [("Action", marked(snippets.get("text") or action.text))]
            for column, label in (("outcome", "Outcome"), ("measure", "Measure of success")):
                if has_match(snippets.get(column)):
                    passages.append((label, marked(snippets[column])))
            hits.append(
                Hit(
                    kind="action",
                    review=same(action.recommendation.review),
                    recommendation=action.recommendation,
                    action=action,
                    url=reverse("actions:detail", args=[action.pk]),
                    passages=passages,
                )
            )
        elif k == 2 and ref in updates:
            update = updates[ref]
            snippets = marks.get("update", {}).get(ref, {})
            hits.append(
                Hit(
                    kind="update",
                    review=same(update.action.recommendation.review),
                    recommendation=update.action.recommendation,
                    action=update.action,
                    update=update,
                    url=reverse("actions:detail", args=[update.action_id]),
                    passages=[
                        ("Progress update", marked(snippets.get("narrative") or update.narrative))
                    ],
                )
            )
    return hits


def _plan_pages(review_ids: set[int]) -> dict[int, int]:
    """The page of its plan page each recommendation of these reviews is on: one query over
    the reviews' recommendations (as ``plans.selectors.plan_entries``, for several reviews)."""
    if not review_ids:
        return {}
    rows = (
        Recommendation.objects.filter(review_id__in=review_ids)
        .order_by("review_id", "order", "pk")
        .values_list("review_id", "pk", "number")
        .annotate(action_count=Count("actions"))
    )
    pages: dict[int, int] = {}
    for _, in_review in groupby(rows, key=lambda row: row[0]):
        entries = [PlanEntry(pk, number, "", count) for _, pk, number, count in in_review]
        pages.update({entry.pk: entry.page for entry in pack_pages(entries)})
    return pages


def _plan_url(rec: Recommendation, pages: dict[int, int]) -> str:
    url = reverse("plans:review_detail", args=[rec.review_id])
    page = pages.get(rec.pk, 1)
    if page > 1:
        url += f"?page={page}"
    return f"{url}#recommendation-{rec.pk}"
