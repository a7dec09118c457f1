"""Writes cspr-plan.docx beside this script (Eastvale SCP, CSPR Child W action plan).
Convert with: soffice --headless --convert-to pdf --outdir <dir> cspr-plan.docx
All names, places and content are invented."""
import os

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.shared import Cm, Pt, RGBColor

from _docx_bits import (NumberedLists, base_font, cant_split, field, fixed_widths,
                        no_borders, repeat_header, shade, table_borders)

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "cspr-plan.docx")

RAG_FILL = {"BLUE": "9DC3E6", "GREEN": "C6EFCE", "AMBER": "FFE699", "RED": "F4B6B6"}

doc = docx.Document()
base_font(doc, "Arial", 9)
doc.styles["List Number"].paragraph_format.space_after = Pt(1)
lists = NumberedLists(doc)

sec = doc.sections[0]
sec.orientation = WD_ORIENT.PORTRAIT
sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
sec.left_margin = sec.right_margin = Cm(1.4)
sec.top_margin, sec.bottom_margin = Cm(1.6), Cm(1.6)

# running header / footer
hp = sec.header.paragraphs[0]
hp.alignment = WD_ALIGN_PARAGRAPH.RIGHT
r = hp.add_run("OFFICIAL")
r.bold = True
r.font.size = Pt(8)
fp = sec.footer.paragraphs[0]
fp.paragraph_format.tab_stops.add_tab_stop(Cm(18.2), WD_TAB_ALIGNMENT.RIGHT)
r = fp.add_run("Child W – CSPR Action Plan – v1.4 (14/11/2024)\tPage ")
r.font.size = Pt(8)
field(fp, "PAGE")
for run in fp.runs:
    run.font.size = Pt(8)

# ---- "logo" title block: a one-row, two-cell table --------------------------------
tb = doc.add_table(rows=1, cols=2)
no_borders(tb)
fixed_widths(tb, [Cm(4.6), Cm(13.6)])
logo, title = tb.rows[0].cells
shade(logo, "1F5C6B")
logo.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
p = logo.paragraphs[0]
p.alignment = WD_ALIGN_PARAGRAPH.CENTER
r = p.add_run("ESCP")
r.bold, r.font.size, r.font.color.rgb = True, Pt(26), RGBColor(0xFF, 0xFF, 0xFF)
p = logo.add_paragraph()
p.alignment = WD_ALIGN_PARAGRAPH.CENTER
r = p.add_run("Eastvale Safeguarding Children Partnership")
r.font.size, r.font.color.rgb = Pt(7.5), RGBColor(0xFF, 0xFF, 0xFF)
p = logo.add_paragraph()
p.alignment = WD_ALIGN_PARAGRAPH.CENTER
r = p.add_run("Safer children, stronger families")
r.italic, r.font.size, r.font.color.rgb = True, Pt(7), RGBColor(0xD9, 0xEE, 0xF2)

title.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
p = title.paragraphs[0]
r = p.add_run("Child Safeguarding Practice Review: Child W")
r.bold, r.font.size, r.font.color.rgb = True, Pt(15), RGBColor(0x1F, 0x5C, 0x6B)
p = title.add_paragraph()
r = p.add_run("Action Plan")
r.bold, r.font.size = True, Pt(12)
for line in ("Ref: ESCP/CSPR/22-03",
             "Review report published 4 June 2024  ·  Plan agreed by the Partnership Executive 16 May 2024",
             "Status at 14 November 2024 (version 1.4)"):
    p = title.add_paragraph()
    r = p.add_run(line)
    r.font.size = Pt(8.5)

doc.add_paragraph()
doc.add_paragraph(
    "This plan sets out how Eastvale Safeguarding Children Partnership (ESCP) and its partner "
    "agencies will act on the learning from the review of Child W. Each learning point (LP) from the "
    "review is followed by the partnership’s recommendations and what we will do about them. The "
    "Learning and Improvement (L&I) Sub-Group tracks progress at every meeting and reports to the "
    "Partnership Executive by exception.")
