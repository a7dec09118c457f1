"""Writes pfd-response.docx beside this script: an NHS trust's reply to a coroner's
Regulation 28 (Prevention of Future Deaths) report about "Mr J". Prose letter, no table.
All names, places and content are invented."""
import os

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.shared import Cm, Pt, RGBColor

from _docx_bits import base_font, field

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "pfd-response.docx")

doc = docx.Document()
base_font(doc, "Arial", 11)
doc.styles["Normal"].paragraph_format.space_after = Pt(6)
doc.styles["List Bullet"].paragraph_format.space_after = Pt(4)

sec = doc.sections[0]
sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
sec.left_margin = sec.right_margin = Cm(2.3)
sec.top_margin, sec.bottom_margin = Cm(2.0), Cm(2.0)
sec.different_first_page_header_footer = False

# letterhead in the page header
hp = sec.header.paragraphs[0]
hp.alignment = WD_ALIGN_PARAGRAPH.RIGHT
r = hp.add_run("Brackwater University Hospitals")
r.bold, r.font.size, r.font.color.rgb = True, Pt(13), RGBColor(0x00, 0x5E, 0xB8)
hp2 = sec.header.add_paragraph()
hp2.alignment = WD_ALIGN_PARAGRAPH.RIGHT
r = hp2.add_run("NHS Foundation Trust")
r.font.size, r.font.color.rgb = Pt(10), RGBColor(0x00, 0x5E, 0xB8)

fp = sec.footer.paragraphs[0]
fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
fp.add_run("Page ")
field(fp, "PAGE")
fp.add_run(" of ")
field(fp, "NUMPAGES")
for run in fp.runs:
    run.font.size = Pt(8)


def para(text="", bold=False, italic=False, align=None, after=None):
    p = doc.add_paragraph()
    if text:
        r = p.add_run(text)
        r.bold, r.italic = bold, italic
    if align:
        p.alignment = align
    if after is not None:
        p.paragraph_format.space_after = Pt(after)
    return p


def lines(block, align=None, bold_first=False):
    for i, line in enumerate(block):
        para(line, bold=bold_first and i == 0, align=align, after=0)
    para()


def labelled(label, text=None, italic=False):
    """'Label:' in bold; text (if any) follows in the same paragraph."""
    p = doc.add_paragraph()
    p.add_run(label).bold = True
    if text:
        p.add_run(" ")
        r = p.add_run(text)
        r.italic = italic
    return p


# ---- address blocks, refs, date -------------------------------------------------------
lines(["Office of the Chief Executive",
       "Brackwater University Hospitals NHS Foundation Trust",
       "Ashcombe Road",
       "Brackwater",
       "BW4 7QT",
       "Tel: 01632 960418"], align=WD_ALIGN_PARAGRAPH.RIGHT)
lines(["Our ref: CE/PFD/2024/117", "Your ref: 2024-0456"])
para("19 December 2024")
lines(["PRIVATE AND CONFIDENTIAL",
       "Ms Helena Marsh",
       "Senior Coroner for the Area of Brackwater and West Dunmoor",
       "HM Coroner’s Court",
       "14 Tanner’s Row",
       "Brackwater",
       "BW1 2LD"], bold_first=True)
para("By email")
para("Dear Coroner,")
para("Regulation 28 Report to Prevent Future Deaths: Mr J (died 3 August 2024)", bold=True)

para("Thank you for your Regulation 28 report dated 28 October 2024, made following the inquest into "
     "the death of Mr J, which concluded on 24 October 2024. On behalf of the Trust I would like first "
     "to offer my sincere condolences to Mr J’s family.")
para("Our response to each of the matters of concern in your report is set out below. It was approved "
     "by the Trust’s Quality and Safety Committee on 12 December 2024. Delivery of the actions will be "
     "monitored by the Patient Safety Group, which reports monthly to the Quality and Safety Committee, "
     "until every action is complete.")
para("Mr J’s family have been sent a copy of this response through the Trust’s family liaison officer.")

# ---- Concern 1 ------------------------------------------------------------------------
labelled("Concern 1:", "“Mr J’s falls risk assessment was completed on the Acute Medical Unit on "
         "admission but was not repeated when he was transferred to Larch Ward some 30 hours later, "
         "although by then he had been started on a new sedating medication and had become "
         "intermittently confused.”", italic=True)
labelled("Response:")
para("The Trust accepts this concern. Our Falls Prevention Policy (version 6, 2022) requires the "
     "multifactorial falls risk assessment to be repeated within six hours of a transfer between wards "
     "and whenever a patient’s condition or medication changes. The investigation found that the "
     "electronic patient record did not prompt staff to do this, and that the receiving team relied on "
     "the assessment completed on the Acute Medical Unit.")
