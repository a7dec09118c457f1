"""The Word reader: a .docx cut into blocks as its reader sees the page."""

from __future__ import annotations

from followthrough.interchange import ActionPlan, PartialDate
from followthrough.parsing import read_plan
from followthrough.parsing.formats.word import document_from_docx
from tests.parsing.corpus.office.word import (
    DOWN,
    PROMPT,
    Bullets,
    Control,
    Deleted,
    Inserted,
    Lettered,
    Link,
    Numbered,
    Removed,
    Runs,
    Span,
    Writer,
)


def _blocks(writer: Writer) -> list[tuple[bool, list[str]]]:
    return [(b.is_text, b.cells) for b in document_from_docx(writer.bytes()).blocks]


def test_paragraphs_and_tables_come_in_reading_order():
    w = Writer()
    w.paragraph("Before")
    w.table(["Recommendation", "Action"], [["R", "A"]])
    w.paragraph("Between")
    w.table(["Recommendation", "Action"], [["S", "B"]])
    assert _blocks(w) == [
        (True, ["Before"]),
        (False, ["Recommendation", "Action"]),
        (False, ["R", "A"]),
        (True, ["Between"]),
        (False, ["Recommendation", "Action"]),
        (False, ["S", "B"]),
    ]


def test_a_cell_merged_down_gives_its_text_to_each_row_it_covers():
    w = Writer()
    w.table(["Recommendation", "Action", "Lead"], [["R", "A1", "L1"], [DOWN, "A2", "L2"]])
    assert _blocks(w)[1:] == [(False, ["R", "A1", "L1"]), (False, ["R", "A2", "L2"])]


def test_a_cell_merged_across_keeps_its_text_in_the_first_column():
    w = Writer()
    w.table(["Recommendation", "Action", "Lead"], [Span("Theme 1 – Training")])
    assert _blocks(w)[1] == (False, ["Theme 1 – Training", "", ""])


def test_word_list_numbers_and_bullets_are_written_out_as_word_shows_them():
    w = Writer()
    w.table(
        ["Milestones", "More", "Points"],
        [[Numbered(["Draft", "Agree"]), Bullets(["One", "Two"]), Lettered(["first", "second"])],
         [Numbered(["Again"]), "plain\nlines", ""]],
    )  # fmt: skip
    assert _blocks(w)[1:] == [
        (False, ["1. Draft\n2. Agree", "• One\n• Two", "a) first\nb) second"]),
        (False, ["1. Again", "plain\nlines", ""]),
    ]


def test_a_list_outside_a_table_is_numbered_too():
    w = Writer()
    w.numbered(["First point", "Second point"])
    assert _blocks(w) == [(True, ["1. First point"]), (True, ["2. Second point"])]


def test_a_table_inside_a_cell_becomes_lines_of_the_cell():
    w = Writer()
    table = w.table(["Recommendation", "Action"], [["R", ""]])
    inner = table.cell(1, 1).add_table(rows=2, cols=2)
    for r, row in enumerate([["Step", "Date"], ["Draft", "May 2025"]]):
        for c, text in enumerate(row):
            inner.cell(r, c).text = text
    assert _blocks(w)[1] == (False, ["R", "Step Date\nDraft May 2025"])


def test_text_inside_a_content_control_is_read():
    w = Writer()
    w.paragraph("Inside a control")
    p = w.doc.paragraphs[-1]._p
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    sdt = parse_xml(f"<w:sdt {nsdecls('w')}><w:sdtContent/></w:sdt>")
    p.addprevious(sdt)
    sdt[0].append(p)
    assert _blocks(w) == [(True, ["Inside a control"])]


def test_empty_paragraphs_are_left_out():
    w = Writer()
    w.paragraph("")
    w.paragraph("Text")
    assert _blocks(w) == [(True, ["Text"])]


