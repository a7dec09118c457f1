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


def test_it_reads_a_word_document_and_says_where_it_guessed(write_file, capsys):
    from tests.parsing.corpus.office.word import home_office_template

    path = write_file("olena.docx", home_office_template())
    assert main(["parse", "--warnings", str(path)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["review"]["subject_pseudonym"] == "Olena"
    assert "table: the template's guidance to its author left out (1 row)" in data["warnings"]


def test_format_reads_the_file_as_the_format_given(write_file, capsys):
    path = write_file("plan.txt", b"Recommendation;Action;Lead\nThat it acts.;Act;Anytown CSP\n")
    assert main(["parse", "--format", "csv", str(path)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["recommendations"][0]["actions"][0]["text"] == "Act"


def test_format_says_in_one_line_when_the_file_is_not_that_format(write_file, capsys):
    path = write_file("plan.txt", b"Recommendation\tAction\tLead\nThat it acts.\tAct\tX CSP\n")
    assert main(["parse", "--format", "xlsx", str(path)]) == 2
    err = capsys.readouterr().err
    assert err == (
        "followthrough parse: plan.txt: asked to read it as an Excel workbook (.xlsx), but it "
        "is not one: it looks like text\n"
    )


def test_format_offers_the_formats_it_knows(capsys):
    with pytest.raises(SystemExit):
        main(["parse", "--format", "odt", "plan.odt"])
    err = capsys.readouterr().err
    assert "invalid choice: 'odt'" in err and "'docx'" in err and "'xlsx'" in err
