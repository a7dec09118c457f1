"""Build /work/heldout/cspr-actions.csv: a CSPR action log exported from a partnership case system.

Invented content only (Northshire and all names are fictional).
Run with /work/main/.venv/bin/python gen_csv_export.py

Messy features on purpose: Windows-1252 encoding (curly apostrophes, en dashes, "ë"), comma-separated
with Excel-style minimal quoting, CRLF record ends but bare LF inside quoted multi-line cells, an
escaped double quote inside a cell, one row per milestone with the recommendation and action repeated,
an action with no milestone but a due date on its row, a recommendation with no action, two owners in
one cell separated by ";", an owner with trailing space, ISO and d/m/yyyy dates mixed in the same
column, "d/m/yyyy hh:mm" timestamps, statuses "Open" / "In progress" / "Closed - complete" /
"Closed - not achieved" / "Closed - superseded", and a trailing row of bare commas.
"""
import csv
import io
import os

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "cspr-actions.csv")

COLS = ["Review ID", "Review title", "Rec No", "Recommendation", "Theme", "Action No", "Action",
        "Milestone", "Milestone due", "Owner", "Owner organisation", "Status", "Last updated",
        "Closure date", "Closure note"]

RID = "NSCP/CSPR/2022/04"
RTITLE = "Child Safeguarding Practice Review – Child T"
NSCP = "Northshire Safeguarding Children Partnership"
TRUST = "Northshire Healthcare NHS Trust"

R1 = ("Northshire Safeguarding Children Partnership (NSCP) to ensure that practitioners in all partner "
      "agencies identify, assess and engage fathers and male carers, including those who do not live with "
      "the child.")
R2 = ("Northshire Healthcare NHS Trust to ensure that health visitors use the Graded Care Profile 2 (GCP2) "
      "at every contact where there are concerns about neglect, and record the outcome in the child’s "
      "record.")
R3 = ("Agencies should consider how information about a child’s attendance at nursery, including "
      "unexplained absence, is shared with the allocated social worker.")
R4 = ("Northshire Police to ensure that when officers attend a domestic abuse incident at an address where "
      "a child under 5 lives, a child notification is sent to the MASH within 24 hours.")
R5 = "NSCP to seek assurance from partner agencies that learning from this review has been shared with frontline staff."

A11 = ("Revise the NSCP \"Think Family\" multi-agency procedure to include a section on engaging fathers and "
       "male carers.")
A12 = ("Deliver briefing sessions on engaging fathers and male carers to at least 300 practitioners across "
       "the partnership.")
A21 = ("Audit 40 health visiting records of children on Child in Need or Child Protection plans for neglect, "
       "to test use of GCP2.")
A22 = "Add GCP2 to health visitors’ mandatory safeguarding training."
A31 = ("Agree an information sharing protocol between Early Years settings and Children’s Social Care for "
       "unexplained nursery absence of children open to social care.")
A41 = ("Add a mandatory ‘children under 5 present or resident’ question to the domestic abuse attendance "
       "checklist on officers’ mobile devices.")
A42 = "Introduce a MASH performance indicator for time from police attendance to child notification."

N12 = ("Sessions delivered to 174 practitioners, against a target of 300.\n"
       "Remaining sessions cancelled owing to trainer vacancy; content now included in NSCP core "
       "safeguarding training from April 2024.")

