"""Word plans, written with python-docx the way authors lay them out in Word.

A table is given as rows; a row is a list of cells, a ``Span`` (one cell across the table) or
a ``Removed`` row (deleted with Track Changes on). A cell is a string (a line break starts a
new paragraph), a list made by Word's own numbering (``Numbered``, ``Lettered``, ``Bullets``:
the numbers are not in the text, as in Word), ``DOWN``: merged with the cell above (a
vertically merged cell), a ``Control`` (a content control around the cell's text) or ``Runs``
(one paragraph of pieces: text, where "\n" is a line break inside the paragraph, ``Inserted``
and ``Deleted`` tracked changes, a ``Link``, a ``Control`` around some of the words).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Pt

from tests.parsing.corpus.office import Case

DOWN = object()


@dataclass(frozen=True)
class Span:
    text: str


@dataclass(frozen=True)
class Numbered:
    items: list[str]


@dataclass(frozen=True)
class Lettered:
    items: list[str]


@dataclass(frozen=True)
class Bullets:
    items: list[str]


# What Word shows in a content control nothing has been entered in.
PROMPT = "Click or tap here to enter text."


@dataclass(frozen=True)
class Control:
    """A content control (w:sdt). ``prompt``: nothing entered, it shows Word's prompt."""

    text: str = PROMPT
    prompt: bool = False


@dataclass(frozen=True)
class Inserted:
    text: str


@dataclass(frozen=True)
class Deleted:
    text: str


@dataclass(frozen=True)
class Link:
    text: str
    url: str


@dataclass(frozen=True)
class Runs:
    parts: list  # str, Inserted, Deleted, Link or Control


@dataclass(frozen=True)
class Removed:
    """A row deleted with Track Changes on: Word still keeps it, struck through."""

    cells: list[str]


_W = nsdecls("w")
_CHANGE = 'w:author="Editor" w:date="2025-05-01T09:00:00Z"'


