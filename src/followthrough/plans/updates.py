"""When an action is waiting for a progress update: one rule for the partnership dashboard
("No update in N days") and the reminders ("Waiting for your update").

An open action on an agreed plan waits for an update once ``FOLLOWTHROUGH_AWAITING_UPDATE_DAYS``
have passed since its last progress update or, when it has never had one, since its plan was
agreed (the day delivery started). A draft plan's actions are not being delivered yet, so they
never wait for an update.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

from followthrough.plans.models import PlanStatus


def awaiting_update_days() -> int:
    return settings.FOLLOWTHROUGH_AWAITING_UPDATE_DAYS


def quiet_since(last_update_at: dt.datetime | None, review) -> dt.date | None:
    """The day the update clock started for an action of ``review``: its last progress update,
    else the day its plan was agreed (when it was added, for a plan agreed before that was
    recorded). None for an action of a draft plan."""
    if last_update_at is not None:
        return timezone.localdate(last_update_at)
    if review.plan_status != PlanStatus.AGREED:
        return None
    return timezone.localdate(review.agreed_at or review.created_at)


def is_waiting_for_update(since: dt.date | None, today: dt.date, days: int) -> bool:
    """Whether an open action whose clock started on ``since`` has waited ``days`` or more."""
    return since is not None and (today - since).days >= days
