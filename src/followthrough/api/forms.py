"""The form for making an API token. It checks input; the service makes the token."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone

from followthrough.api.models import ApiToken
from followthrough.api.services import latest_expiry
from followthrough.plans.forms import DayField


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=100,
        help_text="What it is for, so you recognise it later: for example 'Force tracker sync'.",
        error_messages={
            "required": "Enter a name for the token",
            "max_length": "Name must be 100 characters or fewer",
        },
    )
    scope = forms.ChoiceField(
        label="What it may do",
        widget=forms.RadioSelect,
        choices=[
            (ApiToken.Scope.READ, "Read only: read what you can read"),
            (
                ApiToken.Scope.WRITE,
                "Read and write: also record progress, completion and proposed dates, as you can",
            ),
        ],
        error_messages={"required": "Choose what the token may do"},
    )
    expires_on = DayField(label="Expiry date")

    def __init__(self, *args, today: dt.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        latest = latest_expiry(self.today)
        self.fields["expires_on"].help_text = (
            f"It stops working at the end of this day: at the latest {latest:%-d/%-m/%Y}. "
            "For example 31/3/2027"
        )

    def clean_expires_on(self):
        value = self.cleaned_data["expires_on"]
        latest = latest_expiry(self.today)
        if value < self.today:
            raise forms.ValidationError("Expiry date must be today or in the future")
        if value > latest:
            raise forms.ValidationError(f"Expiry date must be {latest:%-d %B %Y} or sooner")
        return value


class RevokeForm(forms.Form):
    """Nothing to fill in: the button is the decision."""
