"""The Word reader: a .docx cut into blocks as its reader sees the page."""

from __future__ import annotations

from followthrough.parsing import read_plan
from followthrough.parsing.formats.word import document_from_docx
from tests.parsing.corpus.office.word import DOWN, Bullets, Lettered, Numbered, Span, Writer


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
