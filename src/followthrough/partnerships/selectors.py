"""Reads about who belongs where. The permission predicates and the list pages both use
``roles_by_partnership``, so what a user can list and what they can open always agree."""

from __future__ import annotations

from collections import defaultdict

from followthrough.partnerships.models import Membership, Partnership

_CACHE_ATTR = "_followthrough_roles_by_partnership"


def roles_by_partnership(user) -> dict[int, frozenset[str]]:
    """Each partnership the user belongs to, with the roles they hold there. Cached on the user
    object, which lives for one request."""
    if not user.is_authenticated or not user.is_active:
        return {}
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        roles: dict[int, set[str]] = defaultdict(set)
        for partnership_id, role in Membership.objects.filter(user=user).values_list(
            "partnership_id", "role"
        ):
            roles[partnership_id].add(role)
        cached = {pid: frozenset(r) for pid, r in roles.items()}
        setattr(user, _CACHE_ATTR, cached)
    return cached


def partnership_ids_for_user(user, *, roles: frozenset[str] | None = None) -> frozenset[int]:
    """The partnerships a user belongs to, in any role or in one of ``roles``."""
    return frozenset(
        pid for pid, held in roles_by_partnership(user).items() if roles is None or held & roles
    )


def partnerships_for_user(user, *, roles: frozenset[str] | None = None):
    if user.is_superuser:
        return Partnership.objects.all()
    return Partnership.objects.filter(pk__in=partnership_ids_for_user(user, roles=roles))


_AGENCY_CACHE_ATTR = "_followthrough_lead_agencies"


def lead_agencies(user) -> dict[int, frozenset[int]]:
    """The agencies the user is a lead for, each with the partnerships where they lead for it.

    A lead's reach is decided by each partnership: they update and read their agency's actions
    only in the partnerships that made them a lead for it (a Membership with the role agency
    lead). An agency serving several partnerships gives its leads in one of them nothing in the
    others. Cached on the user object, which lives for one request (one query)."""
    if not user.is_authenticated or not user.is_active:
        return {}
    cached = getattr(user, _AGENCY_CACHE_ATTR, None)
    if cached is None:
        from followthrough.partnerships.models import Role

        granted: dict[int, set[int]] = defaultdict(set)
        rows = Membership.objects.filter(
            user=user, role=Role.AGENCY_LEAD, agency__isnull=False
        ).values_list("agency_id", "partnership_id")
        for agency_id, partnership_id in rows:
            granted[agency_id].add(partnership_id)
        cached = {agency: frozenset(pids) for agency, pids in granted.items()}
        setattr(user, _AGENCY_CACHE_ATTR, cached)
    return cached
