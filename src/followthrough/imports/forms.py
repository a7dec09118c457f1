"""Forms for uploading a plan document and correcting its parse in the preview."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from followthrough import interchange
from followthrough.interchange.model import STATUS_LABELS
from followthrough.plans.forms import DayField, PartialDateField, ThemesMixin, themes_field
from followthrough.plans.models import ReviewType, Scope

NO_CHOICE = [("", "Not stated")]
# The longest a milestone's number may be (Milestone.number is a small integer).
MAX_MILESTONE_NUMBER = 999


def _text(label, *, max_length, required=False, rows=None, name=None, **kwargs):
    """A text field with GOV.UK's messages: "Enter the recommendation", "The recommendation
    must be 5,000 characters or fewer"."""
    name = name or label.lower()
    messages = {
        "max_length": f"{name[0].upper()}{name[1:]} must be {max_length:,} characters or fewer"
    }
    if required:
        messages["required"] = f"Enter {name}"
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput()
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=widget,
        error_messages=messages,
        **kwargs,
    )


class VersionedForm(forms.Form):
    """Carries the version of the pending import the page showed, so that a correction made
    on a page out of date is refused rather than overwriting someone else's."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)


class UploadForm(forms.Form):
    """A plan document to read: a file, or its text pasted (copied from a web page or a PDF
    viewer). Exactly one of them; either is read the same way."""

    partnership = forms.ModelChoiceField(
        queryset=None,
        label="Partnership",
        empty_label=None,
        error_messages={
            "required": "Choose the partnership that owns the review",
            "invalid_choice": "Choose the partnership that owns the review",
        },
    )
    document = forms.FileField(
        label="Upload the plan document",
        required=False,
        help_text="The published action plan: PDF, Word (.docx), Excel (.xlsx), a web page "
        "(.html), CSV, text, or Followthrough's own JSON.",
        error_messages={"empty": "The file is empty: choose the plan document itself"},
    )
    text = forms.CharField(
        label="Or paste the plan",
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="If you cannot upload the document, copy the action plan from a web page or "
        "a PDF viewer and paste it here: the review's title, then the plan.",
    )

    def __init__(self, *args, partnerships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partnership"].queryset = partnerships

    def clean_document(self):
        document = self.cleaned_data["document"]
        limit = settings.FOLLOWTHROUGH_MAX_UPLOAD_BYTES
        if document and document.size > limit:
            raise forms.ValidationError(
                f"The file is {filesizeformat(document.size)}: the largest file Followthrough "
                f"takes is {filesizeformat(limit)}. Remove images from the document, or split it."
            )
        return document

    def clean_text(self):
        text = self.cleaned_data["text"]
        limit = settings.FOLLOWTHROUGH_MAX_UPLOAD_BYTES
        size = len(text.encode("utf-8"))
        if size > limit:
            raise forms.ValidationError(
                f"The pasted text is {filesizeformat(size)}: the largest plan Followthrough "
                f"takes is {filesizeformat(limit)}. Paste the action plan only, or split it."
            )
        return text

    def clean(self):
        data = super().clean()
        if self.has_error("document") or self.has_error("text"):
            return data
        if data.get("document") and data.get("text"):
            self.add_error(
                "document",
                "Upload a file or paste the plan, not both: clear the pasted text to upload "
                "the file",
            )
        elif not data.get("document") and not data.get("text"):
            self.add_error("document", "Choose the plan document to upload, or paste the plan")
        return data

    def upload(self, now) -> tuple[bytes, str]:
        """The document to read and its name: the file's, or the pasted text as UTF-8 with a
        name that says when it was pasted (and nothing of who pasted it)."""
        document = self.cleaned_data.get("document")
        if document:
            return document.read(), document.name
        return self.cleaned_data["text"].encode("utf-8"), f"pasted-text-{now:%Y-%m-%d-%H%M}.txt"

    @property
    def is_pasted(self) -> bool:
        return not self.cleaned_data.get("document")


class ReviewInfoForm(VersionedForm):
    title = _text("Title", name="the title", max_length=300, required=True)
    review_type = forms.ChoiceField(
        label="Type of review", required=False, choices=NO_CHOICE + list(ReviewType.choices)
    )
    subject_pseudonym = _text(
        "Pseudonym",
        name="the pseudonym",
        max_length=100,
        help_text="The name agreed with the family. Never enter a real name.",
    )
    reference = _text("Reference", name="the reference", max_length=60)
    published_on = PartialDateField(
        label="Date published",
        help_text="As the report gives it, for example 14 January 2025, January 2025 or 2025",
    )


class RecommendationInfoForm(ThemesMixin, VersionedForm):
    """A recommendation as read, to correct, with its themes: ticked as suggested from its text
    (or as chosen before); changing them makes them the person's choice for it."""

    number = _text("Number", name="the number", max_length=20)
    text = _text(
        "Recommendation", name="the recommendation", max_length=5_000, required=True, rows=6
    )
    theme = _text("Theme", name="the theme", max_length=200)
    scope = forms.ChoiceField(
        label="Scope", required=False, choices=NO_CHOICE + list(Scope.choices)
    )
    area = _text("Area", name="the area", max_length=200)
    themes = themes_field()
    # The themes the page showed ticked (ids, comma-separated): what is ticked on saving is
    # the person's choice only if it differs from these, or if they chose before.
    themes_shown = forms.CharField(widget=forms.HiddenInput, required=False, max_length=200)

    def themes_changed(self) -> bool:
        shown = {pk for pk in self.cleaned_data["themes_shown"].split(",") if pk}
        return shown != {str(theme.pk) for theme in self.cleaned_data["themes"]}


