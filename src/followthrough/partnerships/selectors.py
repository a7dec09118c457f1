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
