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


class ReviewInfoForm(forms.Form):
    title = forms.CharField(
        label="Title", max_length=300, error_messages={"required": "Enter the title"}
    )
    review_type = forms.ChoiceField(
        label="Type of review", required=False, choices=NO_CHOICE + list(ReviewType.choices)
    )
    subject_pseudonym = forms.CharField(
        label="Pseudonym",
        required=False,
        max_length=100,
        help_text="The name agreed with the family. Never enter a real name.",
    )
    reference = forms.CharField(label="Reference", required=False, max_length=60)


class RecommendationInfoForm(forms.Form):
    number = forms.CharField(label="Number", required=False, max_length=20)
    text = forms.CharField(
        label="Recommendation",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter the recommendation"},
    )
    theme = forms.CharField(label="Theme", required=False, max_length=200)
    scope = forms.ChoiceField(
        label="Scope", required=False, choices=NO_CHOICE + list(Scope.choices)
    )
    area = forms.CharField(label="Area", required=False, max_length=200)


STATUS_CHOICES = NO_CHOICE + list(STATUS_LABELS.items())


class ActionInfoForm(forms.Form):
    text = forms.CharField(
        label="Action to take",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the action"},
    )
    leads = forms.CharField(
        label="Leads",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One per line: name | role | agency. Leave a part empty if the plan does "
        "not give it, for example: Kit Marsh | DA Lead | Northmoor Police",
    )
    milestones = forms.CharField(
        label="Milestones",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="One per line: number | milestone | target date, for example: "
        "2 | Policy signed off | July 2025",
    )
    measure = forms.CharField(
        label="Measure of success",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="How the plan says anyone will know the action worked: a planned measure, "
        "not what happened (that is the outcome).",
    )
    target_date = PartialDateField(label="Target date")
    completed_on = PartialDateField(label="Date of completion")
    outcome = forms.CharField(
        label="Outcome", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
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
            if parts[0] and not parts[0].isdigit():
                raise forms.ValidationError(
                    f"Line {number} of the milestones: the number must be a whole number, like 3"
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
