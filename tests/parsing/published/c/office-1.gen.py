"""Write office-1.docx: a Word table action plan with agency section rows.

Run from the project root: .venv/bin/python tests/parsing/published/c/office-1.gen.py
"""

from pathlib import Path

from docx import Document
from docx.shared import Pt

HERE = Path(__file__).parent

HEADER = ["Recommendation", "Action", "Lead officer", "Target date", "RAG", "Progress"]

# A string is an agency section row; a tuple is one plan row.
ROWS = [
    "Wyndle Bay Council",
    (
        "Recommendation 1 (Housing; scope: local)",
        "Wyndle Bay Council to make sure that every homelessness assessment asks about "
        "domestic abuse.",
        ["Amend the homelessness assessment procedure and the case system."],
        "Housing Options Manager",
        ["Procedure amended: 31 March 2025", "System live: 31 May 2025"],
        "Green",
        "Procedure amended March 2025. System live 2 June 2025. Complete.",
    ),
    (
        "Recommendation 2 (Information sharing; scope: local)",
        "Wyndle Bay Council's adult social care service to refer to the MARAC when domestic abuse "
        "is disclosed during a safeguarding enquiry.",
        [
            "1. Add a MARAC referral step to the safeguarding enquiry workflow.",
            "2. Brief all social work teams on the new step.",
        ],
        "Head of Adult Safeguarding",
        ["30 September 2025"],
        "Amber",
        "Workflow change approved; team briefings under way.",
    ),
    "Wyndle Bay Police",
    (
        "Recommendation 3 (Training; scope: regional)",
        "Wyndle Bay Police to train response officers to recognise stalking behaviour that starts "
        "after separation.",
        ["Deliver stalking awareness training to all response officers in the force area."],
        "Head of Learning and Development",
        ["31/03/2026"],
        "Amber",
        "Package written; 40% of officers trained.",
    ),
    "Wyndle Bay and Coast NHS Trust",
    (
        "Recommendation 4 (Health; scope: local)",
        "The Trust to ask about domestic abuse at every antenatal appointment where the partner is "
        "not present.",
        ["Update the antenatal guideline and audit compliance."],
        "Named Midwife, Safeguarding",
        ["Guideline updated: 31 July 2025", "First audit reported: 31 January 2026"],
        "Amber",
        "Guideline updated July 2025; audit due January 2026.",
    ),
    "Wyndle Bay Community Safety Partnership",
    (
        "Recommendation 5 (Partnership; scope: national)",
        "The Partnership to write to the Ministry of Justice about telling victims when a stalking "
        "protection order ends.",
        ["Partnership Chair to write to the Ministry of Justice."],
        "Partnership Chair",
        ["Within three months of publication"],
        "Green",
        "Letter sent 10 April 2025. Complete.",
    ),
]


def fill(cell, paragraphs, bold_first=False):
    cell.text = ""
    for i, text in enumerate(paragraphs):
        para = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        run = para.add_run(text)
        run.bold = bold_first and i == 0


def build():
    doc = Document()
    doc.styles["Normal"].font.size = Pt(10)
    doc.add_heading("Domestic Abuse Related Death Review – Priya: Action Plan", level=1)
    doc.add_paragraph("Wyndle Bay Community Safety Partnership")
    doc.add_paragraph(
        "Agencies update this plan before each meeting of the DARDR Sub-group. "
        "The Sub-group reports progress to the Partnership board twice a year."
    )
    table = doc.add_table(rows=1, cols=len(HEADER))
    table.style = "Table Grid"
    for cell, name in zip(table.rows[0].cells, HEADER, strict=True):
        fill(cell, [name], bold_first=True)
    for row in ROWS:
        cells = table.add_row().cells
        if isinstance(row, str):
            merged = cells[0].merge(cells[-1])
            fill(merged, [row], bold_first=True)
            continue
        heading, text, actions, lead, target, rag, progress = row
        fill(cells[0], [heading, text], bold_first=True)
        fill(cells[1], actions)
        fill(cells[2], [lead])
        fill(cells[3], target)
        fill(cells[4], [rag])
        fill(cells[5], [progress])
    doc.add_paragraph("Version 4 – last updated 20 October 2025")
    doc.save(HERE / "office-1.docx")


if __name__ == "__main__":
    build()
