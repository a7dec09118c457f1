"""Several machines on one database, as docs/deployment.md sets them out: two app servers of
two gunicorn processes each and a worker, each with its own FOLLOWTHROUGH_VAR_DIR, sharing only
the database, the secret key and the media folder (here a link to one folder, as a mounted
shared volume would be). A plan uploaded through one server is read by the worker and previewed
through the other; evidence uploaded through one downloads through the other.

Marked postgres_only so that CI's run on PostgreSQL, which must run, holds it (the deployment it
stands for is on PostgreSQL); the processes use the test database. Run on SQLite by hand, it
uses a database file migrated for the test instead: it never skips."""

from __future__ import annotations

import json
import os
import re
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
from django.db import connection
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

from tests.cli.test_serve import FOLLOWTHROUGH, children, free_port, wait_until_serving
from tests.conftest import REPO, SEED_TEXT
from tests.delivery.conftest import PDF
from tests.factories import PASSWORD

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]

SECRET_KEY = "one-secret-key-shared-by-every-machine-of-the-deployment-" + "x" * 20

# The people and records the test needs, made through the shared database; prints their ids.
WORLD = """
import json
from tests.factories import (ActionFactory, ActionLeadFactory, AgencyFactory, MembershipFactory,
    PartnershipFactory, RecommendationFactory, ReviewFactory, UserFactory)
home = PartnershipFactory(name="South Lakeland CSP")
police = AgencyFactory(name="Cumbria Police")
police.partnerships.add(home)
action = ActionFactory(
    recommendation=RecommendationFactory(review=ReviewFactory(partnership=home)),
    status="on_track",
)
ActionLeadFactory(action=action, agency=police)
MembershipFactory(user=UserFactory(username="chair"), partnership=home, role="panel_chair")
MembershipFactory(
    user=UserFactory(username="lead"), partnership=home, role="agency_lead", agency=police
)
print(json.dumps({"partnership": home.pk, "action": action.pk}))
"""


def _postgres_url(settings: dict) -> str:
    quote = urllib.parse.quote
    auth = quote(settings["USER"], safe="")
    if settings["PASSWORD"]:
        auth += ":" + quote(settings["PASSWORD"], safe="")
    host = quote(settings["HOST"] or "localhost", safe="")
    return f"postgres://{auth}@{host}:{settings['PORT'] or 5432}/{quote(settings['NAME'])}"


@pytest.fixture
def database_url(transactional_db, tmp_path) -> str:
    """The database every machine uses: the test database on PostgreSQL (emptied afterwards
    as after any transactional test), a migrated file on SQLite (whose test database is in
    memory, out of other processes' reach)."""
    if connection.vendor == "postgresql":
        return _postgres_url(connection.settings_dict)
    url = f"sqlite:///{tmp_path / 'shared.sqlite3'}"
    subprocess.run(
        [FOLLOWTHROUGH, "manage", "migrate", "-v", "0"],
        env=_environment(tmp_path / "migrate", url),
        check=True,
    )
    return url


def _environment(var_dir: Path, database_url: str) -> dict:
    return {
        **os.environ,
        "FOLLOWTHROUGH_VAR_DIR": str(var_dir),
        "DATABASE_URL": database_url,
        "FOLLOWTHROUGH_SECRET_KEY": SECRET_KEY,
        "DJANGO_SETTINGS_MODULE": "followthrough.settings",
        "PYTHONPATH": str(REPO),
    }