labelled("Action taken / to be taken:")
para("A mandatory falls reassessment task has been added to the Trust’s electronic patient record. The "
     "task is generated automatically whenever a patient is transferred between wards and stays on the "
     "nurse in charge’s task list until it is completed.")
labelled("Responsible:", "Mrs Joanne Pilling, Deputy Chief Nurse")
labelled("Timescale:", "Completed. The task went live on all adult inpatient wards on 4 November 2024.")
para()

# ---- Concern 2 (two paragraphs of concern, two bulleted actions) -------------------------
labelled("Concern 2:")
para("“Mr J was taking apixaban. After his fall at 02:10 on 1 August 2024 a CT scan of his head was not "
     "performed until 16:25 that afternoon, more than 14 hours later. The evidence was that national "
     "guidance is that such a scan should be done within eight hours.", italic=True)
para("There was confusion among ward staff about whether the Trust’s post-falls protocol or its head "
     "injury guideline applied to an inpatient.”", italic=True)
labelled("Response:")
para("The Trust accepts this concern. Our post-falls protocol had not been updated to reflect current "
     "NICE guidance on head injury in people taking anticoagulants, and it did not cross-refer to the "
     "emergency department head injury guideline. While the protocol is revised, an interim safety "
     "alert was issued to all wards on 8 November 2024 reminding staff that any inpatient on an "
     "anticoagulant who falls must have a CT head scan requested as an emergency.")
labelled("Action taken / to be taken:")
for b in ("Revise the post-falls protocol so that a CT head scan is requested within one hour of the "
          "fall for any inpatient on anticoagulants, and performed within eight hours, in line with NICE "
          "guidance; the revised protocol will replace the reference to the emergency department "
          "guideline.",
          "Agree with the Radiology directorate an out-of-hours pathway so that inpatient CT head requests "
          "after a fall are scanned and reported within eight hours of the request, seven days a week."):
    doc.add_paragraph(b, style="List Bullet")
labelled("Responsible:", "Dr Rhys Calloway, Associate Medical Director for Patient Safety (protocol); "
         "Mr Tomasz Wierzbicki, Clinical Director for Radiology (pathway)")
labelled("Timescale:")
para("The revised protocol will go to the Clinical Policy Group for ratification on 23 January 2025. The "
     "radiology pathway will be in place by the end of March 2025.")
para()

# ---- Concern 3 ------------------------------------------------------------------------
labelled("Concern 3:", "“Mr J’s daughter was not told about his fall until she visited the following "
         "afternoon, and the record of what the family were told was incomplete.”", italic=True)
labelled("Response:")
para("The Trust accepts this concern and has apologised to Mr J’s family, and the ward sister has met "
     "them. The Trust’s duty of candour procedure requires the family to be told of a fall causing harm "
     "as soon as reasonably practicable; we found that, at night, staff were unsure whose role this was.")
labelled("Action taken / to be taken:", "We will add a mandatory field ‘Next of kin informed – date, "
         "time and by whom’ to the falls incident form on Datix, and the Patient Safety team will check "
         "that it is completed when each falls incident is reviewed at the daily safety huddle.")
labelled("Responsible:", "Head of Patient Safety")
labelled("Timescale:", "End of January 2025. Work has started: the form change has been specified and is "
         "with the Datix administrator.")
para()

# ---- Concern 4 (addressed to NHS England; no Trust action) ------------------------------
labelled("Concern 4:", "“There is no national standard for the time within which an inpatient who has "
         "fallen while taking anticoagulants must be scanned, as distinct from patients attending an "
         "emergency department.”", italic=True)
labelled("Response:")
para("This concern was addressed to NHS England, which will respond to you separately. The Trust has "
     "nothing to add, but our Associate Medical Director has offered to share the Trust’s revised "
     "protocol with NHS England’s national falls programme.")
para()

# ---- close and signature ----------------------------------------------------------------
para("I hope this response assures you that the Trust has taken your concerns seriously. Please contact "
     "my office if you need any further information.")
para("Yours sincerely,")
para()
p = para("A. Fenwick-Rao", italic=True)
p.runs[0].font.size = Pt(16)
p.runs[0].font.name = "Segoe Script"
para("Dr Amelia Fenwick-Rao", bold=True, after=0)
para("Chief Executive")
para()
para("cc: Brackwater and Dunmoor Integrated Care Board; Care Quality Commission", after=0)

doc.core_properties.title = "Reg 28 response - Mr J"
doc.core_properties.author = "Office of the Chief Executive"
doc.save(OUT)
print("wrote", OUT)