def test_a_word_plan_grouped_under_paragraph_headings_between_tables():
    w = Writer()
    w.heading("Domestic Homicide Review: the death of Rose", 0)
    header = ["Recommendation", "Action", "Lead", "Target date"]
    w.heading("Multi-agency recommendations", 1)
    w.table(header, [["That partners meet.", "Meet", "Anytown CSP", "May 2025"]])
    w.heading("Anytown Police", 1)
    w.table(header, [["That officers ask.", "Brief officers", "DI Kim Park", "June 2025"]])
    plan = read_plan(w.bytes(), filename="rose.docx")
    first, second = plan.recommendations
    assert (first.theme, first.actions[0].leads[0].agency) == (None, "Anytown CSP")
    lead = second.actions[0].leads[0]
    assert (lead.name, lead.role, lead.agency) == ("Kim Park", "DI", "Anytown Police")


def test_tracked_changes_read_as_accepted():
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    w = Writer()
    w.paragraph("Review ")
    p = w.doc.paragraphs[-1]._p
    p.append(parse_xml(f'<w:ins {nsdecls("w")} w:id="1" w:author="A"><w:r><w:t>the policy'
                       "</w:t></w:r></w:ins>"))  # fmt: skip
    p.append(parse_xml(f'<w:del {nsdecls("w")} w:id="2" w:author="A"><w:r><w:delText> twice'
                       "</w:delText></w:r></w:del>"))  # fmt: skip
    assert _blocks(w) == [(True, ["Review the policy"])]


def test_a_content_control_still_showing_its_prompt_reads_as_empty():
    w = Writer()
    w.table(
        ["Action", "Lead", "Evidence"],
        [["Audit cases", Runs(["Jo Kerr", Control(prompt=True)]), Control(prompt=True)]],
    )
    assert _blocks(w)[1] == (False, ["Audit cases", "Jo Kerr", ""])


def test_text_entered_in_a_content_control_is_read_in_a_cell_or_a_paragraph():
    w = Writer()
    w.table(
        ["Action", "Lead", "RAG"],
        [["Audit cases", Runs(["Lead: ", Control("Jo Kerr")]), Control("Amber")]],
    )
    assert _blocks(w)[1] == (False, ["Audit cases", "Lead: Jo Kerr", "Amber"])


def test_a_line_break_inside_a_paragraph_starts_a_new_line_of_the_cell():
    w = Writer()
    w.table(["Action", "Lead"], [["Audit cases", Runs(["DI Sam Osei\nAnytown Police"])]])
    assert _blocks(w)[1] == (False, ["Audit cases", "DI Sam Osei\nAnytown Police"])


def test_a_hyperlink_reads_as_the_text_it_shows_not_its_address():
    w = Writer()
    link = Link("the new policy", "https://www.anytown.example/policy")
    w.table(["Action", "Evidence"], [["Publish", Runs(["See ", link, "."])]])
    assert _blocks(w)[1] == (False, ["Publish", "See the new policy."])


def test_a_tracked_insertion_in_a_cell_counts_and_a_deletion_does_not():
    w = Writer()
    evidence = Runs(["Published ", Deleted("28/03/2025"), Inserted("14/04/2025")])
    w.table(["Action", "Evidence"], [["Publish", evidence]])
    assert _blocks(w)[1] == (False, ["Publish", "Published 14/04/2025"])


def test_a_row_deleted_with_track_changes_on_is_left_out():
    w = Writer()
    w.table(["Action", "Lead"], [["Kept", "Jo Kerr"], Removed(["Gone", "Sam Osei"])])
    assert _blocks(w)[1:] == [(False, ["Kept", "Jo Kerr"])]


def test_only_a_row_that_is_one_cell_across_the_whole_table_stands_in_no_column():
    w = Writer()
    table = w.table(
        ["No.", "Recommendation", "Action"], [Span("Note: agreed in May."), ["", "", ""]]
    )
    table.cell(2, 0).merge(table.cell(2, 1)).text = "Across two of three columns"
    blocks = document_from_docx(w.bytes()).blocks
    assert [(b.cells[0], b.across_table) for b in blocks] == [
        ("No.", False),
        ("Note: agreed in May.", True),
        ("Across two of three columns", False),
    ]


