"""Excel plans, written with openpyxl the way coordinators keep them in a spreadsheet.

A sheet is given as rows from row 1; a cell is a string, a number, a date (``Day``, ``Month``:
a real date cell, formatted to show the day or only the month), None (empty), or ``DOWN``:
merged with the cell above. ``Across`` puts one cell across the whole table (merged).

``monitoring_tracker`` is built cell by cell instead, as a coordinator lays out a tracker: a
header over two rows, colours, hidden rows and columns, formulas.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

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


BLUE, GREEN, AMBER, RED, GREY = (
    PatternFill("solid", fgColor=c) for c in ("5B9BD5", "00B050", "FFC000", "FF0000", "BFBFBF")
)
PALE = PatternFill("solid", fgColor="D9E1F2")  # the header's and the totals row's shading
_FILLS = {"Complete": BLUE, "Green": GREEN, "Amber": AMBER, "Red": RED, "Withdrawn": GREY}


def monitoring_tracker() -> bytes:
    """A CSP's quarterly tracker: a read-me and a colour key first, then the plan under a
    merged title block with a header over two rows ("Lead" over "Agency" and "Officer",
    "Target date" over "Original" and "Revised", "Progress update" over two quarters), each
    recommendation merged down beside its actions numbered "1.1", "1.2", a hidden column of
    internal notes, a withdrawn action on a hidden row, a status shown by colour alone, dates
    as dates, as text and as a bare day number, a formula column, a totals row typed under the
    table, and a single-agency sheet with a header of its own."""
    workbook = Workbook()
    _sheet(
        workbook,
        "Read me",
        [
            ["Adult Q – action plan tracker"],
            ["Review:", "Domestic Homicide Review – Adult Q"],
            ["Reference:", "ACSP/DHR/2023/01"],
            ["Overview report published:", Day(dt.date(2024, 2, 1))],
            ["Leads: add your update in the column for the quarter; never delete a row."],
        ],
        first=True,
    )
    key = _sheet(
        workbook,
        "Key",
        [["RAG key"], ["Complete", "Action signed off by the Steering Group."],
         ["Green", "On track."], ["Amber", "At risk."], ["Red", "Overdue or not started."],
         ["Withdrawn", "Withdrawn; the row is hidden and not counted."]],
    )  # fmt: skip
    for row in range(2, 7):
        key.cell(row, 1).fill = _FILLS[key.cell(row, 1).value]
    plan = workbook.create_sheet("Action plan")
    _tracker_title_and_header(plan)
    _tracker_rows(plan)
    _sheet(
        workbook,
        "Police single agency",
        [
            ["Westshire Police – Single Agency Action Plan (Adult Q)"],
            [],
            ["No.", "Recommendation", "Action", "Responsible officer", "Target", "Status",
             "Comments / evidence", "Completed"],
            ["P1", "Westshire Police should make sure that officers record what a victim says "
             "about economic abuse.", "Add economic abuse to the domestic abuse attendance "
             "checklist.", "DI Sam Okafor", Day(dt.date(2024, 10, 31)), "Complete",
             "Checklist changed 20/10/2024.", Day(dt.date(2024, 10, 20))],
            [None, None, "Dip sample 30 cases to check that the checklist is used.",
             "DS Ana Ruiz", Month(dt.date(2025, 1, 1)), "In progress", "First sample: 70%.",
             None],
            ["P2", "Westshire Police should brief all response officers on this review.",
             "Circulate a briefing on the review to every response team.",
             "Ch Insp Mark Hale", "Ongoing", "Not started", None, None],
        ],
    )  # fmt: skip
    _sheet(workbook, "Lists", [[word] for word in _FILLS], hidden=True)
    # What Excel computed when it saved: "" for the closed actions and the dates typed as
    # text, days overdue for the others, and the count of overdue actions in the totals row.
    overdue = {f"N{row}": "" for row in (6, 7, 8, 9, 12)}
    overdue.update({"N10": 0, "N11": 0, "N13": 30, "N15": 1})
    return _with_cached_values(_bytes(workbook), "Action plan", overdue)


def _tracker_title_and_header(plan) -> None:
    """Rows 1-3 merged across the table (partnership, review, preamble); rows 4-5 the header."""
    for row, text in enumerate(
        [
            "Anytown Community Safety Partnership",
            "Domestic Homicide Review – Adult Q",
            "The DHR Steering Group owns this plan and reviews it every quarter. Leads update "
            "the progress columns only.",
        ],
        start=1,
    ):
        plan.cell(row, 1, text)
        plan.merge_cells(start_row=row, start_column=1, end_row=row, end_column=14)
    for column, text in zip("ABCDILMN", ["Ref", "Recommendation", "Scope", "Action", "RAG",
                                          "Internal notes", "Date closed", "Days overdue"],
                            strict=True):  # fmt: skip
        plan[f"{column}4"] = text
        plan.merge_cells(f"{column}4:{column}5")
    for first, last, over, under in [
        ("E", "F", "Lead", ("Agency", "Officer")),
        ("G", "H", "Target date", ("Original", "Revised")),
        ("J", "K", "Progress update", ("Q1 2024/25", "Q2 2024/25")),
    ]:
        plan[f"{first}4"] = over
        plan.merge_cells(f"{first}4:{last}4")
        plan[f"{first}5"], plan[f"{last}5"] = under
    for row in plan.iter_rows(min_row=4, max_row=5, max_col=14):
        for cell in row:
            cell.font, cell.fill = Font(bold=True), PALE
    plan.column_dimensions["L"].hidden = True


# Ref, agency, officer, original, revised, RAG (None: colour only), Q1, Q2, notes, closed.
_RECOMMENDATIONS = [
    (
        "Recommendation 1:\nThat Anytown Community Safety Partnership makes sure that staff in "
        "every partner agency are trained to recognise economic abuse.",
        "Local (Anytown)",
        [
            ("1.1", "Write an economic abuse module for the partnership's training programme.",
             "Anytown CSP", "Priya Nair\nDomestic Abuse Coordinator", Day(dt.date(2024, 6, 30)),
             Day(dt.date(2024, 9, 30)), "Complete", "Module drafted; launch moved to September.",
             "Module launched on 12/09/2024 and signed off by the Steering Group.",
             "Extension agreed by email.", Day(dt.date(2024, 9, 19))),
            ("1.2", "Train 200 frontline staff with the new module.", "Anytown CSP", "P. Nair",
             "March 25", None, "Amber", "Dates booked.", "64 of 200 staff trained.",
             "Housing staff not coming.", None),
            ("1.3", "Add the module to the induction of new council staff.",
             "Anytown Borough Council", "Head of Learning", "TBC", None, "Red – not started",
             "No update.", "No update received.", None, None),
        ],
    ),
    (
        "Recommendation 2:\nThat Westshire Police and Anytown Hospital share what victims of "
        "domestic abuse disclose in the emergency department.",
        "Westshire-wide",
        [
            ("2.1", "Agree an information sharing protocol between the police and the hospital.",
             "Westshire Police", "DCI Lena Brook", "31.12.2024", "Q4 2024/25", "Green",
             "Draft protocol written.",
             "Protocol complete in draft; sent to the hospital's lawyers.", None, None),
            (2.2, "Report the number of disclosures shared each month to the Steering Group.",
             "Anytown Hospital NHS Trust", "Tom Greaves (Safeguarding Lead)", 45657, None, None,
             "First report due in October.", None, None, None),
        ],
    ),
    (
        "Recommendation 3:\nThat Anytown Borough Council offers a specialist domestic abuse "
        "caseworker in its housing service.",
        "Local (Anytown)",
        [
            ("3.1", "Recruit a specialist domestic abuse caseworker for housing options.",
             "Anytown Borough Council", "Housing Options Manager", Day(dt.date(2025, 3, 31)),
             None, "Green", "Post advertised.", "Interviews held; offer made.", None, None),
            ("3.2", "Fund a second caseworker post from the partnership budget.", "Anytown CSP",
             "Priya Nair", Day(dt.date(2024, 12, 31)), None, "Withdrawn",
             "Withdrawn by the Steering Group on 10/07/2024: superseded by the council's own "
             "funding bid.", None, "Hidden, not deleted.", Day(dt.date(2024, 7, 10))),
        ],
    ),
    (
        "Recommendation 4:\nThat the Chair of Anytown Community Safety Partnership writes to "
        "the Home Office about what this review found about economic abuse.",
        "National",
        [
            ("4.1", "Letter from the Chair to the Home Office.", "Anytown CSP", "CSP Chair",
             Day(dt.date(2024, 8, 31)), None, "Red", "Letter drafted.", "Letter not yet sent.",
             None, None),
        ],
    ),
]  # fmt: skip


# Days from a target date (a real date, not text) to the end of the quarter, unless closed.
_DAYS_OVERDUE = '=IF(M{row}<>"","",IF(ISNUMBER(G{row}),MAX(0,DATE(2024,9,30)-G{row}),""))'


def _tracker_rows(plan) -> None:
    """The actions from row 6, each recommendation merged down beside them; the withdrawn
    action's row hidden; a totals row typed two rows under the last."""
    row = 6
    for text, scope, actions in _RECOMMENDATIONS:
        plan.cell(row, 2, text)
        plan.cell(row, 3, scope)
        if len(actions) > 1:
            for column in (2, 3):
                plan.merge_cells(start_row=row, start_column=column,
                                 end_row=row + len(actions) - 1, end_column=column)  # fmt: skip
        for ref, action, agency, officer, original, revised, rag, q1, q2, notes, closed in actions:
            values = [ref, None, None, action, agency, officer, original, revised, rag, q1, q2,
                      notes, closed]  # fmt: skip
            for column, value in enumerate(values, start=1):
                if value is None:
                    continue
                cell = plan.cell(row, column)
                if isinstance(value, Day):
                    cell.value, cell.number_format = value.date, "dd/mm/yyyy"
                else:
                    cell.value = value  # 45657, in the General format: a day number
            plan.cell(row, 9).fill = _FILLS[(rag or "Green").split()[0]]
            plan.cell(row, 14, _DAYS_OVERDUE.format(row=row))
            if rag == "Withdrawn":
                plan.row_dimensions[row].hidden = True
            row += 1
    totals = row + 1
    plan.cell(totals, 1, "Total actions: 7")
    plan.merge_cells(start_row=totals, start_column=1, end_row=totals, end_column=3)
    plan.cell(totals, 4, "Complete 1, Green 3, Amber 1, Red 2")
    plan.merge_cells(start_row=totals, start_column=4, end_row=totals, end_column=8)
    plan.cell(totals, 13, "No. overdue:")
    plan.cell(totals, 14, f'=COUNTIF(N6:N{row - 1},">0")')
    for cell in plan[totals]:
        cell.font, cell.fill = Font(bold=True), PALE


