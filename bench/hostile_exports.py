"""What hostile text costs a PDF export, and hostile files the evidence check, now that both run
in a limited child process (issue 10, findings 8 and 11).

    .venv/bin/python bench/hostile_exports.py [--emoji 1000,3000,10000] [--unbounded-max 3000]

1. PDF: a board pack whose one progress note is N emoji (the probe's 10,000 held a thread at
   full CPU for eight minutes). For each N it times WeasyPrint in this process, as exports ran
   before (only up to ``--unbounded-max``, since 10,000 takes many minutes), and then through
   ``exports.pdf.html_to_pdf`` with the default ceilings (FOLLOWTHROUGH_PDF_SECONDS and
   FOLLOWTHROUGH_PDF_MEMORY_MB): how long until the PDF is made or refused.
2. Evidence: every hostile file of ``tests/delivery/test_evidence.py`` (and the good ones), each
   through ``evidence_check`` with the default ceilings: the answer and how long it took.

Peak memory: the server process's own (``ru_maxrss``), and the largest child's. Prints Markdown
for docs/benchmarks.md, with the date and machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "followthrough.settings")
    os.environ.setdefault("FOLLOWTHROUGH_LOG_LEVEL", "ERROR")
    import django

    django.setup()


def peak_mb(who: int) -> int:
    return resource.getrusage(who).ru_maxrss // 1024


def emoji_pack_html(count: int) -> str:
    from export_speed import big_plan, board_pack_of

    from followthrough.exports import pdf

    pack = board_pack_of(big_plan(1))
    pack.updates[0].detail = "\U0001f600" * count
    return pdf.board_pack_html(pack)


def pdf_rows(counts: list[int], unbounded_max: int) -> list[str]:
    from django.conf import settings
    from weasyprint import HTML

    from followthrough.exports import pdf

    rows = []
    for count in counts:
        html = emoji_pack_html(count)
        before = "not run"
        if count <= unbounded_max:
            start = time.perf_counter()
            HTML(string=html).write_pdf()
            before = f"{time.perf_counter() - start:.1f} s"
        start = time.perf_counter()
        try:
            pdf.html_to_pdf(html)
            outcome = "made"
        except pdf.PdfTooCostly:
            outcome = "refused (Word offered)"
        after = time.perf_counter() - start
        rows.append(f"| {count:,} | {before} | {after:.1f} s | {outcome} |")
    ceilings = (
        f"{settings.FOLLOWTHROUGH_PDF_SECONDS:g} s, {settings.FOLLOWTHROUGH_PDF_MEMORY_MB} MB"
    )
    return [
        f"Ceilings: {ceilings}.",
        "",
        "| Emoji in one note | in the server process (before) | in a limited child (now) | "
        "result |",
        "|---:|---:|---:|---|",
        *rows,
    ]


def evidence_rows() -> list[str]:
    from django.conf import settings

    from followthrough.delivery.evidence import EvidenceRejected, evidence_check
    from followthrough.sandbox import Limits
    from tests.delivery import test_evidence as corpus

    limits = Limits(
        seconds=settings.FOLLOWTHROUGH_EVIDENCE_CHECK_SECONDS,
        memory_bytes=settings.FOLLOWTHROUGH_EVIDENCE_CHECK_MEMORY_MB << 20,
    )
    files = [(name, make) for name, (make, *_rest) in corpus.ACCEPTED.items()]
    files += [(name, make) for name, (make, _expected) in corpus.REFUSED.items()]
    files += [("PNG of 6000 x 6000 pixels", lambda: corpus.image("PNG", (6000, 6000)))]
    rows = []
    slowest = 0.0
    for name, make in files:
        data = make()
        start = time.perf_counter()
        try:
            answer = f"kept as {evidence_check(data, limits=limits).label}"
        except EvidenceRejected as exc:
            answer = "refused: " + str(exc).split(":")[0].split(".")[0]
        took = time.perf_counter() - start
        slowest = max(slowest, took)
        rows.append(f"| {name} | {len(data) / 1024:,.0f} KB | {took:.2f} s | {answer} |")
    return [
        f"Ceilings: {limits.seconds:g} s, {limits.memory_bytes >> 20} MB. Slowest: "
        f"{slowest:.2f} s.",
        "",
        "| File | size | check | result |",
        "|---|---:|---:|---|",
        *rows,
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--emoji", default="1000,3000,10000")
    parser.add_argument("--unbounded-max", type=int, default=3000)
    args = parser.parse_args(argv)
    setup_django()
    print(f"- Date: {dt.date.today().isoformat()}")
    print(
        f"- Machine: {platform.machine()}, {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()} ({platform.python_implementation().lower()})"
    )
    print()
    print("\n".join(pdf_rows([int(n) for n in args.emoji.split(",")], args.unbounded_max)))
    print()
    print("\n".join(evidence_rows()))
    print()
    print(
        f"Peak memory: the server process {peak_mb(resource.RUSAGE_SELF)} MB, the largest "
        f"child {peak_mb(resource.RUSAGE_CHILDREN)} MB."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
