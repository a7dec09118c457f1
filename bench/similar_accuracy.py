"""Precision, recall and F1 of the repeat finder on a labelled set, beside the plain TF-IDF floor.

    .venv/bin/python bench/similar_accuracy.py [--set PATH] [--method tuned|tfidf] [--sweep]

Every member of every group, and every distractor, is looked up against an index of everything
else in the set: a member of its own group returned is a true positive, anything else returned a
false positive (a distractor returned is one), a member of its own group missed a false negative.
Default set: bench/data/repeats-labelled.json (held out, outside author); the development set is
tests/learning/data/repeats-dev.json. ``--sweep`` also prints F1 over a range of thresholds.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import platform
import sys
from pathlib import Path

from followthrough.learning.accuracy import load, score_repeats
from followthrough.learning.similar import DEFAULT_METHOD, METHODS, RepeatIndex

ROOT = Path(__file__).resolve().parents[1]
HELD_OUT = ROOT / "bench" / "data" / "repeats-labelled.json"


def run(data: dict, method):
    return score_repeats(data, lambda items: RepeatIndex(items, method=method))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, default=HELD_OUT, help="labelled set (JSON)")
    parser.add_argument("--method", choices=sorted(METHODS), default=DEFAULT_METHOD)
    parser.add_argument("--sweep", action="store_true", help="F1 over a range of thresholds")
    args = parser.parse_args()
    try:
        data = load(args.set)
    except (OSError, ValueError) as error:
        print(f"Cannot read the labelled set {args.set}: {error}", file=sys.stderr)
        return 2
    groups = len(data["groups"])
    members = sum(len(g["members"]) for g in data["groups"])
    others = len(data.get("distractors", []))
    print(
        f"Repeated recommendations, {args.set.name}: {groups} groups ({members} recommendations)"
        f" and {others} distractors or stand-alone ones ({dt.date.today()}, "
        f"{platform.python_implementation()} {platform.python_version()}, {platform.machine()})."
    )
    print()
    print("| method | threshold | true pos. | false pos. | false neg. | precision | recall | F1 |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    shown = [args.method] + (["tfidf"] if args.method != "tfidf" else [])
    for name in shown:
        method = METHODS[name]
        t = run(data, method)
        label = f"{name} (floor)" if name == "tfidf" else name
        print(
            f"| {label} | {method.threshold:.2f} | {t.true_positives} | {t.false_positives} "
            f"| {t.false_negatives} | {t.precision:.2f} | {t.recall:.2f} | {t.f1:.2f} |"
        )
    if args.sweep:
        print()
        print("| method | " + " | ".join(f"{x / 100:.2f}" for x in range(10, 60, 5)) + " |")
        print("|---|" + "---:|" * 10)
        for name in shown:
            cells = []
            for x in range(10, 60, 5):
                method = dataclasses.replace(METHODS[name], threshold=x / 100)
                cells.append(f"{run(data, method).f1:.2f}")
            print(f"| {name} F1 | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
