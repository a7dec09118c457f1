"""Excel plans, written with openpyxl the way coordinators keep them in a spreadsheet.

A sheet is given as rows from row 1; a cell is a string, a number, a date (``Day``, ``Month``:
a real date cell, formatted to show the day or only the month), None (empty), or ``DOWN``:
merged with the cell above. ``Across`` puts one cell across the whole table (merged).
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Alignment

from tests.parsing.corpus.office import Case

DOWN = object()


@dataclass(frozen=True)
class Day:
    date: dt.date


@dataclass(frozen=True)
class Month:
    date: dt.date  # the first of the month, as Excel stores "Jan-25"


@dataclass(frozen=True)
class Across:
    text: str


def _sheet(workbook: Workbook, title: str, rows: list, *, first: bool = False, hidden=False):
    sheet = workbook.active if first else workbook.create_sheet()
    sheet.title = title
    width = max((len(r) for r in rows if isinstance(r, list)), default=1)
    merges: list[tuple[int, int]] = []
    for r, row in enumerate(rows, start=1):
        if isinstance(row, Across):
            sheet.cell(r, 1, row.text)
            sheet.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
            continue
        for c, value in enumerate(row, start=1):
            if value is DOWN:
                merges.append((r, c))
                continue
            cell = sheet.cell(r, c)
            if isinstance(value, Day):
                cell.value, cell.number_format = value.date, "dd/mm/yyyy"
            elif isinstance(value, Month):
                cell.value, cell.number_format = value.date, "mmm-yy"
            else:
                cell.value = value
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for r, c in merges:
        if (r + 1, c) in merges:
            continue  # the run goes on: merge once, from its bottom
        top = r
        while (top - 1, c) in merges:
            top -= 1
        sheet.merge_cells(start_row=top - 1, start_column=c, end_row=r, end_column=c)
    if hidden:
        sheet.sheet_state = "hidden"
    return sheet


def _bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def one_row_per_action() -> bytes:
    workbook = Workbook()
    _sheet(
        workbook,
        "Action plan",
        [
            ["Westshire Domestic Abuse Partnership"],
            ["Domestic Homicide Review: the death of Grace – action plan"],
            ["Last updated 14 March 2025"],
            [],
            [
                "Rec no.",
                "Recommendation",
                "Theme",
                "Action",
                "Lead",
                "Target date",
                "Date completed",
                "RAG",
                "Comments",
            ],
            [
                1,
                "Westshire Police should make sure that call handlers ask about children in the "
                "household at every domestic abuse call.",
                "Risk assessment",
                "Add a question on children to the call handling script",
                "Westshire Police",
                Day(dt.date(2024, 9, 30)),
                Day(dt.date(2024, 9, 12)),
                "Blue",
                "Script changed and checked in a dip sample.",
            ],
            [
                DOWN,
                DOWN,
                DOWN,
                "Dip sample 50 calls to check the question is asked",
                "Chief Inspector Ruth Adebayo (Westshire Police)",
                Month(dt.date(2025, 1, 1)),
                None,
                "Amber",
                "Dip sample booked for February.",
            ],
            [
                2,
                "Westshire County Council should include economic abuse in its domestic abuse "
                "training for housing staff.",
                "Training and awareness",
                "Add an economic abuse module to the housing staff training",
                "Lee Tran - Learning and Development Manager (Westshire County Council)",
                "Q2 2025",
                None,
                "Red",
                "Module not yet written; trainer recruited.",
            ],
            [
                3,
                "All partners should record the language a victim prefers and book an "
                "interpreter who is not a family member.",
                "Equality and diversity",
                "Agree a shared standard for recording language and booking interpreters",
                "Jo Ellis (Westshire Police)\nSam Rowe (Westshire County Council)",
                "TBC",
                None,
                None,
                None,
            ],
        ],
        first=True,
    )
    _sheet(
        workbook,
        "Notes",
        [
            ["How to update this plan"],
            ["Leads update the comments column before each partnership meeting."],
        ],
    )
    return _bytes(workbook)


def one_row_per_milestone() -> bytes:
    workbook = Workbook()
    _sheet(
        workbook,
        "Sheet1",
        [
            ["Northvale Safeguarding Adults Board"],
            ["Safeguarding Adults Review: Adult R – action plan and milestones"],
            [
                "Ref",
                "Recommendation",
                "Scope",
                "Action",
                "Lead",
                "Milestone",
                "Milestone date",
                "Status",
                "Progress",
            ],
            [
                "R1",
                "Northvale Council should review how it responds to repeated referrals about "
                "self-neglect.",
                "Local",
                "Review every case with three or more self-neglect referrals in a year",
                "Principal Social Worker, Northvale Council",
                "Cases identified from the records",
                Day(dt.date(2025, 6, 30)),
                "In progress",
                "Cases identified; review under way.",
            ],
            [DOWN, DOWN, DOWN, DOWN, DOWN, "Case review completed", "Q3 2025", DOWN, DOWN],
            [DOWN, DOWN, DOWN, DOWN, DOWN, "Findings reported to the Board", "TBC", DOWN, DOWN],
            [
                "R2",
                "The Board should make sure that hospital discharge teams check for a carer "
                "before a patient with dementia goes home.",
                "Regional",
                "Add a carer check to the discharge checklist",
                "Discharge Lead, Northvale Hospitals NHS Trust",
                "Checklist changed",
                Month(dt.date(2025, 3, 1)),
                "Completed",
                "Checklist changed in March 2025.",
            ],
            [
                DOWN,
                DOWN,
                DOWN,
                DOWN,
                DOWN,
                "Audit of 20 discharges",
                Month(dt.date(2025, 7, 1)),
                DOWN,
                DOWN,
            ],
            [
                DOWN,
                DOWN,
                DOWN,
                "Tell GP practices of the new check",
                "Northvale ICB",
                "Briefing sent to all practices",
                Month(dt.date(2025, 4, 1)),
                "Not started",
                None,
            ],
            [
                "R3",
                "The Board should share this review's learning with the national network of "
                "Safeguarding Adults Boards.",
                "National",
                "Present the review at the national network meeting",
                "Northvale Safeguarding Adults Board",
                None,
                "Spring 2026",
                "Not started",
                None,
            ],
        ],
        first=True,
    )
    return _bytes(workbook)


def agency_sheets() -> bytes:
    workbook = Workbook()
    _sheet(
        workbook,
        "Guidance",
        [
            ["How to complete this plan"],
            ["Use one row for each action. Choose the status from the list."],
        ],
        first=True,
    )
    _sheet(
        workbook,
        "Single agency",
        [
            ["Safeguarding Adults Review: Adult P – agency action plans"],
            ["Kingsford Safeguarding Adults Board"],
            ["No", "Recommendation", "Action", "Lead officer", "Due", "Status"],
            Across("Kingsford Community Health NHS Trust"),
            [
                "1",
                "District nurses should record who else lives in the home at every first visit.",
                "Change the first visit template",
                "Mo Farouk (Clinical Systems Lead)",
                "Nov-24",
                "Complete",
            ],
            [
                "2",
                "The trust should train district nurses in recognising coercive control.",
                "Deliver coercive control training to all district nurses",
                "Safeguarding Team",
                "31/03/2025",
                "On track",
            ],
            Across("Kingsford Borough Council"),
            [
                "3",
                "Housing officers should be told when a tenant is open to adult social care.",
                "Set up a weekly list of shared tenants for housing officers",
                "Head of Housing",
                "Q1 2025",
                "Overdue",
            ],
        ],
    )
    _sheet(
        workbook,
        "Multi-agency",
        [
            ["Multi-agency recommendations"],
            ["No", "Recommendation", "Action", "Agency", "Due", "Status", "Evidence"],
            [
                "4",
                "All partners should use the Board's escalation policy when a concern about an "
                "adult at risk is not acted on.",
                "Relaunch the escalation policy at a Board event",
                "Kingsford Safeguarding Adults Board",
                "June 2025",
                "Not started",
                None,
            ],
            [
                "5",
                "Partners should check that their staff know how to make a safeguarding "
                "referral out of hours.",
                "Audit out-of-hours referrals in each agency",
                "Kingsford Borough Council; Kingsford Community Health NHS Trust",
                "2025/26",
                "Not started",
                "Audit reports to the Board",
            ],
        ],
    )
    _sheet(
        workbook, "Lists", [["Complete"], ["On track"], ["Overdue"], ["Not started"]], hidden=True
    )
    return _bytes(workbook)


CASES = [
    Case("one-row-per-action", "xlsx", "grace-plan.xlsx", one_row_per_action,
         "title rows above a header on row 5, a recommendation merged down beside its two "
         "actions, real date cells shown to the day or the month, RAG colours, a second sheet "
         "of notes with no table"),
    Case("one-row-per-milestone", "xlsx", "adult-r-plan.xlsx", one_row_per_milestone,
         "a milestone to a row beside merged recommendation, action, lead and status cells, "
         "two actions in one recommendation, Q3 2025, TBC, Spring 2026"),
    Case("agency-sheets", "xlsx", "adult-p-plan.xlsx", agency_sheets,
         "a guidance sheet, single-agency and multi-agency sheets with their own headers, "
         "agency rows across the table, a hidden list sheet, 2025/26"),
]  # fmt: skip
