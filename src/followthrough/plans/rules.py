"""Permission predicates: the one place that decides who may see and do what.

Views ask ``request.user.has_perm(<name>, obj)`` (through ``get_<thing>_for_user``); templates
ask ``{% has_perm %}``. A user who may not see a record gets 404, so an outsider never learns
that it exists. Superusers (site administrators) pass every check through Django's ModelBackend.
"""

from __future__ import annotations

import rules

from followthrough.partnerships.models import Partnership, Role
from followthrough.partnerships.selectors import roles_by_partnership
from followthrough.plans.models import Action, ActionLead, Milestone, Recommendation, Review

# Who writes and changes a review's plan (docs/domain.md: the panel and its chair write it,
# the coordinator owns the partnership's plans).
PLAN_AUTHORS = frozenset({Role.COORDINATOR, Role.PANEL_CHAIR})


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
    if isinstance(obj, ActionLead | Milestone):
        return obj.action.recommendation.review.partnership_id
    raise TypeError(f"no partnership rule for {type(obj).__name__}")


def _roles(user, obj) -> frozenset[str]:
    if obj is None:
        return frozenset()
    return roles_by_partnership(user).get(partnership_id_of(obj), frozenset())


@rules.predicate
def is_partnership_member(user, obj) -> bool:
    return bool(_roles(user, obj))


@rules.predicate
def is_plan_author(user, obj) -> bool:
    return bool(_roles(user, obj) & PLAN_AUTHORS)


@rules.predicate
def may_author_somewhere(user) -> bool:
    return any(roles & PLAN_AUTHORS for roles in roles_by_partnership(user).values())


rules.add_perm("partnerships.view_partnership", is_partnership_member)
rules.add_perm("plans.view_review", is_partnership_member)
rules.add_perm("plans.view_action", is_partnership_member)
rules.add_perm("plans.create_review", may_author_somewhere)
rules.add_perm("plans.create_review_in", is_plan_author)
rules.add_perm("plans.change_plan", is_plan_author)
