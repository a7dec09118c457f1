"""Headers and sessions fit for production: Content-Security-Policy, no caching of pages,
HTTPS settings from the environment, session limits, the client's address behind a proxy, and
`check --deploy` clean with the settings docs/deployment.md lists."""

import base64
import hashlib
import os
import re
import subprocess
import sys
import time

import pytest
from django.test import RequestFactory
from django.urls import reverse

from followthrough.settings import PACKAGE_DIR
from followthrough.web.security import SIGNED_IN_AT, client_address
from tests.conftest import REPO
from tests.factories import UserFactory

TEMPLATES = PACKAGE_DIR / "templates"


# Content-Security-Policy ----------------------------------------------------------------


@pytest.mark.django_db
def test_every_page_has_a_strict_content_security_policy(client):
    client.force_login(UserFactory(username="morgan"))
    for url in ["/accounts/sign-in/", "/reviews/"]:
        client.logout() if url.endswith("sign-in/") else None
        policy = client.get(url)["Content-Security-Policy"]
        directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
        assert directives["default-src"] == "'self'"
        assert directives["script-src"].startswith("'self' 'sha256-")
        assert directives["style-src"] == "'self'"
        assert directives["frame-ancestors"] == "'none'"
        assert directives["object-src"] == "'none'"
        assert "unsafe" not in policy


def test_the_one_inline_script_is_the_one_the_policy_allows_by_its_hash():
    from django.conf import settings

    base = (TEMPLATES / "base.html").read_text()
    inline = re.findall(r"<script>(.*?)</script>", base, flags=re.S)
    assert len(inline) == 1
    digest = base64.b64encode(hashlib.sha256(inline[0].encode()).digest()).decode()
    assert settings.GOVUK_FRONTEND_SCRIPT_HASH == f"'sha256-{digest}'"


# Templates that only WeasyPrint (board pack, plan PDF, and their parts) or a mail client read
# are not pages; the exports' pages (asking for a board pack, its job, a refusal) are.
NOT_PAGES = ("exports/board_pack.html", "exports/plan.html", "exports/_", "notifications/email/")


def test_no_page_template_has_an_inline_style_script_or_event_handler():
    offences = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        name = path.relative_to(TEMPLATES).as_posix()
        if name.startswith(NOT_PAGES):
            continue
        text = path.read_text()
        for pattern in [r"\sstyle=", r"<style", r"\son[a-z]+=", r"javascript:"]:
            if re.search(pattern, text, flags=re.I):
                offences.append(f"{name}: {pattern}")
        scripts = re.findall(r"<script(?![^>]*\ssrc=)[^>]*>", text)
        if scripts and name != "base.html":
            offences.append(f"{name}: inline <script>")
    assert offences == []


# Caching ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_pages_and_downloads_are_never_stored_and_static_files_are_cached(client, seed_review):
    from tests.factories import MembershipFactory

    user = UserFactory(username="morgan")
    MembershipFactory(user=user, partnership=seed_review.partnership, role="viewer")
    assert "no-store" in client.get("/accounts/sign-in/")["Cache-Control"]
    client.force_login(user)
    download = reverse("exports:review_csv", args=[seed_review.pk])
    for url in ["/reviews/", f"/reviews/{seed_review.pk}/", download]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url
    static = client.get("/static/app/init.js")
    assert static.status_code == 200
    assert "no-store" not in static.get("Cache-Control", "")
    assert "max-age" in static["Cache-Control"]


# Sessions ----------------------------------------------------------------------------------


def test_sessions_end_with_the_browser_and_after_two_idle_hours():
    from django.conf import settings

    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_COOKIE_AGE == 2 * 60 * 60
    assert settings.FOLLOWTHROUGH_SESSION_MAX_SECONDS == 12 * 60 * 60


@pytest.mark.django_db
def test_a_session_older_than_the_limit_is_signed_out_however_busy(client):
    client.force_login(UserFactory(username="morgan"))
    assert client.get("/reviews/").status_code == 200
    session = client.session
    session[SIGNED_IN_AT] = int(time.time()) - 13 * 60 * 60
    session.save()
    response = client.get("/reviews/")
    assert response["Location"] == "/accounts/sign-in/?next=%2Freviews%2F"
    assert "You have been signed out" in client.get(response["Location"]).text
    assert client.get("/reviews/").status_code == 302


@pytest.mark.django_db
def test_a_busy_session_has_its_idle_expiry_moved_on(client):
    from django.contrib.sessions.models import Session

    client.force_login(UserFactory(username="morgan"))
    key = client.session.session_key
    Session.objects.filter(pk=key).update(
        expire_date=Session.objects.get(pk=key).expire_date
        - __import__("datetime").timedelta(hours=1)
    )
    session = client.session
    session["followthrough_refreshed_at"] = int(time.time()) - 600
    session.save()
    before = Session.objects.get(pk=key).expire_date
    client.get("/reviews/")
    assert Session.objects.get(pk=key).expire_date > before


# The client's address ----------------------------------------------------------------------


def request_from(peer, forwarded=None):
    extra = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().post("/accounts/sign-in/", **extra)


