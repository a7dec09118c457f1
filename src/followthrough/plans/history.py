"""Reads of the past: an action's history, and a plan as it stood on a chosen date.

Built from the row history django-simple-history keeps for every plan record, and the audit
events the services write.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q

from followthrough.audit.models import AuditEvent
from followthrough.partnerships.models import Agency
from followthrough.plans.models import Action, ActionLead, Milestone, Recommendation, Review

# Fields not worth showing in a history of changes.
_QUIET_FIELDS = {"version", "order"}


@dataclass(frozen=True)
class Change:
    field: str
    old: object
    new: object


@dataclass(frozen=True)
class Version:
    """One saved version of the action: when, by whom, and what changed from the last."""

    when: dt.datetime
    who: str
    kind: str  # created, changed, deleted
    changes: list[Change]


def action_versions(action: Action) -> list[Version]:
    """Every saved version of the action, newest first, with the fields that changed."""
    records = list(action.history.select_related("history_user").order_by("history_date"))
    versions = []
    previous = None
    for record in records:
        changes = []
        if previous is not None:
            delta = record.diff_against(previous)
            changes = [
                Change(
                    _label(Action, c.field),
                    _shown(Action, c.field, c.old),
                    _shown(Action, c.field, c.new),
                )
                for c in delta.changes
                if c.field not in _QUIET_FIELDS
            ]
        user = record.history_user
        versions.append(
            Version(
                when=record.history_date,
                who=(user.get_full_name() or user.username) if user else "the system",
                kind={"+": "created", "~": "changed", "-": "deleted"}[record.history_type],
                changes=changes,
            )
        )
        previous = record
    versions.reverse()
    return [v for v in versions if v.kind != "changed" or v.changes]


def action_events(action: Action) -> list[AuditEvent]:
    """The audit events about the action and the records that hang from it."""
    return list(
        AuditEvent.objects.filter(
            Q(target_type="plans.action", target_id=action.pk)
            | Q(target_type="delivery.evidence", target_id__in=action.evidence.values("pk"))
        ).select_related("actor")
    )


def _shown(model, field: str, value):
    """A value as people read it: the label of a choice ('At risk', not 'at_risk')."""
    try:
        choices = dict(model._meta.get_field(field).flatchoices)
    except Exception:  # noqa: BLE001 - a field removed since
        return value
    return choices.get(value, value)


def _label(model, field: str) -> str:
    try:
        return str(model._meta.get_field(field).verbose_name)
    except Exception:  # noqa: BLE001 - a field removed since: show its name
        return field


def plan_as_of(review: Review, when: dt.datetime) -> list[Recommendation]:
    """The review's recommendations as they stood at ``when``, each with ``then_actions``,
    and each action with ``then_leads`` (with ``agency_name``) and ``then_milestones``, as
    they were then. Five queries whatever the plan's size."""
    recs = list(
        Recommendation.history.as_of(when).filter(review_id=review.pk).order_by("order", "pk")
    )
    actions = list(
        Action.history.as_of(when)
        .filter(recommendation_id__in=[r.pk for r in recs])
        .order_by("order", "pk")
    )
    action_ids = [a.pk for a in actions]
    leads = list(
        ActionLead.history.as_of(when).filter(action_id__in=action_ids).order_by("order", "pk")
    )
    milestones = list(
        Milestone.history.as_of(when).filter(action_id__in=action_ids).order_by("order", "pk")
    )
    agencies = dict(
        Agency.objects.filter(pk__in={ld.agency_id for ld in leads}).values_list("pk", "name")
    )
    for lead in leads:
        lead.agency_name = agencies.get(lead.agency_id, "")
    for action in actions:
        action.then_leads = [ld for ld in leads if ld.action_id == action.pk]
        action.then_milestones = [m for m in milestones if m.action_id == action.pk]
    for rec in recs:
        rec.then_actions = [a for a in actions if a.recommendation_id == rec.pk]
    return recs