# rec no, rec, theme, action no, action, milestone, due, owner, org, status, updated, closed, note
ROWS = [
    ("1", R1, "Working with fathers and male carers", "1.1", A11,
     "Draft revised procedure to Policy & Procedures sub-group", "2023-01-31",
     "Hannah Okoro-Blake (Policy & Procedures Officer)", NSCP, "Closed - complete", "15/5/2023 16:02",
     "15/5/2023", "Procedure published 12 May 2023, link circulated in the NSCP newsletter (June edition)."),
    ("1", R1, "Working with fathers and male carers", "1.1", A11,
     "Partner consultation closed", "2023-03-17",
     "Hannah Okoro-Blake (Policy & Procedures Officer)", NSCP, "Closed - complete", "15/5/2023 16:02",
     "15/5/2023", "Procedure published 12 May 2023, link circulated in the NSCP newsletter (June edition)."),
    ("1", R1, "Working with fathers and male carers", "1.1", A11,
     "Revised procedure published on NSCP website", "2023-04-28",
     "Hannah Okoro-Blake (Policy & Procedures Officer)", NSCP, "Closed - complete", "15/5/2023 16:02",
     "15/5/2023", "Procedure published 12 May 2023, link circulated in the NSCP newsletter (June edition)."),
    ("1", R1, "Working with fathers and male carers", "1.2", A12,
     "Briefing content agreed by Learning & Improvement sub-group", "30/6/2023",
     "NSCP Training Coordinator", NSCP, "Closed - not achieved", "19/1/2024 12:40", "19/1/2024", N12),
    ("1", R1, "Working with fathers and male carers", "1.2", A12,
     "Sessions delivered, target 300 attendees", "2023-12-31",
     "NSCP Training Coordinator", NSCP, "Closed - not achieved", "19/1/2024 12:40", "19/1/2024", N12),
    ("2", R2, "Neglect", "2.1", A21,
     "Audit tool agreed", "28/2/2023",
     "Sunita Rahman (Safeguarding Children Lead Nurse)", TRUST, "In progress", "2/10/2023 11:47", "", ""),
    ("2", R2, "Neglect", "2.1", A21,
     "Audit completed", "2023-06-30",
     "Sunita Rahman (Safeguarding Children Lead Nurse)", TRUST, "In progress", "2/10/2023 11:47", "", ""),
    ("2", R2, "Neglect", "2.1", A21,
     "Findings reported to NSCP Quality Assurance sub-group", "2023-09-14",
     "Sunita Rahman (Safeguarding Children Lead Nurse)", TRUST, "In progress", "2/10/2023 11:47", "", ""),
    ("2", R2, "Neglect", "2.2", A22,
     "", "31/3/2024",
     "Named Nurse Safeguarding Children", TRUST, "Open", "2/10/2023 11:49", "", ""),
    ("3", R3, "Information sharing", "3.1", A31,
     "Draft protocol circulated to Early Years providers", "2023-05-31",
     "Gareth Lloyd-Pryce; Zoë Marchetti",
     "Northshire County Council – Early Years; Northshire County Council – Children’s Social Care",
     "Closed - complete", "4/8/2023 09:03", "4/8/2023",
     "Protocol signed off 20/07/2023 and issued to all 212 registered Early Years settings."),
    ("3", R3, "Information sharing", "3.1", A31,
     "Protocol signed off by NSCP Executive", "2023-07-20",
     "Gareth Lloyd-Pryce; Zoë Marchetti",
     "Northshire County Council – Early Years; Northshire County Council – Children’s Social Care",
     "Closed - complete", "4/8/2023 09:03", "4/8/2023",
     "Protocol signed off 20/07/2023 and issued to all 212 registered Early Years settings."),
    ("4", R4, "Domestic abuse and children", "4.1", A41,
     "Checklist change live on mobile devices", "2023-03-31",
     "DI Owen Parfitt ", "Northshire Police", "In progress", "5/1/2024 09:12", "", ""),
    ("4", R4, "Domestic abuse and children", "4.1", A41,
     "Dip sample of 50 incidents to test compliance", "2023-09-30",
     "DI Owen Parfitt ", "Northshire Police", "In progress", "5/1/2024 09:12", "", ""),
    ("4", R4, "Domestic abuse and children", "4.2", A42,
     "Indicator defined and added to MASH dashboard", "2023-06-30",
     "MASH Manager", "Northshire County Council – Children’s Social Care", "Closed - superseded",
     "1/8/2023 15:30", "1/8/2023",
     "Superseded by the Northshire-wide MASH performance dataset agreed by the NSCP Executive on "
     "20/07/2023."),
    ("5", R5, "Learning and improvement", "", "", "", "", "", "", "Open", "12/2/2024 10:05", "", ""),
]

buf = io.StringIO(newline="")
w = csv.writer(buf, delimiter=",", quotechar='"', quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
w.writerow(COLS)
for r in ROWS:
    w.writerow([RID, RTITLE, *r])
w.writerow([""] * len(COLS))  # Excel-style trailing empty record: ",,,,,,"

with open(OUT, "wb") as f:
    f.write(buf.getvalue().encode("cp1252"))
print("wrote", OUT)
