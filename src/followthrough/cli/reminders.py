"""followthrough send-reminders: the daily reminder e-mails, run from cron."""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from followthrough.cli.site import setup_django

LABELS = {
    "overdue": "{n} overdue",
    "due_soon": "{n} due soon",
    "awaiting_update": "{n} waiting for an update",
    "awaiting_sign_off": "{n} awaiting sign-off",
    "to_escalate": "{n} to escalate",
    "overdue_in_partnerships": "{n} overdue by agency",
}
# A coordinator's revised dates waiting for their decision (issue 17).
DECISION_LABELS = {
    "dates_to_decide": "{n} revised date(s) to decide",
}
# A coordinator's reviews whose next stage is late or due soon against its clock (issue 16).
REVIEW_LABELS = {
    "reviews_late": "{n} review(s) late against their clocks",
    "reviews_due_soon": "{n} review(s) with a stage due soon",
}


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date as YYYY-MM-DD: {text!r}") from None


def register(subparsers) -> None:
    cmd = subparsers.add_parser(
        "send-reminders",
        help="e-mail each agency lead and coordinator their reminder digest (run it from cron)",
        description="E-mail each agency lead a digest of their agency's actions that are "
        "overdue, due soon or waiting for their update, and each coordinator a digest of "
        "actions awaiting sign-off, revised dates to decide, actions overdue by agency and to "
        "escalate; each action with a link to the form for what is asked. Nobody gets more than "
        "one digest a day, and nobody with nothing to report gets one, however often it runs: "
        "it is safe to run from cron, and twice at once.",
    )
    cmd.add_argument(
        "--dry-run",
        action="store_true",
        help="print who would get a digest and what it would count; send nothing",
    )
    cmd.add_argument(
        "--date",
        type=_day,
        metavar="YYYY-MM-DD",
        help="run as of this day (default: today), to catch up on a missed day",
    )
    cmd.set_defaults(func=run_send_reminders)


def _describe(digest) -> str:
    labels = LABELS | DECISION_LABELS | REVIEW_LABELS
    return ", ".join(labels[kind].format(n=n) for kind, n in digest.counts().items())


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def run_send_reminders(args) -> int:
    from followthrough.cli import CommandError

    setup_django()
    from django.db import DatabaseError
    from django.utils import timezone

    from followthrough.notifications.services import reminders_send

    today = args.date or timezone.localdate()
    try:
        run = reminders_send(today=today, dry_run=args.dry_run)
    except DatabaseError as exc:
        raise CommandError(
            f"the database refused the reminders ({exc.__class__.__name__}). "
            "Run 'followthrough manage migrate' if the database is new."
        ) from None

    day = f"{today:%A} {today.day} {today:%B %Y}"
    if run.dry_run:
        print(f"Dry run for {day}: nothing is sent.")
        for digest in run.sent:
            print(f"  would send to {digest.user.username}: {_describe(digest)}")
        for user in run.already_sent:
            print(f"  already sent today: {user.username}")
    for digest in run.no_address:
        print(
            f"  no e-mail address for {digest.user.username}, who has "
            f"{_describe(digest)}: add one in the administration pages",
            file=sys.stderr,
        )
    for digest, error in run.failed:
        print(
            f"  could not send to {digest.user.username} ({error}): the next run tries again",
            file=sys.stderr,
        )
    verb = "Would send" if run.dry_run else "Sent"
    parts = [
        f"{verb} {_plural(len(run.sent) + len(run.queued), 'reminder digest')} for {day}",
        f"skipped {len(run.already_sent)} already sent today",
        f"{run.nothing_to_report} with nothing to report",
    ]
    if run.no_address:
        parts.append(f"{len(run.no_address)} without an e-mail address")
    if run.failed:
        parts.append(f"{len(run.failed)} failed")
    print("; ".join(parts) + ".")
    return 1 if run.failed else 0
