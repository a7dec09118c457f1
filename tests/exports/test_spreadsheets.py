"""The plan as an Excel workbook and as CSV, for analysts."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from followthrough.exports.model import Profile
from followthrough.exports.profiles import apply_profile
from followthrough.exports.selectors import plan_export
from followthrough.exports.writers.csv import plan_csv
from followthrough.exports.writers.xlsx import plan_xlsx
from tests.exports.conftest import deliver

pytestmark = pytest.mark.django_db


@pytest.fixture
def workbook(seed_review):
    return load_workbook(io.BytesIO(plan_xlsx(plan_export(seed_review))))


def _rows(sheet) -> list[dict]:
    values = list(sheet.values)
    return [dict(zip(values[0], row, strict=True)) for row in values[1:]]


def test_the_workbook_has_a_sheet_of_actions_and_a_sheet_of_milestones(workbook):
    assert workbook.sheetnames == ["Actions", "Milestones"]
    assert len(_rows(workbook["Actions"])) == 6
    assert len(_rows(workbook["Milestones"])) == 2 + 6 + 5 + 3 + 7 + 1


def test_both_sheets_have_a_frozen_header_and_filters_on_every_column(workbook):
    for sheet in workbook.worksheets:
        assert sheet.freeze_panes == "A2"
        last = sheet.cell(row=1, column=sheet.max_column).column_letter
        assert sheet.auto_filter.ref == f"A1:{last}{sheet.max_row}"


def test_dates_are_real_date_cells(workbook):
    actions = workbook["Actions"]
    header = [c.value for c in actions[1]]
    target = actions.cell(row=2, column=header.index("Target date") + 1)
    assert target.is_date and target.value.date() == dt.date(2014, 1, 31)
    assert target.number_format == "d mmm yyyy"
    written = actions.cell(row=2, column=header.index("Target date as written") + 1)
    assert written.value == "January 2014"
    milestones = _rows(workbook["Milestones"])
    assert milestones[0]["Target date"] == dt.datetime(2013, 12, 31)
    assert milestones[0]["Milestone"] == "CADAS and GP services produce internal action plans"


def test_status_cells_are_coloured_by_rag(live):
    deliver(live)
    sheet = load_workbook(io.BytesIO(plan_xlsx(plan_export(live["review"]))))["Actions"]
    header = [c.value for c in sheet[1]]
    rows = {
        sheet.cell(row=r, column=header.index("Action") + 1).value: r
        for r in range(2, sheet.max_row + 1)
    }
    status = header.index("Status") + 1

    def fill(text):
        return sheet.cell(row=rows[text], column=status).fill.fgColor.rgb[-6:]

    assert fill("Audit DASH completion in 60 incidents") == "F6D7D2"  # red: overdue
    assert fill("Train response officers in the DASH questions") == "FFF2BF"  # amber: at risk
    assert fill("Add the routine enquiry question to the booking template") == "CCE2D8"
    signed = rows["Add the routine enquiry question to the booking template"]
    assert sheet.cell(row=signed, column=status).value == "Signed off"


def test_the_csv_has_the_same_columns_and_rows_as_the_actions_sheet(seed_review, workbook):
    data = plan_csv(plan_export(seed_review))
    assert data.startswith(b"\xef\xbb\xbf")  # a byte order mark, for Excel
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    sheet = list(workbook["Actions"].values)
    assert rows[0] == list(sheet[0])
    assert len(rows) == len(sheet)
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["Target date"] == "2014-01-31"
    assert first["Lead agencies"] == "CADAS; GP services"
    assert first["Lead officers"] == "Natalia Wealleans-Turner (CADAS); Venetia Young (GP services)"


def test_the_public_spreadsheets_have_no_officers_or_outcomes(published_review):
    export = apply_profile(plan_export(published_review), Profile.PUBLIC)
    sheet = load_workbook(io.BytesIO(plan_xlsx(export)))["Actions"]
    header = [c.value for c in sheet[1]]
    assert "Lead officers" not in header and "Outcome" not in header
    assert "Lead agencies" in header
    text = plan_csv(export).decode("utf-8-sig")
    assert "Wealleans-Turner" not in text and "Louise Kelly" not in text
    assert text.splitlines()[0].split(",") == header


MEASURE = "Audit of 20 cases shows DASH completed in 95%"


@pytest.fixture
def measured_review(published_review):
    action = published_review.recommendations.get(order=2).actions.get()
    action.measure = MEASURE
    action.save()
    return published_review


def test_both_spreadsheets_have_the_measure_of_success_beside_the_action(measured_review):
    sheet = load_workbook(io.BytesIO(plan_xlsx(plan_export(measured_review))))["Actions"]
    rows = _rows(sheet)
    header = list(rows[0])
    assert header.index("Measure of success") == header.index("Action") + 1
    assert [r["Measure of success"] for r in rows] == [None, MEASURE, None, None, None, None]
    text = plan_csv(plan_export(measured_review)).decode("utf-8-sig")
    csv_rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["Measure of success"] for r in csv_rows] == ["", MEASURE, "", "", "", ""]


def test_the_public_spreadsheets_keep_the_measure_of_success(measured_review):
    export = apply_profile(plan_export(measured_review), Profile.PUBLIC)
    rows = _rows(load_workbook(io.BytesIO(plan_xlsx(export)))["Actions"])
    assert rows[1]["Measure of success"] == MEASURE
    assert MEASURE in plan_csv(export).decode("utf-8-sig")
