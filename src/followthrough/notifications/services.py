"""The notifications service: reminder digests and calendar links.

This is the one place that sends mail (tests/notifications/test_mail_boundary.py fails on a
mail API used anywhere else). Mail goes out only after the transaction that claimed it has
committed (``transaction.on_commit``).

Reminders are safe to run twice at once: before a digest is sent, a ``ReminderDigest`` row
unique per person and day is created in the same transaction as its audit event. A run claims
all its people at once, in a fixed number of queries: it first locks their user rows (in id
order), so a second run at the same moment waits for the first to commit and then finds their
claims and skips them; should a claim still collide (SQLite does not lock rows), the run claims
one person at a time instead, and a person another run claimed meanwhile is skipped
(IntegrityError). If sending fails, that person's row is deleted again, so the next run tries
again.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import secrets
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from followthrough.audit import events
from followthrough.audit.models import AuditEvent
from followthrough.audit.services import audit_event_record
from followthrough.notifications.models import CalendarFeed, ReminderDigest, token_hash
from followthrough.notifications.selectors import (
    Digest,
    ReminderRules,
    digests_for,
    reminder_recipients,
)

logger = logging.getLogger("followthrough.notifications")

SENT = "sent"
ALREADY_SENT = "already_sent"
FAILED = "failed"
QUEUED = "queued"  # claimed inside an outer transaction: sent when that one commits


def reminder_rules(today: dt.date) -> ReminderRules:
    return ReminderRules(
        today=today,
        due_days=settings.FOLLOWTHROUGH_REMINDER_DUE_DAYS,
        awaiting_update_days=settings.FOLLOWTHROUGH_AWAITING_UPDATE_DAYS,
        escalate_after_days=settings.FOLLOWTHROUGH_ESCALATE_AFTER_DAYS,
    )


def _tidy(text: str) -> str:
    """Plain text from a template: no trailing spaces, no runs of blank lines."""
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def _digest_message(digest: Digest) -> EmailMultiAlternatives:
    context = {
        "digest": digest,
        "user": digest.user,
        "rules": digest.rules,
        "base_url": settings.FOLLOWTHROUGH_BASE_URL,
        "calendar_path": reverse("notifications:calendar"),
    }
    subject = " ".join(render_to_string("notifications/email/digest_subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject=subject,
        body=_tidy(render_to_string("notifications/email/digest.txt", context)),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[digest.user.email],
        headers={"Auto-Submitted": "auto-generated", "X-Auto-Response-Suppress": "All"},
    )
    message.attach_alternative(
        render_to_string("notifications/email/digest.html", context), "text/html"
    )
    return message


@dataclass
class _Delivery:
    outcome: str = QUEUED
    error: str = ""


def _deliver(claim: ReminderDigest, message: EmailMultiAlternatives, delivery: _Delivery):
    """Send a claimed digest (after the claim has committed). On failure the claim is
    released, so the next run sends it."""
    try:
        message.send()
    except Exception as exc:  # SMTP refusals, network errors, a misconfigured backend
        delivery.outcome, delivery.error = FAILED, exc.__class__.__name__
        logger.warning(
            "reminder digest #%s for user #%s not sent: %s", claim.pk, claim.user_id, delivery.error
        )
        with transaction.atomic():
            ReminderDigest.objects.filter(pk=claim.pk).delete()
            audit_event_record(
                actor=None,
                event_type=events.REMINDER_DIGEST_FAILED,
                target=claim,
                summary=f"Reminder digest for {claim.sent_on:%Y-%m-%d} not sent "
                f"({delivery.error}); the next run tries again",
                after={"user_id": claim.user_id, "sent_on": claim.sent_on.isoformat()},
            )
        return
    delivery.outcome = SENT


def reminder_digest_send(*, digest: Digest, actor=None) -> tuple[str, str]:
    """Claim today's digest for its recipient and send it once the claim has committed.
    Returns the outcome (SENT, ALREADY_SENT, FAILED, or QUEUED inside an outer transaction)
    and, for a failure, the error's class name. The audit event carries counts only."""
    message = _digest_message(digest)
    delivery = _Delivery()
    with transaction.atomic():
        try:
            with transaction.atomic():
                claim = ReminderDigest.objects.create(
                    user=digest.user, sent_on=digest.rules.today, item_count=digest.item_count
                )
        except IntegrityError:
            return ALREADY_SENT, ""
        audit_event_record(
            actor=actor,
            event_type=events.REMINDER_DIGEST_SENT,
            target=claim,
            **_claim_audit(claim, digest),
        )
        transaction.on_commit(lambda: _deliver(claim, message, delivery))
    return delivery.outcome, delivery.error


