"""Forms for addressing a recommendation to national bodies and for the body's answer."""

from __future__ import annotations

from django import forms

from followthrough.bodies.models import REASONS_REQUIRED, Response
from followthrough.bodies.services import REASONS_MAX
from followthrough.plans.forms import DayField, VersionedForm, text_field


class AddressForm(forms.Form):
    """The bodies to address a recommendation to: the active ones it is not addressed to yet.
    None is ticked for the author, not even those its text mentions (they are only marked)."""

    bodies = forms.MultipleChoiceField(
        label="National bodies",
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choose at least one national body",
            "invalid_choice": "Choose national bodies from the list",
        },
    )

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.body_objects = {str(body.pk): body for body in bodies}
        self.fields["bodies"].choices = [(str(b.pk), b.name) for b in bodies]

    def chosen(self):
        return [self.body_objects[pk] for pk in self.cleaned_data["bodies"]]


class AcknowledgeForm(VersionedForm):
    pass


class RespondForm(VersionedForm):
    response = forms.ChoiceField(
        label="Response",
        choices=Response.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the response",
            "invalid_choice": "Choose the response from the list",
        },
    )
    reasons = text_field(
        "Reasons",
        required=False,
        rows=6,
        max_length=REASONS_MAX,
        help_text="Required if it is accepted in part or not accepted: what the body will not "
        "do, and why. The partnership reads them on its plan.",
    )
    responded_on = DayField(label="Date of the response")

    def clean(self):
        cleaned = super().clean()
        response = cleaned.get("response")
        if response in REASONS_REQUIRED and not (cleaned.get("reasons") or "").strip():
            self.add_error("reasons", f"Give the reasons it was {Response(response).label.lower()}")
        return cleaned
