"""Write office-1.docx: a Word action plan with agency section rows, labelled
milestone dates in the target cell, themed recommendation headings and RAG and
progress columns. Run with the project's virtualenv: python office-1.gen.py"""

from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

HERE = Path(__file__).resolve().parent
HEADER = ["Recommendation", "Action", "Lead", "Target date", "RAG", "Progress"]

# (section agency, [rows]); a row is (heading, recommendation, action, lead,
# target-cell lines, RAG, progress). An empty heading continues the row above.
SECTIONS = [
    (
        "Pennford Borough Council",
        [
            (
                "Recommendation 1 (Policies and procedures; scope: local)",
                "Pennford Borough Council to amend its housing allocations procedure so that a "
                "disclosure of domestic abuse triggers a referral to the Domestic Abuse Hub.",
                "Amend the allocations procedure and configure a referral alert in the housing "
                "system.",
                "Head of Housing Needs",
                ["Procedure amended: 31 March 2025", "System live: 31 May 2025"],
                "Green",
                "Procedure amended March 2025; system testing under way.",
            ),
            (
                "Recommendation 2 (Training and awareness; scope: local)",
                "Pennford Borough Council to train customer service staff to recognise and respond "
                "to disclosures of domestic abuse.",
                "Deliver domestic abuse awareness e-learning to all customer service staff.",
                "Customer Services Manager",
                ["30/06/2025"],
                "Green",
                "Completed 20 June 2025: 96% of staff trained.",
            ),
            (
                "",
                "",
                "Add a domestic abuse page to the customer service knowledge base.",
                "Customer Services Manager",
                ["Q1 2025/26"],
                "Amber",
                "Draft page with the Domestic Abuse Hub for comment.",
            ),
        ],
    ),
    (
        "Pennshire Police",
        [
            (
                "Recommendation 3 (Training; scope: regional)",
                "Pennshire Police to ensure that call handlers ask about previous incidents at the "
                "address whenever a call relates to domestic abuse.",
                "Revise the call-handling script and brief all call handlers across the force "
                "area.",
                "Head of Force Contact Centre",
                ["Script revised: December 2024", "All call handlers briefed: March 2025"],
                "Red",
                "Script revised. Briefings paused while the contact centre moves to its new "
                "system; to resume in September 2025.",
            ),
        ],
    ),
    (
        "Pennshire Integrated Care Board",
        [
            (
                "Recommendation 4 (Information sharing; scope: local)",
                "GP practices in Pennford to record when a patient is referred to MARAC.",
                "Issue a MARAC coding template to all GP practices.",
                "Named GP for Safeguarding",
                ["Within three months of publication"],
                "Green",
                "Template issued 3 February 2025. Action complete.",
            ),
        ],
    ),
    (
        "Pennford Community Safety Partnership",
        [
            (
                "Recommendation 5 (National learning; scope: national)",
                "The Home Office to consider guidance on how DHR panels should obtain housing "
                "allocation records.",
                "The Chair to write to the Home Office.",
                "Chair",
                ["November 2024"],
                "Green",
                "Letter sent 9 November 2024. No response yet.",
            ),
        ],
    ),
]


def shade(cell, fill):
    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    properties.append(shading)


def write_lines(cell, lines, bold_first=False):
    cell.text = ""
    for index, line in enumerate(lines):
        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        run = paragraph.add_run(line)
        run.bold = bold_first and index == 0


def main():
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    document.styles["Normal"].font.name = "Arial"
    document.styles["Normal"].font.size = Pt(10)
    section.header.paragraphs[0].text = "OFFICIAL – Pennford CSP – DHR Ellen"

    document.add_heading("Domestic Homicide Review – Ellen: Action Plan", level=1)
    document.add_paragraph(
        "This plan was agreed by Pennford Community Safety Partnership on 2 October 2024. "
        "Each agency reports progress to the DHR Standing Group every quarter."
    )
    document.add_paragraph("RAG: Red – off track; Amber – at risk; Green – on track.")

    table = document.add_table(rows=1, cols=len(HEADER))
    table.style = "Table Grid"
    for cell, title in zip(table.rows[0].cells, HEADER, strict=True):
        write_lines(cell, [title], bold_first=True)
        shade(cell, "1F4E79")

    rag_fill = {"Green": "C6EFCE", "Amber": "FFEB9C", "Red": "FFC7CE"}
    for agency, rows in SECTIONS:
        cells = table.add_row().cells
        merged = cells[0].merge(cells[-1])
        write_lines(merged, [agency], bold_first=True)
        shade(merged, "D9E2F3")
        for heading, recommendation, action, lead, target, rag, progress in rows:
            cells = table.add_row().cells
            if heading:
                write_lines(cells[0], [heading, recommendation], bold_first=True)
            write_lines(cells[1], [action])
            write_lines(cells[2], [lead])
            write_lines(cells[3], target)
            write_lines(cells[4], [rag])
            shade(cells[4], rag_fill[rag])
            write_lines(cells[5], [progress])

    document.add_paragraph("")
    document.add_paragraph("Version 3 – updated for the Standing Group, July 2025")
    document.save(HERE / "office-1.docx")


if __name__ == "__main__":
    main()