class Writer:
    def __init__(self) -> None:
        self.doc = docx.Document()
        self.doc.styles["Normal"].font.size = Pt(10)
        numbering = self.doc.part.numbering_part.element
        style_num = self.doc.styles["List Number"].element.pPr.numPr.numId.val
        num = next(n for n in numbering.num_lst if n.numId == style_num)
        self._decimal = num.abstractNumId.val
        self._letter = 90
        abstract = parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{self._letter}">'
            '<w:multiLevelType w:val="singleLevel"/><w:lvl w:ilvl="0"><w:start w:val="1"/>'
            '<w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%1)"/><w:lvlJc w:val="left"/>'
            '<w:pPr><w:ind w:left="720" w:hanging="360"/></w:pPr></w:lvl></w:abstractNum>'
        )
        numbering.insert(0, abstract)
        self._ids = 900  # w:id of content controls and tracked changes

    def heading(self, text: str, level: int = 1) -> None:
        self.doc.add_heading(text, level=level)

    def paragraph(self, text: str) -> None:
        self.doc.add_paragraph(text)

    def numbered(self, items: list[str]) -> None:
        self._list(self.doc, Numbered(items))

    def lettered(self, items: list[str]) -> None:
        self._list(self.doc, Lettered(items))

    def table(self, header: list[str] | None, rows: list, widths: list[float] | None = None):
        columns = len(header) if header else max(len(r) for r in rows if isinstance(r, list))
        table = self.doc.add_table(rows=0, cols=columns)
        table.style = "Table Grid"
        if header:
            for cell, text in zip(table.add_row().cells, header, strict=True):
                cell.text = text
        merges: list[tuple[int, int]] = []  # (row, column) of each DOWN cell
        for row in rows:
            cells = table.add_row().cells
            r = len(table.rows) - 1
            if isinstance(row, Span):
                merged = cells[0].merge(cells[-1])
                merged.text = row.text
                continue
            if isinstance(row, Removed):
                self._remove(table.rows[r], row)
                continue
            for c, value in enumerate(row):
                if value is DOWN:
                    merges.append((r, c))
                else:
                    self._fill(cells[c], value)
        for r, c in merges:
            top = r
            while (top - 1, c) in merges:
                top -= 1
            table.cell(top - 1, c).merge(table.cell(r, c))
        return table

    def _fill(self, cell, value) -> None:
        if isinstance(value, Control):
            p = cell.paragraphs[0]._p
            sdt = parse_xml(f"<w:sdt {_W}>{self._control_pr(value)}<w:sdtContent/></w:sdt>")
            p.addprevious(sdt)
            sdt[1].append(p)
            p.append(self._run(value.text))
            return
        if isinstance(value, Runs):
            p = cell.paragraphs[0]._p
            for part in value.parts:
                for element in self._pieces(p, part):
                    p.append(element)
            return
        if isinstance(value, str):
            lines = value.split("\n")
            cell.text = lines[0]
            for line in lines[1:]:
                cell.add_paragraph(line)
            return
        first = cell.paragraphs[0]
        self._list(cell, value, first=first)

    def _list(self, container, value, first=None) -> None:
        style = "List Bullet" if isinstance(value, Bullets) else "List Number"
        num_id = None if isinstance(value, Bullets) else self._new_list(value)
        for i, item in enumerate(value.items):
            p = first if i == 0 and first is not None else container.add_paragraph()
            p.text = item
            p.style = self.doc.styles[style]
            if num_id is not None:
                num_pr = p._p.get_or_add_pPr().get_or_add_numPr()
                num_pr.get_or_add_ilvl().val = 0
                num_pr.get_or_add_numId().val = num_id

    def _pieces(self, p, part) -> list:
        """The XML of one piece of a paragraph (see ``Runs``)."""
        if isinstance(part, str):
            lines = part.split("\n")
            runs = [self._run(line) for line in lines]
            for run in runs[:-1]:
                run.append(parse_xml(f"<w:br {_W}/>"))
            return runs
        self._ids += 1
        if isinstance(part, Inserted):
            ins = parse_xml(f'<w:ins {_W} w:id="{self._ids}" {_CHANGE}/>')
            ins.append(self._run(part.text))
            return [ins]
        if isinstance(part, Deleted):
            return [self._deleted(part.text)]
        if isinstance(part, Link):
            r_id = self.doc.part.relate_to(part.url, RT.HYPERLINK, is_external=True)
            link = parse_xml(f'<w:hyperlink {nsdecls("w", "r")} r:id="{r_id}"/>')
            link.append(self._run(part.text))
            return [link]
        sdt = parse_xml(f"<w:sdt {_W}>{self._control_pr(part)}<w:sdtContent/></w:sdt>")
        sdt[1].append(self._run(part.text))
        return [sdt]

    def _control_pr(self, control: Control) -> str:
        self._ids += 1
        prompt = "<w:showingPlcHdr/>" if control.prompt else ""
        return f'<w:sdtPr><w:id w:val="{self._ids}"/>{prompt}<w:text/></w:sdtPr>'

    def _run(self, text: str):
        run = parse_xml(f'<w:r {_W}><w:t xml:space="preserve"></w:t></w:r>')
        run[0].text = text
        return run

    def _deleted(self, text: str):
        self._ids += 1
        deleted = parse_xml(
            f'<w:del {_W} w:id="{self._ids}" {_CHANGE}><w:r><w:delText xml:space="preserve">'
            "</w:delText></w:r></w:del>"
        )
        deleted[0][0].text = text
        return deleted

    def _remove(self, row, removed: Removed) -> None:
        """A row as Word keeps one deleted with Track Changes on: marked deleted, its text
        struck through (``w:delText``)."""
        self._ids += 1
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(parse_xml(f'<w:del {_W} w:id="{self._ids}" {_CHANGE}/>'))
        for cell, text in zip(row.cells, removed.cells, strict=False):
            cell.paragraphs[0]._p.append(self._deleted(text))

    def _new_list(self, value) -> int:
        """A list of its own, numbered from 1 (Word's "restart numbering")."""
        numbering = self.doc.part.numbering_part.element
        abstract = self._letter if isinstance(value, Lettered) else self._decimal
        num = numbering.add_num(abstract)
        num.add_lvlOverride(ilvl=0).add_startOverride(1)
        return num.numId

    def bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()


