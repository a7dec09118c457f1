"""Writes for national bodies, each in one transaction with its audit event: a user made to
act for a body (or no longer), a recommendation addressed to bodies (or withdrawn), and the
body's answer (acknowledged, responded)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from followthrough.audit import events
from followthrough.audit.services import audit_event_record
from followthrough.bodies.models import (
    REASONS_REQUIRED,
    Addressing,
    BodyMembership,
    NationalBody,
    Response,
)
from followthrough.bodies.selectors import forget_body
from followthrough.plans.concurrency import claim

REASONS_MAX = 10_000


def _who(actor):
    return actor if actor is not None and actor.is_authenticated else None


# --- Who acts for a body -----------------------------------------------------------------------


def body_membership_refusal(user) -> str | None:
    """Why ``user`` may not act for a body, or None: a body's user belongs to no partnership
    (and is not the site administrator, who sees everything already)."""
    from followthrough.partnerships.models import Membership

    if user.is_superuser:
        return "The site administrator cannot act for a national body: make them another account."
    if Membership.objects.filter(user=user).exists():
        return (
            "A national body's user belongs to no partnership: remove their memberships first, "
            "or give the body another account."
        )
    return None


@transaction.atomic
def body_membership_grant(*, user, body: NationalBody, actor) -> BodyMembership:
    """Make ``user`` act for ``body`` (again, or for another body instead). A body's user
    belongs to no partnership: a member of one is refused."""
    refusal = body_membership_refusal(user)
    if refusal:
        raise ValidationError(refusal)
    membership = BodyMembership.objects.select_for_update().filter(user=user).first()
    before = None
    if membership is None:
        membership = BodyMembership(user=user)
    else:
        before = {"body": membership.body_id, "active": membership.is_active}
    membership.body = body
    membership.granted_by = _who(actor)
    membership.granted_at = timezone.now()
    membership.revoked_at = None
    membership.revoked_by = None
    membership.save()
    forget_body(user)
    audit_event_record(
        actor=actor,
        event_type=events.NATIONAL_BODY_MEMBERSHIP_GRANTED,
        target=membership,
        summary="Made a user of a national body",
        before=before,
        after={"body": body.pk, "active": True},
    )
    return membership


@transaction.atomic
def body_membership_revoke(*, user, actor) -> BodyMembership | None:
    """End ``user``'s acting for their body from their next page (None: nothing to end)."""
    membership = BodyMembership.objects.select_for_update().filter(user=user).first()
    if membership is None or not membership.is_active:
        return None
    membership.revoked_at = timezone.now()
    membership.revoked_by = _who(actor)
    membership.save()
    forget_body(user)
    audit_event_record(
        actor=actor,
        event_type=events.NATIONAL_BODY_MEMBERSHIP_REVOKED,
        target=membership,
        summary="No longer a user of a national body",
        before={"body": membership.body_id, "active": True},
        after={"body": membership.body_id, "active": False},
    )
    return membership


# --- Addressing a recommendation --------------------------------------------------------------


def _require(actor, perm: str, obj) -> None:
    if actor is not None and not actor.has_perm(perm, obj):
        raise PermissionDenied("You may not do this.")


@transaction.atomic
def recommendation_address(
    *, recommendation, bodies: list[NationalBody], actor, addressed_at: dt.datetime | None = None
) -> list[Addressing]:
    """Address ``recommendation`` to each of ``bodies`` (the plan's authors). A body it is
    addressed to already is left as it is; an inactive body is refused. Each body's clock
    starts now (or at ``addressed_at``, for a recommendation addressed before it was
    recorded here): its response is due after the body's response period."""
    _require(actor, "plans.change_plan", recommendation)
    inactive = [body.name for body in bodies if not body.active]
    if inactive:
        raise ValidationError(
            f"Recommendations can no longer be addressed to {', '.join(inactive)}."
        )
    when = addressed_at or timezone.now()
    already = set(
        Addressing.objects.filter(recommendation=recommendation).values_list("body_id", flat=True)
    )
    made = []
    for body in bodies:
        if body.pk in already:
            continue
        already.add(body.pk)
        try:
            with transaction.atomic():
                addressing = Addressing.objects.create(
                    recommendation=recommendation,
                    body=body,
                    addressed_at=when,
                    addressed_by=_who(actor),
                    due_on=timezone.localtime(when).date() + dt.timedelta(days=body.period_days),
                )
        except IntegrityError:  # addressed by someone else a moment ago
            continue
        audit_event_record(
            actor=actor,
            event_type=events.RECOMMENDATION_ADDRESSED,
            target=addressing,
            partnership=recommendation.review.partnership,
            summary=f"Recommendation addressed to {body.name}",
            after={
                "recommendation": recommendation.pk,
                "body": body.pk,
                "due_on": addressing.due_on.isoformat(),
            },
        )
        made.append(addressing)
    return made


