"""Services that write a plan by hand: reviews, recommendations, actions, leads, milestones.

Each runs in one transaction and records an audit event with the fields before and after.
Every change to an existing record goes through ``concurrency.claim`` with the version its page
showed, so a stale edit is refused (``StaleEdit``) instead of overwriting someone else's.
A draft plan is written freely. Once a plan is agreed, every change is still allowed and
recorded, except target dates: those change only through the revised-date flow.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from followthrough.audit import events
from followthrough.audit.services import audit_event_record
from followthrough.interchange import PartialDate
from followthrough.plans.concurrency import StaleEdit, claim, jsonable
from followthrough.plans.models import (
    Action,
    ActionLead,
    Milestone,
    PlanStatus,
    PrecisionChoices,
    Recommendation,
    Review,
    Theme,
)
from followthrough.plans.smart import findings_refresh

__all__ = ["PlanRuleError", "StaleEdit"]  # StaleEdit: what an edit on a stale page raises


class PlanRuleError(Exception):
    """A change the plan's rules do not allow; the message says why and what to do instead."""


def _date_fields(prefix: str, value: PartialDate | None) -> dict[str, Any]:
    return {
        prefix: value.due_on if value else None,
        f"{prefix}_precision": value.precision.value if value else PrecisionChoices.DAY,
    }


def _record(actor, event_type, target, review: Review, summary, before=None, after=None):
    if review.is_agreed:
        summary = f"{summary} (after the plan was agreed)"
    audit_event_record(
        actor=actor,
        event_type=event_type,
        target=target,
        partnership=review.partnership,
        summary=summary,
        before=before,
        after=after,
    )


def _next_order(queryset) -> int:
    return (queryset.aggregate(m=Max("order"))["m"] or 0) + 1


def _close_gap(later_siblings) -> None:
    """Move the siblings after a deleted item up one place (saved one by one, so that the
    row history records each; plans hold tens of items, not thousands)."""
    for item in later_siblings.order_by("order"):
        item.order -= 1
        item.save(update_fields=["order"])


def _move(obj, siblings, direction: str) -> bool:
    """Swap obj with its neighbour above or below. Returns False at either end."""
    ordered = list(siblings.order_by("order", "pk"))
    index = ordered.index(obj)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(ordered):
        return False
    ordered[index], ordered[other] = ordered[other], ordered[index]
    for position, item in enumerate(ordered, start=1):
        if item.order != position:
            item.order = position
            item.save(update_fields=["order"])  # through save(), so the row history keeps it
    return True


# Reviews ----------------------------------------------------------------------------------

REVIEW_FIELDS = [
    "review_type",
    "title",
    "subject_pseudonym",
    "reference",
    "notified_on",
    "decided_on",
    "qa_submitted_on",
    "qa_approved_on",
    "published_on",
    "retention_until",
    "preamble",
]


def _review_fields(fields: dict) -> dict:
    """The details to write. The publication date is a ``PartialDate`` as the report gives it
    ("January 2025"), stored as its due date with the precision beside it."""
    unknown = set(fields) - set(REVIEW_FIELDS)
    if unknown:  # a programming error: plan_status, say, changes only through plan_agree
        raise TypeError(f"not a review detail: {', '.join(sorted(unknown))}")
    if "published_on" in fields:
        fields = {**fields, **_date_fields("published_on", fields["published_on"])}
    return fields


@transaction.atomic
def review_create(*, partnership, actor, **fields) -> Review:
    fields = _review_fields(fields)
    review = Review.objects.create(partnership=partnership, **fields)
    audit_event_record(
        actor=actor,
        event_type=events.REVIEW_CREATED,
        target=review,
        partnership=partnership,
        summary=f"Review created ({review.review_type})",
        after={k: jsonable(v) for k, v in fields.items()},
    )
    return review


# Called as ``follow(review=, fields=, actor=)`` in review_update's transaction with the
# fields it changed; may refuse with PlanRuleError. The stages app keeps a review's stage
# entries in step with its dates (StagesConfig.ready adds stages.services.review_dates_changed):
# it builds on plans, so plans cannot import it (tests/test_layers.py).
REVIEW_DATE_FOLLOWERS: list = []


