"""Speed of the SMART checker on large plans: 30, 300, 600 and 2,000 actions.

    .venv/bin/python bench/smart_speed.py [--sizes 30,300,600,2000] [--runs 3]

Builds each plan reproducibly (seed 13) from the recommendations and actions of the labelled
set (tests/smart/labelled_plans.json): two actions to a recommendation, each text made its own
by a place and a team named in it, one in ten repeated word for word from an earlier
action of the same agency (so the duplicate checks find something), leads from twelve agencies,
every action with two milestones. Times ``check_plan`` in CPU seconds of this process (so that
other work on the machine counts for less; the median of ``--runs`` runs, each reading every
text afresh) and prints a digest of each report, so that the figures of two
versions of the checker can be set side by side and their findings shown to be the same:

    git archive <commit> src/followthrough | tar -x -C /tmp/before
    PYTHONPATH=/tmp/before/src .venv/bin/python bench/smart_speed.py   # before
    .venv/bin/python bench/smart_speed.py                              # after

Plain Python: no Django, no database. Prints Markdown for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import hashlib
import json
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

from followthrough.interchange import ActionPlan, Lead, ReviewInfo
from followthrough.smart import check_plan
from followthrough.smart.accuracy import load_labelled

ROOT = Path(__file__).resolve().parents[1]
LABELLED = ROOT / "tests" / "smart" / "labelled_plans.json"
AGENCIES = [
    "Northvale Police",
    "Northvale Council Adult Social Care",
    "Northvale Council Children's Services",
    "Riverside NHS Foundation Trust (RNFT)",
    "Northvale Integrated Care Board",
    "Northvale Probation Service",
    "Northvale Housing Trust",
    "Riverside Ambulance Service",
    "Northvale Fire and Rescue",
    "Northvale IDVA Service",
    "Northvale Drug and Alcohol Service",
    "Northvale CSP",
]
PLACES = [
    "Ashby", "Brookfield", "Carlton", "Denholme", "Elmsworth", "Fairley", "Granton", "Holbeck",
    "Ivybridge", "Jarrow", "Kelham", "Langley", "Marston", "Netherby", "Oakworth", "Pendle",
]  # fmt: skip
TEAMS = [
    "safeguarding", "triage", "custody", "neighbourhood", "hospital", "reablement", "duty",
    "outreach", "tenancy", "youth", "probation", "midwifery", "emergency", "recovery",
]  # fmt: skip


def build_plan(actions: int, *, seed: int = 13) -> ActionPlan:
    """A plan of ``actions`` actions (two to a recommendation), the same for the same seed."""
    rng = random.Random(seed)
    labelled = load_labelled(LABELLED)
    recs = [rec for case in labelled for rec in case.plan.recommendations if rec.actions]
    pool = [action for rec in recs for action in rec.actions]
    made: list = []
    recommendations = []
    for r in range((actions + 1) // 2):
        rec = copy.deepcopy(recs[r % len(recs)])
        rec.number = str(r + 1)
        (place, other), (team, panel) = rng.sample(PLACES, 2), rng.sample(TEAMS, 2)
        rec.text = (
            f"{rec.text.rstrip('.')}, starting with the {place} {team} service "
            f"and the {other} {panel} panel."
        )
        rec.actions = []
        for _ in range(min(2, actions - len(made))):
            if made and rng.random() < 0.1:
                action = copy.deepcopy(rng.choice(made))  # a duplicate, same agency
            else:
                action = copy.deepcopy(rng.choice(pool))
                place, team = rng.choice(PLACES), rng.choice(TEAMS)
                action.text = f"{action.text.rstrip('.')} for the {place} {team} team."
                action.leads = [Lead(role="Lead officer", agency=rng.choice(AGENCIES))]
                action.milestones = action.milestones[:2]
            made.append(action)
            rec.actions.append(action)
        recommendations.append(rec)
    return ActionPlan(
        review=ReviewInfo(
            title="Benchmark plan",
            partnership="Northvale CSP",
            published_on=labelled[0].plan.review.published_on,
        ),
        recommendations=recommendations,
    )


def forget_texts() -> None:
    """Empty the checker's cache of texts already read, if it has one, so that every run reads
    the plan afresh (a plan checked again in the app reads only its changed texts afresh)."""
    from followthrough.smart import text

    if hasattr(text.clauses, "cache_clear"):
        text.clauses.cache_clear()


def digest(report) -> str:
    data = json.dumps(report.to_dict(), sort_keys=True).encode()
    return hashlib.sha256(data).hexdigest()[:12]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="30,300,600,2000")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    today = dt.date(2026, 12, 1)
    import followthrough.smart

    print(f"Date: {dt.date.today().isoformat()}")
    print(
        f"Machine: {platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()} ({sys.implementation.name})"
    )
    print(f"Checker: {Path(followthrough.smart.__file__).parent}")
    print()
    print("| actions | recommendations | findings | median CPU s | ms per action | report digest |")
    print("|---:|---:|---:|---:|---:|---|")
    for size in (int(s) for s in args.sizes.split(",")):
        plan = build_plan(size)
        kwargs = {"partners": AGENCIES, "today": today}
        check_plan(plan, **kwargs)  # read the word lists
        times, report = [], None
        for _ in range(args.runs):
            forget_texts()
            start = time.process_time()
            report = check_plan(plan, **kwargs)
            times.append(time.process_time() - start)
        median = statistics.median(times)
        print(
            f"| {size:,} | {len(plan.recommendations):,} | {len(report.all_findings()):,} "
            f"| {median:.3f} | {median / size * 1000:.2f} | `{digest(report)}` |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
