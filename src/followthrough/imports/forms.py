"""Forms for uploading a plan document and correcting its parse in the preview."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat

from followthrough import interchange
from followthrough.interchange.model import STATUS_LABELS
from followthrough.plans.forms import PartialDateField
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
    partnership = forms.ModelChoiceField(
        queryset=None,
        label="Partnership",
        empty_label=None,
        error_messages={"required": "Choose the partnership that owns the review"},
    )
    document = forms.FileField(
        label="Plan document",
        help_text="The published action plan: PDF, Word (.docx), Excel (.xlsx), CSV, text, "
        "or Followthrough's own JSON.",
        error_messages={
            "required": "Choose the plan document to upload",
            "empty": "The file is empty: choose the plan document itself",
        },
    )

    def __init__(self, *args, partnerships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partnership"].queryset = partnerships

    def clean_document(self):
        document = self.cleaned_data["document"]
        limit = settings.FOLLOWTHROUGH_MAX_UPLOAD_BYTES
        if document.size > limit:
            raise forms.ValidationError(
                f"The file is {filesizeformat(document.size)}: the largest file Followthrough "
                f"takes is {filesizeformat(limit)}. Remove images from the document, or split it."
            )
        return document


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


class RecommendationInfoForm(VersionedForm):
    number = _text("Number", name="the number", max_length=20)
    text = _text(
        "Recommendation", name="the recommendation", max_length=5_000, required=True, rows=6
    )
    theme = _text("Theme", name="the theme", max_length=200)
    scope = forms.ChoiceField(
        label="Scope", required=False, choices=NO_CHOICE + list(Scope.choices)
    )
    area = _text("Area", name="the area", max_length=200)


STATUS_CHOICES = NO_CHOICE + list(STATUS_LABELS.items())


class ActionInfoForm(VersionedForm):
    text = _text("Action to take", name="the action", max_length=5_000, required=True, rows=4)
    leads = _text(
        "Leads",
        name="the leads",
        max_length=2_000,
        rows=3,
        help_text="One per line: name | role | agency. Leave a part empty if the plan does "
        "not give it, for example: Kit Marsh | DA Lead | Northmoor Police",
    )
    milestones = _text(
        "Milestones",
        name="the milestones",
        max_length=5_000,
        rows=6,
        help_text="One per line: number | milestone | target date, for example: "
        "2 | Policy signed off | July 2025",
    )
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
            "leads": "\n".join(
                " | ".join(part or "" for part in (ld.name, ld.role, ld.agency))
                for ld in action.leads
            ),
            "milestones": "\n".join(
                " | ".join(
                    [
                        str(ms.number or ""),
                        ms.text,
                        ms.target_date.display() if ms.target_date else "",
                    ]
                )
                for ms in action.milestones
            ),
            "measure": action.measure or "",
            "target_date": action.target_date,
            "completed_on": action.completed_on,
            "outcome": action.outcome or "",
            "status": action.status or "",
        }

    def clean_leads(self):
        leads = []
        for number, line in enumerate(self.cleaned_data["leads"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() or None for p in line.split("|")]
            if any(part and len(part) > 200 for part in parts):
                raise forms.ValidationError(
                    f"Line {number} of the leads: each part must be 200 characters or fewer"
                )
            if len(parts) > 3:
                raise forms.ValidationError(
                    f"Line {number} of the leads has more than three parts: "
                    "use name | role | agency"
                )
            parts += [None] * (3 - len(parts))
            leads.append(interchange.Lead(name=parts[0], role=parts[1], agency=parts[2]))
        return leads

    def clean_milestones(self):
        date_field = PartialDateField()
        milestones = []
        for number, line in enumerate(self.cleaned_data["milestones"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split("|")]
            if len(parts) == 1:
                parts = ["", parts[0], ""]
            if len(parts) != 3 or not parts[1]:
                raise forms.ValidationError(
                    f"Line {number} of the milestones needs number | milestone | target date "
                    "(the number and the date may be empty)"
                )
            if parts[0] and not (
                parts[0].isascii() and parts[0].isdigit() and int(parts[0]) <= MAX_MILESTONE_NUMBER
            ):
                raise forms.ValidationError(
                    f"Line {number} of the milestones: the number must be a whole number up to "
                    f"{MAX_MILESTONE_NUMBER}, like 3"
                )
            try:
                target = date_field.clean(parts[2])
            except forms.ValidationError as exc:
                raise forms.ValidationError(
                    f"Line {number} of the milestones: {exc.messages[0]}"
                ) from None
            milestones.append(
                interchange.Milestone(
                    number=int(parts[0]) if parts[0] else None, text=parts[1], target_date=target
                )
            )
        return milestones