@transaction.atomic
def review_update(*, review: Review, actor, expected_version: int, **fields) -> Review:
    edit = claim(review, expected_version, changes=_review_fields(fields))
    if edit.changed:
        _record(
            actor,
            events.REVIEW_UPDATED,
            edit.obj,
            edit.obj,
            "Review details changed",
            edit.before,
            edit.after,
        )
        # One truth for the dates the review's timeline shows too: its stage entries follow,
        # in this transaction, or the change is refused (REVIEW_DATE_FOLLOWERS).
        for follow in REVIEW_DATE_FOLLOWERS:
            follow(review=edit.obj, fields=edit.after, actor=actor)
        findings_refresh(review=edit.obj)
    return edit.obj


@transaction.atomic
def plan_agree(*, review: Review, actor) -> Review:
    review = Review.objects.select_for_update().get(pk=review.pk)
    if review.is_agreed:
        raise PlanRuleError("This plan is already agreed.")
    if not Action.objects.filter(recommendation__review=review).exists():
        raise PlanRuleError(
            "Add at least one recommendation with an action before agreeing the plan."
        )
    review.plan_status = PlanStatus.AGREED
    review.agreed_at = timezone.now()
    review.version += 1  # the details page shown before is stale: its dates now lock
    review.save(update_fields=["plan_status", "agreed_at", "version"])
    audit_event_record(
        actor=actor,
        event_type=events.PLAN_AGREED,
        target=review,
        partnership=review.partnership,
        summary="Plan agreed",
        before={"plan_status": PlanStatus.DRAFT},
        after={"plan_status": PlanStatus.AGREED},
    )
    return review


# Recommendations --------------------------------------------------------------------------


@transaction.atomic
def recommendation_create(*, review: Review, actor, themes=None, **fields) -> Recommendation:
    """A new recommendation at the end of the plan; with ``themes`` (as the person chose them),
    those are set as ``recommendation_themes_set`` does."""
    recommendation = Recommendation.objects.create(
        review=review, order=_next_order(review.recommendations), **fields
    )
    _record(
        actor,
        events.RECOMMENDATION_CREATED,
        recommendation,
        review,
        f"Recommendation {recommendation.order} added",
        after={k: jsonable(v) for k, v in fields.items()},
    )
    findings_refresh(review=review)
    if themes:
        recommendation = recommendation_themes_set(
            recommendation=recommendation, themes=themes, actor=actor
        )
    return recommendation


RECOMMENDATION_FIELDS = ["number", "text", "theme_heading", "scope", "area"]


@transaction.atomic
def recommendation_update(
    *, recommendation: Recommendation, actor, expected_version: int, themes=None, **fields
) -> Recommendation:
    """Change a recommendation's fields and, given ``themes``, its themes (exactly those),
    in one transaction, each change audited once."""
    unknown = set(fields) - set(RECOMMENDATION_FIELDS)
    if unknown:
        raise TypeError(f"not a recommendation field: {', '.join(sorted(unknown))}")
    edit = claim(recommendation, expected_version, changes=fields)
    if edit.changed:
        _record(
            actor,
            events.RECOMMENDATION_UPDATED,
            edit.obj,
            recommendation.review,
            f"Recommendation {edit.obj.order} changed",
            edit.before,
            edit.after,
        )
        findings_refresh(review=recommendation.review)
    if themes is not None:
        return recommendation_themes_set(
            recommendation=edit.obj,
            themes=themes,
            actor=actor,
            expected_version=edit.obj.version,
        )
    return edit.obj


@transaction.atomic
def recommendation_delete(*, recommendation: Recommendation, actor) -> None:
    review = recommendation.review
    snapshot = {
        "text": recommendation.text,
        "order": recommendation.order,
        "actions": recommendation.actions.count(),
    }
    _record(
        actor,
        events.RECOMMENDATION_DELETED,
        recommendation,
        review,
        f"Recommendation {recommendation.order} deleted",
        before=snapshot,
    )
    recommendation.delete()
    _close_gap(review.recommendations.filter(order__gt=snapshot["order"]))
    findings_refresh(review=review)