STATUS_CHOICES = NO_CHOICE + list(STATUS_LABELS.items())
# The most leads or milestones one action's correction page takes: far more than any plan gives.
MAX_ROWS = 50


class ActionInfoForm(VersionedForm):
    """An action as read, to correct. Its leads and milestones are rows of their own
    (``LeadRows``, ``MilestoneRows``), each with its fields."""

    text = _text("Action to take", name="the action", max_length=5_000, required=True, rows=4)
    measure = _text(
        "Measure of success",
        name="the measure of success",
        max_length=2_000,
        rows=3,
        help_text="How the plan says anyone will know the action worked: a planned measure, "
        "not what happened (that is the outcome).",
    )
    target_date = PartialDateField(label="Target date")
    completed_on = PartialDateField(label="Date of completion")
    outcome = _text("Outcome", name="the outcome", max_length=5_000, rows=4)
    status = forms.ChoiceField(label="Status", required=False, choices=STATUS_CHOICES)

    @staticmethod
    def initial_for(action: interchange.Action) -> dict:
        return {
            "text": action.text,
            "measure": action.measure or "",
            "target_date": action.target_date,
            "completed_on": action.completed_on,
            "outcome": action.outcome or "",
            "status": action.status or "",
        }


class LeadRowForm(forms.Form):
    """One lead of an action: any of name, role and agency, as the plan gives them. A row left
    empty is no lead."""

    name = _text("Name", name="the lead's name", max_length=200)
    role = _text("Role", name="the lead's role", max_length=200)
    agency = _text(
        "Agency",
        name="the lead's agency",
        max_length=200,
        help_text="As the plan names it. An agency new to the partnership is added when the "
        "plan is saved.",
    )

    def lead(self) -> interchange.Lead | None:
        data = getattr(self, "cleaned_data", {})
        parts = [(data.get(name) or "").strip() or None for name in ("name", "role", "agency")]
        return interchange.Lead(*parts) if any(parts) else None

    @staticmethod
    def initial_for(lead: interchange.Lead) -> dict:
        return {"name": lead.name or "", "role": lead.role or "", "agency": lead.agency or ""}


class MilestoneRowForm(forms.Form):
    """One milestone: its number and date as the plan gives them, and what it is. A row left
    empty is no milestone."""

    number = forms.IntegerField(
        label="Number",
        required=False,
        min_value=0,
        max_value=MAX_MILESTONE_NUMBER,
        error_messages={
            "invalid": "Number must be a whole number, like 3",
            "min_value": "Number must be 0 or more",
            "max_value": f"Number must be {MAX_MILESTONE_NUMBER} or less",
        },
    )
    text = _text("Milestone", name="the milestone", max_length=2_000, rows=2)
    target_date = PartialDateField(label="Target date")

    def clean(self):
        data = super().clean()
        given = data.get("number") is not None or data.get("target_date") is not None
        if given and not (data.get("text") or "").strip() and not self.has_error("text"):
            self.add_error("text", "Enter the milestone, or clear its number and date")
        return data

    def milestone(self) -> interchange.Milestone | None:
        data = getattr(self, "cleaned_data", {})
        text = (data.get("text") or "").strip()
        if not text:
            return None
        return interchange.Milestone(
            text=text, number=data.get("number"), target_date=data.get("target_date")
        )

    @staticmethod
    def initial_for(ms: interchange.Milestone) -> dict:
        return {"number": ms.number, "text": ms.text, "target_date": ms.target_date}


