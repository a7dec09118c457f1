"""CSV and text plans: what a spreadsheet saves as CSV, and plans typed or pasted as text.

CSV is written with the ``csv`` module (quoting cells that hold commas or line breaks, as Excel
does); text is given as it would be saved.
"""

from __future__ import annotations

import csv
import io

from tests.parsing.corpus.office import Case


def _csv(rows: list[list[str]], *, delimiter: str = ",", width: int | None = None) -> bytes:
    """Rows padded to the table's width, as spreadsheets save them, CRLF line ends."""
    width = width or max(len(r) for r in rows)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter)
    for row in rows:
        writer.writerow([*row, *[""] * (width - len(row))])
    return buffer.getvalue().encode("utf-8-sig")


def flat_export() -> bytes:
    rec1 = (
        "Southbrook Council should make sure that adult social care staff can see "
        "domestic abuse markers held by housing."
    )
    return _csv(
        [
            ["Safeguarding Adults Review concerning Adult J: action plan"],
            ["Southbrook Safeguarding Adults Board, agreed 2 October 2024"],
            [],
            [
                "Rec ref",
                "Recommendation",
                "Action",
                "Lead",
                "Key milestones",
                "Target date",
                "Progress",
                "Status",
            ],
            [
                "R1",
                rec1,
                "Give social care staff read access to the housing markers",
                "Ravi Menon, Systems Manager, Southbrook Council",
                "1. Access agreed by both services\n2. Staff briefed",
                "31/03/2025\nDec 25",
                "Access agreed in March 2025.",
                "In progress",
            ],
            [
                "R1",
                rec1,
                "Audit the use of the markers after six months",
                "Southbrook Council",
                "",
                "2026",
                "",
                "Not started",
            ],
            [
                "R2",
                "Southbrook Community Safety Partnership should commission a service for "
                "older victims of domestic abuse.",
                "Write a business case for an older victims' service",
                "Head of Community Safety (Southbrook Council)",
                "",
                "Q4 2024/25",
                "Business case approved, service to start in the autumn.",
                "Complete",
            ],
            [
                "R3",
                "All agencies should ask older adults about abuse by family members, not only "
                "by partners.",
                "Update routine enquiry guidance in each agency",
                "All agencies",
                "",
                "ongoing",
                "",
                "",
            ],
        ]
    )


def milestone_rows() -> bytes:
    rows = [
        ["DHR – the death of Thomas: action plan (Kingsford Community Safety Partnership)"],
        [
            "Theme",
            "No",
            "Recommendation",
            "Scope",
            "Action",
            "Lead agency",
            "Lead officer",
            "Milestone",
            "Due",
            "Evidence",
            "Status",
        ],
        [
            "Information sharing",
            "1",
            "Kingsford Police should share every domestic abuse "
            "incident involving a person over 60 with adult social care.",
            "Local",
            "Add adult social care to the automatic notification list",
            "Kingsford Police",
            "DS Lee Harper",
            "Notification list changed",
            "Jan-25",
            "",
            "Completed",
        ],
        [
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "Compliance checked over three months",
            "April 2025",
            "Dip sample of 30 notifications",
            "",
        ],
        [
            "Training",
            "2",
            "The Partnership should train GP receptionists to spot signs of "
            "abuse in older patients.",
            "Local",
            "Commission training for GP receptionists",
            "Kingsford ICB",
            "Primary Care Safeguarding Lead",
            "Training commissioned",
            "Summer 2025",
            "",
            "In progress",
        ],
        ["", "", "", "", "", "", "", "Half of practices trained", "Winter 2025", "", ""],
        [
            "",
            "",
            "",
            "",
            "Report uptake to the Partnership",
            "Kingsford ICB",
            "",
            "Uptake report",
            "TBC",
            "",
            "Not started",
        ],
    ]
    return _csv(rows, delimiter=";")


def _table(rows: list[list[str]], separator: str, *, bars: bool = False) -> str:
    lines = []
    for row in rows:
        line = separator.join(row)
        lines.append(f"| {line} |" if bars else line)
    return "\n".join(lines) + "\n"


PIPE_TABLE = (
    "Domestic Homicide Review into the death of Amira\n"
    "Ashcombe Community Safety Partnership\n"
    "\n"
    "The panel agreed this plan on 4 November 2024. Progress is reported to the partnership every\n"
    "quarter.\n"
    "\n"
) + _table(
    [
        ["Recommendation", "Action", "Lead", "Target date", "Outcome"],
        ["---", "---", "---", "---", "---"],
        ["Theme 1 - Housing - Ashcombe", "", "", "", ""],
        ["That Ashcombe Homes asks every tenant who reports a repair caused by violence whether "
         "they are safe.", "Add a safety question to the repairs script",
         "Karen Doyle (Ashcombe Homes)", "30 April 2025",
         "Script changed in April 2025. Action completed."],
        ["That Ashcombe Homes trains its repairs staff in spotting domestic abuse.",
         "Deliver domestic abuse awareness training to repairs staff", "Ashcombe Homes",
         "Sept 25", ""],
        ["Theme 2 - Health - Westshire wide", "", "", "", ""],
        ["That the maternity service asks every woman about domestic abuse at least once in "
         "each trimester.", "Audit routine enquiry in antenatal records",
         "Westshire NHS Foundation Trust / Ashcombe ICB", "Q2 2025", "Audit started."],
    ],
    " | ",
    bars=True,
)  # fmt: skip