p = doc.add_paragraph()
r = p.add_run("RAG:  ")
r.bold = True
for word, meaning in (("BLUE", "complete"), ("GREEN", "on track"),
                      ("AMBER", "some slippage, recoverable"),
                      ("RED", "off track, or not started when due")):
    r = p.add_run(f" {word} ")
    r.bold = True
    r.font.highlight_color = {"BLUE": 3, "GREEN": 4, "AMBER": 7, "RED": 6}[word]  # turquoise, bright green, yellow, red
    p.add_run(f" = {meaning}    ")

# ---- the plan table ----------------------------------------------------------------
WIDTHS = [Cm(3.8), Cm(3.5), Cm(2.7), Cm(2.1), Cm(2.9), Cm(3.2)]
HEAD = ["Learning point", "What we will do", "Who", "By when", "How we will know", "Update (RAG)"]

t = doc.add_table(rows=1, cols=6)
table_borders(t, 4, "7F7F7F")
for c, h in zip(t.rows[0].cells, HEAD):
    shade(c, "1F5C6B")
    r = c.paragraphs[0].add_run(h)
    r.bold, r.font.color.rgb = True, RGBColor(0xFF, 0xFF, 0xFF)
repeat_header(t.rows[0])


def fill(cell, items):
    """items: str -> paragraph; ('b', s) bold; ('i', s) italic; ('num', [..]) a fresh
    automatic numbered list; ('rag', WORD) the RAG word in bold and the cell shaded."""
    first = True
    for it in items:
        if isinstance(it, tuple) and it[0] == "num":
            nid = lists.new_list()
            for s in it[1]:
                p = cell.paragraphs[0] if first else cell.add_paragraph()
                p.style = doc.styles["List Number"]
                lists.apply(p, nid)
                p.paragraph_format.left_indent = Cm(0.45)
                p.paragraph_format.first_line_indent = Cm(-0.45)
                p.add_run(s)
                first = False
            continue
        p = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        if isinstance(it, tuple):
            kind, s = it
            if kind == "rag":
                shade(cell, RAG_FILL[s])
                p.add_run(s).bold = True
            elif kind == "fill":          # colour only, no word
                shade(cell, RAG_FILL[s])
                first = True
            else:
                r = p.add_run(s)
                r.bold = kind == "b"
                r.italic = kind == "i"
        else:
            p.add_run(it)


def span_row(items, fill_hex):
    row = t.add_row()
    cell = row.cells[0].merge(row.cells[5])
    shade(cell, fill_hex)
    fill(cell, items)
    return row


def plan_row(cols):
    row = t.add_row()
    cant_split(row, False)
    for c, items in zip(row.cells, cols):
        if items:
            fill(c, items)
    return row


def lp(code, short, narrative):
    span_row([("b", f"{code}  {short}"), ("i", narrative)], "DCEBEF")


# LP1 ----------------------------------------------------------------------------------
lp("LP1", "Seeing and hearing the child",
   "W was seen by school staff, the school nurse and her GP, but nearly always with her mother or "
   "stepfather present. Her own account of life at home was not recorded by any agency in the 18 "
   "months before the incident that led to this review.")
