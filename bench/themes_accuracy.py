"""Precision and recall of the theme suggester: of the first suggestion and of the top three.

    .venv/bin/python bench/themes_accuracy.py [--set PATH] [--disagreements]

Default set: bench/data/themes-labelled.json (held out, written by an outside author; see
bench/data/LABELLED-SETS.md). The development set is tests/learning/data/themes-dev.json.
Prints Markdown for docs/benchmarks.md, with the date and machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import sys
from pathlib import Path

from followthrough.learning.accuracy import load, score_themes
from followthrough.learning.themes import suggest_themes

ROOT = Path(__file__).resolve().parents[1]
HELD_OUT = ROOT / "bench" / "data" / "themes-labelled.json"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, default=HELD_OUT, help="labelled set (JSON)")
    parser.add_argument("--disagreements", action="store_true", help="list the misses")
    args = parser.parse_args()
    try:
        items = load(args.set)
    except (OSError, ValueError) as error:
        print(f"Cannot read the labelled set {args.set}: {error}", file=sys.stderr)
        return 2
    s = score_themes(items, suggest_themes)
    print(
        f"Themes suggested, {args.set.name}: {s.items} recommendations "
        f"({dt.date.today()}, {platform.python_implementation()} {platform.python_version()}, "
        f"{platform.machine()})."
    )
    print()
    print("| | precision | recall |")
    print("|---|---:|---:|")
    print(
        f"| first suggestion (is one of the item's themes / is its main theme) "
        f"| {s.first_precision:.2f} / {s.first_main:.2f} | {s.first_recall:.2f} |"
    )
    print(
        f"| top three (suggested themes that are labelled / labelled themes suggested) "
        f"| {s.top3_precision:.2f} | {s.top3_recall:.2f} |"
    )
    print()
    print(
        f"Main theme among the suggestions: {s.main_in_top3:.2f}; "
        f"no suggestion at all: {s.no_suggestion} of {s.items}."
    )
    print("(Recall of the first suggestion: items whose main theme is suggested first.)")
    if args.disagreements:
        print()
        for item in items:
            got = [x.theme for x in suggest_themes(item["text"])]
            if not got or got[0] != item["themes"][0]:
                print(f"- {item['id']}: labelled {item['themes']}; suggested {got}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
