"""`followthrough worker` reads queued uploads; `followthrough import` reads through the
sandbox too; `followthrough serve` runs a worker beside the server and stops it with itself."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from followthrough.cli import main
from followthrough.plans.models import Review
from tests.cli.test_serve import free_port, get
from tests.conftest import SEED_TEXT
from tests.parsing.hostile import csv_rows

FOLLOWTHROUGH = str(Path(sys.executable).with_name("followthrough"))

# Queue the seed plan as an upload of a new partnership's chair; print the pending import's id.
QUEUE = """
from followthrough.imports.services import pending_import_create
from tests.factories import MembershipFactory, PartnershipFactory, UserFactory
user = UserFactory(username="chair")
partnership = PartnershipFactory(name="South Lakeland CSP")
MembershipFactory(user=user, partnership=partnership, role="panel_chair")
data = open({seed!r}, "rb").read()
print(pending_import_create(partnership=partnership, data=data, filename="s.txt", actor=user).pk)
"""


def _env(folder: Path) -> dict:
    return {
        **os.environ,
        "FOLLOWTHROUGH_VAR_DIR": str(folder),
        "DATABASE_URL": f"sqlite:///{folder / 'site.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "followthrough.settings",
        "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
    }


@pytest.fixture(scope="module")
def queued_database(tmp_path_factory) -> Path:
    """A database file with one upload queued (migrated once for the module)."""
    folder = tmp_path_factory.mktemp("queued")
    env = _env(folder)
    subprocess.run([FOLLOWTHROUGH, "manage", "migrate", "-v", "0"], env=env, check=True)
    code = QUEUE.format(seed=str(SEED_TEXT))
    subprocess.run(
        [FOLLOWTHROUGH, "manage", "shell", "--no-imports", "-c", code], env=env, check=True
    )
    return folder / "site.sqlite3"


@pytest.fixture
def site(queued_database, tmp_path):
    shutil.copy(queued_database, tmp_path / "site.sqlite3")
    env = _env(tmp_path)

    def run(*argv: str) -> None:
        done = subprocess.run(
            [FOLLOWTHROUGH, *argv], env=env, capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, done.stderr

    def state() -> str:
        with sqlite3.connect(tmp_path / "site.sqlite3") as db:
            return db.execute("SELECT state FROM imports_pendingimport").fetchone()[0]

    return env, run, state


def test_the_worker_in_batch_mode_reads_what_is_queued_then_stops(site):
    env, run, state = site
    assert state() == "queued"
    run("worker", "--batch")
    assert state() == "ready"


def test_serve_reads_uploads_with_a_worker_of_its_own_and_stops_it_when_it_stops(site):
    env, run, state = site
    port = free_port()
    server = subprocess.Popen(
        [FOLLOWTHROUGH, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        lines = [server.stdout.readline() for _ in range(2)]
        worker_pid = int(lines[1].split("(process ")[1].rstrip(").\n"))
        for _ in range(150):
            if state() == "ready":
                break
            time.sleep(0.2)
        assert state() == "ready"
        assert get(f"http://127.0.0.1:{port}/healthz")[0] == 200
    finally:
        server.terminate()
        server.wait(timeout=30)
    for _ in range(50):
        if not Path(f"/proc/{worker_pid}").exists():
            break
        time.sleep(0.1)
    assert not Path(f"/proc/{worker_pid}").exists(), "the worker outlived the server"


def test_serve_can_leave_the_worker_to_a_service_of_its_own(site):
    env, run, state = site
    server = subprocess.Popen(
        [FOLLOWTHROUGH, "serve", "--port", str(free_port()), "--no-worker"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert "serving on" in server.stdout.readline()
        time.sleep(2)
        assert state() == "queued"
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.mark.django_db(transaction=True)
def test_import_reads_the_document_in_the_sandbox(capsys, tmp_path, settings):
    settings.FOLLOWTHROUGH_PARSE_SECONDS = 0.01  # no reading finishes in time
    status = main(["import", str(SEED_TEXT), "--partnership", "South Lakeland CSP"])
    err = capsys.readouterr().err
    assert status == 2
    assert err == (
        "followthrough import: dhr-sarah-action-plan.txt: reading the document took longer than "
        "the 0.01 seconds allowed, so it was stopped: save just the action plan in a document "
        "of its own and try again\n"
    )
    assert not Review.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_folder_import_lists_a_document_over_the_limits_among_the_failures(capsys, tmp_path):
    (tmp_path / "export.csv").write_bytes(csv_rows(2_100 / 600_000))
    (tmp_path / "sarah.txt").write_bytes(SEED_TEXT.read_bytes())
    status = main(["import", str(tmp_path), "--partnership", "South Lakeland CSP"])
    out = capsys.readouterr().out
    assert status == 2
    assert "1 imported" in out and "1 failed" in out
    assert "export.csv: the CSV file has more than 2,000 table rows" in out
    assert Review.objects.count() == 1