def test_without_trusted_proxies_x_forwarded_for_is_ignored(settings):
    settings.FOLLOWTHROUGH_TRUSTED_PROXIES = []
    assert client_address(request_from("203.0.113.9", "198.51.100.1")) == "203.0.113.9"


def test_behind_a_trusted_proxy_the_address_it_saw_is_the_client(settings):
    settings.FOLLOWTHROUGH_TRUSTED_PROXIES = ["10.0.0.0/24"]
    # The client forged the first entry; the proxy appended the address it really saw.
    request = request_from("10.0.0.5", "1.2.3.4, 198.51.100.7")
    assert client_address(request) == "198.51.100.7"
    # Through two trusted proxies.
    assert client_address(request_from("10.0.0.5", "198.51.100.7, 10.0.0.9")) == "198.51.100.7"
    # A garbled entry stops the walk at the last trusted hop.
    assert client_address(request_from("10.0.0.5", "not-an-address")) == "10.0.0.5"


def test_a_request_that_does_not_come_from_a_trusted_proxy_is_taken_at_its_word(settings):
    settings.FOLLOWTHROUGH_TRUSTED_PROXIES = ["10.0.0.5"]
    assert client_address(request_from("203.0.113.9", "198.51.100.1")) == "203.0.113.9"


# Settings from the environment ---------------------------------------------------------------


def settings_with(env: dict, tmp_path) -> dict:
    script = (
        "import json, followthrough.settings as s; print(json.dumps({k: getattr(s, k) for k in "
        "['SECURE_SSL_REDIRECT', 'SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS', "
        "'SECURE_HSTS_PRELOAD', 'SECURE_PROXY_SSL_HEADER', 'SESSION_COOKIE_AGE']}))"
    )
    base = {"PATH": os.environ["PATH"], "FOLLOWTHROUGH_VAR_DIR": str(tmp_path)}
    out = subprocess.run(
        [sys.executable, "-c", script], env={**base, **env}, capture_output=True, text=True,
        cwd=REPO, check=True,
    )  # fmt: skip
    import json

    return json.loads(out.stdout)


def test_https_settings_are_off_for_a_local_install_and_set_from_the_environment(tmp_path):
    local = settings_with({}, tmp_path)
    assert local == {
        "SECURE_SSL_REDIRECT": False,
        "SECURE_HSTS_SECONDS": 0,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": False,
        "SECURE_HSTS_PRELOAD": False,
        "SECURE_PROXY_SSL_HEADER": None,
        "SESSION_COOKIE_AGE": 7200,
    }
    production = settings_with(
        {
            "FOLLOWTHROUGH_HTTPS_REDIRECT": "true",
            "FOLLOWTHROUGH_HSTS_SECONDS": "31536000",
            "FOLLOWTHROUGH_HSTS_INCLUDE_SUBDOMAINS": "true",
            "FOLLOWTHROUGH_HSTS_PRELOAD": "true",
            "FOLLOWTHROUGH_PROXY_SSL_HEADER": "X-Forwarded-Proto",
            "FOLLOWTHROUGH_SESSION_IDLE_MINUTES": "30",
        },
        tmp_path,
    )
    assert production == {
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "SESSION_COOKIE_AGE": 1800,
    }


def deployment_settings() -> dict[str, str]:
    """The variables the Configure section of docs/deployment.md lists for production."""
    doc = (REPO / "docs" / "deployment.md").read_text()
    section = doc.split("## Configure", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, flags=re.S).group(1)
    return dict(line.split("=", 1) for line in block.splitlines() if line.strip())


def check_deploy(env, cwd):
    """`followthrough manage check --deploy` in a fresh interpreter with only ``env``."""
    program = "from followthrough.cli import main; raise SystemExit(main())"
    return subprocess.run(
        [sys.executable, "-c", program, "manage", "check", "--deploy"],
        env=env, capture_output=True, text=True, cwd=cwd, timeout=120,
    )  # fmt: skip


def test_check_deploy_is_clean_with_the_documented_production_settings(tmp_path):
    env = deployment_settings()
    assert env["FOLLOWTHROUGH_SECRET_KEY"] == "<a long random string>"
    env["FOLLOWTHROUGH_SECRET_KEY"] = base64.urlsafe_b64encode(os.urandom(48)).decode()
    env["FOLLOWTHROUGH_VAR_DIR"] = str(tmp_path)  # the documented /var/lib path is not ours
    env["PATH"] = os.environ["PATH"]
    result = check_deploy(env, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNING" not in result.stderr + result.stdout


def test_without_the_https_settings_check_deploy_would_warn(tmp_path):
    """The check above can fail: drop the HSTS line and it does."""
    env = deployment_settings()
    env["FOLLOWTHROUGH_SECRET_KEY"] = base64.urlsafe_b64encode(os.urandom(48)).decode()
    env["FOLLOWTHROUGH_VAR_DIR"] = str(tmp_path)
    env["PATH"] = os.environ["PATH"]
    del env["FOLLOWTHROUGH_HSTS_SECONDS"]
    result = check_deploy(env, tmp_path)
    assert "security.W004" in result.stderr + result.stdout
