"""Reads for national bodies: who acts for which body, the body's register, the answers shown
on a plan, the bodies a recommendation mentions, and the responses in the national figures.

Queries: ``register_page`` 3 (the partnerships to filter by, the count, the page) whatever the
number of recommendations addressed; ``addressings_by_recommendation`` 1 for a whole review;
``national_responses`` 1.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.http import Http404

from followthrough.bodies.models import Addressing, BodyMembership, NationalBody, Response
from followthrough.partnerships.models import Partnership
from followthrough.plans.selectors import paged

_CACHE_ATTR = "_followthrough_body_id"
PER_PAGE = 25


# --- Who acts for which body -------------------------------------------------------------------


def body_id_for_user(user) -> int | None:
    """The body the user acts for (an active membership), or None. One read per request,
    cached on the user object."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if hasattr(user, _CACHE_ATTR):
        return getattr(user, _CACHE_ATTR)
    body_id = (
        BodyMembership.objects.filter(user=user, revoked_at__isnull=True)
        .values_list("body_id", flat=True)
        .first()
    )
    setattr(user, _CACHE_ATTR, body_id)
    return body_id


def forget_body(user) -> None:
    """Drop the cached body (after a grant or revocation in the same request)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def shows_register_link(user) -> bool:
    """Whether the menu links to the register: body users only. A member of a partnership is
    never one (its roles are read on every page already), so only the others cost a query."""
    from followthrough.partnerships.selectors import roles_by_partnership

    if not getattr(user, "is_authenticated", False) or user.is_superuser:
        return False
    if roles_by_partnership(user):
        return False
    return body_id_for_user(user) is not None


def bodies_seen_by(user) -> QuerySet[NationalBody]:
    """The bodies whose register the user may read: their own; every one for the site
    administrator."""
    if user.is_superuser:
        return NationalBody.objects.all()
    return NationalBody.objects.filter(pk=body_id_for_user(user) or 0)


def _body_ids_q(user, prefix: str = "") -> Q:
    if user.is_superuser:
        return Q()
    return Q(**{f"{prefix}body_id": body_id_for_user(user) or 0})


def get_addressing_for_user(request, pk: int, *, perm: str = "bodies.view_addressing"):
    """The addressing, if the user has ``perm`` on it; otherwise 404."""
    addressing = (
        Addressing.objects.select_related("body", "recommendation__review__partnership")
        .filter(pk=pk)
        .first()
    )
    if addressing is None or not request.user.has_perm(perm, addressing):
        raise Http404("Not found")
    return addressing


# --- The register ------------------------------------------------------------------------------

STATES = [
    ("open", "No response yet"),
    ("overdue", "Overdue"),
    ("awaiting", "Not acknowledged yet"),
    ("acknowledged", "Acknowledged, no response yet"),
    ("answered", "Responded"),
    *[(r.value, f"Responded: {r.label.lower()}") for r in Response],
]
STATE_LABELS = dict(STATES)


def state_q(state: str, today: dt.date) -> Q:
    """The addressings in ``state`` on ``today`` (``Addressing.state``'s SQL twin, and the
    register's wider filters)."""
    unanswered = Q(response="")
    late = Q(due_on__lt=today)
    return {
        "open": unanswered,
        "overdue": unanswered & late,
        "awaiting": unanswered & ~late & Q(acknowledged_at__isnull=True),
        "acknowledged": unanswered & ~late & Q(acknowledged_at__isnull=False),
        "answered": ~unanswered,
    }.get(state, Q(response=state))


@dataclass(frozen=True)
class RegisterFilters:
    """The register's filters, from the address (``?state=overdue&partnership=3``). A value not
    known is reported in ``errors`` and ignored."""

    state: str = ""
    partnership: int | None = None
    body: int | None = None
    errors: tuple[str, ...] = ()

    @classmethod
    def from_query(cls, query) -> RegisterFilters:
        errors = []
        state = (query.get("state") or "").strip()
        if state and state not in STATE_LABELS:
            errors.append("Choose a state from the list.")
            state = ""
        numbers = {}
        for name, message in [
            ("partnership", "Choose a partnership from the list."),
            ("body", "Choose a national body from the list."),
        ]:
            raw = (query.get(name) or "").strip()
            numbers[name] = None
            if raw:
                if re.fullmatch(r"[0-9]{1,9}", raw):
                    numbers[name] = int(raw)
                else:
                    errors.append(message)
        return cls(state=state, errors=tuple(errors), **numbers)

    def apply(self, addressings: QuerySet, today: dt.date) -> QuerySet:
        if self.state:
            addressings = addressings.filter(state_q(self.state, today))
        if self.partnership is not None:
            addressings = addressings.filter(
                recommendation__review__partnership_id=self.partnership
            )
        if self.body is not None:
            addressings = addressings.filter(body_id=self.body)
        return addressings

    def as_query(self) -> dict:
        query = {}
        if self.state:
            query["state"] = self.state
        if self.partnership is not None:
            query["partnership"] = str(self.partnership)
        if self.body is not None:
            query["body"] = str(self.body)
        return query


def register_addressings(user, filters: RegisterFilters, today: dt.date) -> QuerySet:
    """What is addressed to the user's body (every body's, for the site administrator), under
    ``filters``: the unanswered first, soonest due first, then the answered, latest first."""
    addressings = Addressing.objects.filter(_body_ids_q(user)).select_related(
        "body", "recommendation__review__partnership"
    )
    return filters.apply(addressings, today).order_by(
        Case(When(response="", then=Value(0)), default=Value(1), output_field=IntegerField()),
        "due_on",
        "-responded_on",
        "pk",
    )


@dataclass
class Register:
    page: object
    addressings: list[Addressing]
    partnerships: list[tuple[int, str]]
    bodies: list[NationalBody] = field(default_factory=list)


def register_page(user, filters: RegisterFilters, today: dt.date, number) -> Register:
    """One page of the register, with the partnerships that addressed the user's body (to
    filter by). Three queries whatever the data (four for the site administrator: the bodies
    to filter by)."""
    partnerships = list(
        Partnership.objects.filter(
            pk__in=Addressing.objects.filter(_body_ids_q(user)).values(
                "recommendation__review__partnership_id"
            )
        )
        .order_by("name")
        .values_list("pk", "name")
    )
    page = paged(register_addressings(user, filters, today), PER_PAGE, number)
    addressings = list(page.object_list)
    for addressing in addressings:
        addressing.overdue_by = addressing.overdue_days(today)
    bodies = list(NationalBody.objects.order_by("name")) if user.is_superuser else []
    return Register(page=page, addressings=addressings, partnerships=partnerships, bodies=bodies)


# --- On the plan -----------------------------------------------------------------------------


def addressings_by_recommendation(review_id: int) -> dict[int, list[Addressing]]:
    """Every addressing of the review's recommendations, by recommendation: one query for the
    whole plan, however many recommendations it has."""
    found: dict[int, list[Addressing]] = {}
    for addressing in (
        Addressing.objects.filter(recommendation__review_id=review_id)
        .select_related("body")
        .order_by("body__name", "pk")
    ):
        found.setdefault(addressing.recommendation_id, []).append(addressing)
    return found


# --- Which bodies a recommendation mentions ----------------------------------------------------

SHORT_NAME = 5  # a name this short matches its capitals ("DfE", not "dfe" in a word)


def _name_pattern(name: str) -> re.Pattern:
    words = r"\s+".join(re.escape(word) for word in name.split())
    flags = 0 if len(name) <= SHORT_NAME else re.IGNORECASE
    return re.compile(rf"(?<![\w-]){words}(?![\w-])", flags)


def mentioned_bodies(text: str, bodies: list[NationalBody]) -> set[int]:
    """The ids of the bodies whose name, short name or an alias ``text`` mentions, as whole
    words. Plain Python: a suggestion for the author, never ticked for them."""
    return {
        body.pk for body in bodies if any(_name_pattern(name).search(text) for name in body.names)
    }