@transaction.atomic
def recommendation_move(*, recommendation: Recommendation, direction: str, actor) -> bool:
    before = recommendation.order
    moved = _move(recommendation, recommendation.review.recommendations.all(), direction)
    if moved:
        _record(
            actor,
            events.RECOMMENDATION_MOVED,
            recommendation,
            recommendation.review,
            f"Recommendation moved {direction}",
            {"order": before},
            {"order": recommendation.order},
        )
        findings_refresh(review=recommendation.review)
    return moved


def _themes_resolved(themes) -> list[Theme]:
    """The ``Theme`` rows for ``themes``: Theme instances or theme names, in any mix."""
    themes = list(themes)
    names = {t for t in themes if isinstance(t, str)}
    found = {t.name: t for t in Theme.objects.filter(name__in=names)} if names else {}
    unknown = names - set(found)
    if unknown:  # a programming error: the vocabulary is fixed
        raise ValueError(f"not a theme: {', '.join(sorted(unknown))}")
    resolved = {t.pk: t for t in themes if isinstance(t, Theme)}
    resolved.update({t.pk: t for t in found.values()})
    return sorted(resolved.values(), key=lambda t: t.order)


@transaction.atomic
def recommendation_themes_set(
    *, recommendation: Recommendation, themes, actor, expected_version: int | None = None
) -> Recommendation:
    """Give a recommendation exactly ``themes`` (Theme rows or names of the fixed vocabulary).

    Version-checked like every edit (``expected_version=None``: whatever the version now, for
    callers that hold no page, such as the demo loader). With the same themes as now nothing is
    written; otherwise the version rises, the row history keeps one version with the new
    themes, and one audit event records the names before and after."""
    wanted = _themes_resolved(themes)
    if expected_version is None:
        expected_version = (
            Recommendation.objects.select_for_update()
            .values_list("version", flat=True)
            .get(pk=recommendation.pk)
        )
    locked = claim(recommendation, expected_version, changes={}).obj
    current = list(locked.themes.order_by("order"))
    if [t.pk for t in current] == [t.pk for t in wanted]:
        return locked
    # One history row for the change, written by the save below (with the new themes),
    # rather than one per add and remove.
    locked.skip_history_when_saving = True
    try:
        locked.themes.set(wanted)
    finally:
        del locked.skip_history_when_saving
    locked.version += 1
    locked.save(update_fields=["version"])
    review = locked.review
    _record(
        actor,
        events.RECOMMENDATION_THEMES_SET,
        locked,
        review,
        f"Themes of recommendation {locked.order} changed",
        {"themes": [t.name for t in current]},
        {"themes": [t.name for t in wanted]},
    )
    return locked


# Actions ----------------------------------------------------------------------------------


@transaction.atomic
def action_create(
    *,
    recommendation: Recommendation,
    text: str,
    actor,
    target_date: PartialDate | None = None,
    measure: str = "",
) -> Action:
    action = Action.objects.create(
        recommendation=recommendation,
        text=text,
        measure=measure,
        order=_next_order(recommendation.actions),
        **_date_fields("target_date", target_date),
    )
    _record(
        actor,
        events.ACTION_CREATED,
        action,
        recommendation.review,
        "Action added",
        after={
            "text": text,
            "target_date": target_date.isoformat() if target_date else None,
            "measure": measure,
        },
    )
    findings_refresh(review=recommendation.review)
    return action


_DATES_LOCKED = (
    "This plan is agreed, so its target dates change only through a revised date with a "
    "reason, approved by the coordinator."
)


@transaction.atomic
def action_update(
    *,
    action: Action,
    actor,
    expected_version: int,
    text: str,
    target_date: PartialDate | None,
    measure: str | None = None,
) -> Action:
    """Change an action's wording, measure of success and (on a draft plan) target date.
    ``measure=None`` leaves the measure as it is; ``""`` clears it."""
    review = action.recommendation.review
    changes: dict[str, Any] = {"text": text}
    if measure is not None:
        changes["measure"] = measure
    # Compared with the action as fetched: if its row changed since, claim() refuses anyway.
    if action.target != target_date:
        if review.is_agreed:
            raise PlanRuleError(_DATES_LOCKED)
        changes.update(_date_fields("target_date", target_date))
    edit = claim(action, expected_version, changes=changes)
    if edit.changed:
        _record(
            actor,
            events.ACTION_UPDATED,
            edit.obj,
            review,
            "Action changed",
            edit.before,
            edit.after,
        )
        findings_refresh(review=review)
    return edit.obj


