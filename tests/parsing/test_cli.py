"""followthrough parse FILE: JSON on stdout, or exit status 2 and one line on stderr."""

from __future__ import annotations

import json

import pytest

from followthrough.cli import main


def test_it_prints_the_seed_as_the_expected_json(seed_text_path, seed_expected_dict, capsys):
    status = main(["parse", str(seed_text_path)])
    out, err = capsys.readouterr()
    assert status == 0
    assert err == ""
    assert json.loads(out) == seed_expected_dict


def test_it_prints_the_warnings_when_asked(seed_text_path, capsys):
    assert main(["parse", "--warnings", str(seed_text_path)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["warnings"]
    assert any(a["warnings"] for r in data["recommendations"] for a in r["actions"])


@pytest.mark.parametrize(
    "name, data, words",
    [
        ("empty.txt", b"", "empty"),
        ("plan.pdf", b"%PDF-1.5\n", "PDF"),
        ("noise.bin", bytes(range(256)) * 8, "binary"),
        ("letter.txt", b"Dear colleague,\nThe minutes are attached.\n", "no action plan found"),
    ],
)
def test_it_exits_2_with_one_line_for_a_file_it_cannot_read(write_file, capsys, name, data, words):
    status = main(["parse", str(write_file(name, data))])
    out, err = capsys.readouterr()
    assert status == 2
    assert out == ""
    assert len(err.splitlines()) == 1
    assert err.startswith("followthrough parse: ")
    assert words in err and name in err


def test_it_exits_2_with_one_line_for_a_missing_file(tmp_path, capsys):
    status = main(["parse", str(tmp_path / "nowhere.txt")])
    err = capsys.readouterr().err
    assert status == 2
    assert len(err.splitlines()) == 1
    assert "no such file" in err
