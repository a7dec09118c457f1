"""The Excel reader: each visible sheet's rows, streamed, with merged cells and dates as shown."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from openpyxl import Workbook

from followthrough.parsing import read_plan
from followthrough.parsing.formats import excel
from followthrough.parsing.formats.excel import document_from_xlsx
from tests.parsing.corpus.office.excel import DOWN, Across, Day, Month, _bytes, _sheet


def _workbook(*sheets: tuple[str, list], hidden: tuple[str, ...] = ()) -> bytes:
    workbook = Workbook()
    for i, (title, rows) in enumerate(sheets):
        _sheet(workbook, title, rows, first=i == 0, hidden=title in hidden)
    return _bytes(workbook)


def _rows(data: bytes) -> list[list[str]]:
    return [b.cells for b in document_from_xlsx(data).blocks]


def test_a_cell_merged_down_gives_its_value_to_each_row_it_covers():
    data = _workbook(("Plan", [["Recommendation", "Action"], ["R", "A1"], [DOWN, "A2"]]))
    assert _rows(data) == [["Recommendation", "Action"], ["R", "A1"], ["R", "A2"]]


def test_a_cell_merged_across_keeps_its_value_in_its_first_column():
    data = _workbook(("Plan", [["Recommendation", "Action", "Lead"], Across("Theme 1 – Risk")]))
    assert _rows(data)[1] == ["Theme 1 – Risk"]


def test_dates_read_as_the_cell_shows_them_to_the_day_or_the_month():
    data = _workbook(("Plan", [[Day(dt.date(2025, 1, 31)), Month(dt.date(2025, 3, 1)), 8.1, 3.0,
                                True]]))  # fmt: skip
    assert _rows(data) == [["31 January 2025", "March 2025", "8.1", "3", "Yes"]]


def test_line_breaks_inside_a_cell_are_kept():
    data = _workbook(("Plan", [["1. Draft\n2. Agree"]]))
    assert _rows(data) == [["1. Draft\n2. Agree"]]


def test_hidden_sheets_are_not_read_and_each_sheet_starts_with_its_name():
    data = _workbook(("Plan", [["a"]]), ("Sheet2", [["b"]]), ("Lists", [["Red"]]),
                     hidden=("Lists",))  # fmt: skip
    blocks = document_from_xlsx(data).blocks
    assert [(b.is_caption, b.cells) for b in blocks] == [
        (True, ["Plan"]),
        (False, ["a"]),
        (True, []),  # "Sheet2" says nothing of what is on it
        (False, ["b"]),
    ]


def test_a_single_sheet_has_no_caption():
    assert [b.is_caption for b in document_from_xlsx(_workbook(("Plan", [["a"]]))).blocks] == [
        False
    ]


def test_it_streams_the_workbook_in_read_only_mode(monkeypatch):
    calls = []
    real = openpyxl.load_workbook

    def spy(*args, **kwargs):
        calls.append(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(openpyxl, "load_workbook", spy)
    document_from_xlsx(_workbook(("Plan", [["a"]])))
    assert calls == [{"read_only": True, "data_only": True}]


def test_it_reads_no_more_than_its_row_limit_and_says_so(monkeypatch):
    monkeypatch.setattr(excel, "MAX_ROWS", 3)
    document = document_from_xlsx(_workbook(("Plan", [[str(i)] for i in range(10)])))
    assert [b.cells for b in document.blocks] == [["0"], ["1"], ["2"]]
    assert document.notes == ["sheet 'Plan': only the first 3 rows were read; a plan is never "
                              "this long"]  # fmt: skip


def test_a_header_is_found_wherever_it_is_and_sheets_without_a_table_are_noted():
    header = ["Recommendation", "Action", "Lead", "Target date"]
    data = _workbook(
        ("Read me", [["Fill in one row per action."]]),
        ("Plan", [["Domestic Homicide Review: the death of Ivy"], [], [], [None, *header],
                  [None, "That the council acts.", "Act", "Anytown Council", "May 2025"]]),
    )  # fmt: skip
    plan = read_plan(data, filename="ivy.xlsx")
    assert plan.review.title == "Domestic Homicide Review: the death of Ivy"
    assert plan.recommendations[0].actions[0].text == "Act"
    assert "sheet 'Read me': no action plan table on it; not read" in plan.warnings


def test_a_formula_with_no_computed_value_reads_as_empty():
    workbook = Workbook()
    workbook.active["A1"] = "=1+1"
    buffer = io.BytesIO()
    workbook.save(buffer)
    # openpyxl saves no computed value (a spreadsheet program would): there is none to read.
    assert _rows(buffer.getvalue()) == []


@pytest.mark.parametrize("rows", [[], [[None, None]]])
def test_an_empty_workbook_has_no_blocks(rows):
    assert _rows(_workbook(("Plan", rows))) == []
