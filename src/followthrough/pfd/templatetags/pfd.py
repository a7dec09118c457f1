"""Template tags for PFD reports: the addressees on the plan page, and a PFD's own words."""

from __future__ import annotations

import re

from django import template
from django.utils import timezone

from followthrough.plans.models import ReviewType

register = template.Library()

_WORD = re.compile(r"(R|r)ecommendation")


@register.filter
def pfd_words(text, review) -> str:
    """``text`` as a PFD report says it: a coroner raises concerns, not recommendations
    ("Add a recommendation" is "Add a concern" there). Other reviews' words are left alone."""
    text = str(text)
    if getattr(review, "review_type", None) != ReviewType.PFD:
        return text
    return _WORD.sub(lambda m: "Concern" if m.group(1) == "R" else "concern", text)


@register.inclusion_tag("pfd/_addressees_table.html", takes_context=True)
def review_addressees(context, review):
    """A PFD report's addressees with their clocks and responses, for the plan page (one
    query; none for other reviews)."""
    from followthrough.pfd.selectors import review_addressees as addressees_of

    is_pfd = getattr(review, "review_type", None) == ReviewType.PFD
    return {
        "review": review,
        "is_pfd": is_pfd,
        "addressees": addressees_of(review, today=timezone.localdate()) if is_pfd else [],
        "summary": True,
    }
