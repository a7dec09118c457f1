"""Who sees and answers what is addressed to national bodies.

A national body's user (an active ``BodyMembership``) sees the recommendations addressed to
their body, and only those: every partnership page stays closed to them (they belong to no
partnership). The site administrator passes every check through Django's ModelBackend.
Addressing a recommendation, or withdrawing it, is a change to the plan: its authors
(``plans.change_plan`` on the recommendation)."""

from __future__ import annotations

import rules

from followthrough.bodies.selectors import body_id_for_user


@rules.predicate
def is_body_user(user) -> bool:
    return body_id_for_user(user) is not None


@rules.predicate
def acts_for_the_body(user, addressing) -> bool:
    """The user acts for the body the recommendation is addressed to."""
    if addressing is None:
        return False
    body_id = body_id_for_user(user)
    return body_id is not None and body_id == addressing.body_id


# The register (its page and its Excel).
rules.add_perm("bodies.view_register", is_body_user)
# One recommendation addressed to the body, and its answer: acknowledging and responding.
rules.add_perm("bodies.view_addressing", acts_for_the_body)
rules.add_perm("bodies.answer", acts_for_the_body)


@rules.predicate
def authors_its_plan(user, addressing) -> bool:
    """The user may change the plan the recommendation belongs to (its authors)."""
    return addressing is not None and user.has_perm("plans.change_plan", addressing.recommendation)


# Taking a recommendation back from a body: the plan's authors.
rules.add_perm("bodies.withdraw", authors_its_plan)
