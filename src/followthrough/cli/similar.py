"""followthrough similar: the earlier recommendations that ask for the same thing as a text."""

from __future__ import annotations

import argparse
import json
import sys
import textwrap

from followthrough.cli.site import setup_django

MAX_LIMIT = 1000


def _limit(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if not 1 <= n <= MAX_LIMIT:
        raise argparse.ArgumentTypeError(f"give a number from 1 to {MAX_LIMIT}, not {n}")
    return n


def register(subparsers) -> None:
    cmd = subparsers.add_parser(
        "similar",
        help="list the recommendations already made that ask for the same thing as TEXT",
        description="Find the recommendations in the database that ask for the same thing as "
        "TEXT, in other words or the same, best first: only those judged to be repeats, each "
        "with its review's reference, its number, its text, a score from 0 to 1 and what "
        "became of it. It is for the operator on the server and sees every recommendation of "
        "every partnership, published or not: in the web pages each person sees only what "
        "they may. Give TEXT as - to read it from standard input.",
    )
    cmd.add_argument("text", metavar="TEXT", nargs="+", help="the recommendation's text")
    cmd.add_argument(
        "--limit",
        type=_limit,
        default=10,
        metavar="N",
        help="list at most N recommendations (default 10)",
    )
    cmd.add_argument(
        "--json",
        action="store_true",
        help="print a JSON list, best first ([] when nothing repeats it)",
    )
    cmd.set_defaults(func=run_similar)


def _text(args) -> str:
    from followthrough.cli import CommandError

    if args.text == ["-"]:
        try:
            text = sys.stdin.read()
        except UnicodeDecodeError:
            raise CommandError("standard input is not text (UTF-8)") from None
    else:
        text = " ".join(args.text)
    text = text.strip()
    if not text:
        raise CommandError("give the text of a recommendation to look for")
    return text


def _as_json(repeat) -> dict:
    from followthrough.plans.outcomes import Outcome

    return {
        "reference": repeat.reference,
        "number": repeat.number,
        "text": repeat.text,
        "score": round(repeat.score, 3),
        "partnership": repeat.partnership_name,
        "review_type": repeat.review_type,
        "year": repeat.year,
        "outcome": Outcome(repeat.outcome).value,
        "review_id": repeat.review_id,
        "recommendation_id": repeat.recommendation_id,
    }


def _table(repeats) -> str:
    lines = []
    for repeat in repeats:
        where = repeat.reference or "(no reference)"
        number = f"recommendation {repeat.number}" if repeat.number else "recommendation"
        about = ", ".join(
            bit
            for bit in [
                repeat.partnership_name,
                repeat.review_type,
                str(repeat.year or ""),
                repeat.outcome_label.lower(),
            ]
            if bit
        )
        lines.append(f"{repeat.score:.2f}  {where}, {number} ({about})")
        lines.extend(
            textwrap.wrap(
                " ".join(repeat.text.split()),
                width=88,
                initial_indent="      ",
                subsequent_indent="      ",
            )
        )
    return "\n".join(lines)


def run_similar(args) -> int:
    from followthrough.cli import CommandError

    text = _text(args)
    setup_django()
    from django.db import DatabaseError

    from followthrough.lessons.selectors import every_repeat

    try:
        repeats = every_repeat(text, limit=args.limit)
    except DatabaseError as exc:
        raise CommandError(
            f"the database could not be read ({exc.__class__.__name__}). "
            "Run 'followthrough manage migrate' if the database is new."
        ) from None
    if args.json:
        print(json.dumps([_as_json(r) for r in repeats], indent=2, ensure_ascii=False))
    elif repeats:
        print(_table(repeats))
    else:
        print("No earlier recommendation asks for the same thing.")
    return 0
