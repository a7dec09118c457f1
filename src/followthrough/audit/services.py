from __future__ import annotations

import logging

from django.db import models

from followthrough.audit import events
from followthrough.audit.models import AuditEvent

logger = logging.getLogger("followthrough.audit")


def audit_event_record(
    *,
    actor,
    event_type: str,
    target: models.Model,
    summary: str,
    partnership=None,
    before: dict | None = None,
    after: dict | None = None,
) -> AuditEvent:
    """Record one state change. Call it inside the service's transaction."""
    event = AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        event_type=event_type,
        partnership=partnership,
        target_type=target._meta.label_lower,
        target_id=target.pk,
        summary=summary[:300],
        before=before,
        after=after,
    )
    # Ids only: names and plan text stay out of logs.
    logger.info("%s %s#%s actor=%s", event_type, event.target_type, target.pk, event.actor_id)
    return event


def admin_change_record(
    *, actor, obj, kind: str, partnership=None, fields: list[str] | None = None, pk=None
):
    """A change made in the Django admin: ``kind`` is added, changed or deleted. The admin
    bypasses the services, so every save and delete there records one of these, naming the
    fields that changed (never their values: the admin can hold free text about people)."""
    event_type = {
        "added": events.ADMIN_ADDED,
        "changed": events.ADMIN_CHANGED,
        "deleted": events.ADMIN_DELETED,
    }[kind]
    label = obj._meta.verbose_name
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        event_type=event_type,
        partnership=partnership,
        target_type=obj._meta.label_lower,
        target_id=pk if pk is not None else obj.pk,
        summary=f"{label.capitalize()} {kind} in the administration site"[:300],
        after={"fields": sorted(fields)} if fields else None,
    )