HOME_OFFICE_HEADER = [
    "Recommendation",
    "Scope of recommendation (local or regional)",
    "Action to take",
    "Lead agency",
    "Key milestones achieved in enacting recommendation",
    "Target date",
    "Date of completion and outcome",
]
HOME_OFFICE_GUIDANCE = [
    "Please state the recommendation as it appears in the overview report",
    "Should this recommendation be enacted at a local or regional level?",
    "How exactly is the relevant agency going to make this recommendation happen?",
    "Which agency is responsible for monitoring progress of the actions?",
    "Have there been key steps that have allowed the recommendation to be enacted?",
    "Realistic target date",
    "When the recommendation has been enacted, provide a short summary of the outcome",
]


def home_office_template() -> bytes:
    w = Writer()
    w.heading("Domestic Homicide Review into the death of Olena", 0)
    w.paragraph("Northvale Community Safety Partnership")
    w.heading("Action Plan", 1)
    w.paragraph(
        "This action plan was agreed by the review panel in March 2024. Northvale Community "
        "Safety Partnership will monitor its delivery at every meeting of its board until each "
        "action is complete."
    )
    w.table(
        HOME_OFFICE_HEADER,
        [
            HOME_OFFICE_GUIDANCE,
            Span("Theme 1 – Risk assessment – Northvale"),
            [
                "That Northvale Community Safety Partnership makes sure every agency completes "
                "a DASH risk assessment when domestic abuse is disclosed, and refers every "
                "high-risk case to MARAC within five working days.",
                "Local",
                "Audit DASH completion in the police, housing and health services",
                "Northvale Borough Council",
                Numbered(
                    [
                        "Audit tool agreed by partners",
                        "Audit of 60 cases completed",
                        "Findings reported to the CSP board",
                    ]
                ),
                "October 2024\nJanuary 2025\nMarch 2025",
                "Audit completed February 2025.\nFindings presented to the CSP board on 20 "
                "March 2025. Action completed.",
            ],
            [
                DOWN,
                DOWN,
                "Deliver DASH refresher training to frontline housing officers",
                "Priya Natarajan (Northvale Homes)",
                Numbered(["Training plan agreed", "Two sessions delivered"]),
                "Q3 2024\nQ4 2024",
                "",
            ],
            Span("Theme 2 – Information sharing – Westshire wide"),
            [
                "That Westshire Police and Westshire NHS Foundation Trust agree how mental "
                "health practitioners are told of domestic abuse incidents involving their "
                "patients.",
                "Regional",
                "Agree and sign an information sharing protocol between the two agencies",
                "DI Tom Hargreaves (Westshire Police) / Dr Ana Silva (Westshire NHS Foundation "
                "Trust)",
                Bullets(
                    [
                        "Protocol drafted",
                        "Protocol signed by both agencies",
                        "Protocol in use in all mental health teams",
                    ]
                ),
                "Spring 2025",
                "Protocol drafted and with both agencies for signature.",
            ],
            [
                "That the Westshire Domestic Abuse Partnership Board reviews the pathway for "
                "victims who are also carers.",
                "Regional",
                "Map the current pathway and report gaps to the Board",
                "Westshire County Council",
                "",
                "ongoing",
                "",
            ],
        ],
    )
    w.paragraph("Signed off by the chair of the review panel.")
    return w.bytes()


