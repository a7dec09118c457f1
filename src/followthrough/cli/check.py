"""``followthrough check FILE``: check a plan against the SMART rules and report what to fix."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import textwrap

from followthrough.interchange import ActionPlan
from followthrough.smart import Finding, PlanReport, letter_counts
from followthrough.smart.text import shorten

WIDTH = 100  # of the text report


def register(subparsers) -> None:
    cmd = subparsers.add_parser(
        "check",
        help="check a plan's recommendations and actions are SMART",
        description="Check an action plan against the SMART rules (specific, measurable, "
        "achievable, relevant, time-bound) and print the findings by recommendation. Exits "
        "with status 0; with --strict, 1 if there is any problem. Exits with status 2 if the "
        "file cannot be read.",
    )
    cmd.add_argument("file", metavar="FILE", help="the plan document, or its interchange JSON")
    cmd.add_argument("--json", action="store_true", help="print the findings as JSON")
    cmd.add_argument(
        "--strict", action="store_true", help="exit with status 1 if there is any problem"
    )
    cmd.add_argument(
        "--plan-date",
        metavar="YYYY-MM-DD",
        type=_iso_date,
        help="the plan's date, for target dates set before it (default: its publication date)",
    )
    cmd.add_argument(
        "--partner",
        metavar="AGENCY",
        action="append",
        dest="partners",
        help="an agency of the partnership (repeat for each); with it, leads that are not "
        "partners are reported",
    )
    cmd.set_defaults(func=run)


def _iso_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date in the form 2024-03-31: {value!r}") from None


def run(args) -> int:
    from followthrough.cli import CommandError
    from followthrough.parsing import ParseError, read_plan_file
    from followthrough.smart import check_plan

    try:
        plan = read_plan_file(args.file)
    except ParseError as exc:
        raise CommandError(str(exc)) from None
    report = check_plan(plan, plan_date=args.plan_date, partners=args.partners)
    if args.json:
        json.dump(report_json(plan, report), sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(report_text(plan, report, plan_date_given=args.plan_date is not None))
    return 1 if args.strict and report.has_problems else 0


def report_json(plan: ActionPlan, report: PlanReport) -> dict:
    """The report's JSON with the plan's title and each recommendation's number and text."""
    data = {"title": plan.review.title, **report.to_dict()}
    for rec, rec_data in zip(plan.recommendations, data["recommendations"], strict=True):
        rec_data["number"] = rec.number
        rec_data["text"] = rec.text
        for action, action_data in zip(rec.actions, rec_data["actions"], strict=True):
            action_data["text"] = action.text
    return data


def report_text(plan: ActionPlan, report: PlanReport, *, plan_date_given: bool = False) -> str:
    actions = len(plan.actions())
    lines = [
        plan.review.title,
        f"{_plural(len(plan.recommendations), 'recommendation')}, {_plural(actions, 'action')}: "
        f"{_plural(report.problem_count, 'problem')}, {_plural(report.warning_count, 'warning')}.",
        "By letter: " + _counts(report.all_findings()),
    ]
    if not plan_date_given and plan.review.published_on is None:
        lines.append(
            "The plan has no publication date, so target dates were not checked against it: "
            "give one with --plan-date."
        )
    if report.findings:
        lines += ["", "The plan as a whole"]
        lines += _findings(report.findings, indent=2)
    for r, (rec, rec_report) in enumerate(
        zip(plan.recommendations, report.recommendations, strict=True)
    ):
        theme = f" ({rec.theme})" if rec.theme else ""
        head = f"Recommendation {rec.number or r + 1}{theme}: "
        lines += ["", head + shorten(rec.text, WIDTH - len(head))]
        found = rec_report.all_findings()
        if not found:
            lines.append("  No findings.")
            continue
        lines.append("  " + _counts(found))
        lines += _findings(rec_report.findings, indent=2)
        for a, (action, action_report) in enumerate(
            zip(rec.actions, rec_report.actions, strict=True)
        ):
            if action_report.findings:
                head = f"  Action {a + 1}: "
                lines.append(head + shorten(action.text, WIDTH - len(head)))
                lines += _findings(action_report.findings, indent=4)
    return "\n".join(lines) + "\n"


def _findings(findings: list[Finding], *, indent: int) -> list[str]:
    def wrapped(text: str, indent: int) -> str:
        pad = " " * indent
        return textwrap.fill(text, WIDTH, initial_indent=pad, subsequent_indent=pad + "  ")

    out = []
    for f in findings:
        out.append(
            wrapped(f"{f.severity.capitalize()} ({f.letter}, {f.code}): {f.message}", indent)
        )
        out.append(wrapped(f"Suggestion: {f.suggestion}", indent + 2))
    return out


def _counts(findings: list[Finding]) -> str:
    return " · ".join(f"{letter} {n}" for letter, n in letter_counts(findings).items())


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")
