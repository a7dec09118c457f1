"""The filters of the partnership's list of actions: a GET form, so that a filtered list has
an address the dashboard can link to and a person can bookmark or share."""

from __future__ import annotations

from django import forms

from followthrough.dashboards.selectors import NO_AGENCY, ActionFilters, Due, FilterOptions
from followthrough.plans.lifecycle import ActionStatus
from followthrough.plans.rag import Rag
from followthrough.plans.selectors import NO_LEAD_AGENCY

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
