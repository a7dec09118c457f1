"""Speed of the exports on a 50-recommendation plan.

    .venv/bin/python bench/export_speed.py [--recommendations 50] [--actions 1] [--runs 5]

Builds a plan of ``--recommendations`` recommendations from the seed plan's (each with its
actions, leads, milestones, dates and outcomes, numbered afresh and grouped under ten themes),
with ``--actions`` copies of its action each and delivery recorded beside every action as the
app records it, then times each writer from the interchange dataclasses to the file's bytes:
Word in the Home Office template, PDF in the same layout (Django template and WeasyPrint),
Excel, CSV, JSON, and the board pack of the same actions in Word and PDF. The first run is
reported on its own (it loads fonts and libraries); the figure is the median of ``--runs`` runs
after it. The targets: Word under 1 s and PDF under 3 s. Prints Markdown for
docs/benchmarks.md, with the date and machine.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seeds" / "dhr-sarah-action-plan.expected.json"
TARGETS = {"Word (template)": 1.0, "PDF (template)": 3.0}


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "followthrough.settings")
    os.environ.setdefault("FOLLOWTHROUGH_LOG_LEVEL", "ERROR")
    import django

    django.setup()


def big_plan(recommendations: int, actions: int = 1):
    from followthrough.exports.model import ActionDelivery, PlanExport
    from followthrough.interchange import plan_from_dict

    seed = plan_from_dict(json.loads(SEED.read_text()))
    plan = copy.deepcopy(seed)
    plan.recommendations = []
    for i in range(recommendations):
        rec = copy.deepcopy(seed.recommendations[i % len(seed.recommendations)])
        rec.number = str(i + 1)
        rec.theme = f"{rec.theme or 'Theme'} {i // 5 + 1}"
        rec.actions = [copy.deepcopy(a) for a in rec.actions for _ in range(actions)]
        plan.recommendations.append(rec)
    statuses = [
        ("on_track", "On track", "green"),
        ("at_risk", "At risk", "amber"),
        ("signed_off", "Signed off", "green"),
        ("not_started", "Not started", "red"),
    ]
    delivery = [
        ActionDelivery(
            status=statuses[i % 4][0],
            status_label=statuses[i % 4][1],
            rag=statuses[i % 4][2],
            state_label="Open",
            milestones_done=[None] * len(action.milestones),
        )
        for i, action in enumerate(plan.actions())
    ]
    return PlanExport(plan=plan, delivery=delivery, exported_on=dt.date.today())


def board_pack_of(export):
    """A board pack over the same actions: a figure row for each agency, a fifth of them
    updated since the date, a tenth overdue and a seventh exceptions, listed in full."""
    from followthrough.exports.model import (
        BoardPack,
        Change,
        ExceptionItem,
        Figures,
        PackAction,
        Profile,
    )

    today = dt.date.today()
    items = []
    for row in export.rows():
        items.append(
            PackAction(
                review=export.plan.review.title,
                review_reference=None,
                recommendation_number=row.recommendation.number,
                text=row.action.text,
                agencies=[lead.agency for lead in row.action.leads if lead.agency],
                leads="; ".join(f"{lead.name} ({lead.agency})" for lead in row.action.leads),
                target=row.action.target_date,
                target_text=None,
                original_target=None,
                target_revisions=0,
                status_label=row.delivery.status_label,
                rag=row.delivery.rag,
                state="overdue" if row.rec_position % 10 == 0 else "open",
                state_label="Open",
                completed_on=row.action.completed_on,
                days_overdue=12,
            )
        )
    agencies: dict[str, list] = {}
    for item in items:
        for agency in item.agencies:
            agencies.setdefault(agency, []).append(item)
    changes = [
        Change(on=today, action=item, summary="On track", by="A Person", detail="Progress. " * 20)
        for item in items[::5]
    ]
    return BoardPack(
        title="South Lakeland CSP",
        partnership="South Lakeland CSP",
        reviews=[export.plan.review.title],
        since=today - dt.timedelta(days=91),
        today=today,
        profile=Profile.INTERNAL,
        state_counts=[("open", "Open", len(items))],
        rag_counts=[
            ("red", "Red", 5),
            ("amber", "Amber", 10),
            ("green", "Green", 35),
            ("not_rated", "Not rated", 0),
        ],
        updates=changes,
        completions=changes[:3],
        sign_offs=changes[:3],
        revisions=changes[:2],
        overdue=[ExceptionItem(action=i, reason="") for i in items if i.state == "overdue"],
        exceptions=[ExceptionItem(action=i, reason="At risk") for i in items[::7]],
        agency_figures=[
            Figures(name=a, total=len(acts), open=len(acts)) for a, acts in sorted(agencies.items())
        ],
        recommendation_count=len(export.plan.recommendations),
        action_count=len(items),
    )


def timed(write: Callable, value, runs: int) -> tuple[float, float, int]:
    start = time.perf_counter()
    size = len(write(value))
    first = time.perf_counter() - start
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        write(value)
        times.append(time.perf_counter() - start)
    return first, statistics.median(times), size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--recommendations", type=int, default=50)
    parser.add_argument("--actions", type=int, default=1, help="actions per recommendation")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    setup_django()
    from followthrough.exports import pdf
    from followthrough.exports.writers import board_pack, csv, docx, json, xlsx

    export = big_plan(args.recommendations, args.actions)
    pack = board_pack_of(export)
    writers = [
        ("Word (template)", docx.plan_docx, export),
        ("PDF (template)", pdf.plan_pdf, export),
        ("Excel", xlsx.plan_xlsx, export),
        ("CSV", csv.plan_csv, export),
        ("JSON", json.plan_json, export),
        ("Board pack, Word", board_pack.board_pack_docx, pack),
        ("Board pack, PDF", pdf.board_pack_pdf, pack),
    ]
    actions = len(export.plan.actions())
    milestones = sum(len(a.milestones) for a in export.plan.actions())
    print(f"- Date: {dt.date.today().isoformat()}")
    print(
        f"- Machine: {platform.machine()}, {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()} ({platform.python_implementation().lower()})"
    )
    print(
        f"- Plan: {args.recommendations} recommendations, {actions} actions, {milestones} "
        f"milestones; median of {args.runs} runs after a first run"
    )
    print()
    print("| Export | first run (s) | median (s) | target (s) | size (KB) |")
    print("|---|---:|---:|---:|---:|")
    failed = False
    for name, write, value in writers:
        first, median, size = timed(write, value, args.runs)
        target = TARGETS.get(name)
        if target and median >= target:
            failed = True
        shown = f"{target:.0f}" if target else ""
        print(f"| {name} | {first:.2f} | {median:.2f} | {shown} | {size / 1024:.0f} |")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