SLASH_SEPARATED = (
    "Safeguarding Adults Review: Adult N\n"
    "Northvale Safeguarding Adults Board action plan\n"
    "\n"
) + _table(
    [
        ["No", "Recommendation", "Action", "Lead", "Target date", "Status"],
        ["1", "That Northvale Council reviews its policy on missed home care visits.",
         "Review the missed visits policy with providers", "Jo Carter (Northvale Council)",
         "Feb 25", "Complete"],
        ["2", "That providers report every missed visit to the adult's social worker within a "
         "day.", "Add the duty to report to provider contracts",
         "Northvale Council / Sam Price (Northvale ICB)", "September 2025", "On track"],
        ["3", "That the Board checks the change has worked.", "Audit missed visit reports",
         "Northvale Safeguarding Adults Board", "2026", "Not started"],
    ],
    " / ",
)  # fmt: skip

PROSE_LIST = """\
Domestic Homicide Review into the death of Lucy
Kingsford Community Safety Partnership

The review panel makes the following recommendations. Each agency has agreed the actions and
the dates beside them.

Recommendation 1: That Kingsford Police make sure that officers attending a domestic abuse
incident record the views of any child present.
Action: Issue a practice note to all response officers and check compliance in a dip sample.
Lead: DCI Marcus Webb, Kingsford Police
Target date: 31/12/2024

Recommendation 2: That Kingsford Borough Council's housing team refers every tenant who
discloses domestic abuse to the independent domestic violence advisor service, with consent.
Action: Add the referral to the housing options procedure.
Lead: Housing Options Manager, Kingsford Borough Council
Target date: Spring 2025

Recommendation 3: That the partnership writes to the Home Office about the lack of refuge
places for women with older sons.
"""

LABELLED_FIELDS = """\
Child Safeguarding Practice Review: Child M
Westshire Safeguarding Children Partnership - action plan

Recommendation: Schools should tell the child's social worker the same day when a child on a
child protection plan is absent without explanation.
Actions to be taken:
Issue guidance to all designated safeguarding leads
Person responsible:
Amy Fox, Education Safeguarding Lead, Westshire County Council
Target completion date: 31 January 2025
Progress: Guidance issued 20 January 2025.

Recommendation: Children's social care should visit within 24 hours when a school reports
such an absence.
Actions to be taken: Change the duty procedure to set the 24 hour visit
Person responsible: Principal Social Worker (Westshire County Council)
Target completion date: March 2025
Actions to be taken: Check the visits were made in a monthly audit
Person responsible: Quality Assurance Manager (Westshire County Council)
Target completion date: ongoing
"""

NUMBERING_STYLES = (
    "Domestic Homicide Review: the death of Peter\n"
    "Southbrook Community Safety Partnership\n"
    "\n"
    "No.\tRecommendation\tAction\tLead\tTarget date\tStatus\n"
    "8.1\tThat Southbrook Police makes sure that stalking is considered at every domestic "
    "abuse incident.\tAdd stalking questions to the risk assessment\tSouthbrook Police\t"
    "June 2025\tComplete\n"
    "8.1.1\t\tTrain response officers in the new questions\tInsp Dee Walsh (Southbrook "
    "Police)\tSeptember 2025\tOn track\n"
    "8.2\tThat the probation service shares its risk assessments with the IDVA service.\t"
    "Agree a sharing protocol\tSouthbrook Probation Service\tEnd of 2025\tNot started\n"
    "\n"
    "Recommendation\tAction\tLead\tTarget date\n"
    "National recommendations\t\t\t\n"
    "R4: That the Ministry of Justice reviews how probation staff are told of stalking "
    "protection orders.\tWrite to the Ministry of Justice\tSouthbrook Community Safety "
    "Partnership\t30/06/2025\n"
    "a) That the Home Office publishes guidance on stalking in domestic homicide reviews.\t"
    "Write to the Home Office\tSouthbrook Community Safety Partnership\t30/06/2025\n"
)


CASES = [
    Case("flat-export", "csv", "adult-j-plan.csv", flat_export,
         "one row per action with the recommendation repeated on each, title rows, the header "
         "on row 4, numbered milestones and a date per line in quoted cells, Q4 2024/25"),
    Case("milestone-rows", "csv", "thomas-plan.csv", milestone_rows,
         "semicolons, a milestone to a row with the repeated cells left empty, theme and "
         "scope columns, lead agency and lead officer columns, evidence, Winter 2025"),
    Case("pipe-table", "text", "amira-plan.md", lambda: PIPE_TABLE.encode(),
         "a table typed with '|' between cells, theme rows, two leads split by ' / '"),
    Case("slash-separated", "text", "adult-n-plan.txt", lambda: SLASH_SEPARATED.encode(),
         "cells separated by ' / ', and a lead cell with ' / ' inside it"),
    Case("prose-list", "text", "lucy-plan.txt", lambda: PROSE_LIST.encode(),
         "no table: 'Recommendation 1:' paragraphs with wrapped lines and labelled fields, "
         "a recommendation with no action"),
    Case("labelled-fields", "text", "child-m-plan.txt", lambda: LABELLED_FIELDS.encode(),
         "no table: 'Recommendation:' labels without numbers, a label alone on its line "
         "with its value below, two actions in one recommendation"),
    Case("numbering-styles", "text", "peter-plan.txt", lambda: NUMBERING_STYLES.encode(),
         "tab-separated, numbers 8.1 and 8.1.1 (an action under its recommendation), a second "
         "table with R4 and a) in the text, a national heading, End of 2025"),
]  # fmt: skip
