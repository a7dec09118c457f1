"""followthrough export / board-pack: a review's plan, or a board pack, as a file.

Whoever runs these reads the database directly, as the server does, so there is no user to
check; each export is still recorded in the audit trail, with the account that ran it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import sys
from pathlib import Path

from followthrough.cli.site import setup_django

PLAN_FORMATS = ("docx", "pdf", "xlsx", "csv", "json")
PACK_FORMATS = ("pdf", "docx")
BINARY = {"docx", "pdf", "xlsx"}


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date as YYYY-MM-DD: {text!r}") from None


def register(subparsers) -> None:
    cmd = subparsers.add_parser(
        "export",
        help="write a review's action plan as Word, PDF, Excel, CSV or JSON",
        description="Write the action plan of a stored review: Word or PDF in the Home Office "
        "template, Excel (a sheet of actions and one of milestones), CSV (the actions) or JSON "
        "in the interchange format. The file goes to standard output unless -o is given. The "
        "public profile (published reviews only) names agencies but no people and leaves out "
        "outcome notes. Every export is recorded in the audit trail.",
    )
    cmd.add_argument("review", metavar="REVIEW", help="the review's id or its reference")
    cmd.add_argument(
        "--format",
        choices=PLAN_FORMATS,
        help="the file format (default: from the -o file's extension)",
    )
    _common(cmd)
    cmd.set_defaults(func=run_export)

    cmd = subparsers.add_parser(
        "board-pack",
        help="write the board pack of a partnership or of one review (PDF or Word)",
        description="Write a board pack: summary counts and a RAG chart, what changed since a "
        "date (progress updates, completions, sign-offs, revised dates), overdue actions and "
        "exceptions, and a table for each lead agency. For a partnership (all its reviews) or "
        "for one review.",
    )
    which = cmd.add_mutually_exclusive_group(required=True)
    which.add_argument("--partnership", metavar="NAME_OR_ID", help="the partnership's name or id")
    which.add_argument("--review", metavar="REVIEW", help="the review's id or its reference")
    cmd.add_argument(
        "--since",
        type=_day,
        metavar="YYYY-MM-DD",
        help="count the changes since this day (default: three months ago)",
    )
    cmd.add_argument(
        "--format", choices=PACK_FORMATS, help="PDF or Word (default: from -o, else pdf)"
    )
    _common(cmd)
    cmd.set_defaults(func=run_board_pack)


def _common(cmd) -> None:
    cmd.add_argument(
        "--profile",
        choices=("internal", "public"),
        default="internal",
        help="internal (default): everything, with names; public: published reviews only, "
        "agencies but no names",
    )
    cmd.add_argument(
        "-o", "--output", metavar="FILE", help="write to FILE instead of standard output"
    )


def _format(args, choices: tuple[str, ...], default: str | None) -> str:
    from followthrough.cli import CommandError

    if args.format:
        return args.format
    if args.output:
        suffix = Path(args.output).suffix.lower().lstrip(".")
        if suffix in choices:
            return suffix
    if default:
        return default
    raise CommandError(f"give the format with --format {'|'.join(choices)}")


def _find_review(key: str):
    from followthrough.cli import CommandError
    from followthrough.plans.models import Review

    reviews = Review.objects.select_related("partnership")
    if key.isdigit() and (review := reviews.filter(pk=int(key)).first()):
        return review
    matches = list(reviews.filter(reference__iexact=key.strip())[:2])
    if len(matches) > 1:
        raise CommandError(
            f"the reference '{key}' is used in more than one partnership: give the review's id"
        )
    if not matches:
        raise CommandError(f"no review has the id or reference '{key}'")
    return matches[0]


def _find_partnership(key: str):
    from followthrough.cli import CommandError
    from followthrough.partnerships.models import Partnership

    if key.isdigit() and (partnership := Partnership.objects.filter(pk=int(key)).first()):
        return partnership
    partnership = Partnership.objects.filter(name__iexact=key.strip()).first()
    if partnership is None:
        raise CommandError(f"no partnership has the name or id '{key}'")
    return partnership


def _via() -> str:
    try:
        return f"command line ({getpass.getuser()})"
    except Exception:  # no user name in this environment (a container without one)
        return "command line"


def _write(args, file, fmt: str) -> int:
    from followthrough.cli import CommandError

    if args.output:
        path = Path(args.output)
        try:
            path.write_bytes(file.content)
        except OSError as exc:
            raise CommandError(f"cannot write {path}: {exc.strerror}") from None
        print(f"Wrote {path} ({_size(len(file.content))}).")
        return 0
    sys.stdout.buffer.write(file.content)
    sys.stdout.flush()
    return 0


def _size(n: int) -> str:
    return f"{n} bytes" if n < 1024 else f"{n / 1024:.0f} KB"


def _refuse_terminal(args, fmt: str) -> None:
    from followthrough.cli import CommandError

    if not args.output and fmt in BINARY and sys.stdout.isatty():
        raise CommandError(
            f"a .{fmt} file would be written to the terminal: give -o FILE, or redirect the "
            "output to a file"
        )


def _run(make):
    from django.db import DatabaseError

    from followthrough.cli import CommandError
    from followthrough.exports.pdf import PdfUnavailable
    from followthrough.exports.profiles import ProfileRefused

    try:
        return make()
    except (ProfileRefused, PdfUnavailable) as exc:
        raise CommandError(str(exc)) from None
    except DatabaseError as exc:
        raise CommandError(
            f"the database could not be read ({exc.__class__.__name__}). "
            "Run 'followthrough manage migrate' if the database is new."
        ) from None


def run_export(args) -> int:
    fmt = _format(args, PLAN_FORMATS, None)
    _refuse_terminal(args, fmt)
    setup_django()
    from followthrough.exports.services import review_export

    def make():
        review = _find_review(args.review)
        return review_export(review=review, fmt=fmt, profile=args.profile, actor=None, via=_via())

    return _write(args, _run(make), fmt)


def run_board_pack(args) -> int:
    fmt = _format(args, PACK_FORMATS, "pdf")
    _refuse_terminal(args, fmt)
    setup_django()
    from django.utils import timezone

    from followthrough.exports.selectors import default_since
    from followthrough.exports.services import board_pack_export

    since = args.since or default_since(timezone.localdate())

    def make():
        review = _find_review(args.review) if args.review else None
        partnership = _find_partnership(args.partnership) if args.partnership else None
        return board_pack_export(
            partnership=partnership,
            review=review,
            since=since,
            fmt=fmt,
            profile=args.profile,
            actor=None,
            via=_via(),
        )

    return _write(args, _run(make), fmt)
