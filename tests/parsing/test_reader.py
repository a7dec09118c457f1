"""read_plan: it knows a file by its content and says plainly what is wrong with it."""

from __future__ import annotations

import io
import json
import random
import zipfile

import pytest

from followthrough.interchange import plan_to_dict
from followthrough.parsing import ParseError, read_plan, read_plan_file


def _zip(*names: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<xml/>")
    return buffer.getvalue()


def _error(data: bytes, filename: str | None = None) -> str:
    with pytest.raises(ParseError) as caught:
        read_plan(data, filename=filename)
    message = str(caught.value)
    assert "\n" not in message
    return message


SMALL_PLAN = (
    "Recommendation\tAction\tLead\tTarget date\n"
    "That the council reviews its policy.\tReview the policy\tJo Bloggs (Anytown Council)\t"
    "July 2025\n"
)


def test_it_refuses_an_empty_file():
    assert "empty" in _error(b"")
    assert "empty" in _error(b" \n\t\n")


@pytest.mark.parametrize(
    "data, words",
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", ["PDF", "damaged or incomplete", "export"]),
        (_zip("[Content_Types].xml", "word/document.xml"), ["Word document", "damaged"]),
        (_zip("[Content_Types].xml", "xl/workbook.xml"), ["Excel workbook", "damaged"]),
        (_zip("notes.txt"), ["zip archive"]),
        (_zip("ppt/presentation.xml"), ["PowerPoint"]),
        (_zip("mimetype", "content.xml"), ["OpenDocument"]),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", ["PNG image"]),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", ["JPEG image"]),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", [".doc or .xls"]),
    ],
)
def test_it_names_a_binary_file_it_recognises(data, words):
    message = _error(data)
    for word in words:
        assert word in message


def test_it_refuses_random_bytes_as_a_binary_file():
    rng = random.Random(7)
    data = bytes(rng.randrange(256) for _ in range(4000))
    assert "binary file" in _error(data)


def test_it_refuses_text_with_a_nul_byte_inside_as_binary():
    assert "binary file" in _error(SMALL_PLAN.encode() + b"\x00" + SMALL_PLAN.encode())


def test_it_sniffs_the_content_not_the_extension():
    assert "PDF" in _error(b"%PDF-1.4 ...", filename="plan.txt")
    plan = read_plan(SMALL_PLAN.encode(), filename="plan.pdf")
    assert plan.recommendations[0].actions[0].text == "Review the policy"


def test_it_refuses_text_with_no_action_plan_table():
    message = _error(b"Dear colleague,\nPlease find the minutes attached.\n")
    assert message.startswith("no action plan found: expected a table with columns such as")
    assert "Recommendation, Action, Lead, Target date" in message


def test_it_refuses_a_table_that_is_not_an_action_plan():
    assert "no action plan found" in _error(b"Name\tAge\tTown\nJo\t40\tAnytown\n")


def test_it_refuses_a_header_with_nothing_under_it():
    assert "no recommendations" in _error(b"Recommendation\tAction\tLead\tTarget date\n")


def test_it_names_the_file_in_the_message_when_it_knows_it():
    assert _error(b"", filename="plan.txt").startswith("plan.txt: ")


def test_it_refuses_text_in_an_unknown_encoding():
    message = _error(b"Recommendation\tAction\tLead\n\x81\x8d\x8f\x90\x9d\n")
    assert "encoding" in message and "UTF-8" in message


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: t.encode("utf-8"),
        lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"),
        lambda t: t.encode("cp1252"),
        lambda t: t.encode("utf-16"),
        lambda t: t.encode("utf-16-le"),
    ],
    ids=["utf-8", "utf-8 with BOM", "cp1252", "utf-16 with BOM", "utf-16 without BOM"],
)
def test_it_reads_text_in_the_encodings_windows_programs_save(encode):
    text = SMALL_PLAN.replace("council", "council’s board –")
    plan = read_plan(encode(text))
    assert plan.recommendations[0].text == "That the council’s board – reviews its policy."


def test_it_reads_the_interchange_json_back(seed_expected_dict):
    plan = read_plan(json.dumps(seed_expected_dict).encode(), filename="plan.json")
    assert plan_to_dict(plan) == seed_expected_dict


def test_it_names_the_first_schema_problem_and_its_json_path(seed_expected_dict):
    seed_expected_dict["recommendations"][2]["actions"][0]["target_date"] = "July 2014"
    message = _error(json.dumps(seed_expected_dict).encode())
    assert "followthrough.action-plan/1" in message
    assert "$.recommendations[2].actions[0].target_date" in message
    assert "'July 2014'" in message


def test_it_names_a_missing_required_field():
    message = _error(json.dumps({"format": "followthrough.action-plan/1"}).encode())
    assert "at $," in message and "'review' is a required property" in message


def test_it_refuses_json_of_another_format():
    message = _error(json.dumps({"format": "other", "review": {"title": "x"},
                                 "recommendations": []}).encode())  # fmt: skip
    assert "$.format" in message


def test_it_says_where_broken_json_breaks():
    message = _error(b'{"format": "followthrough.action-plan/1",\n "review": }')
    assert "not valid JSON" in message and "line 2" in message


def test_read_plan_file_says_when_the_file_is_missing(tmp_path):
    with pytest.raises(ParseError, match="no such file"):
        read_plan_file(tmp_path / "missing.txt")


def test_read_plan_file_reads_a_file(write_file):
    plan = read_plan_file(write_file("plan.txt", SMALL_PLAN.encode()))
    assert plan.recommendations[0].actions[0].leads[0].agency == "Anytown Council"


CSV_PLAN = (
    "Recommendation,Action,Lead,Target date\n"
    '"That the council reviews its policy.",Review the policy,Jo Bloggs (Anytown Council),'
    "July 2025\n"
)


def test_it_reads_csv_by_its_content_whatever_the_name():
    for name in ("plan.csv", "plan.txt", None):
        plan = read_plan(CSV_PLAN.encode(), filename=name)
        assert plan.recommendations[0].actions[0].leads[0].agency == "Anytown Council"


def test_a_format_given_overrides_what_the_content_suggests():
    plan = read_plan(CSV_PLAN.encode(), format="csv")
    assert plan.recommendations[0].text == "That the council reviews its policy."
    with pytest.raises(ParseError, match="no action plan found"):
        read_plan(CSV_PLAN.encode(), format="text")


def test_it_says_when_the_format_given_is_not_what_the_file_is():
    message = _error_with(SMALL_PLAN.encode(), format="docx")
    assert message == (
        "asked to read it as a Word document (.docx), but it is not one: it looks like text"
    )
    word = _zip("[Content_Types].xml", "word/document.xml")
    assert "but it is a Word document (.docx)" in _error_with(word, format="csv")


def test_it_refuses_a_format_it_does_not_know():
    assert "unknown format 'odt'" in _error_with(SMALL_PLAN.encode(), format="odt")


def test_it_notes_a_name_that_says_another_format():
    plan = read_plan(SMALL_PLAN.encode(), filename="plan.docx")
    assert plan.warnings[0] == "file: named .docx but it is text; read as what it is"
    assert not any(w.startswith("file:") for w in read_plan(SMALL_PLAN.encode()).warnings)


def _error_with(data: bytes, **kwargs) -> str:
    with pytest.raises(ParseError) as caught:
        read_plan(data, **kwargs)
    return str(caught.value)
