"""``followthrough parse FILE``: print a plan document as interchange JSON."""

from __future__ import annotations

import json
import sys

from followthrough.interchange import plan_to_dict
from followthrough.parsing.reader import FORMATS


def register(subparsers) -> None:
    cmd = subparsers.add_parser(
        "parse",
        help="read an action plan document and print it as JSON",
        description="Read an action plan document and print it as JSON in the interchange "
        "format (followthrough.action-plan/1). Exits with status 2 if the file cannot be read.",
    )
    cmd.add_argument(
        "file",
        metavar="FILE",
        help="the plan document: Word, Excel, CSV, PDF, a web page (HTML), text or JSON",
    )
    cmd.add_argument(
        "--warnings", action="store_true", help="include where the reader had to guess"
    )
    cmd.add_argument(
        "--format",
        choices=list(FORMATS),
        help="read the file as this format instead of the one its content suggests",
    )
    cmd.set_defaults(func=run)


def run(args) -> int:
    from followthrough.cli import CommandError
    from followthrough.parsing import ParseError, read_plan_file

    try:
        plan = read_plan_file(args.file, format=args.format)
    except ParseError as exc:
        raise CommandError(str(exc)) from None
    json.dump(plan_to_dict(plan, warnings=args.warnings), sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0
