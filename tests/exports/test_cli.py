"""followthrough export and board-pack, run as a user would run them."""

from __future__ import annotations

import io
import json

import docx
import pytest

from followthrough.audit import events
from followthrough.audit.models import AuditEvent
from followthrough.cli import main

pytestmark = pytest.mark.django_db


def test_it_writes_the_json_to_standard_output_by_id(capsys, seed_review):
    status = main(["export", str(seed_review.pk), "--format", "json"])
    out, err = capsys.readouterr()
    assert status == 0 and err == ""
    assert json.loads(out)["review"]["title"] == seed_review.title


def test_it_finds_the_review_by_its_reference(capsysbinary, live):
    status = main(["export", "nm-dardr-2025-02", "--format", "docx"])
    out = capsysbinary.readouterr().out
    assert status == 0
    assert docx.Document(io.BytesIO(out)).paragraphs[0].text == live["review"].title


def test_it_writes_to_a_file_with_o_and_takes_the_format_from_its_name(
    capsys, seed_review, tmp_path
):
    target = tmp_path / "plan.xlsx"
    status = main(["export", str(seed_review.pk), "-o", str(target)])
    out, err = capsys.readouterr()
    assert status == 0 and err == ""
    assert target.read_bytes().startswith(b"PK")
    assert out.startswith(f"Wrote {target} (")


def test_each_export_is_recorded_with_the_account_that_ran_it(capsys, seed_review):
    main(["export", str(seed_review.pk), "--format", "csv"])
    event = AuditEvent.objects.get(event_type=events.REVIEW_EXPORTED)
    assert event.actor is None
    assert event.after["via"].startswith("command line")
    assert event.after["format"] == "csv" and event.after["profile"] == "internal"


def test_an_unknown_review_is_one_line_and_exit_status_2(capsys, seed_review):
    status = main(["export", "SL-NOPE", "--format", "json"])
    out, err = capsys.readouterr()
    assert status == 2 and out == ""
    assert err == "followthrough export: no review has the id or reference 'SL-NOPE'\n"


def test_a_public_export_of_an_unpublished_review_is_refused(capsys, seed_review):
    status = main(["export", str(seed_review.pk), "--format", "json", "--profile", "public"])
    out, err = capsys.readouterr()
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and "has not been published" in err


def test_it_asks_for_a_format_when_it_cannot_tell(capsys, seed_review):
    status = main(["export", str(seed_review.pk)])
    _, err = capsys.readouterr()
    assert status == 2
    assert "give the format with --format docx|pdf|xlsx|csv|json" in err


def test_it_writes_the_board_pack_of_a_partnership(capsys, live, tmp_path):
    target = tmp_path / "pack.docx"
    status = main(["board-pack", "--partnership", "Northmoor CSP", "-o", str(target)])
    assert status == 0, capsys.readouterr().err
    text = "\n".join(p.text for p in docx.Document(str(target)).paragraphs)
    assert "Board pack: Northmoor CSP" in text
    assert AuditEvent.objects.filter(event_type=events.BOARD_PACK_EXPORTED).count() == 1
