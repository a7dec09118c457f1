"""followthrough backup / restore: the database and the evidence files, in one archive.

Whoever runs these reads and writes the database directly, as the server does; each backup
and restore is recorded in the audit trail with the account that ran it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from followthrough.cli.export import _via
from followthrough.cli.site import setup_django

COUNT_WORDS = (
    ("plans.review", "reviews"),
    ("plans.action", "actions"),
    ("delivery.progressupdate", "progress updates"),
    ("auth.user", "users"),
)


def register(subparsers) -> None:
    cmd = subparsers.add_parser(
        "backup",
        help="write the database and the evidence files to one archive",
        description="Write a backup: the database (SQLite through its online backup, safe "
        "while the app runs; PostgreSQL through pg_dump), every evidence file under the media "
        "folder, and a manifest with a SHA-256 of each. FILE ending in .gz or .tgz is "
        "compressed; '-' writes to standard output (to pipe into gpg or age). The file is "
        "readable by its owner only. The secret key is not included. See docs/deployment.md.",
    )
    cmd.add_argument("file", metavar="FILE", help="the archive to write (.tar, .tar.gz), or -")
    cmd.add_argument("--gzip", action="store_true", help="compress (implied by .gz and .tgz)")
    cmd.set_defaults(func=run_backup)

    cmd = subparsers.add_parser(
        "restore",
        help="replace the database and the evidence files with a backup",
        description="Restore a backup made by 'followthrough backup'. The whole archive is "
        "checked first (manifest, checksums, engine, schema version) and nothing changes if "
        "anything is wrong. It then asks before it replaces the current data, unless --yes. "
        "A restore that fails puts the current data back. A backup older than this version "
        "is migrated. --check only checks. '-' reads the archive from standard input (with "
        "--yes or --check). Stop the app first.",
    )
    cmd.add_argument("file", metavar="FILE", help="the archive to restore, or -")
    which = cmd.add_mutually_exclusive_group()
    which.add_argument(
        "--yes", action="store_true", help="do not ask before replacing the current data"
    )
    which.add_argument(
        "--check",
        action="store_true",
        help="only check the backup (as a restore would) and say what it holds; change nothing",
    )
    cmd.set_defaults(func=run_restore)


def run_backup(args) -> int:
    from followthrough.cli import CommandError

    to_stdout = args.file == "-"
    if to_stdout and sys.stdout.isatty():
        raise CommandError(
            "a backup would be written to the terminal: give a FILE, or pipe the output"
        )
    compress = args.gzip or args.file.endswith((".gz", ".tgz"))
    setup_django()
    from followthrough.backups.services import BackupFailed, BackupRefused, backup_create

    target = sys.stdout.buffer if to_stdout else Path(args.file)
    try:
        result = _database_errors(
            lambda: backup_create(target=target, compress=compress, actor=None, via=_via())
        )
    except (BackupRefused, BackupFailed) as exc:
        raise CommandError(str(exc)) from None
    except BrokenPipeError:
        raise CommandError(
            "the program reading the backup stopped before the end: the backup is incomplete"
        ) from None
    if to_stdout:
        sys.stdout.flush()
    report = sys.stderr if to_stdout else sys.stdout
    where = "standard output" if to_stdout else args.file
    print(
        f"Backed up {_counts(result.counts)} and {_n(result.media_files, 'evidence files')} to "
        f"{where} ({_size(result.size)}, SHA-256 {result.sha256}).",
        file=report,
    )
    if result.missing_evidence:
        print(
            f"Warning: {result.missing_evidence} evidence files the database lists were "
            "already missing from the media folder, so they are not in the backup.",
            file=sys.stderr,
        )
    if result.left_out:
        print(
            f"Warning: {result.left_out} links or special files in the media folder were left out.",
            file=sys.stderr,
        )
    return 0


def run_restore(args) -> int:
    from followthrough.cli import CommandError

    from_stdin = args.file == "-"
    if from_stdin and not (args.yes or args.check):
        raise CommandError("reading the backup from standard input needs --yes (or --check)")
    setup_django()
    from followthrough.backups.services import (
        BackupFailed,
        BackupRefused,
        RestoreCancelled,
        RestoreFailed,
        backup_restore,
    )

    source = sys.stdin.buffer if from_stdin else Path(args.file)
    confirm = _say_and_stop if args.check else _say_and_go_on if args.yes else _ask
    try:
        result = _database_errors(
            lambda: backup_restore(
                source=source,
                actor=None,
                via=_via(),
                confirm=confirm,
                label="standard input" if from_stdin else None,
            )
        )
    except RestoreCancelled:
        if args.check:
            print("The backup is complete and can be restored here: nothing was changed.")
            return 0
        print("Restore cancelled: nothing changed.")
        return 1
    except (BackupRefused, BackupFailed, RestoreFailed) as exc:
        raise CommandError(str(exc)) from None
    plan = result.plan
    print(
        f"Restored the backup of {_when(plan.created_at)}: {_counts(plan.counts)} and "
        f"{_n(plan.media_files, 'evidence files')}."
    )
    if result.migrations_applied:
        print(
            f"The backup came from Followthrough {plan.app_version}: "
            f"{_n(result.migrations_applied, 'migrations')} brought its database up to date."
        )
    return 0


def _describe(plan) -> str:
    current = _counts(plan.current_counts) if plan.current_counts else "nothing yet"
    older = (
        "\nIt is older than this version of Followthrough: its database will be migrated."
        if plan.older_than_code
        else ""
    )
    return (
        f"{plan.label} is a backup made on {_when(plan.created_at)} by Followthrough "
        f"{plan.app_version}: {_counts(plan.counts)} and {_n(plan.media_files, 'evidence files')}. "
        "Its checksums are correct.\n"
        f"Restoring it replaces {plan.replaces} (now {current}) and every file in "
        f"{plan.media_root}.{older}"
    )


def _say_and_stop(plan) -> bool:
    print(_describe(plan))
    return False


def _say_and_go_on(plan) -> bool:
    print(_describe(plan))
    return True


def _ask(plan) -> bool:
    print(_describe(plan))
    try:
        answer = input("Type 'yes' to replace the current data: ")
    except (EOFError, OSError):  # no terminal to ask on (cron, a pipe)
        print("\nNo answer: give --yes to restore without asking.")
        return False
    return answer.strip().lower() == "yes"


def _database_errors(run):
    from django.db import DatabaseError

    from followthrough.cli import CommandError

    try:
        return run()
    except DatabaseError as exc:
        raise CommandError(
            f"the database could not be used ({exc.__class__.__name__}): is it running, and "
            "is DATABASE_URL right?"
        ) from None


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(_n(counts.get(label, 0), words) for label, words in COUNT_WORDS)


def _n(count: int, words: str) -> str:
    return f"{count} {words.removesuffix('s') if count == 1 else words}"


def _when(iso: str) -> str:
    """The manifest's time as people read it, in the app's time zone."""
    import datetime as dt

    from django.utils import timezone

    try:
        moment = timezone.localtime(dt.datetime.fromisoformat(iso))
    except (TypeError, ValueError):
        return iso
    return f"{moment:%-d %B %Y at %H:%M}"


def _size(n: float) -> str:
    if n < 1024:
        return f"{int(n)} bytes"
    for unit in ("KB", "MB", "GB"):
        n /= 1024
        if n < 1024 or unit == "GB":
            return f"{n:.1f} {unit}"
    raise AssertionError("unreachable")
