"""Forms for a partnership's agencies. They check input; the services do the writing."""

from __future__ import annotations

from django import forms

from followthrough.partnerships.models import Agency


class AgencyLinkForm(forms.Form):
    agency = forms.ModelChoiceField(
        queryset=None,
        label="Agency",
        empty_label="Choose an agency",
        help_text="Agencies already in Followthrough that are not yet partners of this "
        "partnership. Making one a partner gives nobody access: you decide who leads for it "
        "here.",
        error_messages={
            "required": "Choose the agency to add",
            "invalid_choice": "Choose an agency from the list",
        },
    )

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies


class AgencyCreateForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=200,
        help_text="In full, for example Northmoor Integrated Care Board",
        error_messages={
            "required": "Enter the agency's name",
            "max_length": "Name must be 200 characters or fewer",
        },
    )
    short_name = forms.CharField(
        label="Short name",
        max_length=40,
        required=False,
        help_text="As plans write it, for example Northmoor ICB",
        error_messages={"max_length": "Short name must be 40 characters or fewer"},
    )
    sector = forms.ChoiceField(
        label="Sector",
        choices=Agency.Sector.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the agency's sector"},
    )


class AgencyMergeForm(forms.Form):
    into = forms.ModelChoiceField(
        queryset=None,
        label="The agency to keep",
        empty_label="Choose an agency",
        error_messages={
            "required": "Choose the agency to keep",
            "invalid_choice": "Choose an agency from the list",
        },
    )
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = agencies