class AlreadyAnswered(Exception):
    """The body has responded: the addressing stays, as the record of its answer."""

    def __init__(self):
        super().__init__(
            "The body has already responded to this recommendation, so it cannot be withdrawn."
        )


@transaction.atomic
def addressing_withdraw(*, addressing: Addressing, actor) -> None:
    """Take the recommendation back from the body (the plan's authors), before it responds."""
    _require(actor, "plans.change_plan", addressing.recommendation)
    locked = Addressing.objects.select_for_update().filter(pk=addressing.pk).first()
    if locked is None:
        return
    if locked.responded:
        raise AlreadyAnswered
    audit_event_record(
        actor=actor,
        event_type=events.RECOMMENDATION_ADDRESSING_WITHDRAWN,
        target=locked,
        partnership=addressing.recommendation.review.partnership,
        summary=f"Recommendation no longer addressed to {addressing.body.name}",
        before={
            "recommendation": locked.recommendation_id,
            "body": locked.body_id,
            "acknowledged": locked.acknowledged,
        },
    )
    locked.delete()


# --- The body's answer ------------------------------------------------------------------------


@transaction.atomic
def addressing_acknowledge(*, addressing: Addressing, expected_version: int, actor) -> Addressing:
    """The body says it has the recommendation (a user of that body). Acknowledging again
    changes nothing."""
    _require(actor, "bodies.answer", addressing)
    now = timezone.now()
    claimed = claim(
        addressing,
        expected_version,
        changes={
            # Who first (claim applies the changes in order): read before the time is set.
            "acknowledged_by": lambda a: a.acknowledged_by if a.acknowledged_at else _who(actor),
            "acknowledged_at": lambda a: a.acknowledged_at or now,
        },
    )
    if claimed.changed:
        audit_event_record(
            actor=actor,
            event_type=events.RECOMMENDATION_ADDRESSING_ACKNOWLEDGED,
            target=claimed.obj,
            partnership=addressing.recommendation.review.partnership,
            summary=f"Acknowledged by {addressing.body.name}",
            after={"acknowledged_at": now.isoformat()},
        )
    return claimed.obj


@transaction.atomic
def addressing_respond(
    *,
    addressing: Addressing,
    expected_version: int,
    response: str,
    reasons: str,
    responded_on: dt.date,
    actor,
) -> Addressing:
    """The body's response (a user of that body): accepted, accepted in part or not accepted,
    on a day not in the future, with its reasons (required unless accepted). A response given
    again replaces the earlier one, which the history keeps. Acknowledges it too."""
    _require(actor, "bodies.answer", addressing)
    reasons = (reasons or "").strip()
    if response not in Response.values:
        raise ValidationError({"response": "Choose the response"})
    if response in REASONS_REQUIRED and not reasons:
        raise ValidationError(
            {"reasons": f"Give the reasons it was {Response(response).label.lower()}"}
        )
    if len(reasons) > REASONS_MAX:
        raise ValidationError({"reasons": f"Reasons must be {REASONS_MAX:,} characters or fewer"})
    if responded_on is None:
        raise ValidationError({"responded_on": "Enter the date of the response"})
    if responded_on > timezone.localdate():
        raise ValidationError({"responded_on": "The date of the response cannot be in the future"})
    now = timezone.now()
    who = _who(actor)
    claimed = claim(
        addressing,
        expected_version,
        changes={
            "response": response,
            "reasons": reasons,
            "responded_on": responded_on,
            "responded_at": now,
            "responded_by": who,
            "acknowledged_by": lambda a: a.acknowledged_by if a.acknowledged_at else who,
            "acknowledged_at": lambda a: a.acknowledged_at or now,
        },
        always=True,
    )
    audit_event_record(
        actor=actor,
        event_type=events.RECOMMENDATION_ADDRESSING_ANSWERED,
        target=claimed.obj,
        partnership=addressing.recommendation.review.partnership,
        summary=f"{Response(response).label} by {addressing.body.name}",
        before={k: v for k, v in claimed.before.items() if k in {"response", "responded_on"}},
        after={"response": response, "responded_on": responded_on.isoformat()},
    )
    return claimed.obj
