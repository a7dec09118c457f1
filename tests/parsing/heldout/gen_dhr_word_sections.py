"""Build dhr-sections.docx: a DHR action plan as a CSP officer keeps it in Word.

Title block, then one table for the multi-agency recommendations and one table
per agency, each with its own header row, in a non-Home-Office layout:
No. | Recommendation | Actions | Lead officer | Timescale | Evidence of completion | RAG

Deliberate mess, as real working files have: content controls (run-level,
cell-level, a date picker, drop-down RAG cells, one still showing its
placeholder text), one tracked change left unaccepted (a w:del and a w:ins),
hyperlinks, a w:br line break inside a cell, a note row merged across all
columns, continuation rows with blank number/recommendation cells in one
table and a vertically merged recommendation cell in another, and RAG cells
with only a word or nothing.

All content is invented; the victim is the pseudonym "Adult R".

Run:  /work/main/.venv/bin/python /work/heldout/gen_dhr_word_sections.py
"""
import os
import sys

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.shared import Pt

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import docx_helpers as H  # noqa: E402

OUT = os.path.dirname(os.path.abspath(__file__))
DOCX = os.path.join(OUT, "dhr-sections.docx")
SIZE = 9

HEAD = ["No.", "Recommendation", "Actions", "Lead officer", "Timescale",
        "Evidence of completion", "RAG"]
WIDTHS = [1.3, 5.6, 5.6, 3.6, 2.4, 5.4, 1.8]
RAG_ITEMS = ["Green", "Amber", "Red", "Blue"]


# Cell specs: a list/str goes through fill_cell; a function gets the cell.
def sdt_text(text, tag, alias=None):
    return lambda cell: H.cell_block_sdt(cell, text, tag, alias, "text", size=SIZE)


def sdt_date(text, iso, tag="timescale"):
    return lambda cell: H.cell_block_sdt(cell, text, tag, "Timescale", "date",
                                         size=SIZE, full_date=iso)


def sdt_rag(value):
    return lambda cell: H.cell_block_sdt(cell, value, "rag", "RAG", "dropdown",
                                         size=SIZE, items=RAG_ITEMS)


def sdt_placeholder(tag="evidence"):
    return lambda cell: H.cell_block_sdt(cell, "Click or tap here to enter text.", tag,
                                         "Evidence", "text", size=SIZE, placeholder=True)


def run_sdt_lead(text):
    def f(cell):
        H.clear_cell(cell)
        p = cell.add_paragraph()
        H.append_run_sdt(p, text, "lead_officer", "Lead officer", size=SIZE)
    return f


def line_break(text):
    # a single paragraph with a w:br (Shift+Enter), not two paragraphs
    return lambda cell: H.fill_cell(cell, [text], size=SIZE)


def hyperlink_cell(before, link_text, url, after=""):
    def f(cell):
        H.clear_cell(cell)
        p = cell.add_paragraph()
        H.add_run(p, before, size=SIZE)
        H.append_hyperlink(p, link_text, url, size=SIZE)
        if after:
            H.add_run(p, after, size=SIZE)
    return f


def tracked_change_cell(cell):
    H.clear_cell(cell)
    p = cell.add_paragraph()
    H.add_run(p, "Published ", size=SIZE)
    H.append_del(p, "28/03/2022", size=SIZE)
    H.append_ins(p, "20/04/2022", size=SIZE)
    H.add_run(p, " \u2013 ", size=SIZE)
    H.append_hyperlink(p, "Domestic Abuse Housing Policy 2022",
                       "https://www.northshire-borough.example/housing/domestic-abuse-policy-2022.pdf",
                       size=SIZE)


