"""Build /work/heldout/dhr-tracker.xlsx: a CSP's monitoring spreadsheet for DHR Adult P.

Invented content only (Kestrelford / Northshire are fictional; all names are invented).
Run with /work/main/.venv/bin/python gen_tracker_xlsx.py

Messy features on purpose: Read-me and Key sheets first, merged title block, two-row header,
recommendation cells merged down over their actions, a hidden notes column, a hidden row holding a
withdrawn action, dates as real dates / text / a bare serial number / mmm-yy formatted dates, RAG as
words and as fill only, formula cells with cached values (patched into the XML, because openpyxl does
not write cached values), a hand-typed totals row, a hidden drop-down list sheet, a cell comment, and
a second plan sheet with a different header.
"""
import datetime as dt
import os
import re
import shutil
import tempfile
import zipfile

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "dhr-tracker.xlsx")

D = dt.datetime
BLUE = PatternFill("solid", fgColor="5B9BD5")
GREEN = PatternFill("solid", fgColor="00B050")
AMBER = PatternFill("solid", fgColor="FFC000")
RED = PatternFill("solid", fgColor="FF0000")
GREY = PatternFill("solid", fgColor="BFBFBF")
HEAD = PatternFill("solid", fgColor="1F3864")
SUB = PatternFill("solid", fgColor="D9E1F2")
TITLE = PatternFill("solid", fgColor="DDEBF7")
thin = Side(style="thin", color="808080")
BOX = Border(left=thin, right=thin, top=thin, bottom=thin)
WRAP = Alignment(wrap_text=True, vertical="top")
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
DATEFMT = "dd/mm/yyyy"

wb = Workbook()
wb.properties.creator = "Kestrelford CSP"
wb.properties.lastModifiedBy = "Janine Pockett"
wb.properties.title = "DHR Adult P action plan tracker"

# ---------------------------------------------------------------- Read me
ws = wb.active
ws.title = "Read me"
ws.column_dimensions["A"].width = 30
ws.column_dimensions["B"].width = 100
ws["A1"] = "DHR Adult P – Action Plan Tracker"
ws["A1"].font = Font(bold=True, size=16)
rows = [
    ("Partnership:", "Kestrelford Community Safety Partnership"),
    ("Review:", "Domestic Homicide Review – Adult P"),
    ("Reference:", "KCSP/DHR/2019/02"),
    ("Overview report published:", D(2021, 1, 14)),
    ("Tracker owner:", "Janine Pockett, Domestic Abuse Coordinator"),
    ("Version:", "v7 – Q2 2021/22 update (last saved 12/10/2021)"),
]
for i, (k, v) in enumerate(rows, start=3):
    ws.cell(i, 1, k).font = Font(bold=True)
    c = ws.cell(i, 2, v)
    if isinstance(v, dt.datetime):
        c.number_format = "d mmmm yyyy"
        c.alignment = Alignment(horizontal="left")
ws["A10"] = "How to use this tracker"
ws["A10"].font = Font(bold=True, size=12)
instr = [
    "1. The 'Overview action plan' tab holds the actions agreed from the Overview Report. The "
    "'Police single agency' tab holds Northshire Police's own IMR actions.",
    "2. Agency leads: add your update in the column for the current quarter. Do not overwrite previous updates.",
    "3. Do not change Ref numbers or delete rows. Withdrawn actions are hidden, not deleted, so that the "
    "audit trail is kept.",
    "4. Set the RAG using the drop-down list. See the 'Key' tab for what each colour means.",
    "5. Send evidence to the DHR mailbox (dhr@kestrelford.example) at least 5 working days before the "
    "DHR Sub-Group meets.",
    "6. Revised target dates must be agreed by the DHR Sub-Group. Put the new date in 'Revised' – never "
    "overwrite the original date.",
    "7. Column 'Days overdue' is calculated – do not type in it.",
]
for i, t in enumerate(instr, start=11):
    ws.merge_cells(start_row=i, start_column=1, end_row=i, end_column=2)
    ws.cell(i, 1, t).alignment = Alignment(wrap_text=True, vertical="top")
    ws.row_dimensions[i].height = 30