def agency_sections() -> bytes:
    w = Writer()
    w.heading("Safeguarding Adults Review concerning Adult K: action plan", 0)
    w.paragraph(
        "The Kingsford Safeguarding Adults Board owns this plan. Each agency reports progress on "
        "its own recommendations to the Board's learning sub-group every quarter."
    )
    w.heading("Single agency recommendations", 1)
    w.table(
        [
            "No.",
            "Recommendation",
            "Action",
            "Lead officer",
            "Lead agency",
            "Target date",
            "RAG",
            "Progress update",
            "Evidence",
        ],
        [
            Span("Kingsford Police"),
            [
                "1.1",
                "Officers attending a welfare check should ask to see the adult in person.",
                "Issue a briefing to all response officers",
                "Insp Carla Mendes",
                "",
                "Dec 24",
                "Green",
                "Briefing issued to all response teams on 2 December 2024.",
                "Briefing note and read receipts",
            ],
            [
                "1.2",
                "The force should check that its records of vulnerable adults are linked "
                "across its systems.",
                "Run a data quality audit of linked records",
                "Sam Okoye, Records Manager",
                "",
                "Q3 2024",
                "Amber",
                "Audit under way; half of the records checked.",
                "",
            ],
            Span("Kingsford Borough Council Adult Social Care"),
            [
                "2.1",
                "Adult Social Care should offer a carer's assessment whenever a carer is "
                "identified.",
                "Change the assessment form so that the offer is recorded",
                "Head of Adult Social Care",
                "",
                "31/01/2025",
                "Blue",
                "Form changed and live since January 2025.",
                "Screenshot of the new form",
            ],
        ],
    )
    w.heading("Multi-agency recommendations", 1)
    w.paragraph("These recommendations are for all the Board's partners together.")
    w.table(
        ["Ref", "Recommendation", "Action", "Responsible agency", "Target date", "Status"],
        [
            [
                "3",
                "The Board should run a learning event on self-neglect for all partners.",
                "Hold a multi-agency learning event",
                "Kingsford Safeguarding Adults Board",
                "Spring 2025",
                "Not started",
            ],
            [
                "4",
                "Partners should agree a shared definition of 'did not attend' for adults at risk.",
                "Draft a shared definition and consult partners",
                "Kingsford ICB; Kingsford Police",
                "TBC",
                "In progress",
            ],
        ],
    )
    return w.bytes()


def labelled_fields() -> bytes:
    w = Writer()
    w.heading("Child Safeguarding Practice Review: Child T", 0)
    w.paragraph("Action plan of the Ashcombe Safeguarding Children Partnership.")

    def form(rows: list[list]) -> None:
        w.table(None, rows)
        w.paragraph("")

    form(
        [
            [
                "Recommendation 1",
                "Health visitors and school nurses should share concerns about a "
                "child's weight with the child's GP within ten working days.",
            ],
            [
                "Actions to be taken",
                Bullets(
                    [
                        "Update the 0-19 service referral guidance",
                        "Add a GP notification step to the electronic record",
                    ]
                ),
            ],
            ["Person responsible", "Joanna Pike, Named Nurse, Ashcombe Community Health"],
            ["Target completion date", "30 June 2025"],
            ["Progress", "Guidance updated in May 2025; the record change is being tested."],
        ]
    )
    form(
        [
            [
                "Recommendation 2",
                "Ashcombe Council children's services should check that every "
                "strategy discussion includes the school.",
            ],
            ["Actions to be taken", "Amend the strategy discussion procedure"],
            ["Person responsible", "Service Manager, Ashcombe Council"],
            ["Target completion date", "September 2025"],
            ["Actions to be taken", "Audit ten strategy discussions for school attendance"],
            ["Person responsible", "Quality Assurance Lead (Ashcombe Council)"],
            ["Target completion date", "December 2025"],
            ["Progress", "Not started"],
        ]
    )
    form(
        [
            [
                "Recommendation 3",
                "The Partnership should tell the national panel of the gaps found "
                "in the sharing of school attendance data.",
            ],
            ["Actions to be taken", "Write to the Child Safeguarding Practice Review Panel"],
            ["Person responsible", "Ashcombe Safeguarding Children Partnership"],
            ["Target completion date", "ongoing"],
        ]
    )
    return w.bytes()


