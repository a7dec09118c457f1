"""Demo data for national bodies (called by loader.demo_load): the Home Office's user, and
recommendations of national scope addressed to national bodies in each state an answer can be
in. South Lakeland's seed plan asked the Home Office to amend the DHR guidance: answered,
accepted in part. Eden Valley's review asked it to amend the statutory guidance: unanswered
and overdue. A Westshire review asked DHSC for guidance: acknowledged, not yet due."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from followthrough.bodies.models import Addressing, BodyMembership, NationalBody
from followthrough.bodies.services import (
    addressing_acknowledge,
    addressing_respond,
    body_membership_grant,
    recommendation_address,
)
from followthrough.demo.signin import demo_authenticator
from followthrough.plans.models import Recommendation

# (words of the recommendation's text, its partnership, the body's short name)
ANSWERED = (
    "Home Office be asked to consider amending DHR guidance",
    "South Lakeland CSP",
    "HO",
)
OVERDUE = (
    "The Home Office should amend the statutory guidance so that a review panel",
    "Eden Valley CSP",
    "HO",
)
ACKNOWLEDGED = (
    "Department of Health and Social Care should issue guidance that a Safeguarding Adults",
    "Westshire Safeguarding Adults Board",
    "DHSC",
)
REASONS = (
    "The statutory guidance will not be amended for one review's finding. The Home Office will "
    "add the impact of substance misuse on relationships within families to the next DHR "
    "Lessons Learned document, and will consider it at the next revision of the guidance."
)


def _addressing(words, partnership, short_name, *, days_ago: int):
    """The recommendation's addressing to the body, made ``days_ago`` if it is not there yet.
    None if the demo has no such recommendation."""
    rec = (
        Recommendation.objects.filter(text__contains=words, review__partnership__name=partnership)
        .select_related("review__partnership")
        .first()
    )
    body = NationalBody.objects.filter(short_name=short_name).first()
    if rec is None or body is None:
        return None
    recommendation_address(
        recommendation=rec,
        bodies=[body],
        actor=None,
        addressed_at=timezone.now() - dt.timedelta(days=days_ago),
    )
    return Addressing.objects.select_related("body", "recommendation__review__partnership").get(
        recommendation=rec, body=body
    )


def bodies_demo_load(*, users) -> None:
    """Add this area's demo records; safe to run again (nothing is added twice)."""
    home_office_user = users.get("homeoffice")
    home_office = NationalBody.objects.filter(short_name="HO").first()
    if home_office_user is not None and home_office is not None:
        # Once: a rerun leaves the user as they are (a revoked membership stays revoked).
        if not BodyMembership.objects.filter(user=home_office_user).exists():
            body_membership_grant(user=home_office_user, body=home_office, actor=None)
            demo_authenticator(home_office_user)  # a body's user signs in with a code

    answered = _addressing(*ANSWERED, days_ago=400)
    if answered is not None and not answered.responded:
        addressing_respond(
            addressing=answered,
            expected_version=answered.version,
            response="accepted_in_part",
            reasons=REASONS,
            responded_on=timezone.localdate() - dt.timedelta(days=340),
            actor=None,
        )
    # Its period (56 days by default) long past, with no answer.
    _addressing(*OVERDUE, days_ago=120)
    acknowledged = _addressing(*ACKNOWLEDGED, days_ago=20)
    if acknowledged is not None and not acknowledged.acknowledged:
        addressing_acknowledge(
            addressing=acknowledged, expected_version=acknowledged.version, actor=None
        )
