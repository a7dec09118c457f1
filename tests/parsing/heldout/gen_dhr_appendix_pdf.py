"""Build dhr-appendix.docx (and dhr-appendix.pdf through LibreOffice).

A Domestic Homicide Review overview report's closing pages as a Community
Safety Partnership publishes them: conclusions and recommendations in prose,
then "Appendix A - Action Plan" in the Home Office template as a Word table.
All people, places and agencies are invented (Northshire, Eastmoor,
Kelbridge); the victim is the pseudonym "Adult K".

Run:  /work/main/.venv/bin/python /work/heldout/gen_dhr_appendix_pdf.py [--no-pdf]
"""
import os
import shutil
import subprocess
import sys

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import docx_helpers as H  # noqa: E402

OUT = os.path.dirname(os.path.abspath(__file__))
DOCX = os.path.join(OUT, "dhr-appendix.docx")

PROSE = [
    ("h", "10. Conclusions and Recommendations"),
    ("p", "10.1\tAdult K was a 54 year old woman who lived with her partner, Mr L, in a rented flat "
          "in Eastmoor, Northshire. She had been dependent on alcohol for many years. In the two "
          "years before her death she had contact with Northshire Police on eleven occasions, "
          "with her GP practice on twenty-three occasions and with Northshire Council Adult "
          "Social Care on three occasions."),
    ("p", "10.2\tThe Review Panel found that, although practitioners were often kind and "
          "persistent, they tended to see Adult K's alcohol use as the problem to be solved and "
          "did not recognise the coercive and controlling behaviour of Mr L, who managed her "
          "money, her medication and her contact with her family. When Adult K was intoxicated "
          "at the time of a police call-out, a DASH risk assessment was either not completed or "
          "was recorded as \"refused\"."),
    ("p", "10.3\tThe Panel also found that third-party reports made by Adult K's neighbour "
          "through the 101 non-emergency number were graded as low priority, that her GP practice "
          "did not ask her about domestic abuse when she presented with alcohol-related injuries, "
          "and that an Adult Social Care safeguarding enquiry in 2018 was closed after Mr L "
          "told the social worker that he was her carer."),
    ("p", "10.4\tThe Panel does not find that Adult K's death could have been predicted. It does "
          "find that there were missed opportunities to identify the abuse she was experiencing "
          "and to refer her to MARAC, and that the learning below, if implemented, should make "
          "it more likely that a woman in Adult K's position is identified and offered support."),
    ("h2", "Recommendations"),
    ("p", "10.5\tThe Review Panel makes eight recommendations. In summary:"),
    ("p", "Recommendation 1: the Safer Northshire Partnership should ensure that domestic abuse "
          "training covers coercive control where the victim is dependent on alcohol."),
    ("p", "Recommendation 2: agencies should consider how to improve recognition of domestic "
          "abuse of older victims."),
    ("p", "Recommendations 3 and 4 are for Northshire Police and concern DASH risk assessment "
          "and the handling of third-party reports through 101."),
    ("p", "Recommendation 5 is for Northshire ICB and concerns routine enquiry in primary care."),
    ("p", "Recommendations 6 and 7 are for Northshire Council Adult Social Care and concern "
          "carer-perpetrated abuse and referrals to MARAC."),
    ("p", "Recommendation 8 is a national recommendation to the Home Office."),
    ("p", "10.6\tEach recommendation is set out in full, with the actions agreed by the agencies "
          "concerned, in the Action Plan at Appendix A. The Panel wishes to thank Adult K's "
          "family for their contribution to this review."),
]

HEAD = ["Recommendation",
        "Scope of recommendation (local, regional or national)",
        "Action to take",
        "Lead Agency",
        "Key milestones achieved in enacting recommendation",
        "Target Date",
        "Date of Completion and Outcome"]
WIDTHS = [5.0, 2.2, 5.2, 3.4, 4.6, 2.4, 3.3]  # 26.1 cm of a 26.1 cm text width

