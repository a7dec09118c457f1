"""Held-out plans: written after the reader had been tuned on the rest of the corpus, their
expected JSON written by hand before they were first read. ``bench/parse_accuracy.py --set
held-out`` scores them apart; docs/benchmarks.md records how they scored as they came.
"""

from __future__ import annotations

import datetime as dt

from openpyxl import Workbook

from tests.parsing.corpus.office import Case
from tests.parsing.corpus.office.excel import Day, Month, _bytes, _sheet
from tests.parsing.corpus.office.word import DOWN, Bullets, Span, Writer


def findings_and_recommendations() -> bytes:
    w = Writer()
    w.heading("Safeguarding Adults Review: Margaret", 0)
    w.paragraph(
        "Eastbrook Safeguarding Adults Board commissioned this review. The Board tracks each "
        "action below until it is signed off."
    )
    w.table(
        ["Ref", "Finding", "Recommendation", "Agency", "Lead officer", "Actions", "Milestones",
         "Due date", "Progress RAG", "Update"],
        [
            Span("Theme: Hoarding and self-neglect"),
            ["1", "Margaret's hoarding was not assessed for fire risk.",
             "Eastbrook Fire and Rescue Service should offer a home fire safety visit whenever a "
             "partner reports hoarding.", "Eastbrook Fire and Rescue Service",
             "Station Manager Priya Shah", "Agree a referral route for hoarding cases",
             Bullets(["Referral form agreed", "Partners briefed"]), "Mar-25\n31st May 2025",
             "Green", "Referral form agreed in March 2025."],
            ["2", "Her GP did not know she lived alone.",
             "Eastbrook ICB should ask GP practices to record when a patient over 75 lives "
             "alone.", "Eastbrook ICB", "Dr Tom Reid, Named GP",
             "Issue guidance to all practices", "", "w/c 3 March 2025", "Blue",
             "Guidance issued 4 March 2025."],
            [DOWN, DOWN, DOWN, "Eastbrook ICB", "Dr Tom Reid, Named GP",
             "Audit records in five practices", "", "Sept 2025", "Amber", ""],
            Span("Theme: Information sharing"),
            ["3", "Housing did not share the eviction notice with social care.",
             "Eastbrook Council should tell adult social care of any eviction notice served on "
             "an adult with care needs.", "Eastbrook Council", "",
             "Add adult social care to the eviction notice procedure", "", "Immediate", "Red",
             "Procedure not yet changed."],
        ],
    )  # fmt: skip
    return w.bytes()


def tracker() -> bytes:
    workbook = Workbook()
    _sheet(workbook, "Tracker", [
        ["Westbrook Community Safety Partnership – DHR 'Daniel' action tracker"],
        ["Recommendation number", "Recommendation", "Agency", "Action(s)",
         "Responsible officer", "Timescale", "Date completed", "Status", "Evidence/notes"],
        [1, "Westbrook Police should refer every victim of a repeat incident to the IDVA "
            "service.", "Westbrook Police", "Set up an automatic referral for repeat victims",
         "DCI Hannah Cole", Month(dt.date(2025, 2, 1)), Day(dt.date(2025, 2, 14)), "Completed",
         "Referral live; 40 referrals in the first month"],
        [None, None, "Westbrook Police", "Check the referral rate each quarter",
         "DCI Hannah Cole", "Quarterly", None, "Ongoing", None],
        [2, "Westbrook Council should train its benefits staff to spot economic abuse.",
         "Westbrook Council", "Deliver economic abuse training to benefits staff",
         "Revenues and Benefits Manager", "April 2025 and quarterly thereafter", None,
         "Partially completed", "Two of four sessions delivered"],
        [3, "The Partnership should publish a summary of this review for local residents.",
         None, None, None, None, None, "Not yet due", None],
    ], first=True)  # fmt: skip
    return _bytes(workbook)


THEME_COLUMN = (
    "Domestic Homicide Review into the death of Hannah\n"
    "Eastbrook Community Safety Partnership\n"
    "\n"
    "Theme\tRecommendation\tAction\tLead\tTarget date\tStatus\n"
    "Housing\t1. That Eastbrook Homes flags the tenancy of every victim who asks to be moved.\t"
    "Add a flag to the housing system\tEastbrook Homes\tOngoing\tIn progress\n"
    "Housing\t2. That Eastbrook Homes trains staff on the flag.\tBrief all housing officers\t"
    "Lucy Grant, Tenancy Manager (Eastbrook Homes)\tJune 2025\tNot started\n"
    "Health\t3. That the hospital trust asks about domestic abuse at every emergency visit.\t"
    "Audit emergency department records\tEastbrook Hospitals NHS Trust\tEnd of March 2025\t"
    "Completed\n"
)


CASES = [
    Case("findings-and-recommendations", "docx", "margaret-plan.docx",
         findings_and_recommendations,
         "a finding column beside the recommendation, 'Theme:' rows, agency and lead officer, "
         "Mar-25, 31st May 2025, w/c, Immediate, a progress RAG and an update column",
         held_out=True),
    Case("tracker", "xlsx", "daniel-tracker.xlsx", tracker,
         "a tracker: the header on row 2, a second action on a row with no recommendation, "
         "Quarterly, 'April 2025 and quarterly thereafter', a recommendation with a status "
         "and nothing else", held_out=True),
    Case("theme-column", "text", "hannah-plan.txt", lambda: THEME_COLUMN.encode(),
         "tab-separated with a theme column and numbers in the recommendation text, "
         "Ongoing, End of March 2025", held_out=True),
]  # fmt: skip