class Machine:
    """One machine of the deployment: its own FOLLOWTHROUGH_VAR_DIR, whose ``media`` folder
    is the shared one."""

    def __init__(self, root: Path, name: str, database_url: str, shared_media: Path):
        self.var_dir = root / name
        self.var_dir.mkdir()
        (self.var_dir / "media").symlink_to(shared_media, target_is_directory=True)
        self.env = _environment(self.var_dir, database_url)
        self.process: subprocess.Popen | None = None
        self.base = ""

    def run(self, *argv: str) -> subprocess.Popen:
        self.process = subprocess.Popen(
            [FOLLOWTHROUGH, *argv],
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        return self.process

    def serve(self, *argv: str) -> subprocess.Popen:
        port = free_port()
        self.base = f"http://127.0.0.1:{port}"
        return self.run("serve", "--port", str(port), *argv)

    def stop(self) -> None:
        """Stop it, and print what it said (pytest shows it when the test fails)."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=90)
        print(f"--- {self.var_dir.name} ---\n{self.process.stdout.read()}")


@pytest.fixture
def deployment(database_url, tmp_path):
    shared_media = tmp_path / "shared-media"
    shared_media.mkdir()
    done = subprocess.run(
        [FOLLOWTHROUGH, "manage", "shell", "--no-imports", "-c", WORLD],
        env=_environment(tmp_path / "setup", database_url),
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    world = json.loads(done.stdout.strip().splitlines()[-1])
    machines = {
        name: Machine(tmp_path, name, database_url, shared_media)
        for name in ("app1", "app2", "worker")
    }
    try:
        for name in ("app1", "app2"):
            machines[name].serve("--workers", "2", "--no-worker")
        machines["worker"].run("worker")
        for name in ("app1", "app2"):
            wait_until_serving(machines[name].process, machines[name].base)
        yield machines, world, shared_media
    finally:
        for machine in machines.values():
            machine.stop()


class Browser:
    """Someone's browser: one cookie jar, whichever server it asks (cookies are not kept
    apart by port, so one session goes to every machine, as behind one proxy)."""

    def __init__(self):
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))

    def open(self, url: str, data: bytes | None = None, content_type: str = ""):
        """(status, final URL, body) after redirects."""
        request = urllib.request.Request(url, data=data)
        if content_type:
            request.add_header("Content-Type", content_type)
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.url, response.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.url, exc.read()

    def submit(self, url: str, fields: dict, files: dict | None = None):
        """Open the form at ``url`` and send it with its CSRF token and ``fields``."""
        status, _, page = self.open(url)
        assert status == 200, page[:300]
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        data = {"csrfmiddlewaretoken": token.decode(), **fields}
        if files:
            return self.open(url, encode_multipart(BOUNDARY, {**data, **files}), MULTIPART_CONTENT)
        return self.open(url, urllib.parse.urlencode(data).encode())

    def sign_in(self, base: str, username: str, *, then: str) -> None:
        """Sign in through ``base`` and go on to the page ``then``."""
        status, url, page = self.submit(
            f"{base}/accounts/sign-in/",
            {"username": username, "password": PASSWORD, "next": then},
        )
        assert (status, url) == (200, f"{base}{then}"), page[:500]


class Upload:
    """A file for encode_multipart: anything with ``read`` and ``name``."""

    def __init__(self, name: str, data: bytes):
        self.name, self.data = name, data

    def read(self) -> bytes:
        return self.data


def test_a_deployment_of_several_machines_shares_uploads_sessions_static_files_and_evidence(
    deployment,
):
    machines, world, shared_media = deployment
    app1, app2 = machines["app1"], machines["app2"]
    for app in (app1, app2):
        assert len(children(app.process.pid)) == 2, "two gunicorn processes on each app server"

    # Each machine collected the static files itself, under the same names: a page from one
    # links to a stylesheet that every process of the other serves.
    visitor = Browser()
    _, _, page = visitor.open(f"{app1.base}/accounts/sign-in/")
    stylesheet = re.search(rb'href="(/static/build/app\.[0-9a-f]+\.css)"', page).group(1).decode()
    for app in (app1, app2):
        for _ in range(4):  # a new connection each time, taken by whichever process is free
            status, _, css = visitor.open(f"{app.base}{stylesheet}")
            assert status == 200 and b".govuk-button" in css

    # A plan uploaded through one server, read by the worker on its own machine, previewed
    # through the other, in the same session.
    chair = Browser()
    chair.sign_in(app1.base, "chair", then="/imports/new/")
    status, url, page = chair.submit(
        f"{app1.base}/imports/new/",
        {"partnership": str(world["partnership"])},
        {"document": Upload("sarah.txt", SEED_TEXT.read_bytes())},
    )
    assert status == 200, page[:500]
    pending = int(re.search(r"/imports/(\d+)/progress/$", url).group(1))
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        status, url, page = chair.open(f"{app2.base}/imports/{pending}/progress/")
        assert status == 200, page[:500]
        if url == f"{app2.base}/imports/{pending}/":
            break
        assert b"could not be read" not in page, page
        time.sleep(0.5)
    else:
        pytest.fail("the worker did not read the upload")
    assert b"Domestic Homicide Review (DHR) into the death of Sarah" in page
    assert b"That all agencies report progress on their internal action plans" in page

    # Evidence uploaded through the second server downloads through the first.
    lead = Browser()
    progress = f"/delivery/actions/{world['action']}/progress/"
    lead.sign_in(app2.base, "lead", then=progress)
    progress = f"{app2.base}{progress}"
    _, _, form = lead.open(progress)
    version = re.search(rb'name="version" value="(\d+)"', form).group(1).decode()
    status, url, page = lead.submit(
        progress,
        {"version": version, "narrative": "Minutes attached.", "status": "on_track"},
        {"evidence": Upload("minutes.pdf", PDF)},
    )
    assert (status, url) == (200, f"{app2.base}/reviews/actions/{world['action']}/"), page[:500]
    evidence = re.search(rb'href="/delivery/evidence/(\d+)/"', page).group(1).decode()
    stored = [p for p in shared_media.rglob("*") if p.is_file()]
    assert len(stored) == 1 and stored[0].read_bytes() == PDF, "kept in the shared folder"
    for machine in machines.values():
        assert not (machine.var_dir / "evidence").exists()
    status, _, data = lead.open(f"{app1.base}/delivery/evidence/{evidence}/")
    assert (status, data) == (200, PDF)
