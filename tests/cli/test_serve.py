"""`followthrough serve` runs the app under a production WSGI server, static files included:
gunicorn with several processes where it can run, waitress in one process where it cannot."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from followthrough.cli import CommandError, build_parser, site

FOLLOWTHROUGH = str(Path(sys.executable).with_name("followthrough"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str) -> tuple[int, str, bytes]:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.status, response.headers["Content-Type"], response.read()


def children(pid: int) -> set[int]:
    """The processes whose parent is ``pid`` (Linux: read from /proc)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def wait_until_serving(process: subprocess.Popen, base: str, *, seconds: float = 120) -> None:
    """Until ``base`` answers its health check (collectstatic runs first: allow for a busy
    machine), failing with the server's output if it exits meanwhile."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            get(f"{base}/healthz")
            return
        except OSError:
            if process.poll() is not None:
                pytest.fail(f"serve exited: {process.stdout.read()}")
            time.sleep(0.2)
    pytest.fail(f"{base} did not answer within {seconds} s")


@pytest.fixture(scope="module")
def migrated(tmp_path_factory) -> Path:
    """A migrated SQLite database for the module's servers to copy."""
    folder = tmp_path_factory.mktemp("serve")
    env = _env(folder)
    subprocess.run([FOLLOWTHROUGH, "manage", "migrate", "-v", "0"], env=env, check=True)
    return folder / "serve.sqlite3"


def _env(folder: Path) -> dict:
    return {
        **os.environ,
        "FOLLOWTHROUGH_VAR_DIR": str(folder),
        "DATABASE_URL": f"sqlite:///{folder / 'serve.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "followthrough.settings",
    }


@pytest.fixture
def start(migrated, tmp_path):
    """Start ``followthrough serve *argv`` on a free port: (process, base URL). Every server
    started is stopped at the end."""
    shutil.copy(migrated, tmp_path / "serve.sqlite3")
    started = []

    def start(*argv: str) -> tuple[subprocess.Popen, str]:
        port = free_port()
        process = subprocess.Popen(
            [FOLLOWTHROUGH, "serve", "--port", str(port), *argv],
            env=_env(tmp_path),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        started.append(process)
        base = f"http://127.0.0.1:{port}"
        wait_until_serving(process, base)
        return process, base

    yield start
    for process in started:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=60)


def test_serve_answers_pages_and_serves_the_compiled_stylesheet(start):
    _, server = start()
    status, content_type, body = get(f"{server}/accounts/sign-in/")
    assert status == 200 and content_type.startswith("text/html")
    stylesheet = re.search(rb'href="(/static/build/app\.[0-9a-f]+\.css)"', body)
    assert stylesheet, "the page links a cache-busted stylesheet"
    status, content_type, css = get(f"{server}{stylesheet.group(1).decode()}")
    assert (status, content_type.split(";")[0]) == (200, "text/css")
    assert b".govuk-button" in css


def test_serve_runs_the_processes_asked_for_and_on_sigterm_finishes_a_request_under_way(start):
    process, server = start("--workers", "3", "--no-worker")
    workers = children(process.pid)
    assert len(workers) == 3, "three server processes under gunicorn's master, no worker"
    assert get(f"{server}/accounts/sign-in/")[0] == 200

    # A request whose body is still arriving when the server is told to stop: it is answered
    # in full, and only then does its process stop.
    body = b"username=someone&password=wrong-password"
    port = int(server.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=30) as client:
        client.sendall(
            b"POST /accounts/sign-in/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\n"
            b"Content-Length: %d\r\nConnection: close\r\n\r\n" % len(body) + body[:10]
        )
        time.sleep(1)  # a server thread is now waiting for the rest of the body
        process.send_signal(signal.SIGTERM)
        time.sleep(1)
        assert process.poll() is None, "the server waits for the request under way"
        client.sendall(body[10:])
        response = b""
        while chunk := client.recv(65536):
            response += chunk
    # Refused (no CSRF cookie), but answered: the request was not cut short.
    assert response.startswith(b"HTTP/1.1 403 "), response[:200]
    assert process.wait(timeout=60) == 0
    assert not any(alive(pid) for pid in workers), "every server process stopped with it"
    output = process.stdout.read()
    assert "in 3 processes of 8 threads (gunicorn)" in output


