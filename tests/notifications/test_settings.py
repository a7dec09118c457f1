"""Mail settings come from the environment, with a local default that sends nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

NAMES = [
    "EMAIL_BACKEND",
    "EMAIL_HOST",
    "EMAIL_PORT",
    "EMAIL_USE_TLS",
    "EMAIL_USE_SSL",
    "DEFAULT_FROM_EMAIL",
    "FOLLOWTHROUGH_ESCALATE_AFTER_DAYS",
    "FOLLOWTHROUGH_REMINDER_DUE_DAYS",
    "FOLLOWTHROUGH_BASE_URL",
]


def settings_with(tmp_path, **env) -> dict:
    """The real settings module, imported in a fresh interpreter with ``env``."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("FOLLOWTHROUGH_")}
    clean.update(FOLLOWTHROUGH_VAR_DIR=str(tmp_path), FOLLOWTHROUGH_SECRET_KEY="x" * 50, **env)
    code = (
        "import json, followthrough.settings as s; "
        f"print(json.dumps({{n: getattr(s, n) for n in {NAMES!r}}}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=clean, capture_output=True, text=True, check=True
    ).stdout
    return json.loads(out)


def test_without_a_mail_host_messages_are_written_under_var_mail(tmp_path):
    found = settings_with(tmp_path)
    assert found["EMAIL_BACKEND"] == "django.core.mail.backends.filebased.EmailBackend"
    assert found["DEFAULT_FROM_EMAIL"] == "Followthrough <followthrough@localhost>"
    assert found["FOLLOWTHROUGH_ESCALATE_AFTER_DAYS"] == 30
    assert found["FOLLOWTHROUGH_REMINDER_DUE_DAYS"] == 14
    assert found["FOLLOWTHROUGH_BASE_URL"] == "http://127.0.0.1:8000"


@pytest.mark.parametrize(
    "env, port, tls, ssl",
    [({}, 587, True, False), ({"FOLLOWTHROUGH_EMAIL_USE_SSL": "true"}, 465, False, True)],
)
def test_with_a_mail_host_messages_go_over_smtp(tmp_path, env, port, tls, ssl):
    found = settings_with(
        tmp_path,
        FOLLOWTHROUGH_EMAIL_HOST="smtp.example.gov.uk",
        FOLLOWTHROUGH_FROM_EMAIL="no-reply@example.gov.uk",
        FOLLOWTHROUGH_ESCALATE_AFTER_DAYS="60",
        FOLLOWTHROUGH_BASE_URL="https://followthrough.example.gov.uk/",
        **env,
    )
    assert found["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (found["EMAIL_PORT"], found["EMAIL_USE_TLS"], found["EMAIL_USE_SSL"]) == (
        port,
        tls,
        ssl,
    )
    assert found["DEFAULT_FROM_EMAIL"] == "no-reply@example.gov.uk"
    assert found["FOLLOWTHROUGH_ESCALATE_AFTER_DAYS"] == 60
    assert found["FOLLOWTHROUGH_BASE_URL"] == "https://followthrough.example.gov.uk"
