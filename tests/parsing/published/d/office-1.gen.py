"""Write office-1.docx: a Word table plan with agency section rows and labelled dates."""

from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.shared import Cm, Pt

HERE = Path(__file__).parent
HEADER = ["Recommendation", "Action", "Lead", "Target date", "RAG", "Progress"]

ROWS = [
    ("section", "Brackenford Borough Council"),
    (
        "row",
        [
            "Recommendation 1 (Housing; scope: local)",
            "Brackenford Borough Council to make sure that tenancy officers record and refer "
            "disclosures of domestic abuse.",
        ],
        ["Amend the tenancy visit procedure and the recording system."],
        ["Tenancy Services Manager"],
        ["Procedure amended: 31 March 2025", "System live: 31 May 2025"],
        "Green",
        ["Procedure amended March 2025; system change on track."],
    ),
    (
        "row",
        [
            "Recommendation 2 (Training; scope: local)",
            "Brackenford Borough Council to train its customer service staff to respond to "
            "disclosures of domestic abuse.",
        ],
        ["Deliver domestic abuse awareness training to all customer service staff."],
        ["Customer Services Manager"],
        ["September 2025"],
        "Amber",
        ["Training booked for July 2025."],
    ),
    ("section", "Brackenford Police"),
    (
        "row",
        [
            "Recommendation 3 (Training; scope: regional)",
            "Brackenford Police to refresh the training given to response officers on stalking "
            "and harassment.",
        ],
        [
            "1. Update the stalking e-learning module.",
            "2. Include stalking in the next round of response officer training days.",
        ],
        ["Head of Learning and Development"],
        ["Q4 2025/26"],
        "Green",
        ["Completed 20 February 2026."],
    ),
    ("section", "Brackenford Community Safety Partnership"),
    (
        "row",
        [
            "Recommendation 4 (Governance; scope: national)",
            "The Partnership to write to the Home Office about guidance on reviews where the "
            "victim is an older parent.",
        ],
        ["Send a letter from the Chair to the Home Office."],
        ["Chair"],
        ["Within three months of publication"],
        "Red",
        ["Letter drafted; not yet sent."],
    ),
]


def fill(cell, paragraphs, bold_first=False):
    cell.text = ""
    first = cell.paragraphs[0]
    for i, text in enumerate(paragraphs):
        para = first if i == 0 else cell.add_paragraph()
        run = para.add_run(text)
        run.bold = bold_first and i == 0


def main():
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    section.left_margin = section.right_margin = Cm(1.5)
    doc.styles["Normal"].font.size = Pt(10)

    doc.add_heading("Domestic Homicide Review – Mrs P – Action Plan", level=1)
    doc.add_paragraph(
        "This plan was agreed by Brackenford Community Safety Partnership on 9 January 2025. "
        "Each lead agency reports progress to the Partnership's DHR subgroup every quarter."
    )

    table = doc.add_table(rows=1, cols=len(HEADER))
    table.style = "Table Grid"
    for cell, title in zip(table.rows[0].cells, HEADER, strict=True):
        fill(cell, [title], bold_first=True)
    for row in ROWS:
        cells = table.add_row().cells
        if row[0] == "section":
            merged = cells[0].merge(cells[-1])
            fill(merged, [row[1]], bold_first=True)
            continue
        _, rec, actions, leads, target, rag, progress = row
        fill(cells[0], rec, bold_first=True)
        fill(cells[1], actions)
        fill(cells[2], leads)
        fill(cells[3], target)
        fill(cells[4], [rag])
        fill(cells[5], progress)

    doc.add_paragraph(
        "RAG key: Red – not on track; Amber – some delay; Green – on track or complete."
    )
    doc.save(HERE / "office-1.docx")


if __name__ == "__main__":
    main()
