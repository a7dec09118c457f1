"""Permission predicates: the one place that decides who may see and do what.

Views ask ``request.user.has_perm(<name>, obj)`` (through ``get_<thing>_for_user``); templates
ask ``{% has_perm %}``. A user who may not see a record gets 404, so an outsider never learns
that it exists. Superusers (site administrators) pass every check through Django's ModelBackend.
"""

from __future__ import annotations

import rules

from followthrough.partnerships.models import Partnership
from followthrough.partnerships.selectors import partnership_ids_for_user
from followthrough.plans.models import Action, Recommendation, Review


def partnership_id_of(obj) -> int:
    """The partnership that owns a record."""
    if isinstance(obj, Partnership):
        return obj.pk
    if isinstance(obj, Review):
        return obj.partnership_id
    if isinstance(obj, Recommendation):
        return obj.review.partnership_id
    if isinstance(obj, Action):
        return obj.recommendation.review.partnership_id
    raise TypeError(f"no partnership rule for {type(obj).__name__}")


@rules.predicate
def is_partnership_member(user, obj) -> bool:
    return obj is not None and partnership_id_of(obj) in partnership_ids_for_user(user)


rules.add_perm("partnerships.view_partnership", is_partnership_member)
rules.add_perm("plans.view_review", is_partnership_member)
rules.add_perm("plans.view_action", is_partnership_member)
