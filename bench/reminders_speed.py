"""The daily reminders (``followthrough send-reminders``) on the configured database: how many
queries, how long and how much memory one run takes, for however many people it finds.

    DATABASE_URL=postgres://.../bench_national .venv/bin/python bench/reminders_speed.py \
        [--date YYYY-MM-DD] [--runs 3]

Fill the database first (``followthrough bench-data --scale national``). Each run sends every
digest through Django's in-memory mail backend inside a transaction that is rolled back
afterwards, so the database is left as it was and the runs are alike: the claims
(``ReminderDigest``) and audit events are written and counted, nothing leaves the machine.
Prints the people, digests, the actions they list, queries, the median time (and of it, the
time spent reading what to remind: ``digests_for``; the rest is rendering and sending the
mails) and the peak memory of the process, as Markdown for docs/benchmarks.md with the date and
machine, and a fingerprint of every mail sent, to compare two versions of the code by.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import platform
import resource
import statistics
import sys
import time


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "followthrough.settings")
    os.environ.setdefault("FOLLOWTHROUGH_LOG_LEVEL", "ERROR")
    os.environ["FOLLOWTHROUGH_EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    import django

    django.setup()


class Rollback(Exception):
    pass


def one_run(today: dt.date) -> tuple[float, int, object]:
    from django.core import mail
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from followthrough.notifications import services

    mail.outbox = []
    result = {"reading": 0.0}
    # What reads the digests: digests_for (everyone at once), or digest_for (one person at a
    # time) in the code before it, to compare with.
    name = "digests_for" if hasattr(services, "digests_for") else "digest_for"
    read = getattr(services, name)

    def timed(*args):
        started = time.perf_counter()
        try:
            return read(*args)
        finally:
            result["reading"] += time.perf_counter() - started

    setattr(services, name, timed)
    # Django keeps the last 9,000 queries: start each run with an empty log, so they count.
    connection.queries_log.clear()
    try:
        with CaptureQueriesContext(connection) as queries, transaction.atomic():
            started = time.perf_counter()
            run = services.reminders_send(today=today)
            # Inside the outer transaction the mail waits for its commit: send it now, as the
            # commit would, so that the time includes rendering and sending every digest.
            for _sp, callback, _robust in connection.run_on_commit:
                callback()
            connection.run_on_commit = []
            result["seconds"] = time.perf_counter() - started
            result["run"] = run
            raise Rollback
    except Rollback:
        pass
    finally:
        setattr(services, name, read)
    return result["seconds"], result["reading"], len(queries), result["run"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--date", type=dt.date.fromisoformat, help="run as of this day")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    setup()
    from django.core import mail
    from django.db import connection
    from django.utils import timezone

    from followthrough.notifications.selectors import reminder_recipients

    today = args.date or timezone.localdate()
    people = reminder_recipients().count()
    times, readings, counts, run = [], [], [], None
    for _ in range(args.runs):
        seconds, reading, queries, run = one_run(today)
        times.append(seconds)
        readings.append(reading)
        counts.append(queries)
    digests = len(run.sent) + len(run.queued)
    # What was sent, to compare two versions of the code by: every mail's address, subject,
    # text and HTML, in address order.
    fingerprint = hashlib.sha256()
    for message in sorted(mail.outbox, key=lambda m: m.to):
        for part in (*message.to, message.subject, message.body, message.alternatives[0][0]):
            fingerprint.update(part.encode() + b"\0")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"- Date: {dt.date.today().isoformat()}")
    print(
        f"- Machine: {platform.machine()}, {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()}, {connection.vendor}"
    )
    print(f"- Command: .venv/bin/python bench/reminders_speed.py --runs {args.runs}")
    print()
    items = sum(len(list(digest.items())) for digest in run.sent + run.queued)
    print(
        "| people | digests | items listed | queries | median (s) | of which reading (s) "
        "| runs (s) | peak memory |"
    )
    print("|---:|---:|---:|---:|---:|---:|---|---:|")
    print(
        f"| {people} | {digests} | {items} | {counts[-1]} | "
        f"{statistics.median(times):.2f} | {statistics.median(readings):.2f} | "
        f"{', '.join(f'{t:.2f}' for t in times)} | {peak_mb:.0f} MB |"
    )
    if len(mail.outbox) != digests:
        print(f"\n{len(mail.outbox)} mails for {digests} digests", file=sys.stderr)
    print(f"\nMails' fingerprint (SHA-256 of the last run's): {fingerprint.hexdigest()[:16]}")
    if len(set(counts)) > 1:
        print(f"\nQueries differed between runs: {counts}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