# Each recommendation: number+text paragraphs, scope, then one or more action rows.
PLAN = [
    ("section", "Multi-agency recommendations"),
    ("rec",
     ["1. That the Safer Northshire Partnership ensures all partner agencies' domestic abuse "
      "training includes coercive and controlling behaviour in relationships where the victim "
      "is dependent on alcohol."],
     ["Local"],
     [
         dict(action=["Review the Partnership's multi-agency domestic abuse training package to include:",
                      ("bullet", "coercive and controlling behaviour;"),
                      ("bullet", "the impact of alcohol dependency on risk;"),
                      ("bullet", "use of the DASH risk checklist where the victim is intoxicated.")],
              lead=["Sam Patel \u2013 Northshire Council"],
              milestones=["Training package revised",
                          "Package signed off by DHR Sub-Group",
                          "First cohort of practitioners trained"],
              dates=["Sept 2019", "Dec 2019"],
              outcome=["Completed \u2013 training delivered to 84 staff, March 2020"]),
         dict(action=["Deliver a 7-minute briefing on the learning from this review to frontline "
                      "practitioners across the partnership.",
                      "The briefing will be shared through the Northshire Safeguarding Adults Board "
                      "and Northshire Children's Partnership newsletters."],
              lead=["DHR Coordinator, Safer Northshire Partnership"],
              milestones=["Briefing drafted and agreed by Panel Chair", "Briefing circulated"],
              dates=["31.01.20", "31st March 2020"],
              outcome=["Briefing circulated to all partners 12th February 2020."]),
         dict(action=["Audit a sample of 20 multi-agency cases involving alcohol and domestic abuse "
                      "to test whether the learning has been embedded."],
              lead=["Northshire Council"],
              milestones=["Audit completed and reported to the CSP Board"],
              dates=["Q4 2019/20"],
              outcome=["Ongoing \u2013 audit delayed by COVID-19; now scheduled for Q2 2020/21."]),
     ]),
    ("rec",
     ["2. Agencies should consider how they can improve the recognition of domestic abuse "
      "in older victims."],
     ["Local"],
     [
         dict(action=["All agencies to review their domestic abuse policies."],
              lead=["All agencies"],
              milestones=[""],
              dates=["Within 6 months"],
              outcome=[""]),
     ]),
    ("section", "Single agency recommendations \u2013 Northshire Police"),
    ("rec",
     ["3. Northshire Police to ensure that officers attending domestic abuse incidents complete "
      "a DASH risk assessment in every case, including where the victim declines to engage or is "
      "intoxicated, and that a supervisor reviews the assessment within 24 hours."],
     ["Regional (Northshire & Westmere force area)"],
     [
         dict(action=["Issue a force-wide briefing reminding officers of the DASH policy, with "
                      "specific reference to intoxicated and non-engaging victims."],
              lead=["DI Jo Bloggs, Public Protection Unit, Northshire Police"],
              milestones=["1. Briefing issued on force intranet",
                          "2. DASH refresher included in Public Protection training days"],
              dates=["Sept 2019", "31st March 2020"],
              outcome=["Complete"]),
         dict(action=["Dip-sample 50 domestic abuse incidents each quarter to check DASH completion "
                      "and supervisory review.",
                      "Results to be reported to the Domestic Abuse Strategic Board."],
              lead=["Head of Public Protection, Northshire Police"],
              milestones=["Dip-sample methodology agreed",
                          "First quarterly report to Domestic Abuse Strategic Board",
                          "Four consecutive quarters at 95% compliance or above"],
              dates=["30.06.20", "30.09.20"],
              outcome=["Quarterly dip-sampling in place. Q1 2020/21: 91% DASH completion; "
                       "supervisory review within 24 hours in 78% of cases."]),
     ]),
    ("rec",
     ["4. Northshire Police to review the handling of third-party reports of domestic abuse made "
      "through the 101 non-emergency service."],
     ["Regional (Northshire & Westmere force area)"],
     [
         dict(action=["Review 101 call-handling guidance and update the THRIVE assessment prompt "
                      "for third-party reports of domestic abuse."],
              lead=["Northshire Police"],
              milestones=["Guidance reviewed", "Updated prompt live on call-handling system"],
              dates=["Oct 2019", "Jan 2020"],
              outcome=["Completed \u2013 updated THRIVE prompt went live 06/01/2020."]),
     ]),
    ("section", "Single agency recommendations \u2013 Northshire Integrated Care Board (Primary Care)"),
    ("rec",
     ["5. Northshire ICB to ensure GP practices undertake routine enquiry about domestic abuse "
      "with patients presenting with alcohol-related harm.",
      "This should include all practices in the Eastmoor Primary Care Network, where Adult K "
      "was registered."],
     ["Local \u2013 Northshire"],
     [
         dict(action=["Roll out IRIS (Identification and Referral to Improve Safety) training to all "
                      "GP practices in Northshire in two phases:",
                      ("bullet", "Phase 1 \u2013 Eastmoor and Kelbridge practices;"),
                      ("bullet", "Phase 2 \u2013 all remaining practices.")],
              lead=["Head of Safeguarding (Northshire ICB)"],
              milestones=[("bullet", "50% of practices trained"),
                          ("bullet", "100% of practices trained")],
              dates=["31st March 2020", "Q4 2020/21"],
              outcome=["Phase 1 completed \u2013 23 of 41 practices trained by March 2020.",
                       "Phase 2 paused March 2020 (COVID-19); restarted Sept 2020."]),
         dict(action=["Add a domestic abuse routine enquiry prompt to the alcohol screening "
                      "(AUDIT-C) template in the GP clinical system."],
              lead=["Named GP for Adult Safeguarding, Northshire ICB",
                    "Dr Alan Voss, Clinical Systems Lead, Northshire ICB"],
              milestones=["Template change specified", "Template live in all practices"],
              dates=["Ongoing"],
              outcome=[""]),
     ]),
    ("section", "Single agency recommendations \u2013 Northshire Council Adult Social Care"),
    ("rec",
     ["6. Adult Social Care to ensure that safeguarding enquiries involving domestic abuse "
      "consider the risk posed by family members who are also carers."],
     ["Local"],
     [
         dict(action=["Update the Adult Safeguarding Procedures (section 7, domestic abuse) to include "
                      "carer-perpetrated abuse and a prompt to refer to MARAC where the DASH score is "
                      "14 or above."],
              lead=["Priya Lomax \u2013 Northshire Council"],
              milestones=["1. Draft procedure to Safeguarding Adults Board Policy sub-group",
                          "2. Procedure published",
                          "3. Practice audit of 10 enquiries"],
              dates=["Nov 2019", "Jan 2020", "30.06.20"],
              outcome=["Completed 27/01/2020 \u2013 revised procedure published on the Northshire "
                       "SAB website.",
                       "Practice audit to follow."]),
     ]),
    ("rec",
     ["7. Adult Social Care to make a MARAC referral in all cases where a high-risk DASH is "
      "identified during a safeguarding enquiry."],
     ["Local"],
     [
         dict(action=["Issue practice guidance to social workers and monitor MARAC referrals from "
                      "Adult Social Care monthly through the MARAC Steering Group."],
              lead=["Service Manager, Safeguarding Adults Team, Northshire Council"],
              milestones=["Practice guidance issued", "Monthly MARAC referral data reported"],
              dates=["Dec 2019", "Ongoing"],
              outcome=["Completed \u2013 guidance issued Dec 2019.",
                       "ASC referrals to MARAC rose from 3 (2018/19) to 17 (2019/20)."]),
     ]),
    ("section", "National recommendation"),
    ("rec",
     ["8. The Home Office to consider amending the statutory guidance for Domestic Homicide "
      "Reviews to require the involvement of substance misuse services on review panels where "
      "alcohol or drug use is a feature."],
     ["National"],
     [
         dict(action=["Chair of the Safer Northshire Partnership to write to the Home Office DHR "
                      "team enclosing this recommendation."],
              lead=["Chair, Safer Northshire Partnership"],
              milestones=["Letter sent to Home Office"],
              dates=["On publication"],
              outcome=["Letter sent 14th August 2020. No response received at time of writing."]),
     ]),
]

