"""The upload form: one spreadsheet, size-checked here; its type and content are checked when
it is read (``trackers.sheet``)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat

# The largest tracker taken: a few thousand filled-in rows are well under a megabyte.
DEFAULT_MAX_BYTES = 5 * 1024 * 1024


def max_bytes() -> int:
    return min(
        getattr(settings, "FOLLOWTHROUGH_TRACKER_MAX_BYTES", DEFAULT_MAX_BYTES),
        settings.FOLLOWTHROUGH_MAX_UPLOAD_BYTES,
    )


class UploadForm(forms.Form):
    spreadsheet = forms.FileField(
        label="Upload the filled-in spreadsheet",
        help_text="The Excel spreadsheet (.xlsx) you downloaded from Followthrough and filled in.",
        error_messages={
            "required": "Choose the filled-in spreadsheet to upload",
            "empty": "The file is empty: choose the filled-in spreadsheet",
        },
    )

    def clean_spreadsheet(self):
        upload = self.cleaned_data["spreadsheet"]
        limit = max_bytes()
        if upload.size > limit:
            raise forms.ValidationError(
                f"The file is {filesizeformat(upload.size)}: the largest spreadsheet "
                f"Followthrough takes is {filesizeformat(limit)}"
            )
        return upload