def _plan_with(rows: list) -> ActionPlan:
    w = Writer()
    w.heading("Domestic Homicide Review into the death of Adult Q", 0)
    w.table(["No.", "Recommendation", "Actions", "Lead officer", "Timescale",
             "Evidence of completion", "RAG"], rows)  # fmt: skip
    return read_plan(w.bytes(), filename="adult-q.docx")


def test_a_note_merged_across_the_table_between_recommendations_is_not_one():
    plan = _plan_with([
        ["1", "That partners meet.", "1.1 Meet monthly", "Anytown CSP", "May 2025", "", "Amber"],
        Span("Note: the panel agreed on 12/11/2024 that recommendation 1 also covers GPs."),
        ["2", "That officers ask.", "2.1 Brief officers", "Anytown Police", "June 2025", "",
         "Amber"],
    ])  # fmt: skip
    assert [r.number for r in plan.recommendations] == ["1", "2"]
    assert [len(r.actions) for r in plan.recommendations] == [1, 1]
    assert any(w.startswith("table: a note across the table not read") for w in plan.warnings)


def test_a_row_across_the_table_still_heads_the_actions_under_it():
    w = Writer()
    w.table(
        ["Recommendation", "Action", "Lead"],
        [Span("1. That partners meet."), ["", "Meet monthly", "Anytown CSP"],
         ["", "Report to the board", "Anytown CSP"]],
    )  # fmt: skip
    (rec,) = read_plan(w.bytes(), filename="plan.docx").recommendations
    assert (rec.number, rec.text) == ("1", "That partners meet.")
    assert [a.text for a in rec.actions] == ["Meet monthly", "Report to the board"]


def test_an_action_numbered_under_its_recommendation_keeps_its_words_not_its_number():
    plan = _plan_with([
        ["1", "That partners meet.", "1.1 Meet monthly", "Anytown CSP", "May 2025", "", ""],
        ["", "", "1.2 Report to the board", "Anytown CSP", "June 2025", "", ""],
        ["2", "That officers ask.", "3.1 Brief officers", "Anytown Police", "June 2025", "",
         ""],
        ["3", "That staff train.", "3.1 Train staff\n3.2 Audit", "Anytown Police", "2025",
         "", ""],
    ])  # fmt: skip
    texts = [[a.text for a in r.actions] for r in plan.recommendations]
    assert texts[:2] == [["Meet monthly", "Report to the board"], ["3.1 Brief officers"]]
    assert texts[2][0].startswith("3.1 Train staff")


def test_green_beside_evidence_of_completion_is_completed_on_the_date_the_evidence_gives():
    plan = _plan_with([
        ["1", "That partners meet.", "Publish the policy", "Anytown CSP", "May 2025",
         Runs(["Published 14/04/2025 – ", Link("Housing Policy 2025", "https://a.example")]),
         "Green"],
    ])  # fmt: skip
    action = plan.recommendations[0].actions[0]
    assert action.status == "completed"
    assert action.completed_on == PartialDate(2025, 4, 14)
    assert action.outcome == "Published 14/04/2025 – Housing Policy 2025"


def test_amber_beside_evidence_of_completion_stays_in_progress_whatever_dates_it_holds():
    plan = _plan_with([
        ["1", "That partners meet.", "Train staff", "Anytown CSP", "May 2025",
         "58% of staff trained at 31/03/2025.", Control("Amber")],
    ])  # fmt: skip
    action = plan.recommendations[0].actions[0]
    assert (action.status, action.completed_on) == ("in_progress", None)
    assert action.outcome == "58% of staff trained at 31/03/2025."


def test_a_prompt_is_empty_whether_its_control_wraps_a_paragraph_or_a_whole_cell():
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    def prompt_control():
        return parse_xml(
            f"<w:sdt {nsdecls('w')}><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent/></w:sdt>"
        )

    w = Writer()
    w.paragraph(PROMPT)
    table = w.table(["Action", "Evidence"], [["Audit cases", PROMPT]])
    for element in (w.doc.paragraphs[-1]._p, table.cell(1, 1)._tc):
        sdt = prompt_control()
        element.addprevious(sdt)
        sdt[1].append(element)
    assert _blocks(w) == [
        (False, ["Action", "Evidence"]),
        (False, ["Audit cases", ""]),
    ]