# ---------------------------------------------------------------- Key
ws = wb.create_sheet("Key")
ws.column_dimensions["A"].width = 20
ws.column_dimensions["B"].width = 80
ws["A1"] = "RAG key"
ws["A1"].font = Font(bold=True, size=14)
ws["A2"] = "Colour"
ws["B2"] = "Meaning"
ws["A2"].font = ws["B2"].font = Font(bold=True)
key = [
    (BLUE, "Blue / Complete", "Action complete and evidence accepted by the DHR Sub-Group. Enter the date closed."),
    (GREEN, "Green", "On track to meet the target date."),
    (AMBER, "Amber", "At risk – some slippage, or a revised date has been agreed."),
    (RED, "Red", "Overdue, not started, or no update received."),
    (GREY, "Grey / Withdrawn", "Withdrawn or superseded by another action. Row is hidden and not counted in totals."),
]
for i, (fill, word, meaning) in enumerate(key, start=3):
    a = ws.cell(i, 1, word)
    a.fill = fill
    a.border = BOX
    b = ws.cell(i, 2, meaning)
    b.border = BOX
    b.alignment = WRAP

# ---------------------------------------------------------------- Lists (hidden)
ws = wb.create_sheet("Lists")
for i, v in enumerate(["Complete", "Green", "Amber", "Red", "Red – not started", "Withdrawn"], start=1):
    ws.cell(i, 1, v)
ws.sheet_state = "hidden"

# ---------------------------------------------------------------- Overview action plan
ws = wb.create_sheet("Overview action plan")
LASTCOL = 15  # A..O
widths = {"A": 7, "B": 45, "C": 14, "D": 42, "E": 18, "F": 22, "G": 12, "H": 12, "I": 11,
          "J": 34, "K": 34, "L": 26, "M": 30, "N": 12, "O": 10}
for k, v in widths.items():
    ws.column_dimensions[k].width = v

ws.merge_cells("A1:O1")
ws["A1"] = "Kestrelford Community Safety Partnership"
ws["A1"].font = Font(bold=True, size=14)
ws.merge_cells("A2:O2")
ws["A2"] = "Domestic Homicide Review – Adult P"
ws["A2"].font = Font(bold=True, size=13)
ws.merge_cells("A3:B3")
ws["A3"] = "Action plan – position as at:"
ws["A3"].font = Font(bold=True)
ws["C3"] = D(2021, 9, 30)
ws["C3"].number_format = DATEFMT
ws.merge_cells("A4:O4")
ws["A4"] = ("This action plan is owned by Kestrelford Community Safety Partnership. The DHR Sub-Group "
            "monitors progress quarterly and reports exceptions to the CSP Board. Agency leads update "
            "columns J to L only.")
ws["A4"].alignment = Alignment(wrap_text=True, vertical="top")
ws.row_dimensions[4].height = 32
for r in range(1, 5):
    for c in range(1, LASTCOL + 1):
        ws.cell(r, c).fill = TITLE

# two-row header (rows 5-6)
single = {"A": "Ref", "B": "Recommendation", "C": "Scope", "D": "Action", "I": "RAG",
          "L": "Evidence", "M": "CSP internal notes", "N": "Date closed", "O": "Days overdue"}
for col, text in single.items():
    ws.merge_cells(f"{col}5:{col}6")
    ws[f"{col}5"] = text
groups = {("E", "F"): ("Lead", "Agency", "Officer"),
          ("G", "H"): ("Target date", "Original", "Revised"),
          ("J", "K"): ("Progress update", "Q1 2021/22 (Apr–Jun)", "Q2 2021/22 (Jul–Sep)")}
