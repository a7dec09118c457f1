"""Forms for delivering actions. They check input; the services do the writing."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from followthrough.delivery.evidence import ACCEPTED
from followthrough.delivery.services import Upload
from followthrough.plans import lifecycle
from followthrough.plans.forms import (
    LONG_TEXT,
    MEDIUM_TEXT,
    DayField,
    PartialDateField,
    RecordChoices,
    VersionedForm,
    length_errors,
)
from followthrough.plans.lifecycle import ActionStatus


def _day(label: str, *, required=True, help_text="For example 27/3/2026") -> forms.DateField:
    return DayField(label=label, required=required, help_text=help_text)


def _long(label: str, *, max_length: int, rows: int, required_message: str = "", **kwargs):
    """A textarea with a length limit and GOV.UK messages."""
    return forms.CharField(
        label=label,
        widget=forms.Textarea(attrs={"rows": rows}),
        max_length=max_length,
        error_messages={
            **({"required": required_message} if required_message else {}),
            **length_errors(label, max_length),
        },
        **kwargs,
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class EvidenceField(forms.FileField):
    """Any number of evidence files; each checked for size here and for type by the service."""

    widget = MultipleFileInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", "Evidence")
        kwargs.setdefault(
            "help_text",
            f"Optional. A {ACCEPTED}, up to "
            f"{filesizeformat(settings.FOLLOWTHROUGH_MAX_UPLOAD_BYTES)} each. "
            "You can choose several.",
        )
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        limit = settings.FOLLOWTHROUGH_MAX_UPLOAD_BYTES
        uploads = []
        for f in files:
            if f.size > limit:
                raise forms.ValidationError(
                    f"{f.name} is {filesizeformat(f.size)}: the largest file Followthrough takes "
                    f"is {filesizeformat(limit)}"
                )
            uploads.append(Upload(name=f.name, data=f.read()))
        return uploads


class ProgressForm(VersionedForm):
    narrative = _long(
        "What has happened since the last update?",
        rows=6,
        max_length=LONG_TEXT,
        required_message="Enter what has happened since the last update",
    )
    status = forms.ChoiceField(
        label="Status",
        widget=forms.RadioSelect,
        choices=[(s.value, s.label) for s in lifecycle.PROGRESS],
        error_messages={"required": "Choose the status of the action"},
    )
    milestones_done = RecordChoices(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Milestones done",
        help_text="Tick the milestones completed since the last update.",
    )
    evidence = EvidenceField()

    def __init__(self, *args, action, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["milestones_done"].queryset = action.milestones.filter(done_on__isnull=True)
        if not self.fields["milestones_done"].queryset.exists():
            del self.fields["milestones_done"]


class CompleteForm(VersionedForm):
    outcome = _long(
        "Outcome",
        rows=6,
        max_length=LONG_TEXT,
        help_text="What was done, and how it shows the action is complete.",
        required_message="Enter the outcome: what was done",
    )
    completed_on = _day("Date of completion")
    evidence = EvidenceField()

    def clean_completed_on(self):
        value = self.cleaned_data["completed_on"]
        if value > timezone.localdate():
            raise forms.ValidationError("Date of completion must be today or in the past")
        return value


class SignOffForm(VersionedForm):
    """The partnership's decision on an action awaiting it: a completion to sign off, or an
    ending the lead proposed to accept; either may be returned to the lead."""

    decision = forms.ChoiceField(
        label="Decision",
        widget=forms.RadioSelect,
        choices=[
            ("sign_off", "Sign it off: the action is complete"),
            ("return", "Return it to the lead: it is not complete yet"),
        ],
        error_messages={"required": "Choose whether to sign the action off or return it"},
    )

    def __init__(self, *args, closure: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if closure:  # the lead proposed ending it other than by completion
            ending = lifecycle.label(closure).lower()
            self.fields["decision"].choices = [
                ("sign_off", f"Accept it: close the action as {ending}"),
                ("return", "Return it to the lead: it is to go on"),
            ]
            self.fields["decision"].error_messages["required"] = (
                "Choose whether to accept the closure or return the action"
            )

    meeting_date = _day(
        "Meeting date",
        required=False,
        help_text="The board or sub-group meeting that agreed it, for example 27/3/2026",
    )
    minutes_reference = forms.CharField(
        label="Minutes reference",
        required=False,
        max_length=100,
        error_messages=length_errors("Minutes reference", 100),
    )
    comment = _long(
        "Comment",
        rows=4,
        max_length=MEDIUM_TEXT,
        required=False,
        help_text="Needed when you return the action: say what is missing.",
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "sign_off":
            if not data.get("meeting_date") and "meeting_date" not in self.errors:
                self.add_error("meeting_date", "Enter the date of the meeting that signed it off")
            if not data.get("minutes_reference"):
                self.add_error("minutes_reference", "Enter the minutes reference")
        if data.get("decision") == "return" and not data.get("comment", "").strip():
            self.add_error("comment", "Say why it goes back to the lead")
        return data


class CloseForm(VersionedForm):
    status = forms.ChoiceField(
        label="How did the action end?",
        widget=forms.RadioSelect,
        choices=[(s.value, s.label) for s in lifecycle.CLOSING],
        error_messages={"required": "Choose how the action ended"},
    )
    reason = _long(
        "Reason",
        rows=4,
        max_length=MEDIUM_TEXT,
        help_text="What happened, and why the action ends this way. The partnership and the "
        "board read this.",
        required_message="Give the reason the action ends this way",
    )
    evidence = EvidenceField()

    def __init__(self, *args, proposing: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not proposing:  # the partnership closes it itself: no evidence to put to itself
            del self.fields["evidence"]


class ReopenForm(VersionedForm):
    status = forms.ChoiceField(
        label="Status once reopened",
        widget=forms.RadioSelect,
        choices=[(s.value, s.label) for s in lifecycle.PROGRESS],
        initial=ActionStatus.ON_TRACK,
        error_messages={"required": "Choose the status the action reopens with"},
    )
    reason = _long(
        "Why is it being reopened?",
        rows=4,
        max_length=MEDIUM_TEXT,
        help_text="For example, the board found the change was not embedded. The lead sees this.",
        required_message="Give the reason the action is being reopened",
    )


class RevisionForm(forms.Form):
    proposed = PartialDateField(label="New target date", required=True)
    reason = _long(
        "Why does the date need to change?",
        rows=4,
        max_length=MEDIUM_TEXT,
        required_message="Give the reason the target date needs to change",
    )

    def __init__(self, *args, today: dt.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        self.fields["proposed"].error_messages["required"] = "Enter the new target date"

    def clean_proposed(self):
        value = self.cleaned_data["proposed"]
        if value and value.due_on < self.today:
            raise forms.ValidationError("The new target date must be in the future")
        return value


class RevisionDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision",
        widget=forms.RadioSelect,
        choices=[("approve", "Approve the new date"), ("reject", "Do not approve it")],
        error_messages={"required": "Choose whether to approve the new date"},
    )
    note = _long("Note", rows=3, max_length=MEDIUM_TEXT, required=False)


class CommentForm(forms.Form):
    text = _long(
        "Comment",
        rows=4,
        max_length=MEDIUM_TEXT,
        help_text="The action's leads and the partnership's coordinators read it, and are told "
        "by e-mail that there is a new comment (the e-mail does not carry what you wrote).",
        required_message="Write your comment",
    )


class ActionIds(forms.MultipleChoiceField):
    """The ids of the actions ticked. Any record id is taken, including one no longer listed
    (decided meanwhile by someone else): the service then says which and why, rather than the
    form calling it "not a valid choice"."""

    def valid_value(self, value) -> bool:
        text = str(value)
        return text.isascii() and text.isdigit() and 0 < int(text) < 2**63


class MeetingForm(forms.Form):
    """Several actions awaiting the partnership's decision, decided at one meeting. Each ticked
    action carries the version its row showed (``version-<id>``), so that one changed since
    the page was opened is refused rather than decided unseen."""

    VERSION_PREFIX = "version-"

    actions = ActionIds(
        label="Actions the meeting decided",
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Tick the actions the meeting decided",
            "invalid_choice": "The page was incomplete: reload it and decide again",
        },
    )
    decision = forms.ChoiceField(
        label="What did the meeting decide?",
        widget=forms.RadioSelect,
        choices=[
            (
                "accept",
                "Sign them off or accept their closure: the completed actions are signed off "
                "and the proposed closures accepted",
            ),
            ("return", "Return them to their leads: they are not done, or are to go on"),
        ],
        error_messages={"required": "Choose what the meeting decided"},
    )
    meeting_date = _day(
        "Meeting date",
        required=False,
        help_text="Needed to sign them off or accept their closure: the board or sub-group "
        "meeting that decided, for example 27/3/2026",
    )
    minutes_reference = forms.CharField(
        label="Minutes reference",
        required=False,
        max_length=100,
        help_text="Needed to sign them off or accept their closure, for example Item 7.2",
        error_messages=length_errors("Minutes reference", 100),
    )
    comment = _long(
        "Comment",
        rows=4,
        max_length=MEDIUM_TEXT,
        required=False,
        help_text="Needed when you return them: say what is missing. Each action's lead reads "
        "it, and it is recorded with each decision.",
    )

    def clean_meeting_date(self):
        value = self.cleaned_data["meeting_date"]
        if value and value > timezone.localdate():
            raise forms.ValidationError("The meeting date must be today or in the past")
        return value

    def clean(self):
        data = super().clean()
        if data.get("decision") == "accept":
            if not data.get("meeting_date") and "meeting_date" not in self.errors:
                self.add_error("meeting_date", "Enter the date of the meeting that decided")
            if not data.get("minutes_reference", "").strip():
                self.add_error("minutes_reference", "Enter the minutes reference")
        if data.get("decision") == "return" and not data.get("comment", "").strip():
            self.add_error("comment", "Say why they go back to their leads")
        choices = []
        for pk in data.get("actions") or []:
            version = str(self.data.get(f"{self.VERSION_PREFIX}{pk}", ""))
            if not (version.isascii() and version.isdigit() and 0 < int(version) < 2**31):
                self.add_error("actions", "The page was incomplete: reload it and decide again")
                break
            choices.append((int(pk), int(version)))
        data["choices"] = choices
        return data
