"""Search at scale: p50, p95 and the query count of /search/ for common and rare words, with
and without filters, on the first page and a deep one, for the coordinator of the largest
partnership, a lead and a site administrator (who searches every review).

    DATABASE_URL=... .venv/bin/followthrough manage migrate
    DATABASE_URL=... .venv/bin/followthrough bench-data --scale national
    .venv/bin/python bench/search.py --database-url postgres://postgres@127.0.0.1:5432/bench_national
    .venv/bin/python bench/search.py --database-url sqlite:////path/national.sqlite3 --repeat 5

In this process, through the real URL and middleware with Django's test client, as
bench/pages.py measures the other pages (its set-up and sign-in are reused)."""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pages import (  # noqa: E402
    BenchError,
    check_migrated,
    client_for,
    coordinated,
    machine,
    percentile,
    setup,
    users,
)

SEARCHES = [
    ("a common word", {"q": "training"}),
    ("a common word, page 40", {"q": "training", "page": "40"}),
    ("two words", {"q": "risk assessment"}),
    ("a rare word", {"q": "interpreter"}),
    ("no match", {"q": "hippopotamus"}),
    ("hostile", {"q": "\"NEAR( train* -(( ' OR"}),
    ("common word, filtered", {"q": "training", "review_type": "DHR", "status": "on_track"}),
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url")
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as var_dir:
        try:
            setup(args.database_url, var_dir)
            check_migrated()
            return run(args.repeat)
        except BenchError as error:
            print(f"bench/search.py: {error}", file=sys.stderr)
            return 2


def run(repeat: int) -> int:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from followthrough.benchdata.loader import ADMIN, COORDINATOR, LEAD

    people = users()
    about = machine()
    largest = coordinated(people[COORDINATOR])
    print(f"{about['date']}, {about['machine']}, {about['database']}, load {about['load_average']}")
    print(f"coordinator of {largest.name}; a lead; a site administrator\n")
    print("| Who | Search | Results | Queries | p50 ms | p95 ms |")
    print("|---|---|---:|---:|---:|---:|")
    for who, username in (("coordinator", COORDINATOR), ("lead", LEAD), ("admin", ADMIN)):
        client = client_for(people[username])
        for label, params in SEARCHES:
            url = f"/search/?{urlencode(params)}"
            for _ in range(2):
                response = client.get(url)
            if response.status_code != 200:
                print(f"| {who} | {label} | HTTP {response.status_code} | | | |")
                continue
            html = response.text
            results = "none" if "No results" in html else html.split(" for &ldquo;")[0]
            results = results.rsplit(">", 1)[-1].strip() if results != "none" else results
            reset_queries()
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            count = len(queries)  # now: the log is cleared by the next request
            times = []
            for _ in range(repeat):
                start = time.perf_counter()
                client.get(url)
                times.append((time.perf_counter() - start) * 1000)
            print(
                f"| {who} | {label} | {results} | {count} | "
                f"{percentile(times, 50):.0f} | {percentile(times, 95):.0f} |"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