def prose_list() -> bytes:
    w = Writer()
    w.heading("Domestic Abuse Related Death Review: the death of Mr Adeyemi", 0)
    w.paragraph("Southbrook Community Safety Partnership")
    w.paragraph(
        "The review made the following recommendations. Each names the agency that will act on "
        "it and when."
    )
    w.heading("Theme 1 – Professional curiosity", 2)
    w.paragraph("Recommendation 1")
    w.paragraph(
        "That Southbrook Primary Care Network makes routine enquiry about domestic abuse part "
        "of every health check for patients over 65, so that:"
    )
    w.lettered(
        [
            "older victims are asked in private;",
            "the answer is recorded in a coded form.",
        ]
    )
    w.paragraph("Actions to be taken: Add a routine enquiry prompt to the health check template")
    w.paragraph("Lead agency: Southbrook Primary Care Network")
    w.paragraph("Target completion date: March 2026")
    w.paragraph("Recommendation 2")
    w.paragraph(
        "That Southbrook Council's adult social care team offers a home visit when a carer "
        "cancels two assessments in a row."
    )
    w.paragraph("Actions to be taken")
    w.paragraph("Change the cancellation procedure and brief all assessors")
    w.paragraph("Lead agency")
    w.paragraph("Southbrook Council")
    w.paragraph("Target completion date")
    w.paragraph("Q1 2026")
    w.heading("Theme 2 – National learning", 2)
    w.paragraph(
        "Recommendation 3: That the Home Office includes older victims in its guidance on "
        "routine enquiry."
    )
    w.paragraph("Actions to be taken: Write to the Home Office with the review's findings")
    w.paragraph("Lead agency: Southbrook Community Safety Partnership")
    w.paragraph("Target completion date: Summer 2025")
    return w.bytes()


SECTION_HEADER = [
    "No.", "Recommendation", "Actions", "Lead officer", "Timescale", "Evidence of completion",
    "RAG",
]  # fmt: skip