for (c1, c2), (top, s1, s2) in groups.items():
    ws.merge_cells(f"{c1}5:{c2}5")
    ws[f"{c1}5"] = top
    ws[f"{c1}6"] = s1
    ws[f"{c2}6"] = s2
for r in (5, 6):
    for c in range(1, LASTCOL + 1):
        cell = ws.cell(r, c)
        cell.fill = HEAD if r == 5 else SUB
        cell.font = Font(bold=True, color="FFFFFF" if r == 5 else "000000")
        cell.alignment = CENTRE
        cell.border = BOX

RECS = {
    1: ("Recommendation 1:\nThat Kestrelford Community Safety Partnership ensures that frontline staff in all "
        "partner agencies receive domestic abuse training that covers coercive control, stalking and the "
        "heightened risk after separation.", "Local (Kestrelford)"),
    2: ("Recommendation 2:\nThat Northshire Police and the Northshire MARAC ensure that every domestic abuse "
        "case assessed as high risk on the DASH risk checklist is referred to MARAC within 24 hours, and that "
        "the referral records the victim’s own view of the risk.", "Northshire-wide"),
    3: ("Recommendation 3:\nAgencies should consider how routine enquiry about domestic abuse can be "
        "embedded in primary care consultations in Kestrelford.", "Local (Kestrelford)"),
    4: ("Recommendation 4:\nThat Kestrelford Borough Council Housing Options reviews its procedure for joint "
        "tenancies where one tenant discloses domestic abuse, so that the victim is offered safety planning "
        "and advice on a sole tenancy.", "Local (Kestrelford)"),
    5: ("Recommendation 5:\nThat the Chair of Kestrelford Community Safety Partnership writes to the Home "
        "Office recommending that the Domestic Homicide Review statutory guidance includes information on "
        "the risk of stalking after separation.", "National"),
}

