"""Template tags for review stages: ``{% load stages %}``."""

from __future__ import annotations

from django import template
from django.utils import timezone

from followthrough.partnerships.selectors import partnerships_for_user
from followthrough.stages import selectors

register = template.Library()

TAG_COLOURS = {
    "done": "green",
    "done_late": "yellow",
    "late": "red",
    "due_soon": "orange",
    "on_time": "blue",
    "no_clock": "grey",
    "waiting": "grey",
}


@register.filter
def clock_colour(state) -> str:
    """The GOV.UK tag colour of a clock's state."""
    return TAG_COLOURS.get(getattr(state, "status", ""), "grey")


@register.simple_tag
def review_clock(review):
    """What the plan page says of a review's stages: its timeline and the clock that presses
    (two queries). None when its type has no stages."""
    line = selectors.review_timeline(review, today=timezone.localdate())
    if line is None:
        return None
    return {"timeline": line, "next": line.next, "pressing": selectors.pressing(line)}


@register.inclusion_tag("stages/_in_progress_links.html", takes_context=True)
def in_progress_links(context):
    """Links to the reviews in progress of each partnership the user belongs to (one query)."""
    user = context["request"].user
    return {"partnerships": list(partnerships_for_user(user).order_by("name")[:20])}
