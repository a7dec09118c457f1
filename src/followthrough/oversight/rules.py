"""Who sees national oversight: a user with an active national role, and the site
administrator (who passes every check through Django's ModelBackend). Nobody else, not even a
partnership's coordinator: the pages pool every partnership's figures."""

from __future__ import annotations

import rules

from followthrough.oversight.models import NationalAccess


def _national(user) -> bool:
    """One read per request, cached on the user object."""
    if not getattr(user, "is_authenticated", False):
        return False
    cached = getattr(user, "_followthrough_is_national", None)
    if cached is None:
        cached = NationalAccess.objects.filter(user=user, revoked_at__isnull=True).exists()
        user._followthrough_is_national = cached
    return cached


@rules.predicate
def is_national(user) -> bool:
    return _national(user)


rules.add_perm("oversight.view_figures", is_national)
# A published review's plan, for the national role (oversight.selectors decides "published").
rules.add_perm("oversight.view_published_review", is_national)
