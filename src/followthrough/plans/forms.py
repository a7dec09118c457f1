"""Forms for writing a plan by hand. They validate input; the services do the writing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django import forms
from django.utils import timezone

from followthrough.interchange import EARLIEST_YEAR, LATEST_YEAR, PartialDate
from followthrough.plans.models import Recommendation, Review, ReviewType, Scope, Theme

# The most a person may type in a field (finding 8 of the trust issue: unbounded text stalled
# the PDF). Generous for what each field is for; the database does not limit TextFields.
LONG_TEXT = 5_000  # a recommendation, an action, a progress narrative, an outcome
MEDIUM_TEXT = 2_000  # a measure of success, a milestone, a reason, a comment

DATE_HINT = "As the plan writes it, for example July 2025, 31/07/2025 or 31 July 2025"


class PartialDateField(forms.CharField):
    """A date typed as people write them in plans: 'July 2025', '31/07/2025', '2026'.
    Cleans to a PartialDate (or None when left empty)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", DATE_HINT)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, PartialDate):
            return value.display()
        return value

    def to_python(self, value):
        if isinstance(value, PartialDate):  # a disabled field cleans its initial value
            return value
        text = (super().to_python(value) or "").strip()
        if not text:
            return None
        from followthrough.parsing.dates import parse_date

        parsed = parse_date(text)
        if parsed is None:
            raise forms.ValidationError(
                f"Enter a date the plan can track, like July 2025 or 31/07/2025, not '{text}'"
            )
        return parsed


class RecordChoices(forms.ModelMultipleChoiceField):
    """Records ticked on a form. A value that is not a record id the database can hold (a
    23-digit number, a superscript digit) is an invalid choice, not a database error."""

    def _check_values(self, value):
        for pk in value:
            text = str(pk)
            if not (text.isascii() and text.isdigit() and 0 < int(text) < 2**63):
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": text[:20]},
                )
        return super()._check_values(value)


