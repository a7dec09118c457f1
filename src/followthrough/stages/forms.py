"""Forms for a review's stages. They validate what was typed; the services decide the rest
(the stage's round, its order, the future) and say why when they refuse."""

from __future__ import annotations

from django import forms

from followthrough.clocks.rules import ReviewTypeStages, StageRule
from followthrough.plans.forms import MEDIUM_TEXT, DayField, VersionedForm, text_field
from followthrough.plans.models import ReviewType
from followthrough.stages.selectors import STATE_FILTERS

OUTCOME_LABELS = {"approved": "Approved", "returned": "Returned with comments"}


def outcome_choices(rule: StageRule) -> list[tuple[str, str]]:
    return [(o, OUTCOME_LABELS.get(o, o.replace("_", " ").capitalize())) for o in rule.outcomes]


def _note():
    return text_field(
        "Note",
        required=False,
        rows=3,
        max_length=MEDIUM_TEXT,
        help_text="Optional: for example where the date comes from. No names of people.",
    )


def _outcome(choices, required=False):
    return forms.ChoiceField(
        label="Outcome",
        choices=choices,
        required=required,
        widget=forms.RadioSelect,
        help_text="For a stage with an outcome, such as the quality assurance panel's.",
        error_messages={"required": "Choose the outcome", "invalid_choice": "Choose the outcome"},
    )


class StageRecordForm(VersionedForm):
    stage = forms.ChoiceField(
        label="Stage",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the stage to record",
            "invalid_choice": "Choose one of the stages listed",
        },
    )
    on = DayField(label="Date it happened", help_text="For example 27/3/2026. Not in the future.")
    outcome = _outcome([])
    note = _note()

    def __init__(self, *args, stages: ReviewTypeStages, **kwargs):
        super().__init__(*args, **kwargs)
        self.stages = stages
        self.fields["stage"].choices = [(rule.key, rule.label) for rule in stages.stages]
        outcomes = {o for rule in stages.stages for o in rule.outcomes}
        if outcomes:
            choices = {o: label for rule in stages.stages for o, label in outcome_choices(rule)}
            self.fields["outcome"].choices = list(choices.items())
        else:
            del self.fields["outcome"]

    def clean(self):
        data = super().clean()
        key = data.get("stage")
        if key:
            rule = self.stages.stage(key)
            outcome = data.get("outcome", "")
            if rule.outcomes and not outcome:
                self.add_error("outcome", f"Choose the outcome of '{rule.label}'")
            elif rule.outcomes and outcome not in rule.outcomes:
                self.add_error("outcome", f"'{rule.label}' cannot have that outcome")
            elif not rule.outcomes and outcome:
                self.add_error("outcome", f"'{rule.label}' has no outcome: leave it unchosen")
        return data


class StageEntryForm(VersionedForm):
    on = DayField(label="Date it happened", help_text="For example 27/3/2026. Not in the future.")
    outcome = _outcome([], required=True)
    note = _note()

    def __init__(self, *args, rule: StageRule, **kwargs):
        super().__init__(*args, **kwargs)
        if rule.outcomes:
            self.fields["outcome"].choices = outcome_choices(rule)
        else:
            del self.fields["outcome"]


class StageExtensionForm(VersionedForm):
    stage = forms.ChoiceField(
        label="Stage",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the stage whose due date moves",
            "invalid_choice": "Choose one of the stages listed",
        },
    )
    due_on = DayField(label="New due date", help_text="For example 30/9/2026")
    reason = text_field(
        "Reason",
        rows=3,
        max_length=MEDIUM_TEXT,
        help_text="Why the due date moves, for example 'criminal trial listed for June'. "
        "No names of people.",
        error_messages={"required": "Enter the reason the due date moves"},
    )

    def __init__(self, *args, stages: ReviewTypeStages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = [
            (rule.key, rule.label) for rule in stages.stages if rule.within is not None
        ]


class InProgressFilterForm(forms.Form):
    """The filters of the list of reviews in progress, in the address (a GET form)."""

    type = forms.ChoiceField(
        label="Type of review",
        required=False,
        choices=[("", "All types"), *ReviewType.choices],
        error_messages={"invalid_choice": "Choose a type of review from the list"},
    )
    state = forms.ChoiceField(
        label="Clock",
        required=False,
        choices=[("", "Any"), *STATE_FILTERS.items()],
        error_messages={"invalid_choice": "Choose a clock state from the list"},
    )

    def filters(self) -> dict:
        """The valid filters; a value not offered is an error beside its field and ignored."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "review_type": data.get("type", "") if "type" not in self.errors else "",
            "state": data.get("state", "") if "state" not in self.errors else "",
        }
