"""Every write to a PFD report's addressees, and the import of a report from its text.

Each service runs in one transaction and records an audit event beside the row history. A
change to an existing addressee goes through ``concurrency.claim`` with the version its page
showed, so that a stale edit is refused (``StaleEdit``). The concerns are the review's
recommendations and the promised actions its actions, written through the plans authoring
services, so that they are audited, checked and tracked like any other.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max

from followthrough.audit import events
from followthrough.audit.services import audit_event_record
from followthrough.interchange import PartialDate
from followthrough.parsing.pfd import PfdReport, review_title
from followthrough.pfd.models import Addressee
from followthrough.pfd.selectors import partner_agencies_named
from followthrough.plans.concurrency import StaleEdit, claim, jsonable
from followthrough.plans.models import Recommendation, Review, ReviewType
from followthrough.plans.services import (
    action_create,
    action_lead_add,
    recommendation_create,
    review_create,
)

__all__ = ["PfdRuleError", "Promise", "StaleEdit"]


class PfdRuleError(Exception):
    """A change the rules of a PFD report do not allow; the message says why."""


@dataclass(frozen=True)
class Promise:
    """An action a response promises: under which concern, what, and by when."""

    concern: Recommendation
    text: str
    target_date: PartialDate | None = None


def _record(actor, event_type, addressee: Addressee, summary, before=None, after=None):
    audit_event_record(
        actor=actor,
        event_type=event_type,
        target=addressee,
        partnership=addressee.review.partnership,
        summary=summary,
        before=before,
        after=after,
    )


def _check_pfd(review: Review) -> None:
    if review.review_type != ReviewType.PFD:
        raise PfdRuleError("Only a Prevention of Future Deaths report has addressees.")


def _check_agency(review: Review, agency) -> None:
    if agency is not None and not agency.partnerships.filter(pk=review.partnership_id).exists():
        raise PfdRuleError(f"{agency} is not one of {review.partnership}'s agencies.")


def _not_future(value: dt.date | None, what: str, today: dt.date) -> None:
    if value is not None and value > today:
        raise PfdRuleError(f"The {what} cannot be in the future.")


@transaction.atomic
def addressee_add(
    *, review: Review, name: str, sent_on: dt.date, actor, agency=None, order: int | None = None
) -> Addressee:
    """One more addressee of the report, at the end of the list."""
    _check_pfd(review)
    _check_agency(review, agency)
    if order is None:
        order = (review.pfd_addressees.aggregate(m=Max("order"))["m"] or 0) + 1
    addressee = Addressee.objects.create(
        review=review, name=name, agency=agency, sent_on=sent_on, order=order
    )
    _record(
        actor,
        events.PFD_ADDRESSEE_ADDED,
        addressee,
        "Addressee added to the PFD report",
        after={"name": name, "agency_id": agency.pk if agency else None, "sent_on": str(sent_on)},
    )
    return addressee


@transaction.atomic
def addressee_change(
    *, addressee: Addressee, actor, expected_version: int, name: str, agency, sent_on: dt.date
) -> Addressee:
    _check_agency(addressee.review, agency)
    edit = claim(
        addressee, expected_version, changes={"name": name, "agency": agency, "sent_on": sent_on}
    )
    if edit.changed:
        _record(
            actor,
            events.PFD_ADDRESSEE_CHANGED,
            edit.obj,
            "Addressee of the PFD report changed",
            edit.before,
            edit.after,
        )
    return edit.obj


@transaction.atomic
def addressee_remove(*, addressee: Addressee, actor) -> None:
    """Remove an addressee (added by mistake). The actions its response promised stay in the
    plan: they are the partnership's actions now."""
    review = addressee.review
    _record(
        actor,
        events.PFD_ADDRESSEE_REMOVED,
        addressee,
        "Addressee removed from the PFD report",
        before={
            "name": addressee.name,
            "sent_on": str(addressee.sent_on),
            "response_on": jsonable(addressee.response_on),
            "promised_actions": addressee.promised_actions.count(),
        },
    )
    order = addressee.order
    addressee.delete()
    for later in review.pfd_addressees.filter(order__gt=order).order_by("order"):
        later.order -= 1
        later.save(update_fields=["order"])


