"""Reads about who belongs where. The permission predicates and the list pages both use
``partnership_ids_for_user``, so what a user can list and what they can open always agree."""

from __future__ import annotations

from followthrough.partnerships.models import Membership

_CACHE_ATTR = "_followthrough_partnership_ids"


def partnership_ids_for_user(user) -> frozenset[int]:
    """The partnerships a user belongs to, in any role. Cached on the user object, which
    lives for one request."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = frozenset(
            Membership.objects.filter(user=user).values_list("partnership_id", flat=True)
        )
        setattr(user, _CACHE_ATTR, cached)
    return cached
