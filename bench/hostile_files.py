"""Hostile uploads through the real path: refused in one line, quickly, in bounded memory.

    .venv/bin/python bench/hostile_files.py [--scale 1.0] [--only NAME ...]

Makes each hostile document of ``tests/parsing/hostile.py`` at full size (a 600,000-row CSV, a
Word file of 95 MB of XML packed 30:1, a 200-page PDF, zip and XML entity bombs, deep JSON, a
50 MB line, 10,000 columns, 2,000 sheets, 2 million shared strings, a page 5 million points
wide, 200,000 tiny drawn boxes, a stream that inflates to 2 GB, encrypted and cut-short files,
...) and uploads each, in a fresh process so that earlier work does not count, through the real
path: the upload view (Django's test client, signed in as a panel chair, against a SQLite file
database), then the job the worker runs (``imports.tasks.read_pending_import``, which reads the
document in the sandbox's child process).

For each it records the one-line refusal, the seconds from the upload to the refusal, the peak
memory of the server process (Django, the upload, the job) and of the sandbox's child. The
server's is measured twice: ``ru_maxrss`` of the fresh process, and its own high-water mark
``VmHWM`` (Linux). Each file is made in a process of its own too: Linux carries the peak of the
process that starts another into the new one's ``ru_maxrss``, so a bench holding a 500 MB zip
bomb it had just made would otherwise be counted as the server's. The child's is
``ru_maxrss`` of the server's children. Targets: the server under 512 MB and every refusal under
10 s. Prints Markdown for docs/benchmarks.md, with the date and machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the hostile files are made by the tests' generator

SERVER_TARGET_MB = 512
SECONDS_TARGET = 10.0

SETUP = """
from tests.factories import MembershipFactory, PartnershipFactory, UserFactory
MembershipFactory(user=UserFactory(username="chair"), role="panel_chair",
                  partnership=PartnershipFactory(name="South Lakeland CSP"))
