"""`followthrough serve` runs the app under a production WSGI server, static files included."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

FOLLOWTHROUGH = str(Path(sys.executable).with_name("followthrough"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str) -> tuple[int, str, bytes]:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.status, response.headers["Content-Type"], response.read()


@pytest.fixture
def server(tmp_path):
    env = {
        **os.environ,
        "FOLLOWTHROUGH_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "followthrough.settings",
    }
    subprocess.run([FOLLOWTHROUGH, "manage", "migrate", "-v", "0"], env=env, check=True)
    port = free_port()
    process = subprocess.Popen(
        [FOLLOWTHROUGH, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                get(f"{base}/healthz")
                break
            except OSError:
                if process.poll() is not None:
                    pytest.fail(f"serve exited: {process.stdout.read()}")
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_serve_answers_pages_and_serves_the_compiled_stylesheet(server):
    status, content_type, body = get(f"{server}/accounts/sign-in/")
    assert status == 200 and content_type.startswith("text/html")
    stylesheet = re.search(rb'href="(/static/build/app\.[0-9a-f]+\.css)"', body)
    assert stylesheet, "the page links a cache-busted stylesheet"
    status, content_type, css = get(f"{server}{stylesheet.group(1).decode()}")
    assert (status, content_type.split(";")[0]) == (200, "text/css")
    assert b".govuk-button" in css
