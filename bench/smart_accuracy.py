"""Precision and recall of the SMART checker on the labelled set, overall and per finding code.

    .venv/bin/python bench/smart_accuracy.py [--disagreements] [--only NAME]

Reads tests/smart/labelled_plans.json (the development set and the first held-out plans, the
set tests/smart/test_accuracy.py holds floors on) and, each apart from it, the outside sets:
tests/smart/outside_plans.json and the third to eighth (third_plans.json ... eighth_plans.json),
each written and labelled by a new author who had not seen the rules, before the checker ran on
it (OUTSIDE_AUTHOR.md, THIRD_AUTHOR.md ... EIGHTH_AUTHOR.md). Prints the figures
as Markdown tables for docs/benchmarks.md, with the date and machine. ``--only NAME`` prints one
outside set (with ``--disagreements``, its items the checker got wrong: reading them spends the
set, see docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import sys
import time
from pathlib import Path

from followthrough.smart import RULES
from followthrough.smart.accuracy import Scores, Tally, load_labelled, score

LABELLED = Path(__file__).resolve().parents[1] / "tests" / "smart" / "labelled_plans.json"
OUTSIDE_SETS = {
    "outside": LABELLED.with_name("outside_plans.json"),
    "third": LABELLED.with_name("third_plans.json"),
    "fourth": LABELLED.with_name("fourth_plans.json"),
    "fifth": LABELLED.with_name("fifth_plans.json"),
    "sixth": LABELLED.with_name("sixth_plans.json"),
    "seventh": LABELLED.with_name("seventh_plans.json"),
    "eighth": LABELLED.with_name("eighth_plans.json"),
}


def row(name: str, t: Tally) -> str:
    return (
        f"| {name} | {t.true_positives} | {t.false_positives} | {t.false_negatives} "
        f"| {t.precision:.2f} | {t.recall:.2f} |"
    )


def table(title: str, scores: Scores, *, per_code: bool) -> list[str]:
    lines = [
        f"{title}: {scores.recommendations} recommendations and {scores.actions} actions "
        f"({scores.items} items with the plans themselves).",
        "",
        "| | true pos. | false pos. | false neg. | precision | recall |",
        "|---|---:|---:|---:|---:|---:|",
        row("**overall**", scores.overall),
    ]
    if per_code:
        lines += [row(f"`{rule.code}`", scores.by_code[rule.code]) for rule in RULES]
    return lines + [""]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--disagreements", action="store_true", help="list every item the checker got wrong"
    )
    parser.add_argument(
        "--only", choices=sorted(OUTSIDE_SETS), help="one outside set only (and its disagreements)"
    )
    args = parser.parse_args()
    outside = {name: load_labelled(path) for name, path in OUTSIDE_SETS.items() if path.exists()}
    if args.only:
        scores = score(outside.get(args.only, []))
        print("\n".join(table(f"Outside set '{args.only}'", scores, per_code=True)))
        if args.disagreements:
            _disagreements(scores)
        return 0

    labelled = load_labelled(LABELLED)
    held_out = [case for case in labelled if case.set == "held-out"]
    everything = score(labelled)

    runs = 20
    start = time.perf_counter()
    for _ in range(runs):
        score(labelled)
    per_plan_ms = (time.perf_counter() - start) / runs / len(labelled) * 1000

    print(f"Date: {dt.date.today().isoformat()}")
    print(
        f"Machine: {platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()} ({sys.implementation.name})"
    )
    print(f"Speed: {per_plan_ms:.1f} ms to check one plan of the set (mean of {runs} runs)")
    print()
    print("\n".join(table("Whole set", everything, per_code=True)))
    print("\n".join(table("Held-out plans only", score(held_out), per_code=False)))
    for name, plans in outside.items():
        title = f"Outside set '{name}' (kept apart)"
        print("\n".join(table(title, score(plans), per_code=True)))
    if args.disagreements:
        _disagreements(everything)
    return 0


def _disagreements(scores: Scores) -> None:
    for d in scores.disagreements:
        print(f"- {d.plan}, {d.where}: missed {d.missed or '-'}, extra {d.extra or '-'}")
        print(f"  {d.text}")


if __name__ == "__main__":
    sys.exit(main())
