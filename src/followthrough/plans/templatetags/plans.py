"""Template filters for plans: ``{% load plans %}``."""

from django import template

from followthrough.plans.lifecycle import label

register = template.Library()


@register.filter
def action_status(value: str | None) -> str:
    """A recorded action status as words: 'at_risk' -> 'At risk'."""
    return label(value) if value else ""
