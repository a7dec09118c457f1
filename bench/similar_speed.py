"""Time of a repeat lookup over 30,000 recommendations, and the index's build time and memory.

    .venv/bin/python bench/similar_speed.py [--items 30000] [--lookups 200] [--method tuned]
                                            [--groups]

The recommendations are invented from followthrough.benchdata.words (an agency of an invented
place, one of the kinds of sentence real plans use, and half of them an action sentence after
it). 200 lookups with new invented texts are timed one by one: mean and 95th percentile in ms.
``--groups`` also times ``groups()`` (every pair judged over the whole index).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import platform
import random
import statistics
import sys
import time
import tracemalloc

from followthrough.benchdata import words
from followthrough.learning.similar import DEFAULT_METHOD, METHODS, RepeatIndex

AGENCY_KINDS = [
    "Police", "County Council", "NHS Foundation Trust", "ICB", "Probation Service",
    "Housing Association", "Adult Social Care", "Children's Services", "Mental Health Trust",
    "Domestic Abuse Service", "CSP", "Ambulance Service", "Fire and Rescue Service",
]  # fmt: skip


def invented(rng: random.Random, count: int) -> list[str]:
    places = words.place_names(rng, 200)
    texts = []
    for _ in range(count):
        agency = f"{rng.choice(places)} {rng.choice(AGENCY_KINDS)}"
        text = words.recommendation_text(rng, agency)
        if rng.random() < 0.5:
            text += f" {words.action_text(rng)}."
        texts.append(text)
    return texts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=30_000)
    parser.add_argument("--lookups", type=int, default=200)
    parser.add_argument("--method", choices=sorted(METHODS), default=DEFAULT_METHOD)
    parser.add_argument("--groups", action="store_true", help="also time groups()")
    args = parser.parse_args()

    rng = random.Random(15)
    items = list(enumerate(invented(rng, args.items)))
    queries = invented(random.Random(1515), args.lookups)

    gc.collect()
    start = time.perf_counter()
    index = RepeatIndex(items, method=args.method)
    build = time.perf_counter() - start

    tracemalloc.start()
    again = RepeatIndex(items, method=args.method)
    memory, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del again

    times, found = [], 0
    cpu_start = time.process_time()
    for text in queries:
        start = time.perf_counter()
        found += len(index.similar(text))
        times.append((time.perf_counter() - start) * 1000)
    cpu = (time.process_time() - cpu_start) * 1000 / len(queries)
    times.sort()
    p95 = times[min(len(times) - 1, int(round(0.95 * len(times))) - 1)]

    print(
        f"Repeat lookups, method {args.method}: {args.items:,} invented recommendations, "
        f"{args.lookups} lookups ({dt.date.today()}, {platform.python_implementation()} "
        f"{platform.python_version()}, {platform.machine()})."
    )
    print()
    print("| build | index memory | lookup mean | 95th pct. | max | mean CPU | repeats found |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    print(
        f"| {build:.1f} s | {memory / 2**20:.0f} MiB | {statistics.fmean(times):.1f} ms "
        f"| {p95:.1f} ms | {times[-1]:.1f} ms | {cpu:.1f} ms "
        f"| {found / len(queries):.1f} per lookup |"
    )
    print()
    print(
        f"Lookup times are wall-clock; mean CPU is the process's own time per lookup (they differ "
        f"when the machine is busy: load average {os.getloadavg()[0]:.1f} on "
        f"{os.cpu_count()} CPUs at the end of this run)."
    )
    if args.groups:
        start = time.perf_counter()
        groups = index.groups()
        took = time.perf_counter() - start
        print()
        print(
            f"groups(): {took:.1f} s, {len(groups)} groups, the biggest of "
            f"{len(groups[0]) if groups else 0}."
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
