from __future__ import annotations

import logging

from django.db import models

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
