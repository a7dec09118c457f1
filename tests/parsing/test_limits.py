"""The reader's bounds: a document far bigger than any plan is refused in one line that says
what was too big, the limit and what to do, before the expensive work; every real plan fits.

The hostile files are made here at a hundredth of their size, with the limits lowered to
match, so the same refusals are tested quickly; ``bench/hostile_files.py`` uploads them at full
size with the real limits."""

from __future__ import annotations

import json
import time

import pytest

from followthrough.parsing import ParseError, read_plan
from followthrough.parsing.isolated import Ceilings, read_plan_isolated
from followthrough.parsing.limits import Limits
from tests.parsing.corpus.office import cases
from tests.parsing.hostile import HOSTILE, csv_rows, docx_paragraphs, pdf_pages

SMALL = Limits(
    rows=50,
    columns=20,
    cells=500,
    paragraphs=50,
    characters=20_000,
    cell_characters=2_000,
    pages=2,
    page_objects=500,
    page_content_bytes=5_000,
    sheets=3,
    xml_part_bytes=400_000,
    xml_elements=20_000,
)
SCALE = 0.01


def refusal(data: bytes, filename: str, limits: Limits | None = SMALL) -> str:
    with pytest.raises(ParseError) as caught:
        read_plan(data, filename=filename, limits=limits)
    message = str(caught.value)
    assert "\n" not in message and message.startswith(f"{filename}: ")
    return message


@pytest.mark.parametrize("hostile", HOSTILE, ids=[h.name for h in HOSTILE])
def test_each_kind_of_hostile_file_is_refused_in_one_line_and_quickly(hostile):
    data = hostile.make(SCALE)
    started = time.perf_counter()
    message = refusal(data, hostile.filename)
    assert time.perf_counter() - started < 5
    assert any(words in message for words in hostile.says), message


def test_a_csv_is_refused_at_the_first_row_over_the_limit_with_what_to_do():
    message = refusal(csv_rows(SCALE), "export.csv")
    assert message == (
        "export.csv: the CSV file has more than 50 table rows; a plan has at most 50: save just "
        "the action plan in a document of its own and try again"
    )


def test_a_word_document_is_counted_before_python_docx_loads_it(monkeypatch):
    import docx

    def never(*args, **kwargs):
        raise AssertionError("python-docx was asked to load a document over the limits")

    monkeypatch.setattr(docx, "Document", never)
    message = refusal(docx_paragraphs(0.001), "plan.docx")
    assert "the Word document has more than 50 paragraphs; a plan has at most 50" in message


def test_a_pdf_over_the_page_limit_is_refused_before_a_page_is_read(monkeypatch):
    from followthrough.parsing.formats import pdf

    monkeypatch.setattr(pdf._Reader, "read_page", lambda *a: pytest.fail("a page was read"))
    message = refusal(pdf_pages(0.02), "plan.pdf")
    assert "This PDF has 4 pages, more than the 2 this reader takes" in message


def test_deeply_nested_json_is_refused_however_deep_not_a_recursion_error():
    deep = b'{"format": "followthrough.action-plan/1", "review": ' + b"[" * 200_000
    message = refusal(deep + b"]" * 200_000 + b"}", "plan.json", limits=None)
    assert "the JSON has more than 20 levels of nesting" in message


def test_a_json_plan_published_in_the_year_9999_is_named_where_it_is():
    plan = {
        "format": "followthrough.action-plan/1",
        "review": {"title": "DHR Ivy", "published_on": "9999-12-31"},
        "recommendations": [],
    }
    message = refusal(json.dumps(plan).encode(), "plan.json", limits=None)
    assert message == (
        "plan.json: the JSON action plan cannot be read: at $.review.published_on, the date "
        "'9999-12-31' cannot be used (the year 9999 is outside 1900 to 2199); correct it and "
        "try again"
    )


@pytest.mark.parametrize("case", cases(), ids=lambda c: c.id)
def test_every_plan_of_the_corpus_fits_the_default_limits_with_room_to_spare(case):
    # A tenth of each bound is still more than any plan of the corpus needs.
    tight = Limits(
        rows=Limits.rows // 10,
        columns=Limits.columns // 5,
        cells=Limits.cells // 10,
        paragraphs=Limits.paragraphs // 10,
        characters=Limits.characters // 10,
        cell_characters=Limits.cell_characters // 10,
    )
    assert read_plan(case.build(), filename=case.filename, limits=tight).recommendations


def test_a_document_over_the_real_limits_is_refused_through_the_real_sandbox():
    rows = Limits.rows + 1
    data = csv_rows(rows / 600_000)
    with pytest.raises(ParseError) as caught:
        read_plan_isolated(
            data, filename="export.csv", ceilings=Ceilings(seconds=30, memory_bytes=512 << 20)
        )
    assert str(caught.value) == (
        "export.csv: the CSV file has more than 2,000 table rows; a plan has at most 2,000: save "
        "just the action plan in a document of its own and try again"
    )


def test_a_reading_that_runs_out_of_time_is_refused_in_one_line(monkeypatch):
    with pytest.raises(ParseError) as caught:
        read_plan_isolated(
            pdf_pages(0.1),
            filename="plan.pdf",
            ceilings=Ceilings(seconds=0.05, memory_bytes=512 << 20),
        )
    assert str(caught.value) == (
        "plan.pdf: reading the document took longer than the 0.05 seconds allowed, so it was "
        "stopped: save just the action plan in a document of its own and try again"
    )


def test_a_reading_that_runs_out_of_memory_is_refused_in_one_line():
    # Five million empty lists: 15 MB of JSON, some 400 MB once read.
    data = b"[" + b"[]," * 5_000_000 + b"[]]"
    generous = Limits(characters=10**9)  # let the reader try
    with pytest.raises(ParseError) as caught:
        read_plan_isolated(
            data,
            filename="plan.json",
            ceilings=Ceilings(seconds=30, memory_bytes=300 << 20),
            limits=generous,
        )
    message = str(caught.value)
    assert message.startswith("plan.json: reading the document ")
    assert "300 MB of memory allowed" in message and "\n" not in message