class VersionedForm(forms.Form):
    """Given ``version=`` (the form edits an existing record), it carries the version of the
    record the page showed, so that a stale page is refused (plans/concurrency.py). Without it
    (the form creates a record) there is no version field."""

    version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        max_value=2**31 - 1,
        error_messages={
            problem: "The page was incomplete: reload it and make your change again"
            for problem in ("required", "invalid", "min_value", "max_value")
        },
    )

    def __init__(self, *args, version: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if version is None:
            del self.fields["version"]
        else:
            self.initial["version"] = version


def length_errors(label: str, max_length: int | None) -> dict:
    if max_length is None:
        return {}
    return {"max_length": f"{label} must be {max_length:,} characters or fewer"}


def text_field(label: str, *, required=True, rows=None, help_text="", max_length=None, **kw):
    """A text field with GOV.UK messages; a textarea when ``rows`` is given. Every text field
    has a length limit: ``max_length`` or, for a textarea, ``LONG_TEXT``."""
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput()
    max_length = max_length or (LONG_TEXT if rows else 200)
    return forms.CharField(
        label=label,
        required=required,
        widget=widget,
        help_text=help_text,
        max_length=max_length,
        error_messages={
            "required": f"Enter the {label.lower()}",
            **length_errors(label, max_length),
            **kw.pop("error_messages", {}),
        },
        **kw,
    )


_text = text_field


DAY_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d", "%d %B %Y", "%d %b %Y"]


class DayField(forms.DateField):
    """A calendar day as people type it (27/3/2026, 2026-03-27, 27 March 2026), between
    EARLIEST_YEAR and LATEST_YEAR: a year such as 9999 is a typing slip that would break date
    arithmetic further on."""

    def __init__(self, *, label: str, **kwargs):
        kwargs.setdefault("input_formats", DAY_FORMATS)
        kwargs.setdefault("help_text", "For example 27/3/2026")
        super().__init__(label=label, **kwargs)
        self.error_messages["required"] = f"Enter the {label.lower()}"
        self.error_messages["invalid"] = f"{label} must be a real date, like 27/3/2026"

    def clean(self, value):
        day = super().clean(value)
        if day is not None and not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
            raise forms.ValidationError(
                f"{self.label} must be between {EARLIEST_YEAR} and {LATEST_YEAR}"
            )
        return day


class ReviewForm(VersionedForm):
    """A review's details. Creating a review asks for what is known at the start (the type,
    title, pseudonym, reference and the first two dates); changing it (``for_review``) asks for
    every detail, publication and retention included, whether the plan is a draft or agreed."""

    partnership = forms.ModelChoiceField(
        queryset=None,
        label="Partnership",
        empty_label=None,
        error_messages={"required": "Choose the partnership that owns the review"},
    )
    review_type = forms.ChoiceField(
        label="Type of review",
        choices=ReviewType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the type of review"},
    )
    title = _text(
        "Title",
        max_length=300,
        help_text="As the report is titled, for example Domestic Abuse Related Death "
        "Review into the death of Adult A",
    )
    subject_pseudonym = _text(
        "Pseudonym",
        required=False,
        max_length=100,
        help_text="The name agreed with the family. Never enter a real name.",
    )
    reference = _text("Reference", required=False, max_length=60)
    notified_on = DayField(label="Notified on", required=False, help_text="For example 27/3/2025")
    decided_on = DayField(
        label="Decision to review on", required=False, help_text="For example 27/3/2025"
    )
    qa_submitted_on = DayField(
        label="Sent for quality assurance on",
        required=False,
        help_text="For a Domestic Homicide Review, the day the report went to the Home Office "
        "Quality Assurance Panel. For example 27/3/2025",
    )
    qa_approved_on = DayField(
        label="Approved by quality assurance on",
        required=False,
        help_text="For example 27/3/2025",
    )
    published_on = PartialDateField(
        label="Date published",
        help_text="As the report gives it: the day, the month or the year, for example "
        "14 January 2025, January 2025 or 2025. The public version of the plan can be "
        "downloaded once this is recorded.",
    )
    retention_until = DayField(
        label="Keep the records until",
        required=False,
        help_text="Set by the data controller under the partnership's retention schedule: the "
        "day this review's records are due for deletion. Followthrough deletes nothing by "
        "itself. For example 27/3/2035",
    )
    preamble = _text(
        "Introduction to the plan",
        required=False,
        rows=4,
        max_length=LONG_TEXT,
        help_text="Text the plan opens with, if any",
    )

    # Asked when the review is first created; the rest come later in a review's life.
    CREATE_FIELDS = ("partnership", "review_type", "title", "subject_pseudonym", "reference",
                     "notified_on", "decided_on")  # fmt: skip

    def __init__(self, *args, partnerships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partnership"].queryset = partnerships
        if "version" not in self.fields:  # creating a review
            for name in list(self.fields):
                if name not in self.CREATE_FIELDS:
                    del self.fields[name]

    def clean(self):
        data = super().clean()
        for earlier, later, message in [
            ("notified_on", "decided_on", "The decision to review must be on or after the day "
             "the partnership was notified"),
            ("qa_submitted_on", "qa_approved_on", "Approval must be on or after the day it was "
             "sent for quality assurance"),
        ]:  # fmt: skip
            if data.get(earlier) and data.get(later) and data[later] < data[earlier]:
                self.add_error(later, message)
        # These dates are stages on the review's timeline too, recorded once they happen.
        today = timezone.localdate()
        for name in ("notified_on", "decided_on", "qa_submitted_on", "qa_approved_on"):
            if name in self.fields and data.get(name) and data[name] > today:
                self.add_error(name, f"{self.fields[name].label} cannot be in the future")
        published = data.get("published_on")
        if published and dt.date(published.year, published.month or 1, published.day or 1) > today:
            self.add_error("published_on", "Date published cannot be in the future")
        return data

    @classmethod
    def for_review(cls, review: Review, *args, **kwargs):
        from followthrough.partnerships.models import Partnership

        initial = {f: getattr(review, f) for f in cls.base_fields if f != "version"}
        initial["partnership"] = review.partnership_id
        initial["published_on"] = review.published
        form = cls(
            *args,
            partnerships=Partnership.objects.filter(pk=review.partnership_id),
            initial=initial,
            version=review.version,
            **kwargs,
        )
        form.fields["partnership"].disabled = True
        return form


@dataclass(frozen=True)
class SuggestedTheme:
    """A theme suggested from a recommendation's text, with the words that suggested it."""

    theme: Theme
    because: tuple[str, ...]

    @property
    def because_text(self) -> str:
        return ", ".join(f"'{words}'" for words in self.because)


def themes_suggested(texts) -> list[list[SuggestedTheme]]:
    """The themes suggested from each text (best first), as ``Theme`` rows: one query for any
    number of texts. Suggestions are only ever shown; the person chooses what is saved."""
    from followthrough.learning.themes import suggest_themes

    texts = list(texts)
    if not any(text.strip() for text in texts):
        return [[] for _ in texts]
    by_name = {theme.name: theme for theme in Theme.objects.all()}
    return [
        [
            SuggestedTheme(by_name[found.theme], tuple(found.because))
            for found in suggest_themes(text)
            if found.theme in by_name
        ]
        if text.strip()
        else []
        for text in texts
    ]


@dataclass(frozen=True)
class ThemeRow:
    """One checkbox of the themes: the theme, whether it is ticked, and why it is suggested
    (empty when it is not)."""

    theme: Theme
    checked: bool
    because: str


def themes_field(**kwargs) -> forms.ModelMultipleChoiceField:
    return RecordChoices(
        label="Themes",
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Choose every theme the recommendation is about: they let learning be "
        "pooled across reviews.",
        error_messages={"invalid_choice": "Choose themes from the list"},
        **kwargs,
    )


class ThemesMixin:
    """A form with a ``themes`` field shown as GOV.UK checkboxes beside the themes suggested
    from its text."""

    def themes_ticked(self) -> set[str]:
        value = self["themes"].value() or []
        if isinstance(value, str):
            value = [value]
        return {str(getattr(item, "pk", item)) for item in value}

    def theme_rows(self, suggestions: list[SuggestedTheme]) -> list[ThemeRow]:
        ticked = self.themes_ticked()
        why = {s.theme.pk: s.because_text for s in suggestions}
        return [
            ThemeRow(theme, str(theme.pk) in ticked, why.get(theme.pk, ""))
            for theme in self.fields["themes"].queryset
        ]


def _version_posted(data, fallback):
    try:
        return int(data.get("version", ""))
    except ValueError:
        return fallback


class RecommendationForm(ThemesMixin, VersionedForm):
    number = _text(
        "Number",
        required=False,
        max_length=20,
        help_text="As the report numbers it, for example 3 or 3.2",
    )
    text = _text("Recommendation", rows=5, max_length=LONG_TEXT)
    theme_heading = _text(
        "Theme",
        required=False,
        max_length=200,
        help_text="The heading the plan groups it under, for example Training",
    )
    scope = forms.ChoiceField(
        label="Scope",
        choices=Scope.choices,
        widget=forms.RadioSelect,
        help_text="Local: this partnership's area. Regional: a county, region or force area. "
        "National: government departments and national bodies.",
        error_messages={"required": "Choose the scope of the recommendation"},
    )
    area = _text(
        "Area",
        required=False,
        max_length=200,
        help_text="The place the scope covers, for example Cumbria wide",
    )
    themes = themes_field()

    @classmethod
    def for_recommendation(cls, rec: Recommendation, *args, **kwargs):
        initial = {f: getattr(rec, f) for f in cls.base_fields if f not in ("version", "themes")}
        initial["themes"] = [theme.pk for theme in rec.themes.all()]
        return cls(*args, initial=initial, version=rec.version, **kwargs)

    @classmethod
    def with_suggested_themes(cls, data, *, version: int | None = None):
        """The form as the person left it (nothing checked, nothing saved), with the themes
        suggested from its text ticked beside those they had ticked: the "Use the suggested
        themes" button. Keeps the version the page was first shown with."""
        initial = {f: data.get(f, "") for f in cls.base_fields if f not in ("version", "themes")}
        ticked = {pk for pk in data.getlist("themes") if pk.isascii() and pk.isdigit()}
        suggested = {str(s.theme.pk) for s in themes_suggested([initial["text"]])[0]}
        initial["themes"] = sorted(ticked | suggested, key=int)
        if version is not None:
            version = _version_posted(data, version)
        return cls(initial=initial, version=version)


class _TargetDateLock:
    """Once a plan is agreed its target dates change only through the revised-date flow: the
    field is shown, disabled, with the reason."""

    def __init__(self, *args, dates_locked=False, **kwargs):
        super().__init__(*args, **kwargs)
        if dates_locked:
            field = self.fields["target_date"]
            field.disabled = True
            field.help_text = (
                "The plan is agreed: the target date changes only through a revised date."
            )


MEASURE_HINT = (
    "How you will know this action worked, for example 'audit of 20 cases shows DASH "
    "completed in 95%'."
)


class ActionForm(_TargetDateLock, VersionedForm):
    text = _text("Action to take", rows=4, max_length=LONG_TEXT)
    target_date = PartialDateField(label="Target date")
    # After the date: the action and its date are what a plan needs first, typed in turn.
    measure = _text(
        "Measure of success",
        required=False,
        rows=3,
        help_text=MEASURE_HINT,
        max_length=MEDIUM_TEXT,
    )


class LeadForm(forms.Form):
    agency = forms.ModelChoiceField(
        queryset=None,
        label="Agency",
        empty_label="Choose an agency",
        error_messages={"required": "Choose the agency that leads this action"},
    )
    person_name = _text(
        "Name of the lead",
        required=False,
        max_length=200,
        help_text="The officer accountable, where known",
    )
    role = _text("Role", required=False, max_length=200, help_text="For example DV Lead Officer")

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies


class MilestoneForm(_TargetDateLock, VersionedForm):
    number = forms.IntegerField(
        label="Number",
        required=False,
        min_value=1,
        max_value=999,
        error_messages={
            "invalid": "Number must be a whole number, like 3",
            "min_value": "Number must be 1 or more",
            "max_value": "Number must be 999 or less",
        },
    )
    text = _text("Milestone", rows=3, max_length=MEDIUM_TEXT)
    target_date = PartialDateField(label="Target date")


class AsOfForm(forms.Form):
    """The day to show a plan as it stood on (at the end of that day)."""

    date = DayField(
        label="Date",
        help_text="For example 31/3/2026. You see the plan as it stood at the end of that day.",
    )

    def __init__(self, *args, review: Review, **kwargs):
        super().__init__(*args, **kwargs)
        self.review = review

    def clean_date(self):
        value = self.cleaned_data["date"]
        if value > timezone.localdate():
            raise forms.ValidationError("Date must be today or in the past")
        return value

    def moment(self):
        end_of_day = dt.datetime.combine(self.cleaned_data["date"], dt.time.max)
        return timezone.make_aware(end_of_day)
