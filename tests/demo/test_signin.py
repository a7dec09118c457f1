"""A newcomer signs in as each demo user from what `followthrough demo` prints, the
coordinators and the administrator with a code."""

from __future__ import annotations

import re

import pytest

from followthrough.cli import main
from followthrough.demo.loader import DEMO_PASSWORD, PERSONAS

pytestmark = pytest.mark.django_db(transaction=True)


def run(capsys, *argv):
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_the_demo_prints_a_key_and_link_for_each_user_who_needs_a_code_and_keeps_them(capsys):
    _, out, _ = run(capsys, "demo")
    keys = dict(re.findall(r"^  (\w+) +key ([A-Z2-7 ]+)$", out, flags=re.M))
    assert set(keys) == {"coordinator", "outsider", "admin", "homeoffice"}
    assert "otpauth://totp/Followthrough%3Acoordinator?secret=" in out
    assert "followthrough demo --code USERNAME" in out
    _, again, _ = run(capsys, "demo")
    assert dict(re.findall(r"^  (\w+) +key ([A-Z2-7 ]+)$", again, flags=re.M)) == keys


def test_every_demo_user_signs_in_with_what_the_demo_prints(capsys, client):
    run(capsys, "demo")
    for persona in PERSONAS:
        client.post("/accounts/sign-out/")
        response = client.post(
            "/accounts/sign-in/", {"username": persona.username, "password": DEMO_PASSWORD}
        )
        assert response.status_code == 302, persona.username
        if persona.username in {"coordinator", "outsider", "admin", "homeoffice"}:
            assert response["Location"].startswith("/accounts/security-code/")
            status, code, _ = run(capsys, "demo", "--code", persona.username)
            assert status == 0 and re.fullmatch(r"\d{6}\n", code)
            response = client.post("/accounts/security-code/", {"code": code.strip()})
            assert response.status_code == 302, persona.username
        assert client.get("/reviews/").status_code == 200, persona.username


def test_the_code_is_only_for_authenticators_the_demo_made(capsys):
    from tests.factories import UserFactory, authenticator

    run(capsys, "demo")
    status, out, err = run(capsys, "demo", "--code", "lead")
    assert (status, out) == (2, "")
    assert len(err.strip().splitlines()) == 1 and "has no demo authenticator" in err
    authenticator(UserFactory(username="real-person"))
    assert run(capsys, "demo", "--code", "real-person")[0] == 2
