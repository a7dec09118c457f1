"""Forms for a PFD report's addressees, responses and import. They validate input; the
services do the writing."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat

from followthrough.plans.forms import (
    LONG_TEXT,
    MEDIUM_TEXT,
    DayField,
    PartialDateField,
    VersionedForm,
    text_field,
)

# The most promised actions one response page takes: far more than any response promises.
MAX_PROMISES = 30


class AgencyChoice(forms.ModelChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            queryset=None,
            required=False,
            label="The partnership's agency, if it is one",
            empty_label="Not one of the partnership's agencies",
            help_text="The actions its response promises are then led by that agency.",
            **kwargs,
        )


class AddresseeForm(VersionedForm):
    name = text_field(
        "Addressee",
        max_length=300,
        help_text="As the coroner wrote it, for example Chief Executive, Northmoor Hospitals "
        "NHS Foundation Trust",
    )
    agency = AgencyChoice()
    sent_on = DayField(
        label="Date of the report", help_text="The 56 days run from it. For example 17/3/2025"
    )

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies


class ExtensionForm(VersionedForm):
    due_on = DayField(label="New date for the response", help_text="For example 12/7/2025")
    reason = text_field(
        "Reason", rows=3, max_length=MEDIUM_TEXT, help_text="As the coroner gave it"
    )
    granted_on = DayField(label="Date the coroner granted it", help_text="For example 2/5/2025")


class ResponseForm(VersionedForm):
    response_on = DayField(label="Date of the response", help_text="For example 9/5/2025")
    summary = text_field(
        "What the response says",
        rows=5,
        max_length=LONG_TEXT,
        help_text="In brief: what it accepts, what it disputes, and why.",
    )


class PromiseForm(forms.Form):
    """One action the response promises. A row left empty is no action."""

    concern = forms.TypedChoiceField(
        label="Concern it answers", coerce=int, required=False, empty_value=None
    )
    text = text_field("Action promised", required=False, rows=2, max_length=LONG_TEXT)
    target_date = PartialDateField(
        label="Target date", help_text="For example July 2025 or 31/7/2025"
    )

    def __init__(self, *args, concerns, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["concern"].choices = [("", "Choose the concern")] + [
            (c.pk, f"{c.number or c.order}. {c.text[:90]}") for c in concerns
        ]

    def clean(self):
        data = super().clean()
        text = (data.get("text") or "").strip()
        if text and data.get("concern") is None and not self.has_error("concern"):
            self.add_error("concern", "Choose the concern this action answers")
        if not text and (data.get("concern") or data.get("target_date")):
            if not self.has_error("text"):
                self.add_error("text", "Enter the action promised, or clear its row")
        return data

    @property
    def is_empty(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not (data.get("text") or "").strip()


class _Promises(forms.BaseFormSet):
    default_error_messages = {
        "missing_management_form": "The page was incomplete: reload it and make your change again",
        "too_many_forms": f"Enter at most {MAX_PROMISES} promised actions",
        "too_few_forms": "",
    }

    def __init__(self, *args, concerns, extra: int | None = None, **kwargs):
        self.concerns = concerns
        super().__init__(*args, form_kwargs={"concerns": concerns}, **kwargs)
        if extra is not None:
            self.extra = extra


PromiseRows = forms.formset_factory(
    PromiseForm,
    formset=_Promises,
    extra=1,
    max_num=MAX_PROMISES,
    absolute_max=MAX_PROMISES,
    validate_max=True,
)


class ImportForm(forms.Form):
    """A coroner's report to read: its text pasted, or a file (text, Word or PDF)."""

    partnership = forms.ModelChoiceField(
        queryset=None,
        label="Partnership",
        empty_label=None,
        error_messages={
            "required": "Choose the partnership the report is for",
            "invalid_choice": "Choose the partnership the report is for",
        },
    )
    document = forms.FileField(
        label="Upload the report",
        required=False,
        help_text="The coroner's report as a text file (.txt), Word (.docx) or PDF.",
        error_messages={"empty": "The file is empty: choose the report itself"},
    )
    text = forms.CharField(
        label="Or paste the report",
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="Copy the whole report from the PDF or the web page and paste it here.",
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
                f"takes is {filesizeformat(limit)}"
            )
        if document and not document.name.lower().endswith((".txt", ".docx", ".pdf")):
            raise forms.ValidationError(
                "The report must be a text file (.txt), Word (.docx) or PDF"
            )
        return document

    def clean_text(self):
        text = self.cleaned_data["text"]
        limit = settings.FOLLOWTHROUGH_MAX_UPLOAD_BYTES
        size = len(text.encode("utf-8"))
        if size > limit:
            raise forms.ValidationError(
                f"The pasted text is {filesizeformat(size)}: the largest report Followthrough "
                f"takes is {filesizeformat(limit)}"
            )
        return text

    def clean(self):
        data = super().clean()
        if self.has_error("document") or self.has_error("text"):
            return data
        if data.get("document") and data.get("text"):
            self.add_error("document", "Upload a file or paste the report, not both")
        elif not data.get("document") and not data.get("text"):
            self.add_error("text", "Paste the report, or choose its file to upload")
        return data


class ImportSaveForm(forms.Form):
    """The report as read, to save: its text again (read again on saving, so nothing is kept
    between the two pages), and its date as the person confirms it."""

    partnership = forms.ModelChoiceField(queryset=None, widget=forms.HiddenInput)
    text = forms.CharField(widget=forms.HiddenInput)
    report_date = DayField(
        label="Date of the report", help_text="The 56 days run from it. For example 17/3/2025"
    )

    def __init__(self, *args, partnerships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partnership"].queryset = partnerships
        self.fields["partnership"].error_messages["invalid_choice"] = (
            "Choose the partnership the report is for"
        )
        self.fields["text"].error_messages["required"] = (
            "The page was incomplete: paste the report again"
        )

    def clean_text(self):
        text = self.cleaned_data["text"]
        if len(text.encode("utf-8")) > settings.FOLLOWTHROUGH_MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The report is too long: paste the report only")
        return text
