"""Write office-1.docx: a Word table action plan (invented Safeguarding Adults Review).

Features: agency section rows merged across the table, labelled milestone dates inside the
target cell, "Recommendation N (Theme; scope: ...)" headings, RAG and progress columns.
Run: .venv/bin/python tests/parsing/published/a/office-1.gen.py
"""

from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.shared import Pt

HERE = Path(__file__).resolve().parent

HEADERS = ["Recommendation", "Action", "Lead", "Target date", "RAG", "Progress"]

ROWS = [
    ("section", "Pellbridge City Council"),
    (
        "row",
        [
            [
                "Recommendation 1 (Policies and procedures; scope: local)",
                "Pellbridge City Council to revise its self-neglect procedure so that repeated "
                "refusals of care lead to a multi-agency meeting.",
            ],
            ["Revise the self-neglect procedure and publish it on the Board website."],
            ["Head of Adult Safeguarding"],
            ["Procedure amended: 31 March 2025", "Published: 30 April 2025"],
            ["Green"],
            ["Completed 28 April 2025 – procedure published."],
        ],
    ),
    (
        "row",
        [
            [
                "Recommendation 2 (Record keeping and IT systems; scope: local)",
                "The Council to make sure that its case recording system shows all open "
                "safeguarding enquiries on the person's front page.",
            ],
            ["Add an open-enquiry alert to the case recording system."],
            ["Systems Manager, Adult Social Care"],
            ["Specification agreed: 31 March 2025", "System live: 31 May 2025"],
            ["Amber"],
            ["Specification agreed; the supplier has moved the release to June 2025."],
        ],
    ),
    ("section", "Pellbridge and Lune Integrated Care Board"),
    (
        "row",
        [
            [
                "Recommendation 3 (Training; scope: regional)",
                "The ICB to deliver training on self-neglect and hoarding to GP practices "
                "across Pellbridge and Lune.",
            ],
            ["Run four training sessions for GP practices."],
            ["Designated Professional for Safeguarding Adults"],
            ["30/09/2025"],
            ["Red"],
            ["Not started – trainer post vacant."],
        ],
    ),
    ("section", "Lune Valley Housing"),
    (
        "row",
        [
            [
                "Recommendation 4 (Housing and homelessness; scope: local)",
                "Lune Valley Housing to share concerns about hoarding with adult social care "
                "within 5 working days.",
            ],
            ["Add a hoarding referral step to the tenancy management procedure."],
            ["Tenancy Services Manager"],
            ["Q1 2025/26"],
            ["Green"],
            ["On track – draft procedure with managers for comment."],
        ],
    ),
]


def fill(cell, paragraphs, bold_first=False):
    cell.text = ""
    for i, text in enumerate(paragraphs):
        para = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        run = para.add_run(text)
        run.bold = bold_first and i == 0


def main():
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    doc.styles["Normal"].font.size = Pt(10)

    doc.add_heading("Safeguarding Adults Review: Harold – Action Plan", level=1)
    doc.add_paragraph("Pellbridge Safeguarding Adults Board")
    doc.add_paragraph(
        "The Pellbridge Safeguarding Adults Board agreed this plan in January 2025. Each lead "
        "updates the RAG rating and progress column before every meeting of the SAR Sub-Group."
    )

    table = doc.add_table(rows=1, cols=len(HEADERS))
    table.style = "Table Grid"
    for cell, name in zip(table.rows[0].cells, HEADERS, strict=True):
        fill(cell, [name], bold_first=True)
    for kind, content in ROWS:
        cells = table.add_row().cells
        if kind == "section":
            merged = cells[0].merge(cells[-1])
            fill(merged, [content], bold_first=True)
        else:
            for i, (cell, paragraphs) in enumerate(zip(cells, content, strict=True)):
                fill(cell, paragraphs, bold_first=(i == 0))

    doc.add_paragraph("")
    doc.add_paragraph(
        "RAG key: Green – complete or on track; Amber – at risk; Red – overdue or not started."
    )
    doc.core_properties.title = "SAR Harold action plan"
    doc.core_properties.author = "SAB Business Unit"
    doc.save(HERE / "office-1.docx")


if __name__ == "__main__":
    main()
