"""Writes sar-tracker.xlsx beside this script: Oldbridge Safeguarding Adults Board's tracker
for "SAR Mr T", a Summary sheet then one form-like sheet per recommendation.
All names, places and content are invented."""
import os
from datetime import datetime

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.datavalidation import DataValidation

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "sar-tracker.xlsx")

FILL = {
    "Green": PatternFill("solid", fgColor="C6EFCE"),
    "Amber": PatternFill("solid", fgColor="FFEB9C"),
    "Red": PatternFill("solid", fgColor="FFC7CE"),
    "Grey": PatternFill("solid", fgColor="D9D9D9"),
    "Head": PatternFill("solid", fgColor="4B2C69"),
    "Label": PatternFill("solid", fgColor="EDE7F3"),
}
THIN = Side(style="thin", color="A6A6A6")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
WHITE_BOLD = Font(bold=True, color="FFFFFF")

wb = Workbook()

# ---- Summary ---------------------------------------------------------------------------
s = wb.active
s.title = "Summary"
s.merge_cells("A1:F1")
s["A1"] = "Oldbridge Safeguarding Adults Board"
s["A1"].font = Font(bold=True, size=14, color="4B2C69")
s.merge_cells("A2:F2")
s["A2"] = "Safeguarding Adults Review – Mr T"
s["A2"].font = Font(bold=True, size=12)
s["A3"] = "Recommendations tracker"
s["A3"].font = Font(italic=True)
s["A4"], s["B4"] = "Ref:", "OSAB-SAR-2023-004"
s["A5"], s["B5"] = "Report published:", "12 March 2024"           # typed as text
s["A6"], s["B6"] = "Position at:", datetime(2025, 1, 31)           # a real date
s["B6"].number_format = "dd/mm/yyyy"
for c in ("A4", "A5", "A6"):
    s[c].font = Font(bold=True)
s.merge_cells("A8:F8")
s["A8"] = ("This tracker is maintained by the OSAB Business Unit. Lead agencies update their "
           "recommendation’s sheet before each SAR Sub-Group meeting; this Summary is refreshed for the "
           "Board each quarter. Do not edit the Summary directly.")
s["A8"].alignment = WRAP
s.row_dimensions[8].height = 45

head = ["Rec", "Recommendation", "Lead agency", "RAG", "Actions complete", "Go to sheet"]
for i, h in enumerate(head, 1):
    c = s.cell(row=10, column=i, value=h)
    c.font, c.fill, c.border, c.alignment = WHITE_BOLD, FILL["Head"], BOX, WRAP

REC1 = ("That Oldbridge City Council Adult Social Care ensures that mental capacity assessments for "
        "adults who self-neglect consider executive functioning, and that the assessment is repeated "
        "when a person repeatedly makes decisions that place them at serious risk.")
REC2 = ("That Oldbridge Safeguarding Adults Board seeks assurance that partner agencies recognise and "
        "respond to the cuckooing of adults with care and support needs, and that a multi-agency "
        "protocol is in place.")
REC3 = ("That Oldbridge ICB and primary care develop a ‘was not brought’ approach for adults with care "
        "and support needs who repeatedly miss health appointments, so that non-attendance is followed "
        "up rather than leading to discharge from the service.")
REC3_SHORT = ("That Oldbridge ICB and primary care develop a ‘was not brought’ approach for adults with "
              "care and support needs who repeatedly miss health appointments…")

summary_rows = [
    (1, REC1, "Oldbridge City Council – Adult Social Care", "Green", "2 of 3", "Rec 1"),
    (2, REC2, "Oldshire Police", "Amber", "1 of 3", "Rec 2"),
    (3, REC3_SHORT, "Oldbridge ICB", "Closed – superseded by SAR Ms P", "n/a", "Rec 3"),
]
for r, row in enumerate(summary_rows, 11):
    for i, v in enumerate(row, 1):
        c = s.cell(row=r, column=i, value=v)
        c.border, c.alignment = BOX, WRAP
    rag = row[3]
    s.cell(row=r, column=4).fill = FILL["Grey"] if rag.startswith("Closed") else FILL[rag]
    link = s.cell(row=r, column=6)
    link.hyperlink = f"#'{row[5]}'!A1"
    link.font = Font(color="0563C1", underline="single")
    s.row_dimensions[r].height = 75
s["A15"] = "Key:"
s["A15"].font = Font(bold=True)
s["B15"] = ("Green = on track or complete; Amber = behind but recoverable; Red = off track; "
            "Grey = closed by the Board.")
s["B15"].alignment = WRAP
for col, w in zip("ABCDEF", (12, 62, 26, 18, 12, 12)):
    s.column_dimensions[col].width = w
s.freeze_panes = "A11"


