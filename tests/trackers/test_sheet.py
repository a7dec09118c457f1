"""The tracker workbook as written and read back (plain Python, no database)."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl

from followthrough.trackers.sheet import COLUMNS, FILL, KEY, SHEET, read_tracker, write_tracker

LINE = {
    "action_id": "41",
    "version": "3",
    "milestone_ids": "7,9",
    "partnership": "Northmoor CSP",
    "review": "DARDR into the death of Adult K",
    "recommendation": "1. Improve risk assessment",
    "action": "-Train officers",
    "leads": "Northmoor Police",
    "target": "July 2030",
    "status": "On track",
    "milestones": "1. Draft\n2. Deliver",
}
STATUSES = ["Not started", "On track", "At risk", "Completed"]


def written() -> openpyxl.Workbook:
    data = write_tracker([LINE], statuses=STATUSES, help_lines=["Help"], title="My actions")
    return openpyxl.load_workbook(io.BytesIO(data))


def test_the_key_columns_are_hidden_and_the_sheet_protected_but_for_the_columns_to_fill():
    sheet = written()[SHEET]
    for number, column in enumerate(COLUMNS, start=1):
        letter = openpyxl.utils.get_column_letter(number)
        assert sheet.column_dimensions[letter].hidden == (column.kind == KEY)
        assert sheet.cell(row=2, column=number).protection.locked == (column.kind != FILL)
    assert sheet.protection.sheet
    assert sheet.cell(row=2, column=1).value == "41"
    assert sheet.cell(row=2, column=7).quotePrefix  # "-Train officers" stays text


def test_the_new_status_is_chosen_from_a_list():
    sheet = written()[SHEET]
    [rule] = sheet.data_validations.dataValidation
    assert rule.type == "list"
    assert rule.formula1 == '"Not started,On track,At risk,Completed"'
    assert str(rule.sqref) == "L2"


def test_it_reads_back_only_the_rows_filled_in_with_dates_as_a_person_reads_them():
    book = written()
    sheet = book[SHEET]
    sheet.append(["42", "1", ""])  # an action with nothing filled in
    sheet["N2"] = "1, 2"
    sheet["O2"] = dt.datetime(2026, 3, 2)
    sheet["O2"].number_format = "dd/mm/yyyy"
    sheet["Q2"] = dt.datetime(2031, 3, 1)
    sheet["Q2"].number_format = "mmm-yy"  # "Mar 2031" typed: Excel keeps the month's first day
    out = io.BytesIO()
    book.save(out)
    read = read_tracker(out.getvalue())
    assert read["skipped"] == 1
    [row] = read["rows"]
    assert row["row"] == 2
    assert row["action_id"] == "41" and row["version"] == "3" and row["milestone_ids"] == "7,9"
    assert row["milestones_done"] == "1, 2"
    assert row["completed_on"] == "2 March 2026"
    assert row["proposed_date"] == "March 2031"
    assert "action" not in row  # what the row shows is not read back


def test_it_finds_the_columns_by_their_headers_wherever_they_are():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Notes of my own"])
    sheet.append(["Progress narrative", "Version at download", "Comment", "Action id"])
    sheet.append(["Half done", 2, "mine", 41])
    out = io.BytesIO()
    book.save(out)
    [row] = read_tracker(out.getvalue())["rows"]
    assert (row["action_id"], row["version"], row["narrative"]) == ("41", "2", "Half done")
