"""The Excel reader: each visible sheet's rows, streamed, with merged cells and dates as shown."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from openpyxl import Workbook
from openpyxl.styles import PatternFill

from followthrough.parsing import ParseError, read_plan
from followthrough.parsing.formats import excel
from followthrough.parsing.formats.excel import document_from_xlsx
from followthrough.parsing.limits import Limits
from tests.parsing.corpus.office.excel import (
    DOWN,
    Across,
    Day,
    Month,
    _bytes,
    _sheet,
    _with_cached_values,
)


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


def test_it_refuses_a_workbook_with_more_rows_than_its_limit():
    with pytest.raises(ParseError) as caught:
        document_from_xlsx(
            _workbook(("Plan", [[str(i)] for i in range(10)])), limits=Limits(rows=3)
        )
    assert str(caught.value) == (
        "the spreadsheet has more than 3 rows; a plan has at most 3: save just the action plan "
        "in a document of its own and try again"
    )


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


# A tracker laid out as coordinators lay them out: a header over two rows, colours, hidden rows
# and columns, a totals row.

_HEADER = ["Ref", "Recommendation", "Action", "Lead", None, "Target date", None, "RAG"]
_UNDER = [DOWN, DOWN, DOWN, "Agency", "Officer", "Original", "Revised", DOWN]


def _tracker(rows: list, *, fills=(), hidden_rows=(), hidden_columns=(), across=()) -> bytes:
    """A sheet with a header over two rows (Lead over Agency and Officer, Target date over
    Original and Revised, the others merged down) and ``rows`` under it from row 3. ``fills``:
    (cell, colour) pairs; ``across``: more ranges to merge."""
    workbook = Workbook()
    sheet = _sheet(workbook, "Sheet", [_HEADER, _UNDER, *rows], first=True)
    for merged in ("D1:E1", "F1:G1", *across):
        sheet.merge_cells(merged)
    for ref, colour in fills:
        sheet[ref].fill = PatternFill("solid", fgColor=colour)
    for r in hidden_rows:
        sheet.row_dimensions[r].hidden = True
    for column in hidden_columns:
        sheet.column_dimensions[column].hidden = True
    return _bytes(workbook)


_ROW = ["1.1", "Recommendation 1: That the council acts.", "Brief staff", "Anytown Council",
        "Jo Bloggs", Day(dt.date(2025, 3, 31)), Day(dt.date(2025, 6, 30)), "Green"]  # fmt: skip


def test_a_header_over_two_rows_reads_as_one_row_each_cell_under_the_one_merged_over_it():
    assert _rows(_tracker([_ROW]))[:2] == [
        ["Ref", "Recommendation", "Action", "Lead: Agency", "Lead: Officer",
         "Target date: Original", "Target date: Revised", "RAG"],
        [],  # the second header row, read with the first
    ]  # fmt: skip


def test_under_a_two_row_header_the_officer_is_the_lead_and_the_revised_date_the_target():
    action = read_plan(_tracker([_ROW])).recommendations[0].actions[0]
    assert (action.leads[0].name, action.leads[0].agency) == ("Jo Bloggs", "Anytown Council")
    assert action.target_date.isoformat() == "2025-06-30"
    assert any("not the original '31 March 2025'" in w for w in action.warnings)


def test_action_refs_beside_recommendation_n_number_the_actions_under_recommendation_n():
    second = ["1.2", DOWN, "Audit", "Anytown Council", "Sam Rowe", "May 2025", None, "Amber"]
    plan = read_plan(_tracker([_ROW, second]))
    assert [(r.number, r.text, len(r.actions)) for r in plan.recommendations] == [
        ("1", "That the council acts.", 2)
    ]


def test_a_hidden_column_is_left_out_and_a_note_names_it():
    data = _tracker([[*_ROW, "Chased by email"]], hidden_columns=["I"])
    document = document_from_xlsx(data)
    assert all(len(b.cells) <= 8 for b in document.blocks)
    assert "sheet 'Sheet': column I is hidden; left out, as not part of the plan (1 cell)" in (
        document.notes
    )


def test_a_hidden_column_that_holds_the_actions_is_read_all_the_same():
    document = document_from_xlsx(_tracker([_ROW], hidden_columns=["C"]))
    assert document.blocks[2].cells[2] == "Brief staff"
    assert "sheet 'Sheet': column C ('Action') is hidden but read: it holds the actions" in (
        document.notes
    )


def test_a_hidden_row_is_read_as_part_of_the_record_and_a_note_says_so():
    withdrawn = ["1.2", None, "Fund a post", "Anytown Council", "Jo Bloggs", None, None,
                 "Withdrawn"]  # fmt: skip
    document = document_from_xlsx(_tracker([_ROW, withdrawn], hidden_rows=[4]))
    assert document.blocks[3].cells[2] == "Fund a post"
    assert "sheet 'Sheet': row 4 is hidden; read all the same, as part of the record" in (
        document.notes
    )


def test_a_status_given_only_by_colour_reads_as_the_word_that_colour_has_in_its_column():
    coloured = ["1.2", None, "Audit", "Anytown Council", "Sam Rowe", "May 2025", None, None]
    rows = [_ROW, coloured, [*_ROW[:7], "Complete"], coloured]
    fills = [("H3", "00B050"), ("H4", "00B050"), ("H5", "5B9BD5"), ("H6", "5B9BD5")]
    document = document_from_xlsx(_tracker(rows, fills=fills))
    assert [b.cells[7] for b in document.blocks[2:]] == ["Green", "Green", "Complete", "Complete"]
    assert "sheet 'Sheet', row 4: the status is given by its colour only; read as 'Green'" in (
        document.notes
    )


def test_a_status_given_only_by_a_colour_no_other_cell_has_reads_as_the_colours_name():
    coloured = [*_ROW[:7], None]
    data = _tracker([coloured, coloured], fills=[("H3", "FFC000"), ("H4", "D9E1F2")])
    assert [b.cells[7:] for b in document_from_xlsx(data).blocks[2:]] == [["Amber"], []]


@pytest.mark.parametrize(
    ("colour", "name"),
    [("FF0000", "Red"), ("FFC000", "Amber"), ("FFFF00", "Amber"), ("00B050", "Green"),
     ("C6EFCE", "Green"), ("5B9BD5", "Blue"), ("BFBFBF", None), ("D9E1F2", None),
     ("1F3864", None), ("theme 4 0.0", None)],
)  # fmt: skip
def test_a_fill_is_named_by_its_hue_when_it_is_a_rating_colour(colour, name):
    assert excel._colour_name(colour) == name


def test_a_bare_day_number_in_a_date_column_reads_as_the_date_excel_counts_it_as():
    data = _tracker([[*_ROW[:2], 45657, *_ROW[3:5], 45657, None, "Green"]])
    cells = _rows(data)[2]
    assert (cells[2], cells[5]) == ("45657", "31 December 2024")  # the action column: a number


def test_a_totals_row_merged_across_the_columns_is_text_laid_over_the_table():
    totals = ["Total actions: 1", None, None, "Green 1"]
    plan = read_plan(_tracker([_ROW, [], totals], across=["A5:C5", "D5:G5"]))
    assert [len(r.actions) for r in plan.recommendations] == [1]
    assert any(w.startswith("text between or after the tables not read: 'Total actions: 1")
               for w in plan.warnings)  # fmt: skip


def test_a_formula_reads_as_the_value_the_spreadsheet_program_saved_with_it():
    workbook = Workbook()
    workbook.active["A1"] = "=1+1"
    data = _with_cached_values(_bytes(workbook), "Sheet", {"A1": 2})
    assert _rows(data) == [["2"]]


def test_a_later_sheet_is_headed_by_its_title_row_where_that_names_the_agency_it_is_for():
    header = ["No", "Recommendation", "Action", "Lead", "Due"]
    data = _workbook(
        ("Plan", [header, ["1", "That the council acts.", "Act", "Anytown Council", "May 2025"]]),
        ("Police single agency", [["Westshire Police – Single Agency Action Plan"], header,
                                  ["P1", "That the police act.", "Brief", "DI Sam Okafor",
                                   "June 2025"]]),
    )  # fmt: skip
    police = read_plan(data).recommendations[1]
    assert (police.number, police.theme) == ("P1", None)
    assert police.actions[0].leads[0].agency == "Westshire Police"
