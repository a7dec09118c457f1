"""Speed and memory of the PDF reader on a long plan, against pdfplumber's own table extraction.

    .venv/bin/python bench/parse_pdf.py [--pages 40] [--runs 3]

Prints the test corpus's Home Office template plan (tests/parsing/corpus/pdf) with its rows
repeated until it fills ``--pages`` pages, then times, on the same bytes:

* ours: ``followthrough.parsing.read_plan`` (the PDF reader and the table interpreter), and the
  PDF reader alone (``document_from_pdf``);
* theirs: ``pdfplumber.open`` and ``page.extract_tables()`` on every page, as pdfplumber's
  documentation shows it, and the same closing each page after use (``page.close()``).

Each time is the median of ``--runs`` runs. Peak memory is measured twice: the peak of Python
allocations during one read (tracemalloc), and the peak resident size of a fresh process that
does one read (VmHWM on Linux, else ``ru_maxrss``), beside its size before the read. Prints
Markdown for docs/benchmarks.md, with the date and machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pdfplumber

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the corpus generator lives with the tests

from followthrough.parsing import read_plan  # noqa: E402
from followthrough.parsing.formats.pdf import document_from_pdf  # noqa: E402
from tests.parsing.corpus.pdf import plans, render  # noqa: E402


def ours(data: bytes) -> None:
    read_plan(data, filename="plan.pdf")


def reader_only(data: bytes) -> None:
    document_from_pdf(data)


def theirs(data: bytes) -> None:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_tables()


def theirs_closing(data: bytes) -> None:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_tables()
            page.close()


WAYS: dict[str, Callable[[bytes], None]] = {
    "ours": ours,
    "reader_only": reader_only,
    "theirs": theirs,
    "theirs_closing": theirs_closing,
}


def long_plan(pages: int, *, ruled: bool = True) -> tuple[bytes, int]:
    """The template plan repeated until it fills at least ``pages`` pages; and its page count."""
    base = plans.ELENA if ruled else plans.ELENA_UNRULED
    copies = max(1, round(pages / page_count(render.render(base)) * 0.9))
    while True:
        data = render.render(render.longer(base, copies))
        count = page_count(data)
        if count >= pages:
            return data, count
        copies += 1


def page_count(data: bytes) -> int:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return len(pdf.pages)


def median_seconds(ways: dict[str, tuple[Callable[[bytes], None], bytes]], runs: int):
    """The median time of each way, the runs taken in turn (ours, theirs, ours, ...) so that a
    slower spell of the machine falls on all of them alike."""
    times: dict[str, list[float]] = {name: [] for name in ways}
    for _ in range(runs):
        for name, (way, data) in ways.items():
            start = time.perf_counter()
            way(data)
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(t) for name, t in times.items()}


def traced_peak_mb(way: Callable[[bytes], None], data: bytes) -> float:
    tracemalloc.start()
    try:
        way(data)
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


def process_peak_mb(way: str, path: Path) -> tuple[float, float]:
    """(peak resident size after the read, size before it), in MB, from a fresh process."""
    result = subprocess.run(
        [sys.executable, __file__, "--child", way, str(path)],
        check=True,
        capture_output=True,
        text=True,
    )
    after, before = (float(x) for x in result.stdout.split())
    return after, before


def child(way: str, path: str) -> int:
    data = Path(path).read_bytes()
    before = peak_resident_mb()
    WAYS[way](data)
    print(f"{peak_resident_mb():.1f} {before:.1f}")
    return 0


def peak_resident_mb() -> float:
    """The process's peak resident size: VmHWM on Linux (``ru_maxrss`` there is inherited from
    the parent process, which would hide a child's own peak), else ``ru_maxrss``."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 / (1024 if sys.platform == "darwin" else 1)


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=40, help="length of the plan (default 40)")
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each (default 3)")
    parser.add_argument("--child", nargs=2, metavar=("WAY", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(*args.child)

    data, pages = long_plan(args.pages)
    unruled, unruled_pages = long_plan(args.pages, ruled=False)
    plan = read_plan(data)
    actions = sum(len(r.actions) for r in plan.recommendations)

    seconds = median_seconds(
        {
            **{way: (fn, data) for way, fn in WAYS.items()},
            "unruled": (ours, unruled),
            "unruled_theirs": (theirs, unruled),
        },
        args.runs,
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "plan.pdf"
        path.write_bytes(data)
        rss = {way: process_peak_mb(way, path) for way in WAYS}
    traced = {way: traced_peak_mb(WAYS[way], data) for way in ("ours", "theirs")}

    print(f"- Date: {dt.date.today().isoformat()}")
    print(
        f"- Machine: {platform.machine()}, {os.cpu_count()} CPUs ({cpu_model()}), "
        f"Python {platform.python_version()} ({sys.implementation.name}), "
        f"pdfplumber {pdfplumber.__version__}"
    )
    print(
        f"- Plan: the template plan repeated to {pages} pages of landscape A4 with ruling lines "
        f"({len(data) / 1024:.0f} KiB, {len(plan.recommendations)} recommendations, "
        f"{actions} actions); median of {args.runs} runs"
    )
    print()
    print("| | time | per page | vs pdfplumber | peak Python memory | peak process size |")
    print("|---|---:|---:|---:|---:|---:|")
    rows = [
        ("ours: `read_plan` (reader and interpreter)", "ours"),
        ("ours: the PDF reader alone", "reader_only"),
        ("pdfplumber: `extract_tables()` on every page", "theirs"),
        ("pdfplumber: the same, closing each page", "theirs_closing"),
    ]
    base = seconds["theirs"]
    for label, way in rows:
        peak, start = rss[way]
        python = f"{traced[way]:.1f} MB" if way in traced else "–"
        print(
            f"| {label} | {seconds[way]:.2f} s | {seconds[way] / pages * 1000:.0f} ms "
            f"| {seconds[way] / base:.2f}x | {python} | {peak:.0f} MB ({peak - start:+.0f} MB) |"
        )
    print()
    print(
        f"The same plan without ruling lines ({unruled_pages} pages): ours "
        f"{seconds['unruled']:.2f} s, {seconds['unruled'] / seconds['unruled_theirs']:.2f}x "
        f"pdfplumber's {seconds['unruled_theirs']:.2f} s (which finds no table in it)."
    )
    ratio = seconds["ours"] / min(base, seconds["theirs_closing"])
    verdict = "within" if ratio <= 1.5 else "OVER"
    print(f"Ours against the faster pdfplumber run: {ratio:.2f}x ({verdict} the 1.5x target).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