@transaction.atomic
def addressee_extension_record(
    *,
    addressee: Addressee,
    actor,
    expected_version: int,
    due_on: dt.date,
    reason: str,
    granted_on: dt.date,
    today: dt.date,
) -> Addressee:
    """The coroner extended the time for this addressee's response: to ``due_on``, for
    ``reason`` (required), on ``granted_on``."""
    from followthrough.pfd.clock import response_period

    reason = reason.strip()
    if not reason:
        raise PfdRuleError("Enter the reason the coroner gave for the extension.")
    _not_future(granted_on, "date the extension was granted", today)
    statutory = response_period().after(addressee.sent_on)
    if due_on <= statutory:
        raise PfdRuleError(
            f"An extension must be to a date after the 56 days end, on {statutory:%-d %B %Y}."
        )
    edit = claim(
        addressee,
        expected_version,
        changes={
            "extended_to": due_on,
            "extension_reason": reason,
            "extension_granted_on": granted_on,
        },
    )
    if edit.changed:
        _record(
            actor,
            events.PFD_EXTENSION_RECORDED,
            edit.obj,
            "Extension of the PFD response recorded",
            edit.before,
            edit.after,
        )
    return edit.obj


@transaction.atomic
def addressee_response_record(
    *,
    addressee: Addressee,
    actor,
    expected_version: int,
    response_on: dt.date,
    summary: str,
    promises: list[Promise],
    today: dt.date,
) -> Addressee:
    """The addressee's response: when it was sent, what it says, and the actions it promises.
    Each promised action is added to the plan under the concern it answers (led by the
    addressee's agency when it is a partner), so that it is tracked like any other action."""
    _not_future(response_on, "date of the response", today)
    if response_on < addressee.sent_on:
        raise PfdRuleError("The response cannot be dated before the report.")
    review = addressee.review
    if any(promise.concern.review_id != review.pk for promise in promises):
        raise PfdRuleError("A promised action must answer one of this report's concerns.")
    edit = claim(
        addressee,
        expected_version,
        changes={"response_on": response_on, "response_summary": summary.strip()},
        always=bool(promises),
    )
    created = []
    for promise in promises:
        action = action_create(
            recommendation=promise.concern,
            text=promise.text,
            target_date=promise.target_date,
            actor=actor,
        )
        if addressee.agency_id:
            action_lead_add(
                action=action, agency=addressee.agency, person_name="", role="", actor=actor
            )
        created.append(action)
    if created:
        edit.obj.promised_actions.add(*created)
    if edit.changed or created:
        _record(
            actor,
            events.PFD_RESPONSE_RECORDED,
            edit.obj,
            f"Response to the PFD report recorded ({len(created)} promised action"
            f"{'' if len(created) == 1 else 's'})",
            edit.before,
            {**edit.after, "promised_actions": [a.pk for a in created]},
        )
    return edit.obj


@transaction.atomic
def pfd_report_import(
    *, partnership, report: PfdReport, report_date: dt.date, actor, today: dt.date
) -> Review:
    """A coroner's report, read from its text (``parsing.pfd``), saved in one go: the PFD
    review (titled by its date, never by the deceased's name), its concerns and its
    addressees, each matched to the partnership's agency of that name where there is one."""
    _not_future(report_date, "date of the report", today)
    if not report.concerns:
        raise PfdRuleError("A report needs at least one concern.")
    review = review_create(
        partnership=partnership,
        actor=actor,
        review_type=ReviewType.PFD,
        title=review_title(report_date),
        notified_on=report_date,
        preamble=f"Coroner area: {report.coroner_area}" if report.coroner_area else "",
    )
    for concern in report.concerns:
        recommendation_create(
            review=review, actor=actor, text=concern.text, number=concern.number or ""
        )
    agencies = partner_agencies_named(report.addressees, partnership)
    for order, name in enumerate(report.addressees, start=1):
        addressee_add(
            review=review,
            name=name[:300],
            sent_on=report_date,
            agency=agencies.get(name),
            order=order,
            actor=actor,
        )
    audit_event_record(
        actor=actor,
        event_type=events.PFD_REPORT_IMPORTED,
        target=review,
        partnership=partnership,
        summary="PFD report imported from its text",
        after={
            "report_date": str(report_date),
            "concerns": len(report.concerns),
            "addressees": len(report.addressees),
        },
    )
    return review
