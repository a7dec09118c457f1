"""Upload, read, correct and save a plan document through the preview.

No document is read inside a transaction: the upload stores the bytes and queues the reading
(one short write), the worker reads them in a sandboxed child process with no transaction open
(``imports.tasks``), and stores the result in another short write. On SQLite the write lock is
held for milliseconds, never for the length of a parse.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from followthrough import interchange
from followthrough.audit import events
from followthrough.audit.services import audit_event_record
from followthrough.imports.models import PendingImport
from followthrough.plans.services import ImportResult, PlanAlreadyImported, plan_import
from followthrough.plans.services.importing import find_import

State = PendingImport.State


class StaleCorrection(Exception):
    """Someone else corrected the preview after this page was opened."""

    def __init__(self):
        super().__init__(
            "Someone else changed this import after you opened the page, so your change was not "
            "saved and theirs is kept. Check the plan as it is now, then make your change again."
        )


class ImportGone(Exception):
    """The pending import was saved or cancelled meanwhile (by someone else, or in another tab)."""


class ImportNotReady(Exception):
    """The document has not been read (yet), so there is nothing to correct or save."""


class PlanDoesNotFit(Exception):
    """A value of the plan is longer or larger than the review can hold; the message says which
    and what to do."""


def _check_fits(
    plan: interchange.ActionPlan,
    advice: str = "Change it in the preview, then save the plan.",
) -> None:
    """Raise ``PlanDoesNotFit`` for the first value longer than its field of the stored review
    (a title of 400 characters read from a document), before anything is written."""
    from followthrough.partnerships.models import Agency
    from followthrough.plans.models import Action, ActionLead, Milestone, Recommendation, Review

    def fits(what: str, value, model, field: str) -> None:
        limit = model._meta.get_field(field).max_length
        if value and len(value) > limit:
            raise PlanDoesNotFit(
                f"{what} is {len(value):,} characters long; it can be at most {limit:,}. " + advice
            )

    review = plan.review
    fits("The review's title", review.title, Review, "title")
    fits("The pseudonym", review.subject_pseudonym, Review, "subject_pseudonym")
    fits("The reference", review.reference, Review, "reference")
    for r, rec in enumerate(plan.recommendations, start=1):
        fits(f"The number of recommendation {r}", rec.number, Recommendation, "number")
        fits(f"The theme of recommendation {r}", rec.theme, Recommendation, "theme_heading")
        fits(f"The area of recommendation {r}", rec.area, Recommendation, "area")
        for a, action in enumerate(rec.actions, start=1):
            where = f"action {a} of recommendation {r}"
            fits(f"The target date of {where}", action.target_date_text, Action, "target_date_text")
            for lead in action.leads:
                fits(f"A lead's name in {where}", lead.name, ActionLead, "person_name")
                fits(f"A lead's role in {where}", lead.role, ActionLead, "role")
                fits(f"A lead's agency in {where}", lead.agency, Agency, "name")
            for ms in action.milestones:
                fits(f"A milestone's date in {where}", ms.target_date_text, Milestone,
                     "target_date_text")  # fmt: skip
                if ms.number is not None and not 0 <= ms.number <= 32_767:
                    raise PlanDoesNotFit(
                        f"A milestone of {where} is numbered {ms.number}, which is not a "
                        "milestone number. Change it in the preview, then save the plan."
                    )


def _enqueue(pending: PendingImport) -> None:
    # The job is a row in the same database, written in the same transaction as the pending
    # import: it exists exactly when the pending import does, so it is not deferred to
    # on_commit (nothing is sent anywhere before the commit).
    from followthrough.imports.tasks import read_pending_import

    read_pending_import.enqueue(pending.pk)


class DraftExists(Exception):
    """The same document is already waiting in an unsaved import of the partnership: that
    import, with its corrections, is the one to go on with."""

    def __init__(self, pending: PendingImport):
        super().__init__(f"already uploaded as pending import #{pending.pk}")
        self.pending = pending


@transaction.atomic
def pending_import_create(*, partnership, data: bytes, filename: str, actor) -> PendingImport:
    """Keep an uploaded document and queue it to be read (``imports.tasks``).

    Raises ``PlanAlreadyImported`` (this very document is already a review of the
    partnership), or ``DraftExists`` (it is waiting, queued, being read or in its preview, in
    an import of the partnership not yet saved); nothing is stored then. An earlier upload of
    it that was refused is closed (audited) and the document read afresh.
    """
    from followthrough.partnerships.models import Partnership

    sha256 = hashlib.sha256(data).hexdigest()
    existing = find_import(partnership, sha256)
    if existing is not None:
        raise PlanAlreadyImported(existing.review)
    # One upload of a partnership at a time decides whether the document is new to it.
    Partnership.objects.select_for_update().filter(pk=partnership.pk).first()
    same = list(PendingImport.objects.filter(partnership=partnership, sha256=sha256).defer(
        "content", "plan"
    ))  # fmt: skip
    draft = next((p for p in same if p.state != State.REFUSED), None)
    if draft is not None:
        raise DraftExists(draft)
    for refused in same:
        _close(refused, actor, events.IMPORT_DISCARDED,
               "Refused upload closed: the same document was uploaded again")  # fmt: skip
    pending = PendingImport.objects.create(
        partnership=partnership,
        uploaded_by=actor,
        filename=filename,
        sha256=sha256,
        size=len(data),
        content=data,
        state=State.QUEUED,
    )
    audit_event_record(
        actor=actor,
        event_type=events.IMPORT_UPLOADED,
        target=pending,
        partnership=partnership,
        summary="Plan document uploaded; queued to be read",
        after={"sha256": sha256, "size": len(data)},
    )
    _enqueue(pending)
    return pending


def pending_import_start(*, pk: int) -> PendingImport | None:
    """Claim a queued document for reading: the pending import, now "reading", or None if it
    is not queued any more (cancelled, or claimed by another run of the job)."""
    claimed = PendingImport.objects.filter(pk=pk, state=State.QUEUED).update(
        state=State.READING, started_at=timezone.now()
    )
    return PendingImport.objects.filter(pk=pk).first() if claimed else None


@transaction.atomic
def pending_import_read(*, pending: PendingImport, plan: interchange.ActionPlan) -> bool:
    """Keep what the reader read and open the preview. False (nothing changed) if the pending
    import is no longer being read: cancelled meanwhile, or given up as lost and queued again."""
    done = PendingImport.objects.filter(pk=pending.pk, state=State.READING).update(
        state=State.READY,
        plan=interchange.plan_to_dict(plan, warnings=True),
        themes={},  # chosen for the plan as read before, if it was read before
        finished_at=timezone.now(),
    )
    if done:
        audit_event_record(
            actor=None,
            event_type=events.IMPORT_READ,
            target=pending,
            partnership=pending.partnership,
            summary=f"Plan document read: {len(plan.recommendations)} recommendations and "
            f"{len(plan.actions())} actions, ready to preview",
        )
    return bool(done)


@transaction.atomic
def pending_import_refuse(*, pending: PendingImport, message: str) -> bool:
    """The document cannot be read: keep the one line saying why, and drop the document."""
    done = PendingImport.objects.filter(pk=pending.pk, state=State.READING).update(
        state=State.REFUSED, message=message, content=b"", plan=None, finished_at=timezone.now()
    )
    if done:
        audit_event_record(
            actor=None,
            event_type=events.IMPORT_REFUSED,
            target=pending,
            partnership=pending.partnership,
            summary="Plan document could not be read; it was not kept",
        )
    return bool(done)


def is_lost(pending: PendingImport, now=None) -> bool:
    """Whether a document waiting or being read has waited longer than it ever should: the
    worker is not running, or died while reading it."""
    now = now or timezone.now()
    if pending.state == State.QUEUED:
        return now - pending.queued_at > timedelta(
            seconds=settings.FOLLOWTHROUGH_IMPORT_WAIT_SECONDS
        )
    if pending.state == State.READING and pending.started_at:
        # The sandbox stops a reading at the time limit; a minute past it, nobody is reading.
        patience = settings.FOLLOWTHROUGH_PARSE_SECONDS + 60
        return now - pending.started_at > timedelta(seconds=patience)
    return False


@transaction.atomic
def pending_import_requeue(*, pending: PendingImport, actor) -> PendingImport:
    """Queue a lost document to be read again. Refuses (``ImportNotReady``) one that is not
    lost: still within its time, or already read."""
    locked = PendingImport.objects.select_for_update().filter(pk=pending.pk).first()
    if locked is None:
        raise ImportGone()
    if not is_lost(locked):
        raise ImportNotReady()
    locked.state = State.QUEUED
    locked.queued_at = timezone.now()
    locked.started_at = None
    locked.save(update_fields=["state", "queued_at", "started_at"])
    audit_event_record(
        actor=actor,
        event_type=events.IMPORT_REQUEUED,
        target=locked,
        partnership=locked.partnership,
        summary="Plan document queued to be read again (the first reading was lost)",
    )
    _enqueue(locked)
    return locked


def pending_import_plan(pending: PendingImport) -> interchange.ActionPlan:
    if not pending.is_ready:
        raise ImportNotReady()
    return interchange.plan_from_dict(pending.plan)


@transaction.atomic
def pending_import_correct(
    *,
    pending: PendingImport,
    plan: interchange.ActionPlan,
    what: str,
    expected_version: int,
    actor,
    themes_chosen: tuple[int, list[str]] | None = None,
) -> PendingImport:
    """Keep a correction made in the preview (``what`` names the part corrected), if the page
    it was made on showed the current version; otherwise ``StaleCorrection`` and nothing
    changes. ``plan`` is the whole plan with the correction applied. ``themes_chosen``: the
    themes the person chose for a recommendation (its place in the plan, theme names), kept
    to be saved with it whatever they answer about the suggested themes."""
    locked = PendingImport.objects.select_for_update().filter(pk=pending.pk).first()
    if locked is None:
        raise ImportGone()
    if locked.version != expected_version or locked.version != pending.version:
        raise StaleCorrection()
    locked.plan = interchange.plan_to_dict(plan, warnings=True)
    if themes_chosen is not None:
        place, names = themes_chosen
        locked.themes = {**locked.themes, str(place): list(names)}
    locked.version += 1
    locked.save(update_fields=["plan", "themes", "version"])
    audit_event_record(
        actor=actor,
        event_type=events.IMPORT_CORRECTED,
        target=locked,
        partnership=locked.partnership,
        summary=f"Preview corrected: {what}",
        after={"version": locked.version},
    )
    return locked


class NoPartnershipNamed(Exception):
    """The document does not say which partnership owns it, and none was given."""

    def __init__(self):
        super().__init__(
            "the plan does not say which partnership owns it: give one with --partnership NAME"
        )


def document_import(
    *,
    data: bytes,
    filename: str,
    plan: interchange.ActionPlan,
    partnership_name: str | None,
    actor,
    replace: bool = False,
    link_agencies: bool = False,
) -> ImportResult:
    """Store a document already read (by the worker's reader, in the sandbox) as a review, all
    or nothing: the command line's import, of one file or of each file of a folder. The
    partnership is the one named, or the one the plan names (``NoPartnershipNamed``); a value
    too long for the review is ``PlanDoesNotFit``, as in the preview; then ``plan_import``
    (``PlanAlreadyImported``, ``AgenciesNeedLinking``)."""
    from followthrough.partnerships.services import partnership_get_or_create

    owner = partnership_name or plan.review.partnership
    if not owner:
        raise NoPartnershipNamed()
    _check_fits(plan, advice="Shorten it in the document, then import it again.")
    with transaction.atomic():
        return plan_import(
            plan=plan,
            partnership=partnership_get_or_create(name=owner, actor=actor),
            source=data,
            filename=filename,
            actor=actor,
            replace=replace,
            link_agencies=link_agencies,
            # A published plan is agreed: on the day the document gives, else today.
            agreed_on=agreed_day(plan, timezone.localdate())[0],
        )


class ReferenceTaken(Exception):
    """The plan's reference is already another review's in the partnership."""

    def __init__(self, review):
        super().__init__(
            f"Nothing was saved: \u201c{review.title}\u201d already has the reference "
            f"{review.reference}. If this document is a new version of it, compare it with that "
            "review; if not, correct the reference."
        )
        self.review = review


# "agreed by the panel on 12 March 2024", "Date agreed: March 2024"
_AGREED = re.compile(r"\bagreed\b", re.IGNORECASE)
# How far after "agreed" the date may stand: "agreed by the Safer Cumbria board on 12 March".
_AGREED_WITHIN = 60


@dataclass(frozen=True)
class DocumentDate:
    date: interchange.PartialDate
    what: str  # which date of the document it is, in words


def document_date(plan: interchange.ActionPlan) -> DocumentDate | None:
    """The date the document gives for its plan: the day it says the plan was agreed (a
    sentence of its introduction with a date shortly after "agreed"), else its publication
    date."""
    from followthrough.parsing.dates import find_date_spans

    for sentence in re.split(r"(?<=[.;])\s+|\n", plan.preamble or ""):
        said = _AGREED.search(sentence)
        if said is None:
            continue
        after = sentence[said.end() : said.end() + _AGREED_WITHIN]
        found = [f for f in find_date_spans(after) if not f.approximate]
        if found:
            return DocumentDate(found[0].date, "the date the document says it was agreed")
    if plan.review.published_on is not None:
        return DocumentDate(plan.review.published_on, "its publication date")
    return None


def agreed_day(plan: interchange.ActionPlan, today) -> tuple:
    """The day to offer as the day the plan was agreed, and the document date it comes from
    (or None): that date when the document gives one (the last day of a month or year it gives
    alone, and never after today), else today."""
    given = document_date(plan)
    if given is None:
        return today, None
    return min(given.date.due_on, today), given


def _reference_taken(plan: interchange.ActionPlan, partnership):
    from followthrough.plans.models import Review

    reference = plan.review.reference
    if not reference:
        return None
    return Review.objects.filter(partnership=partnership, reference__iexact=reference).first()


def import_themes(
    plan: interchange.ActionPlan, chosen: dict, *, save_suggested: bool
) -> list[list[str]]:
    """The themes to save with each recommendation of the plan, in order: those the person
    chose for it on its correction page (``chosen``, by place) when they did; otherwise the
    themes suggested from its text if ``save_suggested``, else none."""
    from followthrough.learning.themes import suggest_themes

    themes = []
    for place, rec in enumerate(plan.recommendations, start=1):
        if str(place) in chosen:
            themes.append(list(chosen[str(place)]))
        elif save_suggested:
            themes.append([found.theme for found in suggest_themes(rec.text)])
        else:
            themes.append([])
    return themes


def pending_import_save(
    *,
    pending: PendingImport,
    actor,
    link_agencies: bool = False,
    agreed: bool = True,
    agreed_on=None,
    save_suggested_themes: bool = False,
) -> ImportResult:
    """Store the corrected plan as a review, all or nothing, and close the preview.

    ``agreed``: the person says whether the plan is agreed (on ``agreed_on``: its target dates
    then change only through revised dates) or still a draft. ``link_agencies``: the person
    confirmed that the agencies the plan names which are in Followthrough for other
    partnerships are the same organisations (``AgenciesNeedLinking`` otherwise, and nothing is
    saved).

    Raises ``ImportGone`` if it was saved or cancelled meanwhile, ``PlanDoesNotFit`` if a value
    is too long for the review, ``ReferenceTaken`` if its reference is another review's
    (nothing is saved). If the same document was saved meanwhile from another preview, this
    one is closed too (audited) and ``PlanAlreadyImported`` names the review that was saved.

    Themes: each recommendation gets those the person chose for it in the preview; the rest
    the themes suggested from their text when ``save_suggested_themes``, else none
    (``import_themes``), saved with the plan in the same transaction."""
    from followthrough.plans.models import PlanStatus

    try:
        with transaction.atomic():
            locked = PendingImport.objects.select_for_update().filter(pk=pending.pk).first()
            if locked is None:
                raise ImportGone()
            plan = pending_import_plan(locked)
            _check_fits(plan)
            taken = _reference_taken(plan, locked.partnership)
            if taken is not None:
                raise ReferenceTaken(taken)
            result = plan_import(
                plan=plan,
                partnership=locked.partnership,
                source=bytes(locked.content),
                filename=locked.filename,
                actor=actor,
                link_agencies=link_agencies,
                plan_status=PlanStatus.AGREED if agreed else PlanStatus.DRAFT,
                agreed_on=agreed_on if agreed else None,
                themes=import_themes(plan, locked.themes, save_suggested=save_suggested_themes),
            )
            locked.delete()
            return result
    except PlanAlreadyImported as exc:
        with transaction.atomic():
            _close(
                pending,
                actor,
                events.IMPORT_SUPERSEDED,
                f"Preview closed: the same document was saved meanwhile as review #{exc.review.pk}",
            )
        raise


@transaction.atomic
def pending_import_revise(
    *,
    pending: PendingImport,
    review,
    fingerprint: str,
    expected_version: int,
    actor,
    link_agencies: bool = False,
):
    """Apply the document in the preview to ``review`` as a new version of its plan
    (``plans.services.revising``), all or nothing, and close the preview. Refused with
    ``StaleCorrection`` if the preview was corrected after the comparison was shown,
    ``ImportGone`` if it was saved or cancelled meanwhile, ``PlanDoesNotFit`` as a save is;
    and as ``plan_revise`` refuses."""
    from followthrough.plans.services.revising import plan_revise

    locked = PendingImport.objects.select_for_update().filter(pk=pending.pk).first()
    if locked is None:
        raise ImportGone()
    if locked.version != expected_version:
        raise StaleCorrection()
    plan = pending_import_plan(locked)
    _check_fits(plan)
    changes = plan_revise(
        review=review,
        plan=plan,
        source=bytes(locked.content),
        filename=locked.filename,
        fingerprint=fingerprint,
        actor=actor,
        link_agencies=link_agencies,
    )
    locked.delete()
    return changes


@transaction.atomic
def pending_import_discard(*, pending: PendingImport, actor) -> None:
    _close(pending, actor, events.IMPORT_DISCARDED, "Preview discarded; nothing was saved")


def _close(pending: PendingImport, actor, event_type: str, summary: str) -> None:
    locked = PendingImport.objects.select_for_update().filter(pk=pending.pk).first()
    if locked is None:
        return  # closed already
    audit_event_record(
        actor=actor,
        event_type=event_type,
        target=locked,
        partnership=locked.partnership,
        summary=summary,
    )
    locked.delete()


def pending_import_template(*, pending: PendingImport, actor) -> bytes:
    """What was read, as the Excel template to complete offline and upload again
    (``imports.template``). A download of plan data, so audited, as exports are."""
    from followthrough.imports.template import plan_template

    plan = pending_import_plan(pending)
    content = plan_template(plan, partnership=pending.partnership.name)
    with transaction.atomic():
        audit_event_record(
            actor=actor,
            event_type=events.IMPORT_TEMPLATE_DOWNLOADED,
            target=pending,
            partnership=pending.partnership,
            summary="What was read downloaded as an Excel template",
            after={
                "version": pending.version,
                "bytes": len(content),
                "sha256": hashlib.sha256(content).hexdigest(),
            },
        )
    return content
