"""The filters of a partnership's list of actions, shared by the list (dashboards) and the
board meeting that decides several of them (delivery): what may be filtered by
(``ActionFilters``), what the filters offer (``action_filter_options``) and the GET form that
reads them from an address (``ActionFilterForm``), so that a filtered list has an address the
dashboard can link to and a person can bookmark or share. Below both packages, so neither
imports the other for them."""

from __future__ import annotations

import enum
from dataclasses import dataclass, fields

from django import forms

from followthrough.partnerships.models import Agency, Partnership
from followthrough.plans.lifecycle import ActionStatus
from followthrough.plans.models import Recommendation, Review
from followthrough.plans.rag import Rag
from followthrough.plans.selectors import NO_LEAD_AGENCY

NO_AGENCY = "none"  # the agency filter's value for actions with no lead agency


class Due(enum.StrEnum):
    """The "due" filter: the states of an open action that its dates decide."""

    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    NO_DATE = "no_date"


@dataclass(frozen=True)
class ActionFilters:
    """Which of the partnership's actions to list; an empty value does not filter. The first
    five are worked out in SQL, the rest (which need today's date and the RAG rule) in Python
    over the same rows."""

    agency: int | str | None = None  # an agency's id, or NO_AGENCY
    review: int | None = None
    theme: str = ""  # a recommendation's theme heading, as the plan writes it
    status: str = ""  # the recorded status
    awaiting: bool = False  # awaiting the partnership's decision (lifecycle.AWAITING_DECISION)
    rag: str = ""
    due: str = ""  # a Due
    quiet: bool = False  # open, with no progress update for the reminders' number of days

    @property
    def any(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))


@dataclass(frozen=True)
class FilterOptions:
    """What the filters offer: the agencies that lead any of the partnership's actions, its
    reviews and the theme headings its plans use."""

    agencies: list[tuple[int, str]]
    reviews: list[tuple[int, str]]
    themes: list[str]


def action_filter_options(partnership: Partnership) -> FilterOptions:
    """Three queries."""
    agencies = (
        Agency.objects.filter(action_leads__action__partnership=partnership)
        .distinct()
        .order_by("name")
        .values_list("pk", "name")
    )
    reviews = (
        Review.objects.filter(partnership=partnership)
        .order_by("title", "pk")
        .values_list("pk", "title")
    )
    themes = (
        Recommendation.objects.filter(review__partnership=partnership)
        .exclude(theme_heading="")
        .order_by("theme_heading")
        .values_list("theme_heading", flat=True)
        .distinct()
    )
    return FilterOptions(agencies=list(agencies), reviews=list(reviews), themes=list(themes))


ANY = ("", "Any")


def _choice(label: str, choices: list[tuple[str, str]], error: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        required=False,
        choices=[ANY, *choices],
        error_messages={"invalid_choice": error},
    )


class ActionFilterForm(forms.Form):
    """Every field is optional and offered as a list of what there is, so a value that is not
    one of them (a link to an agency since merged, a hand-edited address) is an error beside
    its field, and the other filters still apply."""

    agency = _choice("Lead agency", [], "Choose a lead agency from the list")
    review = _choice("Review", [], "Choose a review from the list")
    theme = _choice("Theme", [], "Choose a theme from the list")
    status = _choice(
        "Recorded status",
        [(s.value, s.label) for s in ActionStatus],
        "Choose a status from the list",
    )
    rag = _choice("RAG rating", [(r.value, r.label) for r in Rag], "Choose a RAG rating")
    due = _choice("Due", [], "Choose when the actions are due from the list")
    awaiting = forms.BooleanField(
        label="Awaiting the partnership's decision",
        required=False,
        help_text="Marked completed, or proposed for closing, by their leads",
    )
    quiet = forms.BooleanField(label="No recent update", required=False)

    def __init__(self, *args, options: FilterOptions, due_soon_days: int, stale_days: int, **kw):
        super().__init__(*args, **kw)
        self.fields["agency"].choices = [
            ANY,
            *((str(pk), name) for pk, name in options.agencies),
            (NO_AGENCY, NO_LEAD_AGENCY),
        ]
        self.fields["review"].choices = [ANY, *((str(pk), title) for pk, title in options.reviews)]
        self.fields["theme"].choices = [ANY, *((theme, theme) for theme in options.themes)]
        self.fields["due"].choices = [
            ANY,
            (Due.OVERDUE.value, "Overdue"),
            (Due.DUE_SOON.value, f"Due in the next {due_soon_days} days"),
            (Due.NO_DATE.value, "No target date"),
        ]
        self.fields[
            "quiet"
        ].help_text = f"Open, with no progress update for {stale_days} days or more"

    def filters(self) -> ActionFilters:
        """The filters from the fields that are valid (a field in error filters nothing)."""
        if not self.is_bound:
            return ActionFilters()
        self.is_valid()
        data = self.cleaned_data
        agency = data.get("agency") or None
        return ActionFilters(
            agency=agency if agency in (None, NO_AGENCY) else int(agency),
            review=int(data["review"]) if data.get("review") else None,
            theme=data.get("theme") or "",
            status=data.get("status") or "",
            awaiting=bool(data.get("awaiting")),
            rag=data.get("rag") or "",
            due=data.get("due") or "",
            quiet=bool(data.get("quiet")),
        )

    def applied(self) -> list[str]:
        """The filters in force, in words ("Lead agency: Northmoor Police"), for the line that
        says what the list shows."""
        if not self.is_bound:
            return []
        self.is_valid()
        said = []
        for name, field in self.fields.items():
            value = self.cleaned_data.get(name)
            if not value:
                continue
            if isinstance(field, forms.BooleanField):
                said.append(field.label)
            else:
                said.append(f"{field.label}: {dict(field.choices).get(value, value)}")
        return said