def _claim_audit(claim: ReminderDigest, digest: Digest) -> dict:
    """The summary and counts of a claim's audit event: never what the actions are."""
    return {
        "summary": f"Reminder digest for {claim.sent_on:%Y-%m-%d}: {digest.item_count} action(s)",
        "after": {
            "user_id": claim.user_id,
            "sent_on": claim.sent_on.isoformat(),
            **digest.counts(),
        },
    }


def reminder_digests_send(*, digests: list[Digest], actor=None) -> list[tuple[str, str]]:
    """Claim today's digest for each of its recipients and send each once the claims have
    committed, as ``reminder_digest_send`` does for one, in a fixed number of queries however
    many there are (a failed send costs two more). Returns each digest's outcome and error."""
    if not digests:
        return []
    [today] = {digest.rules.today for digest in digests}
    messages = [_digest_message(digest) for digest in digests]
    deliveries = [_Delivery() for _ in digests]
    user_ids = sorted(digest.user.pk for digest in digests)
    try:
        with transaction.atomic():
            # One run claims these people at a time: a second run waits here until the first
            # has committed, then finds its claims. In id order, so two runs never wait for
            # each other crosswise; no key update, so rows that refer to a user are not held up.
            list(
                get_user_model()
                .objects.select_for_update(no_key=True)
                .filter(pk__in=user_ids)
                .order_by("pk")
                .values_list("pk", flat=True)
            )
            taken = set(
                ReminderDigest.objects.filter(user_id__in=user_ids, sent_on=today).values_list(
                    "user_id", flat=True
                )
            )
            fresh = [n for n, digest in enumerate(digests) if digest.user.pk not in taken]
            for n, digest in enumerate(digests):
                if digest.user.pk in taken:
                    deliveries[n].outcome = ALREADY_SENT
            claims = ReminderDigest.objects.bulk_create(
                ReminderDigest(
                    user=digests[n].user, sent_on=today, item_count=digests[n].item_count
                )
                for n in fresh
            )
            _claims_audit(claims, [digests[n] for n in fresh], actor)
            sends = [
                (claim, messages[n], deliveries[n]) for claim, n in zip(claims, fresh, strict=True)
            ]
            transaction.on_commit(lambda: [_deliver(*send) for send in sends])
    except IntegrityError:
        # Another run claimed one of them between our look and our claim (SQLite, which does
        # not lock rows): claim them one at a time, skipping those already claimed.
        return [reminder_digest_send(digest=digest, actor=actor) for digest in digests]
    return [(delivery.outcome, delivery.error) for delivery in deliveries]


def _claims_audit(claims: list[ReminderDigest], digests: list[Digest], actor) -> None:
    """The audit event of each claim, as ``audit_event_record`` writes it, in one insert."""
    event_actor = actor if actor is not None and actor.is_authenticated else None
    target_type = ReminderDigest._meta.label_lower
    recorded = AuditEvent.objects.bulk_create(
        AuditEvent(
            actor=event_actor,
            event_type=events.REMINDER_DIGEST_SENT,
            target_type=target_type,
            target_id=claim.pk,
            summary=audit["summary"][:300],
            after=audit["after"],
        )
        for claim, digest in zip(claims, digests, strict=True)
        for audit in [_claim_audit(claim, digest)]
    )
    for event in recorded:
        # Ids only, as audit_event_record logs: names and plan text stay out of logs.
        logger.info(
            "%s %s#%s actor=%s",
            event.event_type,
            event.target_type,
            event.target_id,
            event.actor_id,
        )