# ---- one sheet per recommendation --------------------------------------------------------
def rec_sheet(name, n, text, theme, lead_agency, measure, rag, actions, extra=None, tab=None):
    ws = wb.create_sheet(name)
    if tab:
        ws.sheet_properties.tabColor = tab
    ws.merge_cells("A1:E1")
    ws["A1"] = f"SAR Mr T – Recommendation {n}"
    ws["A1"].font = Font(bold=True, size=13, color="4B2C69")
    form = [("Recommendation:", text, 60), ("Learning theme:", theme, 18),
            ("Lead agency:", lead_agency, 18), ("How will we know:", measure, 32),
            ("Overall RAG:", rag, 18)]
    if extra:
        form.append(extra)
    row = 3
    for label, value, height in form:
        lc = ws.cell(row=row, column=1, value=label)
        lc.font, lc.fill, lc.border, lc.alignment = Font(bold=True), FILL["Label"], BOX, WRAP
        ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=5)
        vc = ws.cell(row=row, column=2, value=value)
        vc.alignment = WRAP
        for col in range(2, 6):
            ws.cell(row=row, column=col).border = BOX
        ws.row_dimensions[row].height = height
        if label == "Overall RAG:":
            vc.font = Font(bold=True)
            vc.fill = FILL["Grey"] if rag.startswith("Closed") else FILL[rag]
        row += 1
    row += 1
    hdr = row
    for i, h in enumerate(["Action", "Owner", "Due", "Status", "Comments"], 1):
        c = ws.cell(row=row, column=i, value=h)
        c.font, c.fill, c.border = WHITE_BOLD, FILL["Head"], BOX
    for a in actions:
        row += 1
        for i, v in enumerate(a[:5], 1):
            c = ws.cell(row=row, column=i, value=v)
            c.border, c.alignment = BOX, WRAP
        if isinstance(a[2], datetime):
            ws.cell(row=row, column=3).number_format = a[5] if len(a) > 5 else "dd/mm/yyyy"
        st = a[3]
        if st in ("Complete",):
            ws.cell(row=row, column=4).fill = FILL["Green"]
        elif st in FILL:
            ws.cell(row=row, column=4).fill = FILL[st]
        elif st == "Superseded":
            ws.cell(row=row, column=4).fill = FILL["Grey"]
        ws.row_dimensions[row].height = 48
    dv = DataValidation(type="list", formula1='"Not started,Green,Amber,Red,Complete,Superseded"',
                        allow_blank=True)
    ws.add_data_validation(dv)
    dv.add(f"D{hdr + 1}:D{hdr + 12}")
    for col, w in zip("ABCDE", (48, 26, 13, 13, 44)):
        ws.column_dimensions[col].width = w
    ws.freeze_panes = ws.cell(row=hdr + 1, column=1)
    return ws, row


ws1, last = rec_sheet(
    "Rec 1", 1, REC1, "Mental capacity and executive functioning",
    "Oldbridge City Council – Adult Social Care",
    "A re-audit of capacity assessments for adults who self-neglect shows executive functioning "
    "considered in at least 80% of cases.",
    "Green",
    [
        ("Update the ASC mental capacity assessment template to include a prompt on executive "
         "functioning (can the person carry out the decision, not only state it).",
         "Principal Social Worker (Gemma Oduya)", datetime(2024, 6, 30), "Complete",
         "Template live in Mosaic 17/06/24."),
        ("Deliver an executive functioning masterclass for ASC practitioners and partner agencies.",
         "OSAB Training Lead", "Sept 2024", "Complete",
         "Complete 26/09/2024 – 3 sessions held, 112 attendees. Recording on OSAB website."),
        ("Audit 20 capacity assessments for adults who self-neglect to test whether executive "
         "functioning is considered.",
         "ASC Quality Assurance Manager", datetime(2025, 3, 31), "Not started",
         "Audit planned for Q4.", "mmm-yy"),
    ])
ws1.cell(row=last + 2, column=1, value="Last updated: G. Oduya, 20/01/2025").font = Font(italic=True, size=9)

ws2, last = rec_sheet(
    "Rec 2", 2, REC2, "Exploitation and cuckooing", "Oldshire Police", None, "Amber",
    [
        ("Develop a multi-agency cuckooing protocol with Oldbridge Community Safety Partnership, "
         "including a referral route to the Adult Exploitation Panel.",
         "DCI Ruth Abara", "Q3 24/25", "Amber",
         "Draft protocol circulated 04/11/24. Housing comments outstanding – revised date 28.02.25 "
         "agreed at SAR Sub-Group."),
        ("Brief neighbourhood policing teams on recognising the cuckooing of adults with care and "
         "support needs.",
         "Insp Colin Marsh", datetime(2024, 10, 31), "Complete",
         "Briefing given at all four NPT sector briefings in Oct."),
        ("Seek assurance from partners through the annual safeguarding self-assessment audit.",
         "OSAB Business Manager", "TBC", None, None),
    ])
ws2.cell(row=last + 2, column=1, value="Last updated: R. Abara, 15/01/2025").font = Font(italic=True, size=9)

ws3, last = rec_sheet(
    "Rec 3", 3, REC3, "Missed appointments", "Oldbridge ICB", None,
    "Closed – superseded by SAR Ms P",
    [
        ("Draft an adult ‘was not brought’ policy for GP practices.",
         "Leanne Price, Designated Nurse Safeguarding Adults, ICB", datetime(2024, 5, 31), "Superseded",
         "Draft produced May 24 – rolled into SAR Ms P work."),
        ("Pilot the policy in two Primary Care Networks.",
         "Dr Omar Haddad, Clinical Lead, Riverside PCN", "Autumn 2024", "Superseded",
         "Not started – superseded."),
    ],
    extra=("Board decision:",
           "14/11/2024 – closed as superseded. Carried forward in SAR Ms P, Recommendation 2, which "
           "covers missed appointments for all adults with care and support needs. Progress is now "
           "reported on the Ms P tracker.", 48),
    tab="A6A6A6")

wb.properties.title = "SAR Mr T tracker"
wb.properties.creator = "OSAB Business Unit"
wb.save(OUT)
print("wrote", OUT)
