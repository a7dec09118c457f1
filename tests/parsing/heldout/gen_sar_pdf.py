"""Build sar-plan.docx and sar-plan.pdf: a Safeguarding Adults Review action plan.

Layout: Ref | Learning / Finding | Recommendation | Action(s) | Lead agency and
officer | By when | Measure of success / assurance | Progress update.
Several recommendations per finding (the finding cell is merged down), no
vertical ruling (a rule under the header and a faint rule after each finding
only), one long row that runs over a page break, and typographic characters
as real published PDFs carry them: curly quotes and apostrophes, en dashes,
typed bullet glyphs, non-breaking spaces and the fi / fl ligature characters
(U+FB01, U+FB02) that text pasted back from a PDF brings into Word.

All content is invented; the person who died is the pseudonym "Ms M".

Run:  /work/main/.venv/bin/python /work/heldout/gen_sar_pdf.py [--no-pdf]
"""
import os
import shutil
import subprocess
import sys

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import docx_helpers as H  # noqa: E402

OUT = os.path.dirname(os.path.abspath(__file__))
DOCX = os.path.join(OUT, "sar-plan.docx")
SIZE = 8.5
NB = "\u00a0"     # no-break space
FI = "\ufb01"     # fi ligature character
FL = "\ufb02"     # fl ligature character

HEAD = ["Ref", "Learning / Finding", "Recommendation", "Action(s)",
        "Lead agency and officer", "By when", "Measure of success / assurance",
        "Progress update"]
WIDTHS = [1.6, 3.7, 4.2, 4.0, 3.0, 2.2, 3.5, 3.8]

