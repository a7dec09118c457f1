"""Render Django form fields as GOV.UK Design System components."""

from django import forms, template

register = template.Library()

_TEMPLATES = [
    (forms.RadioSelect, "govuk/radios.html"),
    (forms.CheckboxInput, "govuk/checkbox.html"),
    (forms.Select, "govuk/select.html"),
    (forms.Textarea, "govuk/textarea.html"),
]


@register.inclusion_tag("govuk/field.html")
def govuk_field(field, width=None, findings=None):
    """One form field with its label, hint, error message and (optionally) SMART findings."""
    widget = field.field.widget
    component = next(
        (name for cls, name in _TEMPLATES if isinstance(widget, cls)), "govuk/input.html"
    )
    input_type = getattr(widget, "input_type", "text")
    described_by = " ".join(
        part
        for part, present in [
            (f"{field.id_for_label}-hint", bool(field.help_text)),
            (f"{field.id_for_label}-findings", bool(findings)),
            (f"{field.id_for_label}-error", bool(field.errors)),
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
