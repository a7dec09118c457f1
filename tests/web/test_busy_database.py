"""A busy database is a clear "try again" page with status 503, never a 500.

The server runs on a SQLite file while another connection really holds the write lock: a sign-in
(which writes the session) waits FOLLOWTHROUGH_SQLITE_TIMEOUT seconds, then gets the busy page.
"""

from __future__ import annotations

import http.cookiejar
import re
import sqlite3
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from django.db import OperationalError

from followthrough.web.middleware import is_busy_database
from tests.cli.test_serve import free_port, get
from tests.cli.test_worker import FOLLOWTHROUGH, _env, queued_database  # noqa: F401
from tests.factories import PASSWORD


@pytest.fixture
def server(queued_database, tmp_path):  # noqa: F811
    (tmp_path / "site.sqlite3").write_bytes(queued_database.read_bytes())
    env = {**_env(tmp_path), "FOLLOWTHROUGH_SQLITE_TIMEOUT": "0.5"}
    port = free_port()
    process = subprocess.Popen(
        [FOLLOWTHROUGH, "serve", "--port", str(port), "--no-worker"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert "serving on" in process.stdout.readline()
        for _ in range(100):
            try:
                get(f"http://127.0.0.1:{port}/healthz")
                break
            except OSError:
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}", tmp_path / "site.sqlite3"
    finally:
        process.terminate()
        process.wait(timeout=30)


def sign_in(opener, base: str) -> tuple[int, str]:
    page = opener.open(f"{base}/accounts/sign-in/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "username": "chair", "password": PASSWORD}
    ).encode()
    request = urllib.request.Request(
        f"{base}/accounts/sign-in/", data=form, headers={"Referer": f"{base}/accounts/sign-in/"}
    )
    try:
        with opener.open(request) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_a_save_while_another_connection_holds_the_write_lock_gets_the_busy_page(server):
    base, database = server
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    holder = sqlite3.connect(database, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # the write lock, held as a long write would hold it
    try:
        started = time.monotonic()
        status, page = sign_in(opener, base)
        assert status == 503
        assert "The service is busy" in page
        assert "Nothing was saved. Go back and try again in a moment." in page
        assert time.monotonic() - started < 10
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    status, page = sign_in(opener, base)  # the lock is gone: the same request goes through
    assert status == 200 and "The service is busy" not in page


class Cause(Exception):
    def __init__(self, sqlstate):
        self.sqlstate = sqlstate


@pytest.mark.parametrize(
    "sqlstate, busy",
    [("55P03", True), ("57014", True), ("40001", True), ("40P01", True), ("42P01", False)],
)
def test_postgresql_lock_timeouts_and_deadlocks_count_as_busy(sqlstate, busy):
    error = OperationalError("could not obtain lock")
    error.__cause__ = Cause(sqlstate)
    assert is_busy_database(error) is busy


def test_other_database_errors_are_not_hidden():
    assert not is_busy_database(OperationalError("no such table: plans_review"))
    assert not is_busy_database(ValueError("database is locked"))
