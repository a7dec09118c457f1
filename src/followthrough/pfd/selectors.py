"""Reads about PFD reports, shaped for the pages that show them (constant query counts)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404

from followthrough.partnerships.selectors import agency_matches
from followthrough.pfd.clock import addressee_clock
from followthrough.pfd.models import Addressee
from followthrough.plans.models import Action, ActionLead, Recommendation, Review, ReviewType
from followthrough.plans.selectors import get_review_for_user


def get_pfd_for_user(request, pk: int, *, perm: str = "pfd.view_addressees") -> Review:
    """A PFD review the user may see (or act on, with ``perm``); 404 for any other review, as
    for one they may not see."""
    review = get_review_for_user(request, pk, perm=perm)
    if review.review_type != ReviewType.PFD:
        raise Http404("Not found")
    return review


def get_addressee_for_user(request, pk: int, *, perm: str = "pfd.view_addressees") -> Addressee:
    """The addressee, if the user has the permission on its review; otherwise 404, so that
    an outsider never learns whether it exists."""
    addressee = (
        Addressee.objects.select_related("review__partnership", "agency").filter(pk=pk).first()
    )
    if addressee is None or not request.user.has_perm(perm, addressee.review):
        raise Http404("Not found")
    return addressee


def _with_clocks(addressees: list[Addressee], today: dt.date) -> list[Addressee]:
    for addressee in addressees:
        addressee.clock = addressee_clock(addressee, today=today)
    return addressees


def review_addressees(review: Review, *, today: dt.date) -> list[Addressee]:
    """The report's addressees in order, each with its agency, its clock on ``today`` and how
    many actions its response promised. One query, however many there are."""
    if review.review_type != ReviewType.PFD:
        return []
    addressees = (
        Addressee.objects.filter(review=review)
        .select_related("agency")
        .annotate(promised_count=Count("promised_actions"))
        .order_by("order", "pk")
    )
    return _with_clocks(list(addressees), today)


def addressee_detail(addressee: Addressee, *, today: dt.date) -> Addressee:
    """The addressee with its clock and its promised actions (each with its concern and
    leads, and where it stands today). Two queries."""
    actions = (
        Action.objects.select_related("recommendation")
        .prefetch_related(Prefetch("leads", queryset=ActionLead.objects.select_related("agency")))
        .order_by("recommendation__order", "order", "pk")
    )
    addressee.promised = list(actions.filter(pfd_promised_by=addressee))
    for action in addressee.promised:
        action.current_standing = action.standing(today)
    _with_clocks([addressee], today)
    return addressee


def concerns_of(review: Review) -> QuerySet[Recommendation]:
    return review.recommendations.order_by("order", "pk")


def partner_agencies_named(names: list[str], partnership) -> dict[str, object]:
    """Each addressee name with the partnership's agency it names, when it names one: the
    whole name ("NHS England") or one of its comma-separated parts ("Chief Executive,
    Northmoor Hospitals NHS Foundation Trust"). Two queries however many names."""
    candidates = {name: [name, *[p.strip() for p in name.split(",")][::-1]] for name in names}
    every = [c for cs in candidates.values() for c in cs if c]
    partners = {
        " ".join(m.name.split()).lower(): m.partner
        for m in agency_matches(every, partnership)
        if m.partner is not None
    }
    found = {}
    for name, cs in candidates.items():
        found[name] = next(
            (partners[key] for c in cs if (key := " ".join(c.split()).lower()) in partners), None
        )
    return found
