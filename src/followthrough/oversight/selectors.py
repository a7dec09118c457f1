"""Reads for national oversight: pooled, anonymised figures across every partnership, and the
recommendations of published reviews behind them.

**Figures.** Every recommendation of every partnership (published or not), counted by the
database in one GROUP BY per facet: theme, scope, addressee sector (the sectors of the agencies
that lead its actions), review type and year (the year the review was published, else the year
it was created). Each is split by outcome in the categories of *Learning from loss*
(``plans.outcomes``), whose rule has an SQL twin here (``outcome_expression``: one correlated
subquery per recommendation over its actions' statuses), tested against the Python rule.
A recommendation with several themes (or several sectors) counts once under each, so those
tables' rows do not add up to the number of recommendations.

**Suppression.** A count from 1 to 4 is never shown: it reads "fewer than 5" (tables, charts,
the Excel download). A total that takes in a hidden count would let it be worked back
(total minus the counts shown), so such a total is given as the range the counts shown already
imply ("23 to 26": the shown counts plus 1 to 4 for each hidden one): it tells nobody anything
the cells do not. A total with no hidden count in it is exact. A chart draws a hidden count as
a hatched segment of a fixed length (2.5), never its own.

The limit of this: scope, review type and year each split the same recommendations, so an
outcome's column adds up to the same number in each of those tables. Where one of them shows
that column with no hidden count and another hides a single count in it, the hidden count
can be worked out from the two tables together. Closing that needs suppression across linked
tables (a second cell hidden in the other table) or every count rounded; not done yet.

Queries: ``national_figures`` 4 (the themes, every facet's counts in one statement, the
years to filter by, the national bodies' answers), whatever the number of partnerships,
reviews or recommendations;
``drill_down_page`` 2 (count and page).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractYear

from followthrough.partnerships.models import Agency
from followthrough.plans.lifecycle import DONE, ActionStatus
from followthrough.plans.models import (
    Action,
    ActionLead,
    Recommendation,
    Review,
    ReviewType,
    Scope,
    Theme,
)
from followthrough.plans.outcomes import Outcome
from followthrough.plans.selectors import paged
from followthrough.public.selectors import published_q

S = ActionStatus
THRESHOLD = 5  # counts below it (and above 0) are hidden
HIDDEN = f"fewer than {THRESHOLD}"
NOT_STATED = "not_stated"  # the value of a facet a recommendation does not record
OUTCOMES = list(Outcome)
FACETS = ["theme", "scope", "sector", "review_type", "year"]
PER_PAGE = 25

OUTCOME_MEANINGS = {
    Outcome.FULLY_IMPLEMENTED: "Every action is done (completed, signed off or already in "
    "place), and at least one was done because of the review.",
    Outcome.ALREADY_IN_PLACE: "Every action was recorded as already in place: what was asked "
    "was happening before the review.",
    Outcome.PARTLY_IMPLEMENTED: "Some actions are done or partly met, not all.",
    Outcome.NOT_MET: "Every action ended without being done (not met, closed without being "
    "implemented, or superseded).",
    Outcome.NO_INFORMATION: "The recommendation has no actions, or every action says no "
    "information.",
    Outcome.UNDER_WAY: "Our sixth category, for plans still being delivered: actions are open "
    "and none is done yet.",
}


# --- The outcome rule in SQL ----------------------------------------------------------------


def _status_counts(prefix: str) -> dict:
    """The counts of the outcome rule over actions (``prefix`` "" from Action, "actions__"
    from Recommendation, where a recommendation with no action counts 0 of everything)."""
    pk = f"{prefix}pk" if prefix else "pk"
    status = f"{prefix}status"
    return {
        "n": Count(pk),
        "n_no_info": Count(pk, filter=Q(**{status: S.NO_INFORMATION})),
        "n_done": Count(pk, filter=Q(**{f"{status}__in": sorted(DONE)})),
        "n_already": Count(pk, filter=Q(**{status: S.ALREADY_IN_PLACE})),
        "n_partly": Count(pk, filter=Q(**{status: S.PARTLY_MET})),
        "n_ended": Count(
            pk,
            filter=Q(**{f"{status}__in": [S.NOT_MET, S.CLOSED_NOT_IMPLEMENTED, S.SUPERSEDED]}),
        ),
    }


def _outcome_case() -> Case:
    """``plans.outcomes.recommendation_outcome``'s branches, in order, over the counts."""
    return Case(
        When(n=F("n_no_info"), then=Value(Outcome.NO_INFORMATION.value)),
        When(n=F("n_done"), n_already=F("n"), then=Value(Outcome.ALREADY_IN_PLACE.value)),
        When(n=F("n_done"), then=Value(Outcome.FULLY_IMPLEMENTED.value)),
        When(n_done__gt=0, then=Value(Outcome.PARTLY_IMPLEMENTED.value)),
        When(n_partly__gt=0, then=Value(Outcome.PARTLY_IMPLEMENTED.value)),
        When(n=F("n_ended"), then=Value(Outcome.NOT_MET.value)),
        default=Value(Outcome.UNDER_WAY.value),
        output_field=CharField(),
    )


