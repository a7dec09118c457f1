"""``followthrough clocks``: each review type's stages, with their timescale, basis and source."""

from __future__ import annotations

import json
import os
import textwrap

WIDTH = 100  # of the table
STAGE_WIDTH = 44
TIMESCALE_WIDTH = 38


def register(subparsers) -> None:
    cmd = subparsers.add_parser(
        "clocks",
        help="list each review type's stages and their statutory or local timescales",
        description="Print the stages of each review type in order, with the time each is due "
        "within, counted from which earlier stage, the basis of that timescale (statutory, "
        "guidance or local policy) and where it comes from. Reads the stages file "
        "FOLLOWTHROUGH_STAGES_FILE names, else the packaged one; use it to check your own copy "
        "before pointing the web app at it. Exits with status 2 if the file cannot be used.",
    )
    cmd.add_argument(
        "--type",
        metavar="CODE",
        dest="review_type",
        help="only this review type (DHR, DARDR, SAR, CSPR, PFD, inquiry, other)",
    )
    cmd.add_argument(
        "--file",
        metavar="PATH",
        help="the stages file to read (default: $FOLLOWTHROUGH_STAGES_FILE, else the packaged "
        "stages.toml)",
    )
    cmd.add_argument("--json", action="store_true", help="print the stages as JSON")
    cmd.set_defaults(func=run)


def run(args) -> int:
    from followthrough.cli import CommandError
    from followthrough.clocks.rules import DEFAULT_STAGES_FILE, StagesFileError, load_stages

    path = args.file or os.environ.get("FOLLOWTHROUGH_STAGES_FILE") or DEFAULT_STAGES_FILE
    try:
        stages = load_stages(path)
    except StagesFileError as exc:
        raise CommandError(" ".join(str(exc).split())) from None
    if args.review_type is not None:
        code = _code(args.review_type, stages)
        if code is None:
            raise CommandError(
                f"no review type {args.review_type!r} in {path}: use one of {', '.join(stages)}"
            )
        stages = {code: stages[code]}
    if args.json:
        print(json.dumps({code: _as_json(s) for code, s in stages.items()}, indent=2))
    else:
        print(f"Stages and clocks from {path}")
        for review_type in stages.values():
            print()
            print(_table(review_type, stages))
    return 0


def _code(wanted: str, stages) -> str | None:
    if wanted in stages:
        return wanted
    return next((code for code in stages if code.lower() == wanted.lower()), None)


def _as_json(review_type) -> dict:
    return {
        "label": review_type.label,
        "stages": [
            {
                "key": rule.key,
                "label": rule.label,
                "clock_from": rule.clock_from,
                "within": str(rule.within) if rule.within else None,
                "basis": rule.basis,
                "source": rule.source,
                "outcomes": list(rule.outcomes),
                "returns_to": rule.returns_to,
                "per_addressee": rule.per_addressee,
                "optional": rule.optional,
                "closes": rule.closes,
            }
            for rule in review_type.stages
        ],
    }


def _table(review_type, everything) -> str:
    shared = [
        code
        for code, other in everything.items()
        if other is not review_type and other.stages is review_type.stages
    ]
    title = f"{review_type.review_type}: {review_type.label}"
    if shared:
        title += f" (same stages as {', '.join(shared)})"
    lines = [title, ""]
    lines.append(f"{'Stage':<{STAGE_WIDTH}}  {'Due':<{TIMESCALE_WIDTH}}  Basis")
    lines.append(f"{'-' * STAGE_WIDTH}  {'-' * TIMESCALE_WIDTH}  {'-' * 10}")
    for number, rule in enumerate(review_type.stages, start=1):
        due = f"{rule.within} after {rule.clock_from}" if rule.within else "no clock"
        stage = textwrap.wrap(
            f"{number}. {rule.label} [{rule.key}]", STAGE_WIDTH, subsequent_indent="   "
        )
        timescale = textwrap.wrap(due, TIMESCALE_WIDTH)
        for i in range(max(len(stage), len(timescale))):
            left = stage[i] if i < len(stage) else ""
            middle = timescale[i] if i < len(timescale) else ""
            right = (rule.basis or "-") if i == 0 and rule.within else ""
            lines.append(f"{left:<{STAGE_WIDTH}}  {middle:<{TIMESCALE_WIDTH}}  {right}".rstrip())
        for note in _notes(rule):
            lines.extend(
                textwrap.wrap(note, WIDTH, initial_indent="    ", subsequent_indent="      ")
            )
    return "\n".join(lines)


def _notes(rule) -> list[str]:
    notes = []
    if rule.outcomes:
        text = f"Outcomes: {', '.join(rule.outcomes)}"
        if rule.returns_to:
            text += f"; returned: a new round from {rule.returns_to}"
        notes.append(text + ".")
    if rule.per_addressee:
        notes.append("One clock for each addressee.")
    if rule.optional:
        notes.append("Optional: recorded when it happens, never late.")
    if rule.closes:
        notes.append("Recording it closes the review.")
    if rule.source:
        notes.append(f"Source: {rule.source}")
    return notes
