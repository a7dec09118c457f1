"""The search page's GET form: the words and the filters, all in the address, so a search can
be bookmarked and shared. Every filter offers only what the user may see; a value that is not
one of them (a hand-edited address) is an error beside its field, never a page of errors."""

from __future__ import annotations

from django import forms

from followthrough.plans.lifecycle import ActionStatus
from followthrough.plans.models import ReviewType
from followthrough.search.selectors import (
    MAX_QUERY_LENGTH,
    FilterOptions,
    QueryRefused,
    SearchFilters,
    clean_query,
)

ANY = ("", "Any")


def _choice(label: str, error: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label, required=False, choices=[ANY], error_messages={"invalid_choice": error}
    )


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Search for",
        strip=True,
        error_messages={"required": "Enter the words to search for"},
        help_text="Words from recommendations, actions, outcomes, measures of success and "
        "progress updates. Every word must be found.",
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    review_type = _choice("Review type", "Choose a review type from the list")
    theme = _choice("Theme", "Choose a theme from the list")
    partnership = _choice("Partnership", "Choose a partnership from the list")
    agency = _choice("Lead agency", "Choose a lead agency from the list")
    status = _choice("Action status", "Choose an action status from the list")
    year = _choice("Year", "Choose a year from the list")

    def __init__(self, *args, options: FilterOptions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.input_type = "search"
        self.fields["review_type"].choices = [ANY, *ReviewType.choices]
        self.fields["theme"].choices = [ANY, *options.themes]
        self.fields["partnership"].choices = [ANY, *((str(k), v) for k, v in options.partnerships)]
        self.fields["agency"].choices = [ANY, *((str(k), v) for k, v in options.agencies)]
        self.fields["status"].choices = [ANY, *((s.value, s.label) for s in ActionStatus)]
        self.fields["year"].choices = [ANY, *((str(y), str(y)) for y in options.years)]
        self.fields["year"].help_text = "Of the review's publication, or else of its creation"

    def clean_q(self) -> str:
        try:
            return clean_query(self.cleaned_data.get("q"))
        except QueryRefused as refused:
            raise forms.ValidationError(str(refused)) from refused

    def filters(self) -> SearchFilters:
        """The filters from the fields that are valid (a field in error filters nothing)."""
        if not self.is_bound:
            return SearchFilters()
        self.is_valid()
        data = self.cleaned_data
        number = {
            name: int(data[name]) if data.get(name) else None
            for name in ("partnership", "agency", "year")
        }
        return SearchFilters(
            review_type=data.get("review_type") or "",
            theme=data.get("theme") or "",
            status=data.get("status") or "",
            **number,
        )

    def applied(self) -> list[str]:
        """The filters in force, in words, for the line that says what the results are of."""
        if not self.is_bound:
            return []
        self.is_valid()
        said = []
        for name, field in self.fields.items():
            value = self.cleaned_data.get(name)
            if name != "q" and value:
                said.append(f"{field.label}: {dict(field.choices).get(value, value)}")
        return said


__all__ = ["MAX_QUERY_LENGTH", "SearchForm"]
