"""Template tags for national bodies: ``{% load bodies %}``."""

from django import template
from django.utils import timezone

from followthrough.bodies.selectors import addressings_by_recommendation, shows_register_link

register = template.Library()

_CACHE_ATTR = "_followthrough_addressings"


@register.simple_tag(takes_context=True)
def addressings_of(context, rec):
    """The bodies ``rec`` is addressed to, with their answers and ``overdue_by`` for today.
    The first call on a page reads those of the recommendation's whole review in one query and
    keeps them on the request, so a plan costs one query however many recommendations it has."""
    request = context.get("request")
    cache = getattr(request, _CACHE_ATTR, None) if request is not None else None
    if cache is None:
        cache = {}
        if request is not None:
            setattr(request, _CACHE_ATTR, cache)
    if rec.review_id not in cache:
        today = context.get("today") or timezone.localdate()
        found = addressings_by_recommendation(rec.review_id)
        for addressings in found.values():
            for addressing in addressings:
                addressing.overdue_by = addressing.overdue_days(today)
        cache[rec.review_id] = found
    return cache[rec.review_id].get(rec.pk, [])


@register.filter
def acts_for_a_body(user) -> bool:
    """Whether the menu links to the user's national body's register."""
    return shows_register_link(user)
