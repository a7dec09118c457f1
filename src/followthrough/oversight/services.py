"""Writes of national oversight: the national role granted and revoked, each audited."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from followthrough.audit import events
from followthrough.audit.services import audit_event_record
from followthrough.oversight.models import NationalAccess


@transaction.atomic
def national_access_grant(*, user, body: str, actor) -> NationalAccess:
    """Give ``user`` the national role for ``body`` (granted again, with its new body, if it
    was revoked or held for another body). It makes them no member of any partnership."""
    body = " ".join((body or "").split())
    if not body:
        raise ValidationError("Enter the body the person sees the figures for.")
    if len(body) > NationalAccess._meta.get_field("body").max_length:
        raise ValidationError("The body's name must be 200 characters or fewer.")
    access = NationalAccess.objects.select_for_update().filter(user=user).first()
    before = None
    if access is None:
        access = NationalAccess(user=user)
    else:
        before = {"body": access.body, "active": access.is_active}
    access.body = body
    access.granted_by = actor if actor is not None and actor.is_authenticated else None
    access.granted_at = timezone.now()
    access.revoked_at = None
    access.revoked_by = None
    access.save()
    audit_event_record(
        actor=actor,
        event_type=events.NATIONAL_ACCESS_GRANTED,
        target=access,
        summary="National access granted",
        before=before,
        after={"body": body, "active": True},
    )
    return access


@transaction.atomic
def national_access_revoke(*, user, actor) -> NationalAccess | None:
    """End ``user``'s national role from their next page. Nothing to do (None) if they have
    none or it is already revoked."""
    access = NationalAccess.objects.select_for_update().filter(user=user).first()
    if access is None or not access.is_active:
        return None
    access.revoked_at = timezone.now()
    access.revoked_by = actor if actor is not None and actor.is_authenticated else None
    access.save()
    audit_event_record(
        actor=actor,
        event_type=events.NATIONAL_ACCESS_REVOKED,
        target=access,
        summary="National access revoked",
        before={"body": access.body, "active": True},
        after={"body": access.body, "active": False},
    )
    return access
