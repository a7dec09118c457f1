"""Northmoor CSP with an agreed plan whose actions are overdue, due soon, stale, returned and
awaiting sign-off; the agency leads and coordinator who hear about them; and people who
should hear nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from tests.factories import (
    ActionFactory,
    ActionLeadFactory,
    AgencyFactory,
    MembershipFactory,
    MilestoneFactory,
    PartnershipFactory,
    RecommendationFactory,
    ReviewFactory,
    UserFactory,
)

TODAY = dt.date(2030, 6, 3)


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


def at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10)))


def persona(username, partnership, role, agency=None, email=True):
    user = UserFactory(
        username=username, email=f"{username}@example.org" if email else "", first_name="Sam"
    )
    MembershipFactory(user=user, partnership=partnership, role=role, agency=agency)
    return user


def lead_in(*partnerships, username, agency):
    """A lead for ``agency`` in each of ``partnerships``: each one made them its lead."""
    user = persona(username, partnerships[0], "agency_lead", agency)
    for partnership in partnerships[1:]:
        MembershipFactory(user=user, partnership=partnership, role="agency_lead", agency=agency)
    return user


def add_action(review, agency, text, *, target, status="on_track", updated=None, **kwargs):
    """An action led by ``agency``. ``updated``: the day of its last progress update."""
    from followthrough.delivery.models import ProgressUpdate

    action = ActionFactory(
        recommendation=RecommendationFactory(review=review),
        text=text,
        target_date=target,
        target_date_precision="day",
        status=status,
        **kwargs,
    )
    if agency is not None:
        ActionLeadFactory(action=action, agency=agency, person_name="Kit Marsh")
    if updated is not None:
        update = ProgressUpdate.objects.create(
            action=action,
            author=UserFactory(username="updater"),
            narrative="NARRATIVE: the victim's family told us about the case",
            status=status,
        )
        ProgressUpdate.objects.filter(pk=update.pk).update(created_at=at(updated))
    return action


@dataclass
class World:
    northmoor: object
    fellside: object
    police: object
    health: object
    review: object
    actions: dict
    police_lead: object
    health_lead: object
    coordinator: object
    viewer: object
    outsider: object


@pytest.fixture
def world(db) -> World:
    northmoor = PartnershipFactory(name="Northmoor CSP")
    fellside = PartnershipFactory(name="Fellside CSP")
    eden = PartnershipFactory(name="Eden Valley CSP")
    police = AgencyFactory(name="Northmoor Police")
    police.partnerships.add(northmoor, fellside)
    health = AgencyFactory(name="Northmoor Health Trust")
    health.partnerships.add(northmoor)
    eden_council = AgencyFactory(name="Eden Council")
    eden_council.partnerships.add(eden)

    def agreed_review(partnership, title):
        return ReviewFactory(
            partnership=partnership, title=title, plan_status="agreed", agreed_at=at(days(-90))
        )

    review = agreed_review(northmoor, "DARDR into the death of Adult K")
    fellside_review = agreed_review(fellside, "SAR concerning Adult F")
    draft = ReviewFactory(partnership=northmoor, title="DHR draft plan Adult D")
    eden_review = agreed_review(eden, "DHR into the death of Adult E")

    actions = {
        "police_overdue": add_action(
            review,
            police,
            "Police overdue: train officers in coercive control",
            target=days(-13),
            updated=days(-5),
        ),
        "police_escalate": add_action(
            review,
            police,
            "Police escalate: audit DASH risk assessments",
            target=days(-45),
            updated=days(-5),
        ),
        "police_due_soon": add_action(
            review,
            police,
            "Police due soon: publish the referral pathway",
            target=days(8),
            updated=days(-2),
        ),
        "police_fine": add_action(
            review,
            police,
            "Police fine: review the domestic abuse policy",
            target=days(200),
            updated=days(-3),
        ),
        "police_stale": add_action(
            review,
            police,
            "Police stale: brief custody sergeants",
            target=days(120),
            updated=days(-40),
        ),
        "police_never_updated": add_action(
            review,
            police,
            "Police never updated: join the MARAC steering group",
            target=days(150),
        ),
        "police_in_fellside": add_action(
            fellside_review,
            police,
            "Police in Fellside: share the protocol",
            target=days(-3),
            updated=days(-1),
        ),
        "police_signed_off": add_action(
            review,
            police,
            "Police signed off: done long ago",
            target=days(-100),
            status="signed_off",
            completed_on=days(-120),
        ),
        "police_in_draft": add_action(
            draft,
            police,
            "Police in a draft plan: not yet agreed",
            target=days(-10),
        ),
        "health_overdue": add_action(
            review,
            health,
            "Health overdue: add routine enquiry to maternity booking",
            target=days(-2),
            updated=days(-1),
        ),
        "health_completed": add_action(
            review,
            health,
            "Health completed: GP training delivered",
            target=days(20),
            status="completed",
            completed_on=days(-4),
            updated=days(-4),
        ),
        "unled_overdue": add_action(
            review,
            None,
            "Unled overdue: agree an information sharing agreement",
            target=days(-6),
        ),
        # Led by Northmoor Police, but in a partnership the police do not serve: not theirs.
        "police_in_eden": add_action(
            eden_review,
            police,
            "Eden police: in a partnership the police do not serve",
            target=days(-7),
        ),
        "eden_overdue": add_action(
            eden_review,
            eden_council,
            "Eden overdue: Eden Council action",
            target=days(-20),
        ),
    }
    MilestoneFactory(
        action=actions["police_due_soon"], text="Milestone: draft the pathway", target_date=days(4)
    )
    MilestoneFactory(
        action=actions["police_due_soon"],
        text="Milestone: consult partners",
        target_date=days(-20),
        done_on=days(-21),
    )
    return World(
        northmoor=northmoor,
        fellside=fellside,
        police=police,
        health=health,
        review=review,
        actions=actions,
        police_lead=lead_in(northmoor, fellside, username="police-lead", agency=police),
        health_lead=persona("health-lead", northmoor, "agency_lead", health),
        coordinator=persona("coordinator", northmoor, "coordinator"),
        viewer=persona("viewer", northmoor, "viewer"),
        outsider=persona("outsider", eden, "panel_chair"),
    )
