"""followthrough similar, run as the operator runs it on the server."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from followthrough.cli import main
from tests.lessons.conftest import (  # noqa: F401 (fixtures)
    DASH_FELLSIDE,
    DASH_FELLSIDE_PUBLISHED,
    DASH_HOME,
    DASH_QUERY,
    _fresh_index,
    world,
)

FOLLOWTHROUGH = str(Path(sys.executable).with_name("followthrough"))


def run(capsys, *argv):
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.mark.usefixtures("world")
def test_json_lists_every_repeat_best_first_with_reference_number_text_and_score(capsys):
    status, out, err = run(capsys, "similar", DASH_QUERY, "--json")
    assert status == 0 and err == ""
    found = json.loads(out)
    # The operator sees every partnership's recommendations, published or not.
    assert {r["text"] for r in found} == {DASH_HOME, DASH_FELLSIDE, DASH_FELLSIDE_PUBLISHED}
    assert [r["score"] for r in found] == sorted((r["score"] for r in found), reverse=True)
    first = found[0]
    assert set(first) >= {"reference", "number", "text", "score"}
    assert 0 < first["score"] <= 1
    home = next(r for r in found if r["text"] == DASH_HOME)
    assert (home["reference"], home["number"], home["outcome"]) == (
        "NM-DHR-2023-01",
        "3",
        "fully_implemented",
    )


@pytest.mark.usefixtures("world")
def test_json_is_an_empty_list_when_nothing_repeats_it(capsys):
    status, out, _ = run(capsys, "similar", "Refuges should take older men.", "--json")
    assert status == 0
    assert json.loads(out) == []


@pytest.mark.usefixtures("world")
def test_the_limit_keeps_the_best(capsys):
    _, everything, _ = run(capsys, "similar", DASH_QUERY, "--json")
    status, out, _ = run(capsys, "similar", DASH_QUERY, "--json", "--limit", "1")
    assert status == 0
    assert json.loads(out) == json.loads(everything)[:1]


@pytest.mark.usefixtures("world")
def test_without_json_it_prints_a_readable_list(capsys):
    status, out, _ = run(capsys, "similar", DASH_QUERY)
    assert status == 0
    assert "NM-DHR-2023-01, recommendation 3 (Northmoor CSP, DHR, 2023, fully implemented)" in out
    assert "DASH risk checklist" in out


@pytest.mark.usefixtures("world")
def test_without_json_it_says_when_nothing_repeats_it(capsys):
    status, out, _ = run(capsys, "similar", "Refuges", "should", "take", "older", "men.")
    assert status == 0
    assert out.strip() == "No earlier recommendation asks for the same thing."


@pytest.mark.usefixtures("world")
def test_the_text_may_come_from_standard_input(capsys, monkeypatch):
    import io

    monkeypatch.setattr(sys, "stdin", io.StringIO(DASH_QUERY))
    status, out, _ = run(capsys, "similar", "-", "--json")
    assert status == 0 and len(json.loads(out)) == 3


@pytest.mark.parametrize("limit", ["0", "-3", "many", "100000"])
def test_a_bad_limit_gets_one_clear_line_and_no_traceback(capsys, limit):
    with pytest.raises(SystemExit) as exited:
        main(["similar", "training", "--limit", limit])
    _, err = capsys.readouterr()
    assert exited.value.code == 2
    assert "--limit" in err and "Traceback" not in err


def test_empty_text_gets_one_clear_line(capsys, db):
    status, out, err = run(capsys, "similar", "   ")
    assert status == 2 and out == ""
    assert err.strip() == "followthrough similar: give the text of a recommendation to look for"


def test_a_database_not_yet_made_gets_told_to_migrate(tmp_path):
    env = {
        **os.environ,
        "FOLLOWTHROUGH_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'new.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "followthrough.settings",
    }
    done = subprocess.run(
        [FOLLOWTHROUGH, "similar", "Train staff in DASH", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2 and done.stdout == ""
    assert "followthrough manage migrate" in done.stderr
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_its_help_says_it_sees_every_recommendation(capsys):
    with pytest.raises(SystemExit):
        main(["similar", "--help"])
    out, _ = capsys.readouterr()
    assert "sees every recommendation" in " ".join(out.split())