MULTI = [
    ["1",
     "All agencies to ensure that practitioners ask about domestic abuse when a client discloses "
     "that an adult family member controls their finances.",
     "1.1 Partnership briefing on economic abuse to be delivered to all agencies represented on "
     "the DHR panel.",
     "Community Safety Manager, Northshire Borough Council",
     "Dec-21",
     "Briefing delivered 09/12/2021 to 112 practitioners.",
     "Green"],
    ["", "",
     "1.2 Each agency to confirm that economic abuse is covered in its own domestic abuse "
     "training.",
     "All agency leads",
     "March 2022",
     "Police and Housing confirmed. Health awaited.",
     "Amber"],
    ["2",
     "The CSP to commission a review of the local MARAC to assess whether referrals from health "
     "and housing are proportionate to the known prevalence of high-risk domestic abuse.",
     None,  # built below: tracked change lives in H2, this one is plain
     sdt_text("Kate Fenwick, MARAC Coordinator", "lead_officer", "Lead officer"),
     sdt_date("31/03/2022", "2022-03-31"),
     "Review commissioned from an independent consultant; final report due June 2022.",
     sdt_rag("Amber")],
    ("note", "Note: the DHR Steering Group agreed on 09/02/2022 that the MARAC review (2.1) should "
             "also cover the Eastmoor MARAC pilot. The Kelbridge IDVA Service will sit on the "
             "review's reference group."),
    ["3",
     "Agencies should raise awareness of domestic abuse support services in rural communities.",
     "3.1 Publicity campaign in Eastmoor and the rural wards.",
     "CSP Communications Officer",
     "Ongoing",
     sdt_placeholder(),
     ""],
]
MULTI[2][2] = ("2.1 Commission an independent review of the Northshire MARAC covering referrals "
               "from health and housing services, 2019 to 2021.")

POLICE = [
    ["P1",
     "Northshire Police to ensure that the DASH risk assessment is reviewed by a supervisor before "
     "the end of the attending officer's tour of duty.",
     "Amend the domestic abuse policy and the crime recording workflow so that a supervisor review "
     "task is generated automatically when a DASH is submitted.",
     line_break("Insp Dan Okafor\nNorthshire Police"),
     "31/01/2022",
     "Workflow change live 17/01/2022. Domestic Abuse Policy v4.2 published.",
     "Green"],
    ["P2",
     "Northshire Police to deliver training on coercive and controlling behaviour (section 76 "
     "Serious Crime Act 2015) to all response officers.",
     "Roll out the force's one-day coercive control training to all response officers.",
     run_sdt_lead("Rachel Greaves (Learning & Development Manager)"),
     "Sept 2022",
     "67% of response officers trained at 31/03/2022.",
     "Amber"],
]

HEALTH = [
    ["CH1",
     "The Trust to ensure that district nurses routinely ask about domestic abuse when visiting "
     "patients at home, and that the enquiry is made when the patient is seen alone.",
     "Add a mandatory routine enquiry field to the district nursing assessment template.",
     "Named Nurse for Safeguarding Adults",
     "Q4 2021/22",
     hyperlink_cell("Template live 01/03/2022 \u2013 see ", "DN template change log",
                    "https://intranet.nchs-trust.example/sites/safeguarding/dn-template-log"),
     "Green"],
    ["MERGE",
     "MERGE",
     "Audit 30 district nursing records to check that routine enquiry is recorded and that the "
     "patient was seen alone.",
     "Safeguarding Team",
     "Jun-22",
     "",
     sdt_rag("Amber")],
    ["CH2",
     "The Trust to review its Was Not Brought / Did Not Attend policy for adults so that repeated "
     "missed appointments by adults with care and support needs trigger a safeguarding "
     "discussion.",
     "Review and re-issue the policy.",
     "Head of Safeguarding",
     "31st March 2022",
     "Policy ratified at Quality Committee 22/03/2022.",
     "Green"],
]

HOUSING = [
    ["H1",
     "Housing to achieve Domestic Abuse Housing Alliance (DAHA) accreditation.",
     "Complete the DAHA self-assessment and submit for accreditation.",
     "Marcus Thorne \u2013 Housing Options Manager",
     "December 2022",
     "DAHA self-assessment complete. Accreditation assessment visit booked for October 2022.",
     "Green"],
    ["H2",
     "Housing to update the Domestic Abuse Housing Policy so that a tenant who is a victim of "
     "domestic abuse is offered a management transfer without a rent-arrears check.",
     "Update and publish the policy.",
     "Marcus Thorne",
     "30/04/2022",
     tracked_change_cell,
     "Green"],
]