SIZE = 8.5


def header_footer(section):
    section.header.is_linked_to_previous = False
    hp = section.header.paragraphs[0]
    hp.text = ""
    r = hp.add_run("OFFICIAL")
    r.bold = True
    r.font.size = Pt(10)
    hp.alignment = WD_ALIGN_PARAGRAPH.CENTER

    section.footer.is_linked_to_previous = False
    fp = section.footer.paragraphs[0]
    fp.text = ""
    width_cm = (section.page_width - section.left_margin - section.right_margin) / 360000
    H.add_tab_stop_right(fp, width_cm)
    H.add_run(fp, "DHR Adult K \u2013 Final", size=8)
    H.add_run(fp, "\t", size=8)
    H.page_x_of_y(fp)
    for r in fp.runs:
        r.font.size = Pt(8)
    fp2 = section.footer.add_paragraph()
    H.centred(fp2)
    H.add_run(fp2, "OFFICIAL", size=8, bold=True)


def build():
    doc = Document()
    H.set_base_font(doc, "Arial", 11)
    sec = doc.sections[0]
    from docx.shared import Cm
    sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(sec, side, Cm(2.2))
    header_footer(sec)

    for kind, text in PROSE:
        if kind == "h":
            p = doc.add_paragraph()
            H.add_run(p, text, size=14, bold=True)
            p.paragraph_format.space_after = Pt(8)
        elif kind == "h2":
            p = doc.add_paragraph()
            p.paragraph_format.space_before = Pt(8)
            H.add_run(p, text, size=12, bold=True)
        else:
            p = doc.add_paragraph(text)
            p.paragraph_format.space_after = Pt(6)
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY

    # landscape section for the appendix
    sec2 = doc.add_section(WD_SECTION.NEW_PAGE)
    H.landscape(sec2, margin_cm=1.8)
    header_footer(sec2)

    p = doc.add_paragraph()
    H.add_run(p, "Appendix A \u2013 Action Plan", size=14, bold=True)
    p = doc.add_paragraph()
    H.add_run(p, "Domestic Homicide Review into the death of Adult K", size=11, bold=True)
    p = doc.add_paragraph()
    H.add_run(p, "Safer Northshire Partnership", size=11)
    p = doc.add_paragraph()
    H.add_run(p, "The Safer Northshire Partnership DHR Sub-Group will monitor the implementation of "
                 "this action plan and report progress to the Partnership Board every six months. "
                 "Lead agencies are asked to update the \u2018Date of Completion and Outcome\u2019 "
                 "column by the last working day of each quarter.", size=10)
    p.paragraph_format.space_after = Pt(8)

    nrows = 1 + sum(1 if e[0] == "section" else len(e[3]) for e in PLAN)
    t = doc.add_table(rows=nrows, cols=7)
    t.style = doc.styles["Table Grid"]
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    H.cell_margins(t)
    H.set_col_widths(t, WIDTHS)

    hdr = t.rows[0]
    H.repeat_header(hdr)
    for c, text in zip(hdr.cells, HEAD):
        H.fill_cell(c, [text], size=SIZE, bold=True)
        H.shade(c, "D9E2F3")

    ri = 1
    for entry in PLAN:
        if entry[0] == "section":
            row = t.rows[ri]
            merged = row.cells[0].merge(row.cells[6])
            H.fill_cell(merged, [entry[1]], size=9.5, bold=True)
            H.shade(merged, "F2F2F2")
            ri += 1
            continue
        _, rec, scope, actions = entry
        first = ri
        for a in actions:
            row = t.rows[ri]
            cells = row.cells
            H.fill_cell(cells[2], a["action"], size=SIZE)
            H.fill_cell(cells[3], a["lead"], size=SIZE)
            H.fill_cell(cells[4], a["milestones"], size=SIZE)
            H.fill_cell(cells[5], a["dates"], size=SIZE)
            H.fill_cell(cells[6], a["outcome"], size=SIZE)
            ri += 1
        last = ri - 1
        rc = t.cell(first, 0)
        sc = t.cell(first, 1)
        if last > first:
            rc = rc.merge(t.cell(last, 0))
            sc = sc.merge(t.cell(last, 1))
        H.fill_cell(rc, rec, size=SIZE)
        H.fill_cell(sc, scope, size=SIZE)

    p = doc.add_paragraph()
    p.paragraph_format.space_before = Pt(8)
    H.add_run(p, "Action plan agreed by the Safer Northshire Partnership Board, 17th July 2019.",
              size=9, italic=True)

    doc.core_properties.title = "DHR Adult K - Overview Report - Final"
    doc.core_properties.author = "Safer Northshire Partnership"
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