# ref, rec, action, agency, officer, original, revised, rag word, rag fill, q1, q2, evidence, notes, closed
ACTIONS = [
    ("1.1", 1,
     "Refresh the multi-agency domestic abuse training package so that it covers coercive control, stalking "
     "and post-separation risk.",
     "Kestrelford CSP", "Janine Pockett\nDomestic Abuse Coordinator",
     D(2021, 3, 31), D(2021, 6, 30), "Complete", BLUE,
     "Package drafted. Pilot sessions postponed (Covid restrictions) – revised date of 30/06/21 agreed.",
     "Refreshed package signed off by DA Strategic Group on 17/06/2021 and delivered monthly on Teams since "
     "July. Closed at DHR Sub-Group 08/07/2021.",
     "Training package v2.1; DASG minutes 17/06/21",
     "Extension agreed at sub-group 11/03/21 (Covid). JP", D(2021, 7, 8)),
    ("1.2", 1,
     "Deliver the refreshed training to at least 80% of frontline staff in housing, adult social care and "
     "early help, reporting attendance figures to the CSP each quarter.",
     "Kestrelford CSP", "J. Pockett",
     "March 22", None, "Amber", AMBER,
     "142 of 378 staff trained (38%).",
     "219 of 378 staff trained (58%). Attendance from Housing low – escalated to Head of Housing 21/09.",
     "Quarterly attendance return",
     "Housing say rota pressures. Offer evening sessions?", None),
    ("1.3", 1,
     "Add domestic abuse e-learning to the corporate induction for all new council staff.",
     "Kestrelford Borough Council", "Learning & Development Manager",
     "TBC", None, "Red – not started", RED,
     "No update received.",
     "No update received. Chased 14/09/21.",
     None,
     "Escalate to CSP Board if still no update at Q3. Post was vacant Jun–Aug.", None),
    ("2.1", 2,
     "Audit a sample of 50 high-risk DASH assessments to test whether MARAC referrals were made within 24 "
     "hours.",
     "Northshire Police", "DCI Marcus Fenwick",
     "31.03.2021", "Q2 2021/22", "Green", GREEN,
     "Audit scoped and sample drawn (Jan–Mar 2021 cases).",
     "Fieldwork complete. Findings to October sub-group.",
     None,
     "Revised date agreed by email with chair – not minuted!", None),
    (2.2, 2,  # Ref typed as a number
     "MARAC Coordinator to report monthly data on the time from DASH assessment to MARAC referral to the "
     "Domestic Abuse Strategic Group.",
     "Northshire MARAC", "Deepa Sandhu (MARAC Coordinator)",
     44469, None, None, GREEN,  # bare serial number; RAG given as fill only
     "First monthly report presented 24/06/21.",
     "July and August reports received; September report due.",
     "DASG papers Jun–Sep 2021",
     None, None),
    ("3.1", 3,
     "Introduce a domestic abuse routine enquiry template on the GP clinical system and offer practice-based "
     "training to all 14 Kestrelford practices.",
     "Northshire ICB", "Colin Threlfall, Designated Nurse Safeguarding Adults",
     D(2021, 12, 31), None, "Green", GREEN,
     "Template built; testing in 2 practices.",
     "Template live in 9 of 14 practices; training delivered in 6.",
     "Template screenshot; practice list",
     None, None),
    ("3.2", 3,
     "Commission an Independent Domestic Violence Adviser (IDVA) post based in Kestrelford GP surgeries.",
     "Kestrelford CSP", "Janine Pockett",
     D(2021, 9, 30), None, "Withdrawn", GREY,
     "Withdrawn at DHR Sub-Group 08/06/2021: no local funding identified. Superseded by the Northshire ICB "
     "bid for county-wide health-based IDVAs.",
     None,
     None,
     "Hidden per sub-group decision. Do not delete.", D(2021, 6, 8)),
    ("4.1", 4,
     "Review and re-issue the Housing Domestic Abuse Policy, including the joint tenancy procedure.",
     "KBC Housing", "Tom Ridley, Housing Options Manager",
     "March 21", None, "Complete", BLUE,
     "Revised Housing Domestic Abuse Policy approved by the Cabinet Member on 20/05/2021 and published on the "
     "council website.",
     "Complete – see Q1 update.",
     "Housing DA Policy v4 (May 2021)",
     None, "20/05/21"),
    ("4.2", 4,
     "Achieve Domestic Abuse Housing Alliance (DAHA) accreditation for the council’s housing service.",
     "KBC Housing", "T Ridley",
     D(2021, 6, 30), D(2022, 3, 31), "Amber", AMBER,
     "Self-assessment under way; revised date agreed by sub-group.",
     "Assessment visit booked for February 2022.",
     None,
     "New date 31/3/22 agreed 10/06/21.", None),
    ("5.1", 5,
     "Letter from the CSP Chair to the Home Office DHR team, copied to the Domestic Abuse Commissioner.",
     "Kestrelford CSP", "CSP Chair",
     D(2021, 2, 26), None, "Red", RED,
     "Draft letter with Chair for signature.",
     "Letter not yet sent – raise at October Board.",
     None,
     None, None),
]

FIRST = 7
rec_rows = {}
for i, a in enumerate(ACTIONS):
    r = FIRST + i
    (ref, rec, action, agency, officer, orig, rev, rag, fill, q1, q2, ev, notes, closed) = a
    rec_rows.setdefault(rec, []).append(r)
    ws.cell(r, 1, ref)
    ws.cell(r, 4, action)
    ws.cell(r, 5, agency)
    ws.cell(r, 6, officer)
    for col, v in ((7, orig), (8, rev), (14, closed)):
        c = ws.cell(r, col, v)
        if isinstance(v, dt.datetime):
            c.number_format = DATEFMT
        # the bare serial (44469) keeps the General format on purpose
    c = ws.cell(r, 9, rag)
    c.fill = fill
    c.alignment = CENTRE
    ws.cell(r, 10, q1)
    ws.cell(r, 11, q2)
    ws.cell(r, 12, ev)
    ws.cell(r, 13, notes)
    # days overdue: only where the live target is a real date and the action is not closed
    tgt = f'IF(H{r}="",G{r},H{r})'
    ws.cell(r, 15, f'=IF(N{r}<>"","",IF(ISNUMBER({tgt}),MAX(0,$C$3-{tgt}),""))')
    for col in range(1, LASTCOL + 1):
        cell = ws.cell(r, col)
        cell.border = BOX
        if col not in (9,):
            cell.alignment = WRAP
    ws.row_dimensions[r].height = 75

