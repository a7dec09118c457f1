"""followthrough clocks: the stages file as a table, as JSON, and a bad file refused in one line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from followthrough.cli import main
from followthrough.clocks.rules import DEFAULT_STAGES_FILE

FOLLOWTHROUGH = str(Path(sys.executable).with_name("followthrough"))


@pytest.fixture(autouse=True)
def _no_stages_setting(monkeypatch):
    monkeypatch.delenv("FOLLOWTHROUGH_STAGES_FILE", raising=False)


def run(capsys, *argv):
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_it_prints_every_review_types_stages_with_timescale_basis_and_source(capsys):
    status, out, err = run(capsys, "clocks")
    assert status == 0 and err == ""
    assert f"Stages and clocks from {DEFAULT_STAGES_FILE}" in out
    for code in ("DHR", "DARDR", "SAR", "CSPR", "PFD", "inquiry", "other"):
        assert f"\n{code}: " in out
    assert "2. Decision whether to hold a review" in out
    assert "1 month after notification" in out
    assert "statutory" in out
    assert "5 working days after incident_known" in out
    assert "Source: Coroners (Investigations) Regulations 2013, regulation 29" in out
    assert "Outcomes: approved, returned; returned: a new round from qa_submitted." in out
    assert max(len(line) for line in out.splitlines()) <= 100


def test_type_shows_one_review_type_whatever_its_case(capsys):
    status, out, _ = run(capsys, "clocks", "--type", "pfd")
    assert status == 0
    assert "PFD: Prevention of Future Deaths report" in out
    assert "DHR:" not in out
    assert "One clock for each addressee." in out


def test_json_lists_the_stages_of_each_type(capsys):
    status, out, _ = run(capsys, "clocks", "--json", "--type", "CSPR")
    assert status == 0
    data = json.loads(out)
    assert list(data) == ["CSPR"]
    notified = data["CSPR"]["stages"][1]
    assert notified == {
        "key": "panel_notified",
        "label": "Serious incident notified to the Child Safeguarding Practice Review Panel",
        "clock_from": "incident_known",
        "within": "5 working days",
        "basis": "statutory",
        "source": notified["source"],
        "outcomes": [],
        "returns_to": None,
        "per_addressee": False,
        "optional": False,
        "closes": False,
    }
    assert "Working Together to Safeguard Children 2023" in notified["source"]


def test_an_unknown_type_is_refused_with_the_types_there_are(capsys):
    status, out, err = run(capsys, "clocks", "--type", "SCR")
    assert status == 2 and out == ""
    assert "no review type 'SCR'" in err
    assert "DHR, DARDR" in err


def test_it_reads_an_administrators_own_file(tmp_path, capsys):
    path = tmp_path / "ours.toml"
    path.write_text(
        '[SAR]\nlabel = "Safeguarding Adults Review"\n'
        '[[SAR.stages]]\nkey = "referral"\nlabel = "Referral"\n'
        '[[SAR.stages]]\nkey = "decision"\nlabel = "Decision"\nclock_from = "referral"\n'
        'within = "20 working days"\nbasis = "local"\nsource = "Our board, policy 4"\n',
        encoding="utf-8",
    )
    status, out, _ = run(capsys, "clocks", "--file", str(path))
    assert status == 0
    assert "20 working days after referral" in out
    assert "Source: Our board, policy 4" in out


def test_it_reads_the_file_the_setting_names(tmp_path, capsys, monkeypatch):
    path = tmp_path / "ours.toml"
    path.write_text('[other]\nlabel = "Other"\n[[other.stages]]\nkey = "start"\nlabel = "Began"\n')
    monkeypatch.setenv("FOLLOWTHROUGH_STAGES_FILE", str(path))
    status, out, _ = run(capsys, "clocks")
    assert status == 0
    assert f"Stages and clocks from {path}" in out
    assert "DHR:" not in out


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[DHR\n", "not valid TOML"),
        (
            '[DHR]\nlabel = "D"\n[[DHR.stages]]\nkey = "a"\nlabel = "A"\n'
            '[[DHR.stages]]\nkey = "b"\nlabel = "B"\nclock_from = "a"\nwithin = "soon"\n',
            "review type DHR, stage b: cannot read the period 'soon'",
        ),
    ],
)
def test_a_bad_file_is_one_line_with_status_2_and_no_traceback(tmp_path, text, message):
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    result = subprocess.run(
        [FOLLOWTHROUGH, "clocks", "--file", str(path)], capture_output=True, text=True
    )
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"followthrough clocks: {path}")
    assert message in lines[0]
    assert "Traceback" not in result.stderr


def test_a_missing_file_is_refused(tmp_path, capsys):
    status, out, err = run(capsys, "clocks", "--file", str(tmp_path / "absent.toml"))
    assert status == 2 and out == ""
    assert "no such file" in err