@dataclass
class ReminderRun:
    """What a run did, for the command to report."""

    today: dt.date
    dry_run: bool
    sent: list[Digest] = field(default_factory=list)
    queued: list[Digest] = field(default_factory=list)
    already_sent: list = field(default_factory=list)
    nothing_to_report: int = 0
    no_address: list[Digest] = field(default_factory=list)
    failed: list[tuple[Digest, str]] = field(default_factory=list)


def reminders_send(*, today: dt.date, dry_run: bool = False, actor=None) -> ReminderRun:
    """Send each lead and coordinator their digest for ``today``: at most one per person and
    day, none to anyone with nothing to report. The whole run reads what it needs in a fixed
    number of queries, however many people and actions (``digests_for``), and claims them all
    in one transaction (``reminder_digests_send``); each mail is sent on its own once that has
    committed, so one failure does not hold back the others. With ``dry_run``, work out who
    would get what and change nothing."""
    run = ReminderRun(today=today, dry_run=dry_run)
    rules = reminder_rules(today)
    users = list(reminder_recipients())
    claimed = set(
        ReminderDigest.objects.filter(
            sent_on=today, user_id__in=[user.pk for user in users]
        ).values_list("user_id", flat=True)
    )
    run.already_sent = [user for user in users if user.pk in claimed]
    to_send = []
    for digest in digests_for([user for user in users if user.pk not in claimed], rules):
        if digest.is_empty:
            run.nothing_to_report += 1
        elif not digest.user.email:
            run.no_address.append(digest)
        elif dry_run:
            run.sent.append(digest)
        else:
            to_send.append(digest)
    outcomes = reminder_digests_send(digests=to_send, actor=actor)
    for digest, (outcome, error) in zip(to_send, outcomes, strict=True):
        if outcome == SENT:
            run.sent.append(digest)
        elif outcome == QUEUED:
            run.queued.append(digest)
        elif outcome == ALREADY_SENT:
            run.already_sent.append(digest.user)
        else:
            run.failed.append((digest, error))
    return run


def _calendar_feeds_revoke(user, actor) -> int:
    feeds = list(CalendarFeed.objects.select_for_update().filter(user=user, revoked_at=None))
    now = timezone.now()
    for feed in feeds:
        feed.revoked_at = now
        feed.save(update_fields=["revoked_at"])
        audit_event_record(
            actor=actor,
            event_type=events.CALENDAR_FEED_REVOKED,
            target=feed,
            summary="Calendar link revoked",
        )
    return len(feeds)


@transaction.atomic
def calendar_feed_create(*, user, actor) -> tuple[CalendarFeed, str]:
    """A new private calendar link for ``user``; any link they had stops working. Returns the
    feed and its token, which is kept only as a hash: show it once."""
    # One at a time per user, so a double click cannot leave two live links.
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    replaced = _calendar_feeds_revoke(user, actor)
    token = secrets.token_urlsafe(32)
    feed = CalendarFeed.objects.create(user=user, token_hash=token_hash(token))
    audit_event_record(
        actor=actor,
        event_type=events.CALENDAR_FEED_CREATED,
        target=feed,
        summary="Calendar link created" + (", replacing the previous one" if replaced else ""),
    )
    return feed, token


@transaction.atomic
def calendar_feed_revoke(*, user, actor) -> int:
    """Stop the user's calendar link working, at once. Returns how many links were revoked
    (0 when there was none)."""
    return _calendar_feeds_revoke(user, actor)