for rec, rs in rec_rows.items():
    text, scope = RECS[rec]
    ws.cell(rs[0], 2, text)
    ws.cell(rs[0], 3, scope)
    if len(rs) > 1:
        ws.merge_cells(start_row=rs[0], start_column=2, end_row=rs[-1], end_column=2)
        ws.merge_cells(start_row=rs[0], start_column=3, end_row=rs[-1], end_column=3)
    ws.cell(rs[0], 2).alignment = WRAP
    ws.cell(rs[0], 3).alignment = WRAP

LAST = FIRST + len(ACTIONS) - 1  # 16
hidden_row = FIRST + [a[0] for a in ACTIONS].index("3.2")
ws.row_dimensions[hidden_row].hidden = True
ws.column_dimensions["M"].hidden = True

ws.cell(FIRST + 4, 7).comment = Comment("Date agreed at sub-group 10/03/21. DS", "Deepa Sandhu")

# totals row, typed by hand
TOT = LAST + 2
ws.cell(TOT, 1, "Total actions: 9").font = Font(bold=True)
ws.merge_cells(start_row=TOT, start_column=1, end_row=TOT, end_column=3)
ws.cell(TOT, 4, "Complete (Blue) 2, Green 3, Amber 2, Red 2").font = Font(bold=True)
ws.merge_cells(start_row=TOT, start_column=4, end_row=TOT, end_column=8)
ws.cell(TOT, 14, "No. overdue:").font = Font(bold=True)
ws.cell(TOT, 15, f'=COUNTIF(O{FIRST}:O{LAST},">0")').font = Font(bold=True)
for c in range(1, LASTCOL + 1):
    ws.cell(TOT, c).fill = SUB

dv = DataValidation(type="list", formula1="=Lists!$A$1:$A$6", allow_blank=True)
dv.add(f"I{FIRST}:I{LAST}")
ws.add_data_validation(dv)
ws.freeze_panes = "D7"
ws.auto_filter.ref = f"A6:O{LAST}"
ws.sheet_view.zoomScale = 80

# cached values for the formula cells: (cell, value) ; "" => empty string result
CACHED = {}
for i, a in enumerate(ACTIONS):
    r = FIRST + i
    CACHED[f"O{r}"] = ""
CACHED[f"O{FIRST + 4}"] = 0    # 2.2 serial 44469 == 30/09/2021
CACHED[f"O{FIRST + 5}"] = 0    # 3.1 31/12/2021
CACHED[f"O{FIRST + 8}"] = 0    # 4.2 revised 31/03/2022
CACHED[f"O{FIRST + 9}"] = 216  # 5.1 26/02/2021
CACHED[f"O{TOT}"] = 1

# ---------------------------------------------------------------- Police single agency
ps = wb.create_sheet("Police single agency")
wb.move_sheet("Lists", offset=wb.sheetnames.index("Police single agency") - wb.sheetnames.index("Lists"))
ps.merge_cells("A1:H1")
ps["A1"] = "Northshire Police – Single Agency Action Plan (DHR Adult P)"
ps["A1"].font = Font(bold=True, size=13)
hdr = ["No.", "Recommendation", "Action", "Responsible officer", "Target", "Status",
       "Comments / evidence", "Completed"]