"""


def _env(folder: Path) -> dict:
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "tests.settings",  # static files from the finders
        "FOLLOWTHROUGH_VAR_DIR": str(folder),
        "DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}",
        "FOLLOWTHROUGH_ALLOWED_HOSTS": "testserver",
    }


def upload_one(path: Path, filename: str) -> dict:
    """In a fresh process: upload ``path`` as ``filename``, run the job, say what happened."""
    import resource

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from django.urls import reverse

    from followthrough.imports.models import PendingImport
    from followthrough.imports.tasks import read_pending_import
    from followthrough.partnerships.models import Partnership

    client = Client()
    client.force_login(get_user_model().objects.get(username="chair"))
    partnership = Partnership.objects.get()
    data = path.read_bytes()
    started = time.perf_counter()
    response = client.post(
        reverse("imports:upload"),
        {"partnership": partnership.pk, "document": SimpleUploadedFile(filename, data)},
    )
    del data
    if response.status_code == 302:
        pending = PendingImport.objects.latest("pk")
        state = read_pending_import.call(pending.pk)
        pending.refresh_from_db()
        outcome = pending.message if state == "refused" else f"NOT REFUSED ({state})"
        where = "worker"
    else:
        text = response.content.decode()
        outcome = text.split('class="govuk-error-message">')[1].split("</p>")[0]
        outcome = outcome.split("</span>")[-1].strip()
        where = "upload form"
    seconds = time.perf_counter() - started
    return {
        "refusal": " ".join(outcome.split()),
        "where": where,
        "seconds": seconds,
        "server_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "server_hwm_mb": _high_water_mb(),
        "child_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }


def _high_water_mb() -> float | None:
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return None
    line = next(line for line in status.splitlines() if line.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024


def make_one(name: str, path: Path, scale: float) -> None:
    from tests.parsing.hostile import HOSTILE

    hostile = next(h for h in HOSTILE if h.name == name)
    path.write_bytes(hostile.make(scale))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--only", nargs="*", default=[])
    parser.add_argument("--one", nargs=2, metavar=("PATH", "FILENAME"), help=argparse.SUPPRESS)
    parser.add_argument("--make", nargs=2, metavar=("NAME", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(upload_one(Path(args.one[0]), args.one[1])))
        return 0
    if args.make:
        make_one(args.make[0], Path(args.make[1]), args.scale)
        return 0

    from tests.parsing.hostile import HOSTILE

    followthrough = str(Path(sys.executable).with_name("followthrough"))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = _env(folder)
        subprocess.run([followthrough, "manage", "migrate", "-v", "0"], env=env, check=True)
        subprocess.run(
            [followthrough, "manage", "shell", "--no-imports", "-c", SETUP], env=env, check=True
        )
        rows = []
        for hostile in HOSTILE:
            if args.only and hostile.name not in args.only:
                continue
            path = folder / hostile.name
            subprocess.run(
                [sys.executable, __file__, "--scale", str(args.scale), "--make", hostile.name,
                 str(path)],
                env=env,
                check=True,
            )  # fmt: skip
            size = path.stat().st_size
            done = subprocess.run(
                [sys.executable, __file__, "--one", str(path), hostile.filename],
                env=env,
                capture_output=True,
                text=True,
            )
            path.unlink()
            if done.returncode != 0:
                print(f"{hostile.name}: the run failed:\n{done.stderr}", file=sys.stderr)
                return 1
            result = json.loads(done.stdout.strip().splitlines()[-1])
            result.update(name=hostile.name, size=size)
            result["as_expected"] = any(words in result["refusal"] for words in hostile.says)
            rows.append(result)
            print(
                f"{hostile.name}: {result['seconds']:.2f} s, server {result['server_mb']:.0f} MB"
                f", child {result['child_mb']:.0f} MB: {result['refusal'][:90]}",
                file=sys.stderr,
            )
    print_markdown(rows, args.scale)
    ok = all(
        r["as_expected"]
        and r["seconds"] < SECONDS_TARGET
        and r["server_mb"] < SERVER_TARGET_MB
        and "NOT REFUSED" not in r["refusal"]
        for r in rows
    )
    return 0 if ok else 1


def _machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        lscpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
        cpu = next(
            line.split(":", 1)[1].strip() for line in lscpu.splitlines() if "Model name" in line
        )
    except (OSError, StopIteration):
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{cpu}, {os.cpu_count()} CPUs, {memory:.0f} GB, Python {platform.python_version()}"


def _size(count: int) -> str:
    return f"{count / 2**20:.1f} MB" if count >= 2**20 else f"{count / 1024:.0f} KB"


def print_markdown(rows: list[dict], scale: float) -> None:
    print(f"- Date: {dt.date.today().isoformat()}")
    print(f"- Machine: {_machine()}")
    print(f"- Command: `.venv/bin/python bench/hostile_files.py` (scale {scale:g})")
    print()
    print(
        "| file | size | refused by | seconds | server peak (ru_maxrss) | server VmHWM "
        "| child peak | the refusal |"
    )
    print("|---|---:|---|---:|---:|---:|---:|---|")
    for r in rows:
        child = f"{r['child_mb']:.0f} MB" if r["where"] == "worker" else "–"
        hwm = f"{r['server_hwm_mb']:.0f} MB" if r["server_hwm_mb"] else "–"
        print(
            f"| {r['name']} | {_size(r['size'])} | {r['where']} | {r['seconds']:.2f} | "
            f"{r['server_mb']:.0f} MB | {hwm} | {child} | {r['refusal']} |"
        )
    worst_time = max(rows, key=lambda r: r["seconds"])
    worst_memory = max(rows, key=lambda r: r["server_mb"])
    print()
    print(
        f"Slowest refusal: {worst_time['name']}, {worst_time['seconds']:.2f} s (target "
        f"{SECONDS_TARGET:g} s). Largest server peak: {worst_memory['name']}, "
        f"{worst_memory['server_mb']:.0f} MB (target {SERVER_TARGET_MB} MB)."
    )


if __name__ == "__main__":
    sys.exit(main())