# A finding: (title, text) and its recommendation rows.
FINDINGS = [
    (("Finding 1 \u2013 Self-neglect and hoarding",
      f"Ms{NB}M\u2019s self-neglect was seen as a \u201clifestyle choice\u201d. No agency used the "
      f"Board\u2019s Self-Neglect and Hoarding Protocol, and there was no multi-agency meeting in "
      f"the eighteen months before her death."),
     [
         dict(ref=["1.1"],
              rec=["The Board should relaunch the Self-Neglect and Hoarding Protocol and seek "
                   "assurance that partner agencies use it."],
              action=[f"Relaunch the protocol at a multi-agency practitioner event and publish a "
                      f"7-minute brie{FI}ng."],
              lead=["Northshire SAB \u2013 Business Manager (Lou Carrick)"],
              when=[f"31{NB}March 2023"],
              measure=["\u2022 Event held",
                       "\u2022 Protocol referenced in at least 80% of self-neglect enquiries audited"],
              progress=[f"Complete \u2013 relaunch event held 8{NB}March 2023 (96 attendees); "
                        f"brie{FI}ng published on the NSAB website."]),
         dict(ref=["1.2"],
              rec=["Adult Social Care to ensure that mental capacity assessments in self-neglect "
                   "cases consider executive capacity \u2013 the ability to carry out a decision, "
                   "not only to make it."],
              action=["Deliver MCA and executive-function training to all social workers and "
                      "occupational therapists."],
              lead=["Northshire Council Adult Social Care \u2013 Principal Social Worker"],
              when=["End of Q2 2023/24"],
              measure=["90% of staff trained; audit of 20 MCAs shows executive capacity considered."],
              progress=[f"In progress \u2013 61% of staff trained at 30/06/2023."]),
         dict(ref=["1.3"],
              rec=["Agencies should consider the use of multi-agency risk management meetings "
                   "for adults who self-neglect."],
              action=["Include multi-agency risk management meetings in the relaunched protocol."],
              lead=["All partners"],
              when=["Ongoing"],
              measure=[""],
              progress=[""]),
     ]),
    (("Finding 2 \u2013 Hospital discharge",
      f"Ms{NB}M was discharged from Kelbridge General Hospital to an unheated home without a "
      f"discharge-to-assess plan, and her GP was not told of the admission for nine days."),
     [
         dict(ref=["2.1"],
              rec=["Northshire Hospitals NHS Foundation Trust to ensure that discharge planning "
                   "for patients known to self-neglect includes a home environment check before "
                   "discharge."],
              action=["Amend the adult discharge checklist to include a home environment check "
                      "and, where needed, a referral to the Integrated Discharge Team."],
              lead=["Northshire Hospitals NHS FT \u2013 Deputy Chief Nurse (Amira Shah)"],
              when=["June 2023"],
              measure=["Monthly audit of 10 discharges per division; results to the SAB Quality "
                       "& Performance Sub-Group.",
                       f"Target: home environment check recorded in 95% of audited discharges of "
                       f"patients with a self-neglect {FL}ag."],
              progress=[
                  f"Q4 2022/23: draft checklist agreed by the Trust\u2019s Discharge Improvement "
                  f"Group on 2{NB}March 2023. Integrated Discharge Team consulted.",
                  f"Q1 2023/24: checklist amended and approved by the Trust\u2019s Patient Safety "
                  f"Group on 14{NB}April 2023. Ward managers briefed at the Senior Nurses\u2019 "
                  f"Forum on 20{NB}April 2023. Electronic version built into the patient record; "
                  f"testing on two pilot wards (Ward 7 and Ward 12) from 2{NB}May 2023.",
                  "Pilot feedback: staff reported that the check added about ten minutes to each "
                  "discharge; the wording of the \u201cheating and utilities\u201d question was "
                  "simpli\ufb01ed as a result.",
                  "Audit results (pilot wards, May 2023): home environment check recorded in 17 "
                  "of 20 discharges (85%).",
                  "Complete \u2013 checklist live on all adult wards from 05/06/2023. Monthly "
                  "audit continues as business as usual and is reported to the SAB Quality & "
                  "Performance Sub-Group."]),
         dict(ref=["2.2"],
              rec=[f"Northshire ICB to ensure that GP practices receive a discharge summary within "
                   f"24 hours for all patients with a safeguarding {FL}ag."],
              action=["Commission an electronic discharge summary feed to GP systems and monitor "
                      "its timeliness."],
              lead=["Northshire ICB"],
              when=["Mar-24"],
              measure=["95% of summaries received by the GP practice within 24 hours."],
              progress=["Not yet started \u2013 awaiting the ICB digital programme funding "
                        "decision."]),
     ]),
    (("Finding 3 \u2013 Carers and family",
      f"Ms{NB}M\u2019s son, who was her main carer, was not offered a carer\u2019s assessment, "
      f"and his own needs \u2013 including his alcohol use \u2013 were not considered."),
     [
         dict(ref=["3.1"],
              rec=["Northshire Council to ensure that carers of adults who self-neglect are "
                   "offered a carer\u2019s assessment."],
              action=["Add an automatic carer\u2019s assessment prompt to the Adult Social Care "
                      "case-management system when a self-neglect concern is recorded."],
              lead=["Northshire Council \u2013 Head of ASC Systems, Jonah Whitley"],
              when=[f"30{NB}September 2023"],
              measure=["Carer\u2019s assessment offered in 100% of sampled cases."],
              progress=["Superseded \u2013 the Council\u2019s new case-management system (go-live "
                        "April 2024) includes a mandatory carers\u2019 prompt. Action closed by "
                        "the SAR Sub-Group on 04/12/2023."]),
         dict(ref=["3.2", "(National)"],
              rec=["The Board to write to the Department of Health and Social Care asking that "
                   "the Care and Support Statutory Guidance says more about self-neglect where a "
                   "family member is the carer."],
              action=["Independent Chair to write to DHSC enclosing the SAR overview report."],
              lead=["NSAB Independent Chair"],
              when=["Immediate"],
              measure=["Response received from DHSC."],
              progress=["Letter sent 20/01/2023. Response awaited."]),
     ]),
    (("Finding 4 \u2013 Fire risk",
      f"Ms{NB}M\u2019s home had no working smoke alarm and the Fire and Rescue Service was not "
      f"known to any of the agencies involved."),
     [
         dict(ref=["4.1"],
              rec=["The Board to include Northshire Fire & Rescue Service in the relaunched "
                   "Self-Neglect and Hoarding Protocol."],
              action=["Agree a referral pathway so that adults identi\ufb01ed under the protocol "
                      "are offered a Safe and Well visit."],
              lead=["Northshire Fire & Rescue Service \u2013 Station Manager (Prevention), "
                    "Carl Nyland"],
              when=["30/06/2023"],
              measure=["Number of Safe and Well visits to adults referred under the protocol, "
                       "reported quarterly."],
              progress=["Complete (June 2023) \u2013 referral pathway agreed; 14 Safe and Well "
                        "visits made to 30/09/2023."]),
     ]),
]