@transaction.atomic
def action_delete(*, action: Action, actor) -> None:
    recommendation = action.recommendation
    order = action.order
    _record(
        actor,
        events.ACTION_DELETED,
        action,
        recommendation.review,
        "Action deleted",
        before={"text": action.text, "order": order},
    )
    action.delete()
    _close_gap(recommendation.actions.filter(order__gt=order))
    findings_refresh(review=recommendation.review)


@transaction.atomic
def action_move(*, action: Action, direction: str, actor) -> bool:
    before = action.order
    moved = _move(action, action.recommendation.actions.all(), direction)
    if moved:
        _record(
            actor,
            events.ACTION_MOVED,
            action,
            action.recommendation.review,
            f"Action moved {direction}",
            {"order": before},
            {"order": action.order},
        )
        findings_refresh(review=action.recommendation.review)
    return moved


@transaction.atomic
def action_lead_add(*, action: Action, agency, person_name: str, role: str, actor) -> ActionLead:
    lead = ActionLead.objects.create(
        action=action,
        agency=agency,
        person_name=person_name,
        role=role,
        order=_next_order(action.leads),
    )
    _record(
        actor,
        events.ACTION_LEAD_ADDED,
        lead,
        action.recommendation.review,
        "Lead added to an action",
        after={"agency_id": agency.pk if agency else None, "role": role},
    )
    findings_refresh(review=action.recommendation.review)
    return lead


@transaction.atomic
def action_lead_remove(*, lead: ActionLead, actor) -> None:
    _record(
        actor,
        events.ACTION_LEAD_REMOVED,
        lead,
        lead.action.recommendation.review,
        "Lead removed from an action",
        before={"agency_id": lead.agency_id, "role": lead.role},
    )
    lead.delete()
    findings_refresh(review=lead.action.recommendation.review)


# Milestones -------------------------------------------------------------------------------


@transaction.atomic
def milestone_create(
    *,
    action: Action,
    text: str,
    actor,
    number: int | None = None,
    target_date: PartialDate | None = None,
) -> Milestone:
    milestone = Milestone.objects.create(
        action=action,
        text=text,
        number=number,
        order=_next_order(action.milestones),
        **_date_fields("target_date", target_date),
    )
    _record(
        actor,
        events.MILESTONE_CREATED,
        milestone,
        action.recommendation.review,
        "Milestone added",
        after={"text": text, "target_date": target_date.isoformat() if target_date else None},
    )
    findings_refresh(review=action.recommendation.review)
    return milestone


@transaction.atomic
def milestone_update(
    *,
    milestone: Milestone,
    actor,
    expected_version: int,
    text: str,
    number: int | None,
    target_date: PartialDate | None,
) -> Milestone:
    review = milestone.action.recommendation.review
    changes: dict[str, Any] = {"text": text, "number": number}
    if milestone.target != target_date:
        if review.is_agreed:
            raise PlanRuleError(_DATES_LOCKED)
        changes.update(_date_fields("target_date", target_date))
    edit = claim(milestone, expected_version, changes=changes)
    if edit.changed:
        _record(
            actor,
            events.MILESTONE_UPDATED,
            edit.obj,
            review,
            "Milestone changed",
            edit.before,
            edit.after,
        )
        findings_refresh(review=review)
    return edit.obj


@transaction.atomic
def milestone_delete(*, milestone: Milestone, actor) -> None:
    review = milestone.action.recommendation.review
    _record(
        actor,
        events.MILESTONE_DELETED,
        milestone,
        review,
        "Milestone deleted",
        before={"text": milestone.text},
    )
    milestone.delete()
    findings_refresh(review=review)