class _Rows(forms.BaseFormSet):
    """Rows of a repeated fieldset, with GOV.UK messages for a page that was tampered with or
    has more rows than any plan."""

    noun = "rows"

    default_error_messages = {
        "missing_management_form": "The page was incomplete: reload it and make your change again",
        "too_many_forms": "",
        "too_few_forms": "",
    }

    def __init__(self, *args, extra: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if extra is not None:  # the rows as typed, shown again: no blank row added
            self.extra = extra
        self.error_messages["too_many_forms"] = f"Enter at most {MAX_ROWS} {self.noun}"

    def items(self) -> list:
        return [item for form in self.forms if (item := self.item_of(form)) is not None]


class _LeadRows(_Rows):
    noun = "leads"

    @staticmethod
    def item_of(form):
        return form.lead()


class _MilestoneRows(_Rows):
    noun = "milestones"

    @staticmethod
    def item_of(form):
        return form.milestone()


def _rows(form, base):
    return forms.formset_factory(
        form, formset=base, extra=1, max_num=MAX_ROWS, absolute_max=MAX_ROWS, validate_max=True
    )


LeadRows = _rows(LeadRowForm, _LeadRows)
MilestoneRows = _rows(MilestoneRowForm, _MilestoneRows)


class SaveForm(forms.Form):
    """What saving an import needs to know: whether the plan is agreed, and since when; and
    that the agencies of other partnerships it names are the same organisations."""

    agreed = forms.ChoiceField(
        label="Has this plan been agreed?",
        choices=[
            ("yes", "Yes, it is agreed"),
            ("no", "No, it is still a draft"),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Say whether the plan has been agreed",
            "invalid_choice": "Say whether the plan has been agreed",
        },
    )
    agreed_on = DayField(label="Date agreed", required=False, help_text="For example 27/3/2025")
    link_agencies = forms.BooleanField(required=False)
    themes = forms.ChoiceField(
        label="Save the themes suggested for each recommendation?",
        choices=[
            (
                "yes",
                "Yes, save the suggested themes (you can change any recommendation's themes later)",
            ),
            ("no", "No, leave the themes empty"),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Say whether to save the suggested themes",
            "invalid_choice": "Say whether to save the suggested themes",
        },
    )

    def clean(self):
        data = super().clean()
        if data.get("agreed") == "yes" and not self.has_error("agreed_on"):
            day = data.get("agreed_on")
            if day is None:
                self.add_error("agreed_on", "Enter the date agreed")
            elif day > timezone.localdate():
                self.add_error("agreed_on", "Date agreed must be today or in the past")
        return data

    @property
    def is_agreed(self) -> bool:
        return self.cleaned_data["agreed"] == "yes"

    @property
    def saves_suggested_themes(self) -> bool:
        return self.cleaned_data["themes"] == "yes"


class ApplyRevisionForm(VersionedForm):
    """Apply the differences shown: the digest of the comparison the page showed
    (``revising.plan_compare``) and the version of the import it compared."""

    fingerprint = forms.CharField(
        widget=forms.HiddenInput,
        max_length=64,
        error_messages={"required": "The page was incomplete: reload it and try again"},
    )
    link_agencies = forms.BooleanField(required=False)


class ChooseReviewForm(forms.Form):
    review = forms.ModelChoiceField(
        queryset=None,
        label="Which review does this document update?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the review this document updates",
            "invalid_choice": "Choose the review this document updates",
        },
    )

    def __init__(self, *args, reviews, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["review"].queryset = reviews
        self.fields["review"].label_from_instance = lambda review: (
            f"{review.title} ({review.reference})" if review.reference else review.title
        )
