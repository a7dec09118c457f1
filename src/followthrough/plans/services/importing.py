"""Writes to reviews and their plans. Each service runs in one transaction and records an
audit event; none is called from a signal or a model's save()."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from followthrough import interchange
from followthrough.audit import events
from followthrough.audit.services import audit_event_record
from followthrough.partnerships.models import Partnership
from followthrough.partnerships.selectors import AgencyMatch, agency_matches
from followthrough.partnerships.services import agency_create, agency_partnership_link
from followthrough.plans import lifecycle
from followthrough.plans.models import (
    Action,
    ActionLead,
    ImportSource,
    Milestone,
    PlanStatus,
    PrecisionChoices,
    Recommendation,
    Review,
    ReviewType,
    Theme,
)
from followthrough.plans.smart import findings_refresh


class AgenciesNeedLinking(Exception):
    """The plan names agencies that are in Followthrough but are not partners of the
    partnership: the person importing must confirm each link (``link_agencies``), or correct the
    names so that they are new agencies."""

    def __init__(self, matches: list[AgencyMatch], partnership: Partnership):
        names = ", ".join(m.elsewhere.name for m in matches)
        super().__init__(
            f"the plan names agencies that are not yet partners of {partnership.name}: {names}. "
            "Confirm that they are the same organisations to make them partners, or correct "
            "the names in the plan"
        )
        self.matches = matches


def plan_agency_names(plan: interchange.ActionPlan) -> list[str]:
    """Every agency the plan names as a lead, in the order first named."""
    return [
        lead.agency
        for rec in plan.recommendations
        for item in rec.actions
        for lead in item.leads
        if lead.agency
    ]


class PlanAlreadyImported(Exception):
    """This document has already been imported into this partnership."""

    def __init__(self, review: Review):
        super().__init__(f"already imported as review #{review.pk}: {review.title}")
        self.review = review


@dataclass(frozen=True)
class ImportResult:
    review: Review
    replaced_review_id: int | None
    recommendation_count: int
    action_count: int


def _date_fields(value: interchange.PartialDate | None) -> tuple:
    if value is None:
        return None, PrecisionChoices.DAY
    return value.due_on, value.precision.value


def _agreed_at(plan_status: str, agreed_on: dt.date | None) -> dt.datetime | None:
    """When an imported plan was agreed: the start of the day given (in the site's time zone),
    now when no day is given, none for a draft."""
    if plan_status not in PlanStatus.values:
        raise ValueError(f"not a plan status: {plan_status!r}")
    if plan_status != PlanStatus.AGREED:
        return None
    if agreed_on is None:
        return timezone.now()
    return timezone.make_aware(dt.datetime.combine(agreed_on, dt.time.min))


def find_import(partnership, sha256: str) -> ImportSource | None:
    return (
        ImportSource.objects.without_content()
        .select_related("review")
        .filter(partnership=partnership, sha256=sha256)
        .first()
    )


def agencies_resolve(matches: list[AgencyMatch], *, partnership: Partnership, actor):
    """The agency of each name matched (``agency_matches``): the partnership's own; one of
    another partnership, linked (the person confirmed it); or a new agency of the partnership.
    Returns a function from a name as written (or None) to its agency (or None)."""
    agencies: dict[str, object] = {}
    for match in matches:
        if match.partner is not None:
            agency = match.partner
        elif match.elsewhere is not None:
            agency = match.elsewhere
            agency_partnership_link(agency=agency, partnership=partnership, actor=actor)
        else:
            agency = agency_create(name=match.name, partnership=partnership, actor=actor)
        agencies[" ".join(match.name.split()).lower()] = agency

    def agency_for(name: str | None):
        return agencies[" ".join(name.split()).lower()] if name else None

    return agency_for


def recommendation_fields(rec: interchange.Recommendation) -> dict:
    return {
        "number": rec.number or "",
        "theme_heading": rec.theme or "",
        "scope": rec.scope or "",
        "area": rec.area or "",
        "text": rec.text,
    }


def leads_add(action: Action, leads: list[interchange.Lead], agency_for) -> None:
    bulk_create_with_history(
        [
            ActionLead(
                action=action,
                agency=agency_for(lead.agency),
                person_name=lead.name or "",
                role=lead.role or "",
                order=lead_order,
            )
            for lead_order, lead in enumerate(leads, start=1)
        ],
        ActionLead,
    )


def milestone_fields(ms: interchange.Milestone) -> dict:
    due_on, precision = _date_fields(ms.target_date)
    return {
        "number": ms.number,
        "text": ms.text,
        "target_date": due_on,
        "target_date_precision": precision,
        "target_date_text": ms.target_date_text or "",
    }


def action_add(
    *, recommendation: Recommendation, item: interchange.Action, order: int, agency_for
) -> Action:
    """One action of a parsed plan, with its leads and milestones, as the document gives it
    (its status and completion included)."""
    target, target_precision = _date_fields(item.target_date)
    completed, completed_precision = _date_fields(item.completed_on)
    action = Action.objects.create(
        recommendation=recommendation,
        text=item.text,
        target_date=target,
        target_date_precision=target_precision,
        target_date_text=item.target_date_text or "",
        completed_on=completed,
        completed_on_precision=completed_precision,
        outcome=item.outcome or "",
        measure=item.measure or "",
        status=lifecycle.from_interchange(item.status, completed),
        order=order,
    )
    leads_add(action, item.leads, agency_for)
    bulk_create_with_history(
        [
            Milestone(action=action, order=ms_order, **milestone_fields(ms))
            for ms_order, ms in enumerate(item.milestones, start=1)
        ],
        Milestone,
    )
    return action


def _themes_for(plan: interchange.ActionPlan, themes: list[list[str]] | None) -> list[list]:
    """The ``Theme`` rows for each recommendation (one query): names outside the fixed
    vocabulary, or a list that does not match the plan, are a programming error."""
    if themes is None:
        return [[] for _ in plan.recommendations]
    if len(themes) != len(plan.recommendations):
        raise ValueError("themes must give one list per recommendation of the plan")
    wanted = {name for names in themes for name in names}
    by_name = {t.name: t for t in Theme.objects.filter(name__in=wanted)} if wanted else {}
    unknown = wanted - set(by_name)
    if unknown:
        raise ValueError(f"not a theme: {', '.join(sorted(unknown))}")
    return [[by_name[name] for name in names] for names in themes]


@transaction.atomic
def plan_import(
    *,
    plan: interchange.ActionPlan,
    partnership: Partnership,
    source: bytes,
    filename: str,
    actor,
    replace: bool = False,
    link_agencies: bool = False,
    plan_status: str = PlanStatus.AGREED,
    agreed_on: dt.date | None = None,
    themes: list[list[str]] | None = None,
) -> ImportResult:
    """Store a parsed plan as a new review of the partnership, all or nothing.

    ``plan_status``: the person importing says whether the plan is agreed (then ``agreed_on``,
    the day it was agreed, today when not given: its target dates then change only through
    revised dates) or still a draft (its dates stay free to correct; ``agreed_on`` is ignored).

    Agencies the plan names are matched to the partnership's own. A name found nowhere in
    Followthrough becomes a new agency of the partnership. A name matching an agency that is
    not the partnership's is linked only when ``link_agencies`` (the importer confirmed it);
    otherwise ``AgenciesNeedLinking`` and nothing is stored. Linking gives no one access:
    a lead reaches actions only where the partnership made them a lead.

    Importing the same document (by SHA-256) twice raises ``PlanAlreadyImported`` unless
    ``replace``, which deletes the earlier review and its plan first.

    ``themes``: the theme names to give each recommendation, in the plan's order, as the
    person chose them in the preview (none when not given). Nothing is suggested here.
    """
    themes_for = _themes_for(plan, themes)
    matches = agency_matches(plan_agency_names(plan), partnership)
    unlinked = [m for m in matches if m.needs_link]
    if unlinked and not link_agencies:
        raise AgenciesNeedLinking(unlinked, partnership)
    sha256 = hashlib.sha256(source).hexdigest()
    replaced_review_id = None
    existing = find_import(partnership, sha256)
    if existing is not None:
        if not replace:
            raise PlanAlreadyImported(existing.review)
        replaced = existing.review
        replaced_review_id = replaced.pk
        audit_event_record(
            actor=actor,
            event_type=events.PLAN_REPLACED,
            target=replaced,
            partnership=partnership,
            summary=f"Plan replaced by a new import of {filename}",
            before={"review_id": replaced.pk, "title": replaced.title},
        )
        replaced.delete()

    info = plan.review
    published, published_precision = _date_fields(info.published_on)
    review = Review.objects.create(
        partnership=partnership,
        review_type=info.review_type if info.review_type in ReviewType.values else ReviewType.OTHER,
        title=info.title,
        subject_pseudonym=info.subject_pseudonym or "",
        reference=info.reference or "",
        preamble=plan.preamble or "",
        published_on=published,
        published_on_precision=published_precision,
        plan_status=plan_status,
        agreed_at=_agreed_at(plan_status, agreed_on),
    )

    agency_for = agencies_resolve(matches, partnership=partnership, actor=actor)
    action_count = 0
    for rec_order, rec in enumerate(plan.recommendations, start=1):
        recommendation = Recommendation.objects.create(
            review=review, order=rec_order, **recommendation_fields(rec)
        )
        if themes_for[rec_order - 1]:
            recommendation.themes.set(themes_for[rec_order - 1])
        for action_order, item in enumerate(rec.actions, start=1):
            action_add(
                recommendation=recommendation, item=item, order=action_order, agency_for=agency_for
            )
            action_count += 1

    ImportSource.objects.create(
        review=review,
        partnership=partnership,
        sha256=sha256,
        filename=filename,
        size=len(source),
        content=source,
    )

    audit_event_record(
        actor=actor,
        event_type=events.PLAN_IMPORTED,
        target=review,
        partnership=partnership,
        summary=f"Plan imported from {filename}: {len(plan.recommendations)} recommendations, "
        f"{action_count} actions",
        after={
            "sha256": sha256,
            "filename": filename,
            "recommendations": len(plan.recommendations),
            "actions": action_count,
            "recommendations_with_themes": sum(1 for chosen in themes_for if chosen),
            "plan_status": review.plan_status,
            "agreed_at": review.agreed_at.isoformat() if review.agreed_at else None,
        },
    )
    findings_refresh(review=review)
    return ImportResult(
        review=review,
        replaced_review_id=replaced_review_id,
        recommendation_count=len(plan.recommendations),
        action_count=action_count,
    )
