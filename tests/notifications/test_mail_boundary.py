"""Mail is sent only by the notifications service.

Ruff's banned-api rule cannot say this on its own yet: the project bans every Django import
under the plain-Python layers with the same rule (TID251) and switches it off everywhere else,
and ruff has no per-file list of banned names. Until the ruff configuration is split per
layer (a nested ruff.toml in each plain-Python package), this test holds the line."""

from __future__ import annotations

import ast

import pytest

from tests.conftest import REPO

PACKAGE = REPO / "src" / "followthrough"
ALLOWED = PACKAGE / "notifications"
MAIL_MODULE = "django.core.mail"


def mail_uses(source: str) -> list[str]:
    """Each import of Django's mail API in ``source``, as "line: what"."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [
                f"{node.lineno}: import {alias.name}"
                for alias in node.names
                if alias.name == MAIL_MODULE or alias.name.startswith(MAIL_MODULE + ".")
            ]
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.module == MAIL_MODULE or node.module.startswith(MAIL_MODULE + "."):
                found.append(f"{node.lineno}: from {node.module} import ...")
            elif node.module == "django.core" and any(a.name == "mail" for a in node.names):
                found.append(f"{node.lineno}: from django.core import mail")
    return found


def test_no_module_outside_notifications_uses_the_mail_api():
    offenders = {
        str(path.relative_to(REPO)): uses
        for path in sorted(PACKAGE.rglob("*.py"))
        if ALLOWED not in path.parents and (uses := mail_uses(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}, "send mail through followthrough.notifications.services"


@pytest.mark.parametrize(
    "source",
    [
        "from django.core.mail import send_mail",
        "from django.core.mail import EmailMessage as M",
        "from django.core.mail.message import EmailMultiAlternatives",
        "from django.core import mail",
        "import django.core.mail",
        "def later():\n    from django.core.mail import send_mass_mail\n",
    ],
)
def test_the_check_catches_each_way_of_importing_the_mail_api(source):
    assert mail_uses(source)


def test_the_check_leaves_other_django_imports_alone():
    assert mail_uses("from django.core import management\nimport django.db\n") == []


def test_the_check_sees_the_notifications_service_send_mail():
    assert mail_uses((ALLOWED / "services.py").read_text(encoding="utf-8"))
