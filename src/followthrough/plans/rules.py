"""Permission predicates: the one place that decides who may see and do what.

Views ask ``request.user.has_perm(<name>, obj)`` (through ``get_<thing>_for_user``); templates
ask ``{% has_perm %}``. A user who may not see a record gets 404, so an outsider never learns
that it exists. Superusers (site administrators) pass every check through Django's ModelBackend.

Roles (docs/domain.md): a coordinator manages the partnership's plans and users; a panel chair
writes a review's plan; an agency lead updates the actions their agency leads, in each
partnership that made them a lead for it; a board member reads and signs off; a viewer reads.
"""

from __future__ import annotations

import rules

from followthrough.partnerships.models import Partnership, Role
from followthrough.partnerships.selectors import lead_agencies, roles_by_partnership
from followthrough.plans.models import Action, ActionLead, Milestone, Recommendation, Review

# Who writes and changes a review's plan.
PLAN_AUTHORS = frozenset({Role.COORDINATOR, Role.PANEL_CHAIR})
# Who decides that a completed action is done.
SIGN_OFF_ROLES = frozenset({Role.COORDINATOR, Role.BOARD_MEMBER})


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
    action = getattr(obj, "action", None)  # delivery records: updates, evidence, revisions
    if isinstance(action, Action):
        return partnership_id_of(action)
    raise TypeError(f"no partnership rule for {type(obj).__name__}")


def action_of(obj) -> Action | None:
    if isinstance(obj, Action):
        return obj
    action = getattr(obj, "action", None)
    return action if isinstance(action, Action) else None


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
def is_coordinator(user, obj) -> bool:
    return Role.COORDINATOR in _roles(user, obj)


@rules.predicate
def may_sign_off(user, obj) -> bool:
    return bool(_roles(user, obj) & SIGN_OFF_ROLES)


@rules.predicate
def leads_for_their_agency(user, obj) -> bool:
    """The user is a lead, in the action's partnership, of an agency that leads the action.
    (A lead of the same agency in another partnership is not: each partnership decides who
    leads for an agency there.)"""
    action = action_of(obj)
    agencies = lead_agencies(user)
    if action is None or not agencies:
        return False
    partnership_id = partnership_id_of(action)
    return any(
        lead.agency_id in agencies and partnership_id in agencies[lead.agency_id]
        for lead in action.leads.all()
    )


@rules.predicate
def coordinates_every_partnership_it_serves(user, agency) -> bool:
    """The agency serves at least one partnership, and none that the user does not coordinate:
    merging it changes what each partnership it serves sees, which only they decide."""
    if agency is None:
        return False
    coordinated = {
        pid for pid, held in roles_by_partnership(user).items() if Role.COORDINATOR in held
    }
    served = set(agency.partnerships.values_list("pk", flat=True))
    return bool(served) and served <= coordinated


@rules.predicate
def may_author_somewhere(user) -> bool:
    return any(roles & PLAN_AUTHORS for roles in roles_by_partnership(user).values())


rules.add_perm("partnerships.view_partnership", is_partnership_member)
# Which agencies are the partnership's partners: its coordinator decides.
rules.add_perm("partnerships.manage_agencies", is_coordinator)
# Who belongs to the partnership, in which role: its coordinator invites, changes and removes.
rules.add_perm("partnerships.manage_people", is_coordinator)
# Merging two agencies (an Agency object): a coordinator of every partnership it serves.
rules.add_perm("partnerships.merge_agency", coordinates_every_partnership_it_serves)
rules.add_perm("plans.view_review", is_partnership_member)
rules.add_perm("plans.view_action", is_partnership_member | leads_for_their_agency)
rules.add_perm("plans.create_review", may_author_somewhere)
rules.add_perm("plans.create_review_in", is_plan_author)
rules.add_perm("plans.change_plan", is_plan_author)
rules.add_perm("delivery.update_action", is_coordinator | leads_for_their_agency)
rules.add_perm("delivery.sign_off", may_sign_off)
# Only the partnership reopens a finished action: those who sign actions off.
rules.add_perm("delivery.reopen", may_sign_off)
rules.add_perm("delivery.decide_revision", is_coordinator)
# The action's thread is between its leads and the partnership: whoever may update the action
# or decide on it.
rules.add_perm("delivery.comment", is_coordinator | leads_for_their_agency | may_sign_off)
rules.add_perm("delivery.view_evidence", is_partnership_member | leads_for_their_agency)
# Exports: a member of the partnership may download what they may read, with either profile
# (the public profile only makes less of it).
rules.add_perm("exports.export_review", is_partnership_member)
rules.add_perm("exports.export_partnership", is_partnership_member)
