"""The national bodies' answers in the national figures: recommendations addressed to a
national body (bodies.Addressing), by body and by the body's answer, with the figures' own
suppression. Kept here, above bodies: oversight reads bodies, never the reverse."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Case, Count, QuerySet, Value, When

from followthrough.bodies.models import Addressing, Response
from followthrough.bodies.selectors import state_q
from followthrough.oversight.selectors import is_hidden, shown, shown_total

CATEGORIES = [
    (Response.ACCEPTED.value, "Accepted"),
    (Response.ACCEPTED_IN_PART.value, "Accepted in part"),
    (Response.NOT_ACCEPTED.value, "Not accepted"),
    ("acknowledged", "Acknowledged only"),
    ("awaiting", "No response"),
    ("overdue", "Overdue"),
]
CATEGORY_MEANINGS = {
    "acknowledged": "The body has acknowledged it and not responded yet; not yet overdue.",
    "awaiting": "Not acknowledged and no response yet; not yet overdue.",
    "overdue": "No response, and its response period has passed.",
}


@dataclass
class ResponseRow:
    label: str
    counts: list[int]  # by CATEGORIES; the true counts, never rendered: ``cells`` are

    @property
    def cells(self) -> list[str]:
        return [shown(count) for count in self.counts]

    @property
    def labelled_cells(self) -> list[tuple[str, str]]:
        return list(zip(self.cells, [label for _, label in CATEGORIES], strict=True))

    @property
    def total(self) -> str:
        return shown_total(self.counts)


@dataclass
class ResponsesTable:
    """Recommendations addressed to national bodies, by body and by the body's answer, with
    the national figures' suppression: a count from 1 to 4 reads "fewer than 5", a total
    that takes one in is the range the shown counts imply."""

    rows: list[ResponseRow]
    categories: list[tuple[str, str]] = field(default_factory=lambda: list(CATEGORIES))

    @property
    def column_totals(self) -> list[str]:
        return [shown_total([row.counts[i] for row in self.rows]) for i in range(len(CATEGORIES))]

    @property
    def labelled_column_totals(self) -> list[tuple[str, str]]:
        return list(zip(self.column_totals, [label for _, label in CATEGORIES], strict=True))

    @property
    def grand_total(self) -> str:
        return shown_total([count for row in self.rows for count in row.counts])

    @property
    def any_hidden(self) -> bool:
        return any(is_hidden(count) for row in self.rows for count in row.counts)


def national_responses(recommendations: QuerySet, today: dt.date) -> ResponsesTable:
    """For each national body that has recommendations addressed to it among
    ``recommendations``, how many it has in each of ``CATEGORIES`` (each addressing in
    exactly one), bodies by name. One query."""
    whens = [When(state_q(value, today), then=Value(value)) for value, _ in CATEGORIES]
    rows = (
        Addressing.objects.filter(recommendation__in=recommendations.values("pk"))
        .annotate(category=Case(*whens, default=Value("awaiting")))
        .values_list("body__name", "category")
        .annotate(n=Count("pk"))
        .order_by("body__name", "category")
    )
    positions = {value: i for i, (value, _) in enumerate(CATEGORIES)}
    by_body: dict[str, list[int]] = {}
    for name, category, n in rows:
        by_body.setdefault(name, [0] * len(CATEGORIES))[positions[category]] += n
    return ResponsesTable(rows=[ResponseRow(name, counts) for name, counts in by_body.items()])