for c, h in enumerate(hdr, start=1):
    cell = ps.cell(3, c, h)
    cell.font = Font(bold=True)
    cell.fill = SUB
    cell.border = BOX
    cell.alignment = CENTRE
for k, v in {"A": 6, "B": 45, "C": 45, "D": 20, "E": 12, "F": 12, "G": 40, "H": 12}.items():
    ps.column_dimensions[k].width = v
PROWS = [
    ("P1", "Northshire Police to ensure that DASH risk assessments at domestic abuse incidents are completed "
           "with the victim in person and not by telephone, unless a reason is recorded.",
     "Issue a force-wide briefing and amend the domestic abuse attendance policy to require face-to-face DASH "
     "completion.", "DI Ruth Calloway", D(2021, 6, 30), "Complete",
     "Briefing issued 11/06/2021. DA attendance policy v5.3 published on force intranet.", D(2021, 6, 11)),
    (None, None,
     "Dip-sample 20 DASH forms a month for six months to check in-person completion, reporting results to the "
     "DHR Sub-Group.", "DS Neil Varga", D(2021, 12, 1), "In progress",
     "July–Sept samples: 88%, 91%, 93% completed in person.", None),
    ("P2", "Northshire Police to review how repeat domestic abuse callers are identified on the command and "
           "control system.",
     "Introduce an automatic repeat-victim flag where there have been 3 or more domestic abuse calls from an "
     "address in 12 months.", "Ch Insp Gemma Ord", "Q4 2021/22", "Not started",
     "Dependent on system upgrade – supplier date TBC.", None),
    ("P3", "Northshire Police to share the learning from this review with all Public Protection staff.",
     "Circulate a 7-minute briefing on DHR Adult P and include it in the PPU CPD day.", "DI Ruth Calloway",
     "Ongoing", "Complete",
     "7-minute briefing circulated 19/04/2021 and covered at PPU CPD day 22/04/2021.", "30/04/2021"),
]
for i, row in enumerate(PROWS, start=4):
    for c, v in enumerate(row, start=1):
        cell = ps.cell(i, c, v)
        cell.alignment = WRAP
        cell.border = BOX
        if isinstance(v, dt.datetime):
            cell.number_format = DATEFMT
    ps.row_dimensions[i].height = 60
ps["E5"].number_format = "mmm-yy"  # shows "Dec-21"

wb.active = wb.sheetnames.index("Read me")
wb.save(OUT)

# ---------------------------------------------------------------- patch cached formula values
sheet_idx = wb.sheetnames.index("Overview action plan") + 1
sheet_xml = f"xl/worksheets/sheet{sheet_idx}.xml"


def patch(xml: str) -> str:
    def repl(m):
        ref, attrs, formula = m.group(1), m.group(2), m.group(3)
        val = CACHED.get(ref)
        if val is None:
            return m.group(0)
        attrs = re.sub(r'\s+t="[^"]*"', "", attrs)
        if val == "":
            return f'<c r="{ref}"{attrs} t="str"><f>{formula}</f><v></v></c>'
        return f'<c r="{ref}"{attrs}><f>{formula}</f><v>{val}</v></c>'
    return re.sub(r'<c r="([A-Z]+[0-9]+)"([^>]*)><f>(.*?)</f><v\s*/?>(?:</v>)?</c>', repl, xml)


tmp = tempfile.mktemp(suffix=".xlsx")
with zipfile.ZipFile(OUT) as zin, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
    names = zin.namelist()
    assert sheet_xml in names, names
    for item in zin.infolist():
        data = zin.read(item.filename)
        if item.filename == sheet_xml:
            text = data.decode("utf-8")
            new = patch(text)
            n = new.count("<v>") - text.count("<v>")
            data = new.encode("utf-8")
        zout.writestr(item, data)
shutil.move(tmp, OUT)
print("wrote", OUT)