plan_row([
    [("b", "1a"), "All partner agencies should make sure that practitioners speak to children on their "
     "own when there are concerns about neglect or domestic abuse, and record what the child says in "
     "the child’s own words."],
    ["Add a mandatory ‘Child seen alone? Y/N – if no, why not?’ field to the children’s social care "
     "assessment and visit templates."],
    ["Helen Ojo", "Principal Social Worker, Eastvale County Council Children’s Services"],
    ["Sept 24"],
    ["Monthly audit of 20 assessments shows the field completed in 90% or more."],
    [("rag", "BLUE"), "Field live in LiquidLogic from 02/09/2024. October audit: 19 of 20 completed (95%)."],
])
plan_row([
    None,
    ["Relaunch the ‘See me, hear me’ practice guidance across health, education and early help, "
     "with a 7-minute briefing."],
    ["ESCP Business Manager"],
    ["End of term 2"],
    ["Briefing attendance figures; the next multi-agency audit asks practitioners whether they know "
     "the guidance."],
    [("rag", "GREEN"), "7-minute briefing signed off by L&I Sub-Group 10/10/24. Sessions booked with the "
     "DSL network for December."],
])
plan_row([
    [("b", "1b"), "Eastvale ICB should seek assurance that GP practices record who accompanies a child "
     "to appointments."],
    [("num", ["Ask the system supplier to add an ‘accompanied by’ prompt to the child consultation "
              "template.",
              "Named GP to audit the records of three practices."])],
    ["Dr Priya Nandra, Named GP for Safeguarding Children, Eastvale ICB"],
    [("num", ["31/03/25", "Q1 25/26"])],
    ["Audit shows who accompanied the child recorded in at least 75% of sampled consultations with "
     "under-16s."],
    [("rag", "AMBER"), "Template change requested from supplier 07/08/24; no go-live date yet. Audit "
     "cannot start until the template is live."],
])

# LP2 ----------------------------------------------------------------------------------
lp("LP2", "Elective home education",
   "W was withdrawn from school to be educated at home in Year 8. The school’s safeguarding "
   "concerns were not passed to the Elective Home Education (EHE) team, and no professional saw W "
   "in the next six months.")
r1 = plan_row([
    [("b", "2a"), "Eastvale County Council should ensure that, when a child with a current or recent "
     "safeguarding concern is withdrawn from school for elective home education:",
     ("num", ["the school’s Designated Safeguarding Lead passes those concerns to the EHE team within "
              "five school days; and",
              "an EHE officer offers a home visit within ten school days."])],
    ["Revise the EHE procedure and the school notification form so that schools must say whether the "
     "child is known to children’s social care or early help."],
    ["Head of Access and Inclusion, ECC"],
    ["31/12/24"],
    ["Revised procedure on the ESCP website; all EHE notifications from January 2025 on the new form."],
    [("rag", "GREEN"), "Draft procedure out to head teachers for consultation until 22/11/24. On track "
     "for sign-off at December L&I."],
])
r2 = plan_row([
    None,
    ["Brief the DSL network on the new five-day expectation."],
    ["Kerry Ashdown – Education Safeguarding Lead (ECC)"],
    ["Jan 25"],
    ["DSL network attendance register."],
    ["Not yet due."],
])
r1.cells[0].merge(r2.cells[0])   # vertically merged recommendation cell
plan_row([
    [("b", "2b"), ("i", "National recommendation"),
     "ESCP should write to the Department for Education asking it to make it a legal requirement for "
     "local authorities to keep a register of children who are not in school."],
    ["Independent Scrutineer to write to the Minister for Children and Families on behalf of the "
     "partnership."],
    ["ESCP Independent Scrutineer"],
    ["On publication"],
    ["Letter sent; reply reported to the Partnership Executive."],
    [("rag", "BLUE"), "Letter sent 11/06/2024. Reply received 02/09/2024 and shared with the Executive on "
     "19/09/24."],
])

# LP3 ----------------------------------------------------------------------------------
lp("LP3", "Domestic abuse and a new partner’s history",
   "Police held information about the stepfather’s violence towards a previous partner. It was not "
   "linked to W’s household when a domestic incident at the address was reported, and neither the "
   "school nor the school nurse was told of the incident.")
