"""Per-field accuracy of the plan reader on the corpus: the share of expected values it gives.

    .venv/bin/python bench/parse_accuracy.py [--set all|tuned|held-out|outside] [--misses]

Reads every Word, Excel, CSV and text document of tests/parsing/corpus (built by the code in
tests/parsing/corpus/office, each beside its expected JSON) and the seed plan, and compares what
the reader gives with the expected JSON field by field. For each kind of field it counts the
values the expected JSON gives (not its nulls), how many the reader reproduced (text compared
with whitespace collapsed), and the values it gave where the expected JSON has none ("extra").
Recommendations, actions, leads and milestones are paired in order, by their text where they
can be (a recommendation the reader missed counts every field of it as not reproduced, and
shifts nothing after it). Prints Markdown for docs/benchmarks.md, with the date and machine.

"tuned" is the documents the reader was developed on (and the seed); "held-out" those written
after, their expected JSON by hand before they were first read. "outside" is the documents of
tests/parsing/heldout, which an outside author wrote, with their keys, without seeing the reader
(their keys with this project's conventions applied, as tests/parsing/test_heldout.py does);
"outside-2" the second round of them, written after the first had been mended.

"published" is the first round of documents of tests/parsing/published ("published-2" the
second, written once the first had been mended): plans as they are published (saved web
pages, pasted text, flattened tables, trackers, recommendation lists, letters, Word variants),
written from the catalogue of layouts (shared/docs/plan-layouts.md) by two authors who never saw
the reader, each key written before its document. It prints a line per layout as well as the
table. ``--reader-src DIR`` reads with the reader of another checkout (its ``src``), so the
documents can be scored as they came, before the reader was mended for them:

    git worktree add /tmp/before <commit> && \
        .venv/bin/python bench/parse_accuracy.py --set published --reader-src /tmp/before/src
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import json
import os
import platform
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the corpus builders live in the tests package
if "--reader-src" in sys.argv:  # read with another checkout's reader (before it was mended)
    sys.path.insert(0, sys.argv[sys.argv.index("--reader-src") + 1])

from followthrough.interchange import plan_to_dict  # noqa: E402
from followthrough.parsing import read_plan  # noqa: E402
from tests.parsing.corpus.office import cases  # noqa: E402
from tests.parsing.published_set import (  # noqa: E402
    LAYOUTS,
    comparable,
    published_documents,
)
from tests.parsing.test_heldout import (  # noqa: E402
    DOCUMENTS,
    HELD_OUT,
    SECOND_ROUND,
    with_conventions,
)

SEED = ROOT.parent / "shared" / "seeds" / "dhr-sarah-action-plan.txt"
SEED_EXPECTED = SEED.with_name("dhr-sarah-action-plan.expected.json")

# The fields scored, in the order they are printed.
FIELDS = [
    "review: title", "review: type", "review: pseudonym", "review: partnership",
    "recommendation: text", "recommendation: number", "recommendation: theme",
    "recommendation: scope", "recommendation: area",
    "action: text", "lead: name", "lead: role", "lead: agency",
    "milestone: text", "milestone: number", "milestone: target date",
    "milestone: date as written", "action: target date", "action: date as written",
    "action: completed on", "action: outcome", "action: status",
]  # fmt: skip


@dataclass
class Tally:
    expected: int = 0
    reproduced: int = 0
    extra: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def share(self) -> float:
        return self.reproduced / self.expected if self.expected else 1.0


@dataclass
class Document:
    name: str
    data: bytes
    filename: str
    expected: dict
    held_out: bool


def documents() -> list[Document]:
    found = [
        Document(
            case.id,
            case.build(),
            case.filename,
            json.loads(case.expected_path.read_text(encoding="utf-8")),
            case.held_out,
        )
        for case in cases()
    ]
    if SEED.is_file():
        found.append(
            Document(
                "seed",
                SEED.read_bytes(),
                SEED.name,
                json.loads(SEED_EXPECTED.read_text()),
                held_out=False,
            )  # fmt: skip
        )
    return found


def outside_documents(round_: int = 1) -> list[Document]:
    chosen = DOCUMENTS if round_ == 1 else {d: name for d, (name, _) in SECOND_ROUND.items()}
    return [
        Document(
            name,
            (HELD_OUT / name).read_bytes(),
            name,
            with_conventions(json.loads((HELD_OUT / f"{key}.expected.json").read_text()), key),
            held_out=True,
        )
        for name, key in chosen.items()
    ]


# The published set's keys drop list bullets, which this reader keeps: compare without them.
_COMPARE_WITHOUT_BULLETS = False


def _norm(value):
    if _COMPARE_WITHOUT_BULLETS:
        value = comparable(value)
    return re.sub(r"\s+", " ", value).strip() if isinstance(value, str) else value


class Scorer:
    def __init__(self) -> None:
        self.tallies = {name: Tally() for name in FIELDS}

    def value(self, name: str, expected, got, where: str) -> None:
        tally = self.tallies[name]
        if expected is not None:
            tally.expected += 1
            if _norm(expected) == _norm(got):
                tally.reproduced += 1
            else:
                tally.misses.append(f"{where}: expected {expected!r}, got {got!r}")
        elif got is not None:
            tally.extra += 1
            tally.misses.append(f"{where}: expected nothing, got {got!r}")

    def fields(self, pairs: list[tuple[str, str]], expected, got, where: str) -> None:
        for name, key in pairs:
            self.value(name, (expected or {}).get(key), (got or {}).get(key), f"{where}.{key}")

    def plan(self, expected: dict, got: dict, where: str) -> None:
        self.fields(
            [("review: title", "title"), ("review: type", "review_type"),
             ("review: pseudonym", "subject_pseudonym"), ("review: partnership", "partnership")],
            expected["review"], got["review"], f"{where} review",
        )  # fmt: skip
        recs = _pairs(expected["recommendations"], got["recommendations"], "text")
        for i, (e, g) in enumerate(recs):
            at = f"{where} rec {i + 1}"
            self.fields(
                [("recommendation: text", "text"), ("recommendation: number", "number"),
                 ("recommendation: theme", "theme"), ("recommendation: scope", "scope"),
                 ("recommendation: area", "area")],
                e, g, at,
            )  # fmt: skip
            actions = _pairs((e or {}).get("actions", []), (g or {}).get("actions", []), "text")
            for j, (ea, ga) in enumerate(actions):
                self.action(ea, ga, f"{at} action {j + 1}")

    def action(self, expected: dict | None, got: dict | None, where: str) -> None:
        self.fields(
            [("action: text", "text"), ("action: target date", "target_date"),
             ("action: date as written", "target_date_text"),
             ("action: completed on", "completed_on"), ("action: outcome", "outcome"),
             ("action: status", "status")],
            expected, got, where,
        )  # fmt: skip
        leads = _pairs((expected or {}).get("leads", []), (got or {}).get("leads", []), None)
        for k, (e, g) in enumerate(leads):
            self.fields(
                [("lead: name", "name"), ("lead: role", "role"), ("lead: agency", "agency")],
                e, g, f"{where} lead {k + 1}",
            )  # fmt: skip
        milestones = _pairs(
            (expected or {}).get("milestones", []), (got or {}).get("milestones", []), "text"
        )
        for k, (e, g) in enumerate(milestones):
            self.fields(
                [("milestone: text", "text"), ("milestone: number", "number"),
                 ("milestone: target date", "target_date"),
                 ("milestone: date as written", "target_date_text")],
                e, g, f"{where} milestone {k + 1}",
            )  # fmt: skip


def _pairs(expected: list, got: list, key: str | None) -> list[tuple[dict | None, dict | None]]:
    """Expected and given items paired in order: by ``key``'s text where it matches, the rest
    side by side; what is left over on either side is paired with None."""
    if key is None:
        return _side_by_side(expected, got)
    matcher = difflib.SequenceMatcher(
        None, [_norm(e.get(key)) for e in expected], [_norm(g.get(key)) for g in got],
        autojunk=False,
    )  # fmt: skip
    pairs: list[tuple[dict | None, dict | None]] = []
    for _tag, i1, i2, j1, j2 in matcher.get_opcodes():
        pairs += _side_by_side(expected[i1:i2], got[j1:j2])
    return pairs


def _side_by_side(expected: list, got: list) -> list[tuple[dict | None, dict | None]]:
    n = max(len(expected), len(got))
    return [
        (expected[i] if i < len(expected) else None, got[i] if i < len(got) else None)
        for i in range(n)
    ]


def score(docs: list[Document]) -> tuple[Scorer, float]:
    scorer = Scorer()
    start = time.perf_counter()
    for doc in docs:
        got = _read(doc, scorer)
        if doc.expected.get("refused"):
            continue  # a page with no plan: scored by ``refusals``
        scorer.plan(doc.expected, got or {"review": {}, "recommendations": []}, doc.name)
    elapsed = (time.perf_counter() - start) / max(len(docs), 1)
    return scorer, elapsed


def _read(doc: Document, scorer: Scorer | None = None) -> dict | None:
    """What the reader gives, or None when it refuses the document."""
    try:
        return plan_to_dict(read_plan(doc.data, filename=doc.filename))
    except Exception as exc:  # a document the reader refuses scores nothing
        if scorer is not None and not doc.expected.get("refused"):
            scorer.tallies["review: title"].misses.append(f"{doc.name}: refused ({exc})")
        return None


def by_layout(docs: list[Document]) -> list[str]:
    """A line per layout: its documents, the values their keys give, the share reproduced, and
    the plans refused (pages with no plan should be; plans should not)."""
    lines = [
        "| layout | documents | values | share read | plans refused | no-plan pages refused |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for layout, what in LAYOUTS.items():
        chosen = [d for d in docs if d.name.split("/")[-1].startswith(f"{layout}-")]
        if not chosen:
            continue
        plans = [d for d in chosen if not d.expected.get("refused")]
        pages = [d for d in chosen if d.expected.get("refused")]
        scorer, _ = score(plans)
        expected = sum(t.expected for t in scorer.tallies.values())
        reproduced = sum(t.reproduced for t in scorer.tallies.values())
        share = f"{reproduced / expected:.2f}" if expected else "–"
        refused = sum(1 for d in plans if _read(d) is None)
        right = sum(1 for d in pages if _read(d) is None)
        lines.append(
            f"| {what} | {len(chosen)} | {expected} | {share} | {refused} of {len(plans)} | "
            + (f"{right} of {len(pages)} |" if pages else "– |")
        )
    return lines


def table(scorer: Scorer) -> list[str]:
    lines = ["| field | expected | reproduced | share | extra |", "|---|---:|---:|---:|---:|"]
    total = Tally()
    for name in FIELDS:
        t = scorer.tallies[name]
        total.expected += t.expected
        total.reproduced += t.reproduced
        total.extra += t.extra
        lines.append(f"| {name} | {t.expected} | {t.reproduced} | {t.share:.2f} | {t.extra} |")
    lines.insert(2, f"| **all fields** | {total.expected} | {total.reproduced} | "
                    f"{total.share:.2f} | {total.extra} |")  # fmt: skip
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--set",
        choices=["all", "tuned", "held-out", "outside", "outside-2", "published", "published-2"],
        default="all",
    )
    parser.add_argument(
        "--reader-src", metavar="DIR", help="read with the reader in this src folder instead"
    )
    parser.add_argument("--misses", action="store_true", help="list every value missed")
    args = parser.parse_args()

    chosen: Callable[[Document], bool] = {
        "outside": lambda d: True,
        "outside-2": lambda d: True,
        "all": lambda d: True,
        "tuned": lambda d: not d.held_out,
        "held-out": lambda d: d.held_out,
        "published": lambda d: True,
        "published-2": lambda d: True,
    }[args.set]
    if args.set.startswith("published"):
        global _COMPARE_WITHOUT_BULLETS
        _COMPARE_WITHOUT_BULLETS = True
        docs = [
            Document(d.name, d.data, d.filename, d.expected, held_out=True)
            for d in published_documents(2 if args.set == "published-2" else 1)
        ]
    elif args.set.startswith("outside"):
        docs = outside_documents(2 if args.set == "outside-2" else 1)
    else:
        docs = [d for d in documents() if chosen(d)]
    scorer, per_document = score(docs)

    print(f"- Date: {dt.date.today().isoformat()}")
    print(
        f"- Machine: {platform.machine()}, {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()} ({platform.python_implementation().lower()})"
    )
    command = f".venv/bin/python bench/parse_accuracy.py --set {args.set}"
    if args.reader_src:
        command += f" --reader-src {args.reader_src}"
    print(f"- Command: `{command}`")
    print(f"- Speed: {per_document * 1000:.0f} ms to read one document (mean over the set)")
    print()
    names = ", ".join(d.name for d in docs)
    print(f"{len(docs)} documents ({args.set}): {names}.")
    print()
    if args.set.startswith("published"):
        reader = f"the reader in {args.reader_src}" if args.reader_src else "this reader"
        print(f"By layout, read by {reader}:")
        print()
        print("\n".join(by_layout(docs)))
        print()
    print("\n".join(table(scorer)))
    if args.misses:
        print()
        for name in FIELDS:
            for miss in scorer.tallies[name].misses:
                print(f"- {name}: {miss}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
