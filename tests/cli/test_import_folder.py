"""followthrough import FOLDER: every plan in the folder, a progress report, and a summary."""

from __future__ import annotations

import sys

import pytest

from followthrough.cli import main
from followthrough.plans.models import Review
from tests.conftest import SEED_TEXT
from tests.parsing.corpus.office import excel, word

pytestmark = pytest.mark.django_db(transaction=True)


def run(capsys, *argv):
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def folder(tmp_path):
    """Two Word and Excel plans, the seed, the seed again under another name, a letter, a
    damaged Word file, and what an import leaves alone: a hidden file and a subfolder."""
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "a-seed.txt").write_bytes(SEED_TEXT.read_bytes())
    (plans / "b-olena.docx").write_bytes(word.home_office_template())
    (plans / "c-grace.xlsx").write_bytes(excel.one_row_per_action())
    (plans / "d-seed-copy.txt").write_bytes(SEED_TEXT.read_bytes())
    (plans / "e-letter.txt").write_bytes(b"Dear colleague,\nThe minutes are attached.\n")
    (plans / "f-broken.docx").write_bytes(word.home_office_template()[:2000])
    (plans / ".hidden.txt").write_bytes(SEED_TEXT.read_bytes())
    (plans / "archive").mkdir()
    (plans / "archive" / "old.txt").write_bytes(SEED_TEXT.read_bytes())
    return plans


def test_it_imports_every_plan_in_the_folder_and_sums_up(capsys, folder):
    status, out, err = run(capsys, "import", str(folder), "--partnership", "Westshire CSP")
    assert status == 2  # some failed
    assert err == ""
    assert f"6 files in {folder}: 3 imported, 1 skipped as already imported, 2 failed." in out
    assert sorted(Review.objects.values_list("title", flat=True)) == [
        "Domestic Homicide Review (DHR) into the death of Sarah",
        "Domestic Homicide Review into the death of Olena",
        "Domestic Homicide Review: the death of Grace",
    ]
    imported = out[out.index("Imported:") : out.index("Skipped:")]
    assert (
        '  b-olena.docx: "Domestic Homicide Review into the death of Olena" into Westshire CSP '
        "(3 recommendations, 4 actions)"
    ) in imported
    skipped = out[out.index("Skipped:") : out.index("Failed:")]
    assert "  d-seed-copy.txt: already imported into Westshire CSP as" in skipped
    failed = out[out.index("Failed:") :]
    assert "  e-letter.txt: no action plan found" in failed
    assert "  f-broken.docx: the Word document is damaged or incomplete" in failed
    assert "See them at http://127.0.0.1:8000/reviews/" in out


def test_without_a_terminal_it_prints_one_line_per_file_as_it_goes(capsys, folder):
    _, out, _ = run(capsys, "import", str(folder))
    lines = [line for line in out.splitlines() if line.startswith("[")]
    assert [line.split(":")[0] for line in lines] == [
        "[1/6] a-seed.txt",
        "[2/6] b-olena.docx",
        "[3/6] c-grace.xlsx",
        "[4/6] d-seed-copy.txt",
        "[5/6] e-letter.txt",
        "[6/6] f-broken.docx",
    ]
    assert lines[0].startswith("[1/6] a-seed.txt: imported: ")
    assert lines[3].startswith("[4/6] d-seed-copy.txt: skipped: already imported")
    assert lines[4].startswith("[5/6] e-letter.txt: failed: no action plan found")


def test_each_plan_goes_to_the_partnership_it_names_when_none_is_given(capsys, folder):
    run(capsys, "import", str(folder))
    owners = dict(Review.objects.values_list("title", "partnership__name"))
    assert owners["Domestic Homicide Review into the death of Olena"] == (
        "Northvale Community Safety Partnership"
    )
    assert owners["Domestic Homicide Review (DHR) into the death of Sarah"] == "South Lakeland CSP"