plan_row([
    [("b", "3a"), "Eastvale Police should ensure that an Operation Encompass notification reaches the "
     "child’s school before the start of the next school day after every domestic abuse incident where "
     "a child is linked to the household, including when the child was not present."],
    ["Dip-sample 50 domestic abuse incidents involving children each quarter to test whether Encompass "
     "notifications were on time."],
    ["DI Mark Shawcross", "Eastvale Police"],
    ["Q1 25/26"],
    ["90% of notifications on time in two quarters in a row."],
    [("rag", "GREEN"), "Q2 24/25 sample: 41 of 50 on time (82%). The late notifications were all for "
     "weekend incidents; weekend cover agreed with the Encompass team 30/10/24. Q3 sample due January."],
])
plan_row([
    [("b", "3b"), "Eastvale Police and the MASH should improve how the domestic abuse history of a new "
     "partner is linked to the records of children in the household."],
    ["Review the MASH research checklist so that researchers check police and children’s social care "
     "history for any adult new to the household."],
    ["MASH Manager", "T/Insp Dan Ferris, Eastvale Police"],
    ["Sept 24"],
    ["Revised checklist issued; MASH audit of 30 contacts shows new adults checked in every case."],
    [("rag", "RED"), "Checklist revised but not yet signed off. MASH audit postponed because of staffing. "
     "New date of 28/02/25 requested at L&I Sub-Group 07/11/24."],
])

# LP4 ----------------------------------------------------------------------------------
lp("LP4", "Recognising cumulative neglect",
   "Agencies described home conditions as ‘poor’ over several years, but no one used the Graded Care "
   "Profile 2 (GCP2), and the cumulative picture of neglect was missed.")
plan_row([
    [("b", "4a"), "The Partnership should promote the use of GCP2 by all agencies working with families "
     "where neglect is a concern."],
    ["Run GCP2 training every quarter for early help, health visiting, school nursing and school staff."],
    ["Early Help Service Manager, ECC", "0–19 Service Lead, Eastvale Community Health NHS Trust"],
    ["Ongoing"],
    [("num", ["Number of staff trained each quarter",
              "Number of GCP2 assessments completed",
              "The 2025 multi-agency neglect audit finds GCP2 used where neglect is identified"])],
    [("fill", "GREEN"), "Q1: 38 staff trained, 18 GCP2s completed.", "Q2: 46 staff trained, 31 GCP2s completed."],
])

# Partnership Executive -----------------------------------------------------------------
span_row([("b", "Recommendations for the Partnership Executive")], "F2F2F2")
plan_row([
    [("b", "PE1"), "The Partnership Executive should receive a report within 12 months of publication on "
     "the difference this action plan has made."],
    ["Chair of the L&I Sub-Group to present an impact report, including the findings of the neglect "
     "audit, to the Executive."],
    ["Siobhan Reilly, Chair, L&I Sub-Group"],
    ["June 2025"],
    ["Report presented and minuted."],
    ["Not started – on the Executive forward plan for 19/06/25."],
])
plan_row([
    [("b", "PE2"), "The Partnership should consider how the learning from this review is shared with "
     "Eastvale Community Safety Partnership, given the domestic abuse in W’s family."],
    ["Share the report and 7-minute briefing with the Domestic Abuse Local Partnership Board (DALPB)."],
    ["Anna Whitcombe, ESCP Business Manager"],
    ["31/07/24"],
    ["Item on the DALPB agenda."],
    [("rag", "BLUE"), "Presented to DALPB 23/07/2024. DALPB has added the learning to its training "
     "programme."],
])

fixed_widths(t, WIDTHS)

doc.add_paragraph()
doc.add_paragraph(
    "Sign-off: the L&I Sub-Group agrees that an action is complete (BLUE) on the evidence given. "
    "Next review of this plan: L&I Sub-Group, 12 December 2024.")

doc.core_properties.title = "Child W CSPR action plan"
doc.core_properties.author = "ESCP Business Unit"
doc.save(OUT)
print("wrote", OUT)

# the PDF is LibreOffice's rendering of the same file (shares cspr-plan.expected.json)
import shutil, subprocess
if shutil.which("soffice"):
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", HERE, OUT],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    print("wrote", OUT[:-5] + ".pdf")
