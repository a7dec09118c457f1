from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import get_user_model
from django.core.validators import MaxLengthValidator

from followthrough.notifications.account_mail import password_reset_mail_send
from followthrough.web import services


class SignInForm(auth_forms.AuthenticationForm):
    """Django's sign-in form with messages in the GOV.UK style."""

    error_messages = {
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "inactive": "This account has been switched off. Ask your partnership's coordinator.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        # Django's form sets the username's max_length without checking it: a longer one would
        # reach authenticate(), and the lock-out's record of the attempt (255 characters).
        limit = self.fields["username"].max_length
        self.fields["username"].validators.append(
            MaxLengthValidator(limit, message=self.error_messages["invalid_login"])
        )
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.fields["password"].widget = forms.PasswordInput()


class CodeForm(forms.Form):
    """The code from the authenticator app, or a backup code."""

    code = forms.CharField(
        label="Security code",
        max_length=40,
        error_messages={"required": "Enter the code from your authenticator app"},
    )


class AuthenticatorForm(forms.Form):
    code = forms.CharField(
        label="Code from the app",
        max_length=20,
        error_messages={"required": "Enter the 6-digit code your authenticator app shows"},
    )


NEW_PASSWORD_HINT = (
    "At least 8 characters. Not a common password, not all numbers, and not like your name "
    "or username. A few unrelated words together make a good one."
)


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    """Django's form, GOV.UK messages; saving goes through the audited service."""

    error_messages = {
        "password_mismatch": "Enter the same new password twice",
        "password_incorrect": "Your current password is not right. Enter it again.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "Current password"
        self.fields["old_password"].error_messages["required"] = "Enter your current password"
        self.fields["new_password1"].error_messages["required"] = "Enter a new password"
        self.fields["new_password1"].help_text = NEW_PASSWORD_HINT
        self.fields["new_password2"].label = "Confirm the new password"
        self.fields["new_password2"].error_messages["required"] = "Enter the new password again"

    def save(self, commit=True):
        services.password_change(
            user=self.user, password=self.cleaned_data["new_password1"], actor=self.user
        )
        return self.user


class SetPasswordForm(auth_forms.SetPasswordForm):
    """The new password from a reset link; saving goes through the audited service."""

    error_messages = {"password_mismatch": "Enter the same new password twice"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].error_messages["required"] = "Enter a new password"
        self.fields["new_password1"].help_text = NEW_PASSWORD_HINT
        self.fields["new_password2"].label = "Confirm the new password"
        self.fields["new_password2"].error_messages["required"] = "Enter the new password again"

    def save(self, commit=True):
        services.password_reset_complete(
            user=self.user, password=self.cleaned_data["new_password1"]
        )
        return self.user


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's form (it mails only active users with a usable password, and says the same
    whether or not an account has the address); the mail goes out from notifications."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Email address"
        self.fields["email"].error_messages = {
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.gov.uk",
        }

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email,
                  html_email_template_name=None):  # fmt: skip
        password_reset_mail_send(to=to_email, uid=context["uid"], token=context["token"])


class SecondFactorResetForm(forms.Form):
    username = forms.CharField(
        label="Username",
        max_length=150,
        help_text="The username of the person who has lost their phone or their codes.",
        error_messages={"required": "Enter the username of the person to reset"},
    )

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise forms.ValidationError("There is no user with that username")
        self.user = user
        return username