def test_on_a_terminal_it_draws_a_progress_bar_on_stderr_and_clears_it(capsys, folder,
                                                                      monkeypatch):  # fmt: skip
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    _, out, err = run(capsys, "import", str(folder), "--link-agencies")
    assert "\r\x1b[K[------------------------] 1/6 a-seed.txt" in err
    assert "] 6/6 f-broken.docx" in err
    assert err.endswith("\r\x1b[K")
    assert not any(line.startswith("[") for line in out.splitlines())
    assert "3 imported, 1 skipped as already imported, 2 failed." in out


def test_a_folder_of_good_plans_exits_0_and_importing_it_again_skips_them_all(capsys, tmp_path):
    (tmp_path / "olena.docx").write_bytes(word.home_office_template())
    (tmp_path / "grace.xlsx").write_bytes(excel.one_row_per_action())
    status, out, _ = run(capsys, "import", str(tmp_path), "--link-agencies")
    assert status == 0 and "2 imported, 0 skipped as already imported, 0 failed." in out
    status, out, _ = run(capsys, "import", str(tmp_path))
    assert status == 0 and "0 imported, 2 skipped as already imported, 0 failed." in out
    assert Review.objects.count() == 2


def test_a_plan_naming_another_partnerships_agencies_waits_for_link_agencies(
    capsys, tmp_path
):
    """Two plans of two partnerships name the same agencies: the second is not imported until
    the person importing confirms the link."""
    (tmp_path / "olena.docx").write_bytes(word.home_office_template())
    (tmp_path / "grace.xlsx").write_bytes(excel.one_row_per_action())
    status, out, _ = run(capsys, "import", str(tmp_path))
    assert status == 2 and "1 imported, 0 skipped as already imported, 1 failed." in out
    failed = out[out.index("Failed:") :]
    assert "olena.docx: the plan names agencies that are not yet partners of Northvale" in failed
    assert "or run again with --link-agencies" in failed
    status, out, _ = run(capsys, "import", str(tmp_path), "--link-agencies")
    assert status == 0 and "1 imported, 1 skipped as already imported, 0 failed." in out


def test_replace_imports_each_plan_of_the_folder_again(capsys, tmp_path):
    (tmp_path / "olena.docx").write_bytes(word.home_office_template())
    run(capsys, "import", str(tmp_path))
    first = Review.objects.get()
    status, out, _ = run(capsys, "import", str(tmp_path), "--replace")
    assert status == 0 and "olena.docx: replaced: " in out
    assert Review.objects.get().pk != first.pk


def test_a_plan_that_names_no_partnership_fails_with_the_way_to_give_one(capsys, tmp_path):
    (tmp_path / "plan.txt").write_bytes(
        b"Recommendation\tAction\tLead\nThat it acts.\tAct\tAnytown Council\n"
    )
    status, out, _ = run(capsys, "import", str(tmp_path))
    assert status == 2
    assert (
        "  plan.txt: the plan does not say which partnership owns it: give one with "
        "--partnership NAME"
    ) in out
    assert not Review.objects.exists()


def test_an_empty_folder_gets_one_line_and_exit_status_2(capsys, tmp_path):
    (tmp_path / ".DS_Store").write_bytes(b"x")
    status, out, err = run(capsys, "import", str(tmp_path))
    assert status == 2 and out == ""
    assert err == f"followthrough import: {tmp_path}: the folder has no files to import\n"


def test_a_value_too_long_for_the_review_is_one_line_not_a_database_error(capsys, tmp_path):
    long_title = "Domestic Homicide Review into the death of " + "A" * 400
    (tmp_path / "long.txt").write_text(
        SEED_TEXT.read_text().replace("Domestic Homicide Review", long_title, 1)
    )
    status, out, _ = run(capsys, "import", str(tmp_path), "--partnership", "Westshire CSP")
    assert status == 2
    assert "long.txt: The review's title is" in out
    assert "Shorten it in the document, then import it again." in out
    assert not Review.objects.exists()