def fill(cell, spec):
    if callable(spec):
        spec(cell)
    else:
        H.fill_cell(cell, [spec] if isinstance(spec, str) else spec, size=SIZE)


def add_plan_table(doc, heading, rows):
    p = doc.add_paragraph(style="Heading 2")
    p.add_run(heading)
    t = doc.add_table(rows=1 + len(rows), cols=7)
    t.style = doc.styles["Table Grid"]
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    H.cell_margins(t)
    H.set_col_widths(t, WIDTHS)
    hdr = t.rows[0]
    H.repeat_header(hdr)
    for c, text in zip(hdr.cells, HEAD):
        H.fill_cell(c, [text], size=SIZE, bold=True)
        H.shade(c, "1F3864")
        for r in c.paragraphs[0].runs:
            from docx.shared import RGBColor
            r.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    for i, row in enumerate(rows, start=1):
        cells = t.rows[i].cells
        if isinstance(row, tuple) and row[0] == "note":
            m = cells[0].merge(cells[6])
            H.fill_cell(m, [("italic", row[1])], size=SIZE)
            H.shade(m, "FFF2CC")
            continue
        for j, spec in enumerate(row):
            if spec == "MERGE":
                continue
            fill(cells[j], spec)
        for j, spec in enumerate(row):
            if spec == "MERGE":
                above = t.cell(i - 1, j)
                above.merge(t.cell(i, j))
        rag = cells[6]
        val = row[6] if isinstance(row[6], str) else None
        colour = {"Green": "C6EFCE", "Amber": "FFEB9C", "Red": "FFC7CE"}.get(val)
        if colour:
            H.shade(rag, colour)
    doc.add_paragraph()
    return t


def build():
    doc = Document()
    H.set_base_font(doc, "Arial", 10)
    sec = doc.sections[0]
    H.landscape(sec, margin_cm=2.0)
    doc.styles["Heading 2"].font.size = Pt(12)

    p = doc.add_paragraph()
    H.add_run(p, "Northshire Borough Community Safety Partnership", size=12, bold=True)
    p = doc.add_paragraph()
    H.add_run(p, "DHR 'Adult R' \u2013 Action Plan", size=18, bold=True)
    p = doc.add_paragraph()
    H.add_run(p, "Date agreed: ", bold=True)
    H.append_run_sdt(p, "03/11/2021", "date_agreed", "Date agreed", "date", full_date="2021-11-03")
    H.add_run(p, " (DHR Steering Group)")
    p = doc.add_paragraph()
    H.add_run(p, "Version 4 \u2013 last updated 12/05/2022", size=9, italic=True)
    p = doc.add_paragraph(
        "This plan is owned by the Community Safety Partnership. Lead officers update their actions "
        "before each quarterly DHR Steering Group; the CSP Officer reports progress to the CSP Board.")
    p = doc.add_paragraph(
        "RAG: Green \u2013 complete or on track; Amber \u2013 some slippage or at risk; "
        "Red \u2013 off track or not started.")

    add_plan_table(doc, "Multi-agency recommendations", MULTI)
    add_plan_table(doc, "Northshire Police", POLICE)
    add_plan_table(doc, "Northshire Community Health NHS Trust", HEALTH)
    add_plan_table(doc, "Northshire Borough Council Housing", HOUSING)

    # settings: keep revisions visible, as the file was left
    H.track_revisions(doc)
    H.fix_order(doc)

    doc.core_properties.title = "DHR Adult R action plan v4"
    doc.core_properties.author = "CSP Officer"
    doc.save(DOCX)
    print("wrote", DOCX)


if __name__ == "__main__":
    build()
