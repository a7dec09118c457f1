"""Upload, correct and save a plan document through the preview."""

from __future__ import annotations

import hashlib

from django.db import transaction

from followthrough import interchange
from followthrough.audit import events
from followthrough.audit.services import audit_event_record
from followthrough.imports.models import PendingImport
from followthrough.parsing import read_plan
from followthrough.plans.services import ImportResult, PlanAlreadyImported, plan_import
from followthrough.plans.services.importing import find_import


@transaction.atomic
def pending_import_create(*, partnership, data: bytes, filename: str, actor) -> PendingImport:
    """Parse an uploaded document into a pending import for the preview.

    Raises ``ParseError`` (the document cannot be read) or ``PlanAlreadyImported`` (this very
    document is already a review of the partnership); nothing is stored in either case.
    """
    sha256 = hashlib.sha256(data).hexdigest()
    existing = find_import(partnership, sha256)
    if existing is not None:
        raise PlanAlreadyImported(existing.review)
    plan = read_plan(data, filename=filename)
    pending = PendingImport.objects.create(
        partnership=partnership,
        uploaded_by=actor,
        filename=filename,
        sha256=sha256,
        size=len(data),
        content=data,
        plan=interchange.plan_to_dict(plan, warnings=True),
    )
    audit_event_record(
        actor=actor,
        event_type=events.IMPORT_UPLOADED,
        target=pending,
        partnership=partnership,
        summary=f"Plan document uploaded for preview: {len(plan.recommendations)} recommendations",
        after={"sha256": sha256, "size": len(data)},
    )
    return pending


def pending_import_plan(pending: PendingImport) -> interchange.ActionPlan:
    return interchange.plan_from_dict(pending.plan)


@transaction.atomic
def pending_import_correct(
    *, pending: PendingImport, plan: interchange.ActionPlan, what: str, actor
) -> PendingImport:
    """Keep a correction made in the preview (``what`` names the part corrected)."""
    pending.plan = interchange.plan_to_dict(plan, warnings=True)
    pending.save(update_fields=["plan"])
    audit_event_record(
        actor=actor,
        event_type=events.IMPORT_CORRECTED,
        target=pending,
        partnership=pending.partnership,
        summary=f"Preview corrected: {what}",
    )
    return pending


@transaction.atomic
def pending_import_save(*, pending: PendingImport, actor) -> ImportResult:
    """Store the corrected plan as a review, all or nothing, and close the preview."""
    result = plan_import(
        plan=pending_import_plan(pending),
        partnership=pending.partnership,
        source=bytes(pending.content),
        filename=pending.filename,
        actor=actor,
    )
    pending.delete()
    return result


@transaction.atomic
def pending_import_discard(*, pending: PendingImport, actor) -> None:
    audit_event_record(
        actor=actor,
        event_type=events.IMPORT_DISCARDED,
        target=pending,
        partnership=pending.partnership,
        summary="Preview discarded; nothing was saved",
    )
    pending.delete()