def tables_by_agency() -> bytes:
    w = Writer()
    w.paragraph("Anytown Community Safety Partnership")
    w.heading("Domestic Homicide Review into the death of Adult Q", 0)
    w.paragraph(
        "The Partnership's board owns this plan. Lead officers update their actions before "
        "each quarterly meeting of the DHR panel."
    )
    w.heading("Multi-agency recommendations", 1)
    w.table(
        SECTION_HEADER,
        [
            ["1",
             "Partners should ask about economic abuse whenever a victim is assessed.",
             "1.1 Deliver a briefing on economic abuse to frontline staff in every partner "
             "agency.",
             "Community Safety Manager, Anytown Borough Council", "Oct-24",
             "Briefing delivered 02/10/2024 to 85 staff.", "Green"],
            ["", "",
             "1.2 Add economic abuse to each agency's own domestic abuse training.",
             "Domestic Abuse Coordinator, Anytown Borough Council", "March 2025",
             Runs(["Police confirmed; health ", Deleted("confirmed"), Inserted("awaited"), "."]),
             Control("Amber")],
            ["2",
             "The CSP should review how the MARAC hears cases that housing providers refer.",
             "2.1 Commission a review of housing referrals to the MARAC.",
             Runs(["DI Sam Osei\nAnytown Police"]), Control("31/01/2025"),
             "Review commissioned; report due April 2025.", "Amber"],
            Span("Note: the DHR panel agreed on 12/11/2024 that the MARAC review (2.1) should "
                 "also look at referrals from GP practices."),
            ["3",
             "Agencies should publicise local domestic abuse services in rural areas.",
             "3.1 Run a publicity campaign in the villages.",
             "Community Safety Officer (Anytown Borough Council)", "Ongoing",
             Control(prompt=True), ""],
        ],
    )  # fmt: skip
    w.heading("Anytown Police", 1)
    w.table(
        SECTION_HEADER,
        [
            ["P1",
             "Anytown Police should make sure that a supervisor reviews every DASH risk "
             "assessment within a day.",
             "Change the crime recording system so that each DASH creates a supervisor review "
             "task.",
             "Insp Lee Marsh", "31/12/2024",
             Runs(["System change live 09/12/2024 – see ",
                   Link("change notice", "https://intranet.anytown-police.example/dash")]),
             "Green"],
            ["P2",
             "Anytown Police should train all response officers on coercive control.",
             "Roll out the coercive control course to all response officers.",
             Runs([Control("Maya Bell (Training Manager)")]), "Sept 2025",
             "58% of officers trained at 31/03/2025.", Control("Amber")],
        ],
    )  # fmt: skip
    w.heading("Anytown Community Health NHS Trust", 1)
    w.table(
        SECTION_HEADER,
        [
            ["CH1",
             "The Trust should make sure that health visitors ask every parent about domestic "
             "abuse when they are seen alone.",
             "Add a routine enquiry question to the health visiting assessment.",
             "Named Nurse for Safeguarding", "Q4 2024/25", "Question live 03/03/2025.",
             "Green"],
            [DOWN, DOWN, "Audit 20 health visiting records for routine enquiry.",
             "Safeguarding Team", "Jun-25", "", "Amber"],
        ],
    )  # fmt: skip
    w.heading("Anytown Borough Council Housing", 1)
    w.table(
        SECTION_HEADER,
        [
            ["H1",
             "Housing should offer a management transfer to a tenant who is a victim of "
             "domestic abuse without first checking for rent arrears.",
             "Update and publish the housing domestic abuse policy.",
             "Jo Kerr", "30/04/2025",
             Runs(["Published ", Deleted("28/03/2025"), Inserted("14/04/2025"), " – ",
                   Link("Housing Domestic Abuse Policy 2025",
                        "https://www.anytown.example/housing/domestic-abuse-policy")]),
             "Green"],
            Removed(["H2", "Housing should train its caretakers to recognise domestic abuse.",
                     "Train all caretakers.", "Jo Kerr", "June 2025", "", "Amber"]),
        ],
    )  # fmt: skip
    return w.bytes()


CASES = [
    Case("home-office-template", "docx", "olena-action-plan.docx", home_office_template,
         "Home Office columns, guidance row, theme rows across the table, a recommendation "
         "merged down beside two actions, numbered and bulleted lists in cells, a line per "
         "date, Q3 2024, Spring 2025, ongoing, text after the table"),
    Case("agency-sections", "docx", "adult-k-plan.docx", agency_sections,
         "single-agency and multi-agency sections in two tables with different columns, "
         "rows grouped under agency headings, numbers 1.1, lead officer and lead agency "
         "columns, RAG, progress and evidence, Dec 24, 31/01/2025, TBC"),
    Case("labelled-fields", "docx", "child-t-plan.docx", labelled_fields,
         "each recommendation a two-column form (label | value), two actions in one "
         "recommendation, a bulleted list of actions"),
    Case("prose-list", "docx", "adeyemi-plan.docx", prose_list,
         "no table: 'Recommendation 1' paragraphs with lettered points (Word numbering), "
         "labelled paragraphs inline and with the value below, theme headings"),
    Case("tables-by-agency", "docx", "adult-q-plan.docx", tables_by_agency,
         "a table for the multi-agency recommendations and one per agency, each with its "
         "header, under agency headings; action numbers 1.1 in the action cell; content "
         "controls (one still showing its prompt), tracked insertions, deletions and a "
         "deleted row, hyperlinks, a line break inside a paragraph, a note merged across "
         "the table, Evidence of completion beside a RAG word"),
]  # fmt: skip