def outcome_expression():
    """``plans.outcomes.recommendation_outcome`` in SQL, for a Recommendation queryset: its
    actions' statuses counted in one correlated subquery (for a page of them)."""
    actions = (
        Action.objects.filter(recommendation_id=OuterRef("pk"))
        .order_by()
        .values("recommendation_id")
        .annotate(**_status_counts(""))
        .annotate(outcome=_outcome_case())
        .values("outcome")
    )
    # No action at all: no row from the subquery.
    return Coalesce(
        Subquery(actions, output_field=CharField()), Value(Outcome.NO_INFORMATION.value)
    )


def with_outcome(recommendations: QuerySet) -> QuerySet:
    """The same rule for every recommendation at once: joined to its actions and grouped by
    recommendation (one pass over the actions, for the figures), as ``outcome``."""
    return recommendations.annotate(**_status_counts("actions__")).annotate(outcome=_outcome_case())


def year_expression(prefix: str = "review__"):
    """The year a review counts under: published, else created."""
    return Coalesce(
        ExtractYear(f"{prefix}published_on"),
        ExtractYear(f"{prefix}created_at"),
        output_field=IntegerField(),
    )


# --- Filters ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    """The figures' filters, from the address (``?review_type=DHR&year=2024``). A value not
    known is reported in ``errors`` and ignored, never a traceback."""

    review_type: str = ""
    year: int | None = None
    errors: tuple[str, ...] = ()

    @classmethod
    def from_query(cls, query) -> Filters:
        errors = []
        review_type = (query.get("review_type") or "").strip()
        if review_type and review_type not in ReviewType.values:
            errors.append("Choose a type of review from the list.")
            review_type = ""
        year = None
        raw = (query.get("year") or "").strip()
        if raw:
            if raw.isdigit() and len(raw) == 4:
                year = int(raw)
            else:
                errors.append("Enter a year as four digits, like 2024.")
        return cls(review_type=review_type, year=year, errors=tuple(errors))

    def apply(self, recommendations: QuerySet) -> QuerySet:
        if self.review_type:
            recommendations = recommendations.filter(review__review_type=self.review_type)
        if self.year is not None:
            recommendations = recommendations.alias(fy=year_expression()).filter(fy=self.year)
        return recommendations

    def as_query(self) -> dict:
        query = {}
        if self.review_type:
            query["review_type"] = self.review_type
        if self.year is not None:
            query["year"] = str(self.year)
        return query


# --- The figures' shapes ---------------------------------------------------------------------


def shown(count: int) -> str:
    """A count as it may be shown: 0, "fewer than 5", or the number."""
    if 0 < count < THRESHOLD:
        return HIDDEN
    return str(count)


def is_hidden(count: int) -> bool:
    return 0 < count < THRESHOLD


def shown_total(counts: list[int]) -> str:
    """The total of ``counts`` as it may be shown: exact when none is hidden; otherwise the
    range the shown counts already imply, so that it reveals no hidden count."""
    hidden = sum(1 for count in counts if is_hidden(count))
    if not hidden:
        return str(sum(counts))
    known = sum(count for count in counts if not is_hidden(count))
    low, high = known + hidden, known + (THRESHOLD - 1) * hidden
    if high < THRESHOLD:
        return HIDDEN
    return f"{low} to {high}"


@dataclass
class Cell:
    outcome: Outcome
    count: int  # the true count: never rendered, only ``display`` and ``bar`` are

    @property
    def display(self) -> str:
        return shown(self.count)

    @property
    def hidden(self) -> bool:
        return is_hidden(self.count)

    @property
    def bar(self) -> float:
        """The length a chart draws: a hidden count a fixed 2.5, never its own."""
        return (THRESHOLD / 2) if self.hidden else float(self.count)


@dataclass
class Row:
    value: str  # the facet's value, for the drill-down's address
    label: str
    cells: list[Cell]

    @property
    def total(self) -> str:
        return shown_total([cell.count for cell in self.cells])

    @property
    def bar_total(self) -> float:
        return sum(cell.bar for cell in self.cells)


@dataclass
class FacetTable:
    facet: str
    title: str
    row_heading: str
    note: str
    rows: list[Row] = field(default_factory=list)

    @property
    def column_totals(self) -> list[str]:
        return [
            shown_total([row.cells[i].count for row in self.rows]) for i in range(len(OUTCOMES))
        ]

    @property
    def labelled_column_totals(self) -> list[tuple[str, Outcome]]:
        return list(zip(self.column_totals, OUTCOMES, strict=True))

    @property
    def grand_total(self) -> str:
        return shown_total([cell.count for row in self.rows for cell in row.cells])

    @property
    def any_hidden(self) -> bool:
        return any(cell.hidden for row in self.rows for cell in row.cells)

    @property
    def longest_bar(self) -> float:
        return max((row.bar_total for row in self.rows), default=0.0)


@dataclass
class NationalFigures:
    filters: Filters
    tables: list[FacetTable]
    years: list[int]
    # Recommendations addressed to national bodies, by body and answer (bodies.selectors).
    responses: object = None


def _rows(counted, labels: list[tuple[str, str]]) -> list[Row]:
    """Rows in the order of ``labels`` (value, label), each with a cell per outcome; values
    with no recommendation are left out, values not in ``labels`` come after them."""
    by_value: dict[str, dict[str, int]] = {}
    for value, outcome, n in counted:
        key = NOT_STATED if value in (None, "") else str(value)
        by_value.setdefault(key, {})[outcome] = by_value.get(key, {}).get(outcome, 0) + n
    ordered = [(value, label) for value, label in labels if value in by_value]
    known = {value for value, _ in ordered}
    ordered += [(value, value) for value in by_value if value not in known]
    return [
        Row(
            value=value,
            label=label,
            cells=[Cell(outcome, by_value[value].get(outcome.value, 0)) for outcome in OUTCOMES],
        )
        for value, label in ordered
    ]


def _counts_sql(recommendations: QuerySet) -> tuple[str, tuple]:
    """One statement for every facet: each recommendation's facets and outcome worked out
    once (``base``: ``with_outcome``, one pass over the actions), then counted by
    facet and outcome, the facets one after another (UNION ALL). Rows: (facet, value,
    outcome, recommendations); a recommendation counts once per value of a facet (a theme is
    linked once; sectors are made distinct per recommendation first)."""
    base_sql, params = (
        with_outcome(recommendations.annotate(fy=year_expression()))
        .values("pk", "scope", "review__review_type", "fy", "outcome")
        .order_by()
        .query.sql_with_params()
    )
    q = connection.ops.quote_name
    rec_themes = Recommendation.themes.through._meta.db_table
    theme = Theme._meta.db_table
    action = Action._meta.db_table
    lead = ActionLead._meta.db_table
    agency = Agency._meta.db_table
    # The base's columns by position: Django names them itself.
    sql = f"""
        WITH base (id, scope, review_type, fy, outcome) AS ({base_sql})
        SELECT 'theme', t.{q("slug")}, b.outcome, COUNT(*)
          FROM base b
          LEFT JOIN {q(rec_themes)} rt ON rt.{q("recommendation_id")} = b.id
          LEFT JOIN {q(theme)} t ON t.{q("id")} = rt.{q("theme_id")}
         GROUP BY t.{q("slug")}, b.outcome
        UNION ALL
        SELECT 'scope', b.scope, b.outcome, COUNT(*) FROM base b GROUP BY b.scope, b.outcome
        UNION ALL
        SELECT 'review_type', b.review_type, b.outcome, COUNT(*)
          FROM base b GROUP BY b.review_type, b.outcome
        UNION ALL
        SELECT 'year', CAST(b.fy AS TEXT), b.outcome, COUNT(*)
          FROM base b GROUP BY b.fy, b.outcome
        UNION ALL
        SELECT 'sector', s.sector, s.outcome, COUNT(*)
          FROM (SELECT DISTINCT b.id, ag.{q("sector")} AS sector, b.outcome
                  FROM base b
                  JOIN {q(action)} a ON a.{q("recommendation_id")} = b.id
                  JOIN {q(lead)} l ON l.{q("action_id")} = a.{q("id")}
                  JOIN {q(agency)} ag ON ag.{q("id")} = l.{q("agency_id")}) s
         GROUP BY s.sector, s.outcome
        UNION ALL
        SELECT 'sector', NULL, b.outcome, COUNT(*)
          FROM base b
         WHERE NOT EXISTS (
               SELECT 1 FROM {q(action)} a
                 JOIN {q(lead)} l ON l.{q("action_id")} = a.{q("id")}
                WHERE a.{q("recommendation_id")} = b.id AND l.{q("agency_id")} IS NOT NULL)
         GROUP BY b.outcome
    """
    return sql, params


def national_figures(filters: Filters, today: dt.date | None = None) -> NationalFigures:
    """The figures of every partnership, under ``filters``. Four queries (the themes, the
    counts, the years to filter by, the national bodies' answers as of ``today``), whatever
    the data."""
    from django.utils import timezone

    from followthrough.oversight.responses import national_responses

    themes = [(str(t.slug), t.name) for t in Theme.objects.order_by("order")]
    sql, params = _counts_sql(filters.apply(Recommendation.objects.order_by()))
    counted: dict[str, list[tuple]] = {facet: [] for facet in FACETS}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for facet, value, outcome, n in cursor.fetchall():
            counted[facet].append((value, outcome, n))
    years = sorted(  # the filter's choices, over every review whatever the filters
        {
            int(y)
            for y in Review.objects.order_by()
            .annotate(fy=year_expression(prefix=""))
            .values_list("fy", flat=True)
            .distinct()
            if y is not None
        },
        reverse=True,
    )
    year_labels = sorted({str(v) for v, _, _ in counted["year"] if v is not None})
    not_stated = (NOT_STATED, "Not recorded")
    tables = [
        FacetTable(
            "theme",
            "Recommendations by theme",
            "Theme",
            "A recommendation with several themes counts under each, so the rows add up to "
            "more than the number of recommendations.",
            _rows(counted["theme"], [*themes, (NOT_STATED, "No theme recorded")]),
        ),
        FacetTable(
            "scope",
            "Recommendations by scope",
            "Scope",
            "",
            _rows(counted["scope"], [*Scope.choices, not_stated]),
        ),
        FacetTable(
            "sector",
            "Recommendations by addressee sector",
            "Sector of the agencies leading its actions",
            "A recommendation whose actions are led by agencies of several sectors counts under "
            "each.",
            _rows(
                counted["sector"],
                [*Agency.Sector.choices, (NOT_STATED, "No lead agency recorded")],
            ),
        ),
        FacetTable(
            "review_type",
            "Recommendations by type of review",
            "Type of review",
            "",
            _rows(counted["review_type"], list(ReviewType.choices)),
        ),
        FacetTable(
            "year",
            "Recommendations by year",
            "Year (of publication, else of the review's record)",
            "",
            _rows(counted["year"], [(y, y) for y in year_labels]),
        ),
    ]
    responses = national_responses(
        filters.apply(Recommendation.objects.order_by()), today or timezone.localdate()
    )
    return NationalFigures(filters=filters, tables=tables, years=years, responses=responses)


# --- The drill-down --------------------------------------------------------------------------


@dataclass(frozen=True)
class DrillDown:
    """Which recommendations of published reviews to list: a facet's value and an outcome,
    with the figures' filters. Bad values are reported in ``errors`` and ignored."""

    filters: Filters
    theme: str = ""
    scope: str = ""
    sector: str = ""
    outcome: str = ""
    errors: tuple[str, ...] = ()

    @classmethod
    def from_query(cls, query) -> DrillDown:
        filters = Filters.from_query(query)
        errors = list(filters.errors)
        values = {}
        for name, allowed, message in [
            ("theme", None, "Choose a theme from the figures."),
            ("scope", {*Scope.values, NOT_STATED}, "Choose a scope from the figures."),
            ("sector", {*Agency.Sector.values, NOT_STATED}, "Choose a sector from the figures."),
            ("outcome", set(Outcome.values), "Choose an outcome from the figures."),
        ]:
            value = (query.get(name) or "").strip()
            if value and allowed is not None and value not in allowed:
                errors.append(message)
                value = ""
            values[name] = value
        return cls(filters=filters, errors=tuple(errors), **values)

    def apply(self, recommendations: QuerySet) -> QuerySet:
        recommendations = self.filters.apply(recommendations)
        if self.theme == NOT_STATED:
            recommendations = recommendations.filter(themes__isnull=True)
        elif self.theme:
            recommendations = recommendations.filter(themes__slug=self.theme)
        if self.scope == NOT_STATED:
            recommendations = recommendations.filter(scope="")
        elif self.scope:
            recommendations = recommendations.filter(scope=self.scope)
        if self.sector == NOT_STATED:
            recommendations = recommendations.exclude(actions__leads__agency__isnull=False)
        elif self.sector:
            with_sector = Action.objects.filter(leads__agency__sector=self.sector)
            recommendations = recommendations.filter(pk__in=with_sector.values("recommendation_id"))
        if self.outcome:
            recommendations = recommendations.filter(outcome=self.outcome)
        return recommendations

    def describe(self, theme_name: str | None) -> list[str]:
        parts = []
        if self.theme:
            parts.append(f"Theme: {theme_name or 'No theme recorded'}")
        if self.scope:
            parts.append(f"Scope: {dict(Scope.choices).get(self.scope, 'Not recorded')}")
        if self.sector:
            label = dict(Agency.Sector.choices).get(self.sector, "No lead agency recorded")
            parts.append(f"Sector: {label}")
        if self.filters.review_type:
            parts.append(f"Type of review: {ReviewType(self.filters.review_type).label}")
        if self.filters.year is not None:
            parts.append(f"Year: {self.filters.year}")
        if self.outcome:
            parts.append(f"Outcome: {Outcome(self.outcome).label}")
        return parts


@dataclass(frozen=True)
class DrilledRecommendation:
    review_id: int
    partnership: str
    review_type: str
    reference: str
    year: int
    number: str
    text: str
    outcome: Outcome


def drill_down_page(drill: DrillDown, today: dt.date, page: int | str | None):
    """One page of the recommendations of PUBLISHED reviews behind a cell of the figures,
    newest review first. Two queries (the count and the page), whatever the data."""
    recs = (
        drill.apply(
            Recommendation.objects.filter(published_q(today, "review__")).annotate(
                outcome=outcome_expression()
            )
        )
        .annotate(year=year_expression())
        .values(
            "pk",
            "review_id",
            "review__partnership__name",
            "review__review_type",
            "review__reference",
            "year",
            "number",
            "text",
            "outcome",
        )
        .order_by("-review__published_on", "review_id", "order", "pk")
    )
    result = paged(recs, PER_PAGE, page)
    result.object_list = [
        DrilledRecommendation(
            review_id=row["review_id"],
            partnership=row["review__partnership__name"],
            review_type=ReviewType(row["review__review_type"]).label
            if row["review__review_type"] in ReviewType.values
            else row["review__review_type"],
            reference=row["review__reference"],
            year=row["year"],
            number=row["number"],
            text=row["text"],
            outcome=Outcome(row["outcome"]),
        )
        for row in result.object_list
    ]
    return result