def header_footer(section):
    hp = section.header.paragraphs[0]
    H.add_run(hp, f"Northshire Safeguarding Adults Board \u2013 SAR Ms{NB}M \u2013 Action Plan",
              size=8)
    hp.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    fp = section.footer.paragraphs[0]
    width_cm = (section.page_width - section.left_margin - section.right_margin) / 360000
    H.add_tab_stop_right(fp, width_cm)
    H.add_run(fp, "Version 3 \u2013 March 2024\t", size=8)
    H.page_x_of_y(fp)
    for r in fp.runs:
        r.font.size = Pt(8)


def build():
    doc = Document()
    H.set_base_font(doc, "Arial", 10)
    sec = doc.sections[0]
    H.landscape(sec, margin_cm=1.85)
    header_footer(sec)

    p = doc.add_paragraph()
    H.add_run(p, f"Safeguarding Adults Review: Ms{NB}M \u2013 Action Plan", size=16, bold=True)
    p = doc.add_paragraph()
    H.add_run(p, "Northshire Safeguarding Adults Board", size=11, bold=True)
    p = doc.add_paragraph()
    H.add_run(p, "Ref: NSAB/SAR/2022/02", size=9)
    p = doc.add_paragraph(
        f"This action plan responds to the {FI}ndings of the independent Safeguarding Adults Review "
        f"into the death of Ms{NB}M, a 79-year-old woman who lived alone in Kelbridge. It was agreed "
        f"by the Northshire Safeguarding Adults Board on 12{NB}January 2023.")
    p = doc.add_paragraph(
        f"The SAR Sub-Group monitors progress quarterly and reports to the Board. Lead of{FI}cers "
        f"should send updates to the Board Business Unit by the {FI}rst Friday of each quarter.")
    p.paragraph_format.space_after = Pt(8)

    nrows = 1 + sum(len(recs) for _, recs in FINDINGS)
    t = doc.add_table(rows=nrows, cols=8)
    H.table_borders(t, outer="nil", inside_h="nil", inside_v="nil")
    H.cell_margins(t, top=50, bottom=50, left=70, right=70)
    H.set_col_widths(t, WIDTHS)
    hdr = t.rows[0]
    H.repeat_header(hdr)
    for c, text in zip(hdr.cells, HEAD):
        H.fill_cell(c, [text], size=SIZE, bold=True)
        H.cell_border(c, "bottom", "single", 12, "1F3864")

    ri = 1
    for (title, ftext), recs in FINDINGS:
        first = ri
        for r in recs:
            cells = t.rows[ri].cells
            H.fill_cell(cells[0], r["ref"], size=SIZE)
            H.fill_cell(cells[2], r["rec"], size=SIZE)
            H.fill_cell(cells[3], r["action"], size=SIZE)
            H.fill_cell(cells[4], r["lead"], size=SIZE)
            H.fill_cell(cells[5], r["when"], size=SIZE)
            H.fill_cell(cells[6], r["measure"], size=SIZE)
            H.fill_cell(cells[7], r["progress"], size=SIZE)
            ri += 1
        last = ri - 1
        fc = t.cell(first, 1)
        if last > first:
            fc = fc.merge(t.cell(last, 1))
        H.fill_cell(fc, [("bold", title), ftext], size=SIZE)
        for c in t.rows[last].cells:
            H.cell_border(c, "bottom", "single", 4, "BFBFBF")

    p = doc.add_paragraph()
    p.paragraph_format.space_before = Pt(8)
    H.add_run(p, f"Next review of this plan: SAR Sub-Group, April{NB}2024.", size=9, italic=True)

    doc.core_properties.title = "SAR Ms M action plan"
    doc.core_properties.author = "NSAB Business Unit"
    H.fix_order(doc)
    doc.save(DOCX)
    print("wrote", DOCX)


def to_pdf():
    soffice = shutil.which("soffice") or "/usr/bin/soffice"
    if not os.path.exists(soffice):
        print("soffice not found; PDF skipped")
        return
    subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", OUT, DOCX],
                   check=True)


if __name__ == "__main__":
    build()
    if "--no-pdf" not in sys.argv:
        to_pdf()