def test_serve_uses_waitress_in_one_process_where_asked_or_where_gunicorn_cannot_run(start):
    process, server = start("--server", "waitress", "--workers", "2", "--no-worker")
    assert children(process.pid) == set(), "waitress serves from the process itself"
    status, content_type, _ = get(f"{server}/accounts/sign-in/")
    assert status == 200 and content_type.startswith("text/html")
    process.terminate()
    assert process.wait(timeout=30) == 0
    output = process.stdout.read()
    assert "in one process of 8 threads (waitress)" in output
    assert "waitress serves from one process: --workers needs gunicorn" in output


def test_the_server_is_gunicorn_unless_it_cannot_run(monkeypatch):
    assert site.choose_server("auto") == "gunicorn"
    assert site.choose_server("waitress") == "waitress"
    monkeypatch.setattr(site, "gunicorn_can_run", lambda: False)
    assert site.choose_server("auto") == "waitress"
    with pytest.raises(CommandError, match="gunicorn cannot run here"):
        site.choose_server("gunicorn")


def test_gunicorn_cannot_run_on_windows(monkeypatch):
    monkeypatch.setattr(os, "name", "nt")
    assert not site.gunicorn_can_run()


def test_the_number_of_processes_defaults_to_the_cpus_within_bounds(monkeypatch):
    for cpus, expected in [(1, 2), (2, 2), (4, 4), (8, 8), (64, 8)]:
        monkeypatch.setattr(os, "sched_getaffinity", lambda pid, n=cpus: set(range(n)))
        assert site.default_workers() == expected
    args = build_parser().parse_args(["serve"])
    assert args.workers == site.default_workers()


def test_serve_refuses_no_processes_and_counts_that_are_not_numbers(capsys):
    with pytest.raises(SystemExit):
        build_parser().parse_args(["serve", "--workers", "0"])
    assert "--workers: must be 1 or more" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        build_parser().parse_args(["serve", "--threads", "many"])
    assert "--threads: not a whole number: 'many'" in capsys.readouterr().err


def descendants(pid: int) -> set[int]:
    found = set()
    for child in children(pid):
        found |= {child, *descendants(child)}
    return found


def test_ctrl_c_stops_the_server_its_processes_and_the_worker_cleanly(migrated, tmp_path):
    """As `make run` is stopped: Ctrl-C in the terminal interrupts the whole foreground
    process group at once (the server and gunicorn's processes); the worker beside them, in a
    group of its own so that a Ctrl-C while it is still starting cannot break an import, is
    stopped by the server."""
    shutil.copy(migrated, tmp_path / "serve.sqlite3")
    port = free_port()
    process = subprocess.Popen(
        [FOLLOWTHROUGH, "serve", "--port", str(port), "--workers", "2"],
        env=_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its own process group, as a terminal's foreground job
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_serving(process, base)
        everything = descendants(process.pid)
        worker = [
            pid
            for pid in everything
            if b"main(['worker'])" in Path(f"/proc/{pid}/cmdline").read_bytes()
        ]
        assert len(worker) == 1 and len(children(process.pid)) == 3, "two servers and a worker"
        assert os.getpgid(worker[0]) != os.getpgid(process.pid), "the terminal's Ctrl-C misses it"
        assert get(f"{base}/accounts/sign-in/")[0] == 200

        os.killpg(process.pid, signal.SIGINT)
        assert process.wait(timeout=90) == 0
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    output = process.stdout.read()
    assert not any(alive(pid) for pid in everything), "nothing is left running"
    assert f"Followthrough is serving on {base}/ in 2 processes" in output
    assert "Uploaded plans are read and board packs made by a worker beside it" in output
    assert "Traceback" not in output, output