def _with_cached_values(data: bytes, sheet: str, values: dict[str, object]) -> bytes:
    """The workbook with the last computed value of some formula cells, as a spreadsheet
    program saves them (openpyxl saves formulas with none). ``""``: a formula that gave text."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        names = re.findall(r'<sheet [^>]*name="([^"]+)"', source.read("xl/workbook.xml").decode())
        part = f"xl/worksheets/sheet{names.index(sheet) + 1}.xml"  # as openpyxl names them
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
            for item in source.infolist():
                content = source.read(item.filename)
                if item.filename == part:
                    content = _cached(content.decode("utf-8"), values).encode("utf-8")
                target.writestr(item, content)
    return buffer.getvalue()


def _cached(xml: str, values: dict[str, object]) -> str:
    def value(m: re.Match) -> str:
        ref, attributes, formula = m.groups()
        if ref not in values:
            return m.group(0)
        kind = ' t="str"' if isinstance(values[ref], str) else ""
        return f'<c r="{ref}"{attributes}{kind}><f>{formula}</f><v>{values[ref]}</v></c>'

    return re.sub(r'<c r="([A-Z]+\d+)"([^>]*)><f>(.*?)</f><v\s*/?>(?:</v>)?</c>', value, xml)


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
    Case("monitoring-tracker", "xlsx", "adult-q-tracker.xlsx", monitoring_tracker,
         "read-me and colour key sheets, a merged title block, a header over two rows (Lead, "
         "Target date and Progress update each over two columns), 'Recommendation 1:' merged "
         "down beside actions numbered 1.1 to 1.3, a hidden notes column, a withdrawn action on "
         "a hidden row, a status by colour alone, a bare day number, formulas, a totals row, "
         "a single-agency sheet named by its title"),
]  # fmt: skip
