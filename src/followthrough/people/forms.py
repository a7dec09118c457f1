"""Forms for the people of a partnership and for accepting an invitation. They check input;
the services do the writing."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError

from followthrough.partnerships.models import Role
from followthrough.plans.forms import VersionedForm, text_field

ROLE_HINT = (
    "A coordinator manages the partnership: its plans, people and agencies, and signs actions "
    "off. A panel chair writes plans. An agency lead updates the actions their agency leads. "
    "A board member reads and signs actions off. A viewer reads."
)
NEW_PASSWORD_HINT = (
    "At least 8 characters. Not a common password, not all numbers, and not like your name "
    "or username. A few unrelated words together make a good one."
)


class RoleFields(forms.Form):
    """A role, and the agency an agency lead leads for (one of the partnership's agencies)."""

    role = forms.ChoiceField(
        label="Role",
        choices=Role.choices,
        widget=forms.RadioSelect,
        help_text=ROLE_HINT,
        error_messages={
            "required": "Choose their role",
            "invalid_choice": "Choose a role from the list",
        },
    )
    agency = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label="Agency they lead for",
        help_text="For an agency lead only: the partner agency whose actions they update here.",
        empty_label="Choose an agency",
        error_messages={"invalid_choice": "Choose an agency from the list"},
    )

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = partnership.agencies.order_by("name")
        self.fields["agency"].label_from_instance = lambda agency: agency.name

    def clean(self):
        data = super().clean()
        if data.get("role") == Role.AGENCY_LEAD:
            if not data.get("agency") and "agency" not in self.errors:
                self.add_error("agency", "Choose the agency they lead for")
        else:
            data["agency"] = None
        return data


class InviteForm(RoleFields):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="Their work address. The invitation goes there.",
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        error_messages={
            "required": "Enter their email address",
            "invalid": "Enter an email address in the correct format, like name@example.gov.uk",
            "max_length": "Email address must be 254 characters or fewer",
        },
    )
    field_order = ["email", "role", "agency"]


class MembershipForm(VersionedForm, RoleFields):
    """A person's role changed: carries the version of the membership the page showed."""


class AcceptForm(forms.Form):
    """A new account from an invitation: a name, a username and a password."""

    first_name = text_field("First name", max_length=150)
    last_name = text_field("Last name", max_length=150)
    username = forms.CharField(
        label="Username",
        max_length=150,
        help_text="You sign in with it. Letters, digits and @ . + - _ only.",
        error_messages={
            "required": "Choose a username",
            "max_length": "Username must be 150 characters or fewer",
        },
    )
    password1 = forms.CharField(
        label="Password",
        strip=False,
        max_length=4096,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=NEW_PASSWORD_HINT,
        error_messages={
            "required": "Choose a password",
            "max_length": "Password must be 4,096 characters or fewer",
        },
    )
    password2 = forms.CharField(
        label="Confirm the password",
        strip=False,
        max_length=4096,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={
            "required": "Enter the password again",
            "max_length": "Password must be 4,096 characters or fewer",
        },
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email
        self.fields["first_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["last_name"].widget.attrs["autocomplete"] = "family-name"
        self.fields["username"].widget.attrs.update(autocomplete="username", spellcheck="false")

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        try:
            UnicodeUsernameValidator()(username)
        except ValidationError:
            raise ValidationError(
                "Username can only have letters, digits and @ . + - _ (no spaces)"
            ) from None
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise ValidationError("That username is taken: choose another")
        return username

    def clean(self):
        data = super().clean()
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", "Enter the same password twice")
        elif first:
            probe = get_user_model()(
                username=data.get("username", ""),
                email=self.email,
                first_name=data.get("first_name", ""),
                last_name=data.get("last_name", ""),
            )
            try:
                password_validation.validate_password(first, probe)
            except ValidationError as exc:
                self.add_error("password1", exc)
        return data
