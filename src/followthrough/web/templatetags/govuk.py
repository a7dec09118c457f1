"""Render Django form fields as GOV.UK Design System components."""

from django import forms, template

register = template.Library()

_TEMPLATES = [
    (forms.FileInput, "govuk/file.html"),
    (forms.CheckboxSelectMultiple, "govuk/checkboxes.html"),
    (forms.RadioSelect, "govuk/radios.html"),
    (forms.CheckboxInput, "govuk/checkbox.html"),
    (forms.Select, "govuk/select.html"),
    (forms.Textarea, "govuk/textarea.html"),
]


@register.inclusion_tag("govuk/field.html")
def govuk_field(field, width=None, findings_by_field=None):
    """One form field with its label, hint, error message and, where given, the SMART
    findings about it (``findings_by_field`` maps field names to lists of findings)."""
    findings = (findings_by_field or {}).get(field.name)
    widget = field.field.widget
    component = next(
        (name for cls, name in _TEMPLATES if isinstance(widget, cls)), "govuk/input.html"
    )
    input_type = getattr(widget, "input_type", "text")
    described_by = " ".join(
        part
        for part, present in [
            (f"{field.auto_id}-hint", bool(field.help_text)),
            (f"{field.auto_id}-findings", bool(findings)),
            (f"{field.auto_id}-error", bool(field.errors)),
        ]
        if present
    )
    return {
        "field": field,
        "component": component,
        "input_type": input_type,
        "width": width,
        "findings": findings or [],
        "described_by": described_by,
    }


@register.filter
def interchange_status(value: str | None) -> str:
    """An interchange status code as words: 'not_achieved' -> 'Not achieved'."""
    from followthrough.interchange.model import STATUS_LABELS

    return STATUS_LABELS.get(value or "", "")
