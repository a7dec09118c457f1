"""The PDF reader on plans printed to PDF at test time (tests/parsing/corpus/pdf), among them
a plan exported from a word processor the way councils publish them, and on PDFs it cannot
read: scans, password-protected, cut short, too long."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pdfplumber
import pytest
from jsonschema import Draft202012Validator
from reportlab.lib.pdfencrypt import StandardEncryption

from followthrough.cli import main
from followthrough.interchange import plan_to_dict, schema
from followthrough.parsing import ParseError, read_plan, read_plan_file
from followthrough.parsing.document import Block, Document
from followthrough.parsing.formats import pdf
from followthrough.parsing.formats.pdf import document_from_pdf
from followthrough.parsing.limits import Limits
from followthrough.parsing.table import interpret
from tests.parsing.corpus.pdf import plans, render
from tests.parsing.test_seed import differences

CORPUS = Path(__file__).parent / "corpus" / "pdf"
# Each plan of the corpus and the JSON it should read as (the template plan printed three ways,
# the word processor's export two).
EXPECTED = {
    plans.ELENA.name: "home-office-template.expected.json",
    plans.ELENA_UNRULED.name: "home-office-template.expected.json",
    plans.ELENA_HEADER_ONCE.name: "home-office-template.expected.json",
    plans.OWEN.name: "extra-columns.expected.json",
    plans.HANA.name: "word-export.expected.json",
    plans.HANA_UNRULED.name: "word-export.expected.json",
    plans.ISLA.name: "word-export-list.expected.json",
}
EXPORTS = [plans.HANA.name, plans.HANA_UNRULED.name]


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> dict[str, Path]:
    """Every corpus plan printed to a PDF file, by plan name."""
    folder = tmp_path_factory.mktemp("pdf")
    paths = {}
    for plan in plans.CORPUS:
        paths[plan.name] = folder / f"{plan.name}.pdf"
        paths[plan.name].write_bytes(render.render(plan))
    for export in plans.EXPORTS:
        paths[export.name] = folder / f"{export.name}.pdf"
        paths[export.name].write_bytes(render.render_export(export))
    return paths


def expected(name: str) -> dict:
    return json.loads((CORPUS / EXPECTED[name]).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def blocks(printed):
    """The blocks the reader cuts a corpus plan into, by plan name (each read once)."""
    found: dict[str, list[Block]] = {}

    def blocks_of(name: str) -> list[Block]:
        if name not in found:
            found[name] = document_from_pdf(printed[name].read_bytes()).blocks
        return found[name]

    return blocks_of


def row(found: list[Block], start: str) -> Block:
    """The first block whose first cell starts with ``start``."""
    return next(b for b in found if b.cells[0].startswith(start))


def error(data: bytes, limits: Limits | None = None) -> str:
    with pytest.raises(ParseError) as caught:
        read_plan(data, filename="plan.pdf", limits=limits)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith("plan.pdf: ")
    return message


# The corpus


def test_the_corpus_prints_the_same_bytes_every_time():
    assert render.render(plans.ELENA) == render.render(plans.ELENA)
    assert render.render_export(plans.HANA) == render.render_export(plans.HANA)


def test_the_template_plan_runs_over_three_pages(printed):
    with pdfplumber.open(printed[plans.ELENA.name]) as document:
        assert len(document.pages) >= 3


@pytest.mark.parametrize("name", EXPORTS)
def test_the_export_has_a_portrait_page_of_report_then_landscape_pages_of_plan(printed, name):
    with pdfplumber.open(printed[name]) as document:
        sizes = [page.width > page.height for page in document.pages]
        feet = [page.extract_text().splitlines()[-2] for page in document.pages]
    assert sizes == [False, True, True]
    assert feet == [f"{plans.HANA.footer} Page {n} of 3" for n in (1, 2, 3)]


@pytest.mark.parametrize("name", list(EXPECTED))
def test_each_corpus_plan_matches_its_expected_json_field_by_field(printed, name):
    got = plan_to_dict(read_plan(printed[name].read_bytes(), filename=f"{name}.pdf"))
    problems = differences(got, expected(name))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", list(EXPECTED))
def test_each_corpus_plan_validates_against_the_interchange_schema(printed, name):
    got = plan_to_dict(read_plan_file(printed[name]))
    assert sorted(Draft202012Validator(schema()).iter_errors(got), key=str) == []


def test_the_plan_without_ruling_lines_cuts_into_the_same_blocks_as_the_ruled_one(blocks):
    ruled = blocks(plans.ELENA.name)
    unruled = blocks(plans.ELENA_UNRULED.name)
    assert [b.cells for b in unruled] == [b.cells for b in ruled]
    assert [b.page_break_before for b in unruled] == [b.page_break_before for b in ruled]


# Tables, rows and cells


@pytest.mark.parametrize("name", [plans.ELENA.name, plans.ELENA_UNRULED.name])
def test_it_rejoins_a_row_split_across_a_page_break(printed, name, blocks):
    found = blocks(name)
    after_break = [i for i, b in enumerate(found) if b.page_break_before]
    assert found[after_break[0]].cells[0] == "Recommendation"  # the header, repeated
    assert found[after_break[0] + 1].cells[0] == "county."  # the rest of the row cut above
    plan = plan_to_dict(read_plan(printed[name].read_bytes()), warnings=True)
    gp = plan["recommendations"][3]
    assert gp["text"].endswith("in the clinical record systems of all practices in the county.")
    joined = "table: the row went on over 1 page break; its cells were joined"
    assert joined in gp["actions"][0]["warnings"]


def test_it_reads_the_rest_of_a_cut_row_at_the_top_of_a_page_with_no_header(printed, blocks):
    found = blocks(plans.ELENA_HEADER_ONCE.name)
    after_break = [b.cells for b in found if b.page_break_before]
    assert after_break[0] == ["county.", "", "", "", "", "", ""]
    assert after_break[1][0].startswith("call handlers on recognising repeat callers")
    assert sum(b.cells[0] == "Recommendation" for b in found) == 1


@pytest.mark.parametrize("name", [plans.ELENA.name, plans.ELENA_UNRULED.name])
def test_it_marks_the_first_block_of_each_later_page_as_after_a_page_break(name, blocks):
    found = blocks(name)
    assert sum(b.page_break_before for b in found) == 2
    assert not found[0].page_break_before


@pytest.mark.parametrize("name", [plans.ELENA.name, plans.ELENA_UNRULED.name])
def test_it_joins_the_wrapped_lines_of_a_cell_with_spaces_and_keeps_its_line_breaks(name, blocks):
    assert row(blocks(name), "That Eastmere Police").cells == [
        "That Eastmere Police and Harbourside Housing agree a protocol for sharing risk "
        "information when a tenant is the victim of domestic abuse.",
        "Local",
        "Draft and sign a joint information sharing protocol",
        "DI Tom Hargreaves (Eastmere Police) / Ruth Okafor (Harbourside Housing)",
        "1. Protocol drafted\n2. Protocol signed by both agencies",
        "December 2024\nFebruary 2025",
        "Protocol signed 14 February 2025 and in use. Action completed.",
    ]


@pytest.mark.parametrize("name", [plans.ELENA.name, plans.ELENA_UNRULED.name])
def test_a_theme_row_across_the_table_is_one_filled_cell(name, blocks):
    themes = [b.cells for b in blocks(name) if b.cells[0].startswith("Theme ")]
    assert themes[1] == ["Theme 2 – Information sharing – Westshire wide"] + [""] * 6
    assert len(themes) == 5


@pytest.mark.parametrize("name", [plans.ELENA.name, plans.ELENA_UNRULED.name])
def test_the_text_before_the_table_is_free_text_one_paragraph_a_block(name, blocks):
    found = blocks(name)
    free_text = [plans.ELENA.title, *plans.ELENA.before_table]
    assert [b.cells for b in found[:4]] == [[text] for text in free_text]
    assert all(b.is_text for b in found[:4])
    assert not found[4].is_text and found[4].cells[0] == "Recommendation"


def test_it_drops_a_running_head_and_page_numbers_that_repeat_on_every_page(blocks):
    text = " ".join(c for b in blocks(plans.ELENA.name) for c in b.cells)
    assert "OFFICIAL" not in text
    assert "Page 2" not in text


def test_it_keeps_a_title_that_the_running_head_repeats_on_every_page(monkeypatch):
    monkeypatch.setattr(pdf, "_MARGIN_SHARE", 0.2)  # the title's line is in the top strip too
    plan = replace(plans.ELENA, running_head=plans.ELENA.title, head_on_first_page=False)
    found = document_from_pdf(render.render(plan)).blocks
    assert [b.cells[0] for b in found].count(plans.ELENA.title) == 1
    assert read_plan(render.render(plan)).review.title == plans.ELENA.title


def test_it_reads_bullets_a_standard_font_draws_at_code_127(blocks):
    found = row(blocks(plans.ELENA.name), "That Westshire P")
    assert found.cells[4] == "• Template changed\n• Practitioners briefed"


def test_a_cell_merged_down_two_rows_gives_a_recommendation_with_two_actions(printed):
    plan = read_plan(printed[plans.OWEN.name].read_bytes())
    assert [len(r.actions) for r in plan.recommendations] == [2, 1, 1]
    assert plan.recommendations[0].actions[1].text == "Publish a self-neglect practice guide"


def test_it_reads_columns_in_another_order_with_a_theme_and_a_status_column(blocks):
    header = next(b for b in blocks(plans.OWEN.name) if b.cells[0] == "Ref")
    assert header.cells == plans.EXTRA_COLUMNS_HEADER


def test_it_reads_a_pdf_whatever_its_name_says(printed):
    plan = read_plan(printed[plans.OWEN.name].read_bytes(), filename="plan.txt")
    assert plan.review.title == "Safeguarding Adults Review concerning Owen"


def test_it_reads_a_pdf_that_has_an_owner_password_only():
    data = render.render(plans.OWEN, encrypt=StandardEncryption("", ownerPassword="chair"))
    assert len(read_plan(data).recommendations) == 3


def test_it_lets_go_of_each_page_before_reading_the_next(printed, monkeypatch):
    closed: list[int] = []
    close = pdfplumber.page.Page.close

    def counting_close(page):
        closed.append(page.page_number)
        close(page)

    monkeypatch.setattr(pdfplumber.page.Page, "close", counting_close)
    document_from_pdf(printed[plans.ELENA.name].read_bytes())
    assert closed == [1, 2, 3]


def test_it_never_asks_for_the_list_of_all_pages(printed, monkeypatch):
    def every_page(document):
        raise AssertionError("pdf.pages keeps every page's objects until the file is closed")

    monkeypatch.setattr(pdfplumber.PDF, "pages", property(every_page))
    assert document_from_pdf(printed[plans.ELENA.name].read_bytes()).blocks


# Plans exported from a word processor


@pytest.mark.parametrize("name", EXPORTS)
def test_it_drops_the_running_head_and_foot_that_come_back_on_pages_of_either_size(name, blocks):
    text = "\n".join(c for b in blocks(name) for c in b.cells)
    assert plans.HANA.marking not in text
    assert plans.HANA.footer not in text
    assert "Page " not in text
    assert blocks(name)[0].cells == [plans.HANA.report[0]]


def test_it_drops_a_page_number_at_the_foot_of_a_plan_of_one_page(blocks):
    assert [b.cells[0] for b in blocks(plans.OWEN.name) if b.cells[0].startswith("Page")] == []


@pytest.mark.parametrize("name", EXPORTS)
def test_the_title_is_the_line_above_the_partnership_not_both(printed, name, blocks):
    texts = [b.cells[0] for b in blocks(name) if b.is_text]
    assert texts[4:6] == [plans.HANA.title, plans.HANA.partnership]
    assert read_plan_file(printed[name]).review.title == plans.HANA.title


@pytest.mark.parametrize("name", EXPORTS)
def test_a_line_that_ends_short_where_the_next_word_would_fit_ends_its_paragraph(name, blocks):
    first = row(blocks(name), "1. That Fernhill")
    assert first.cells[4] == (
        "Training package revised\nPackage signed off by the DHR sub-group\n"
        "First cohort of practitioners trained"
    )


@pytest.mark.parametrize("name", EXPORTS)
def test_lines_spaced_further_apart_than_a_paragraph_s_lines_are_two_paragraphs(name, blocks):
    # "31.12.24" would not fit after "30.09.24": the space between them tells.
    assert row(blocks(name), "1. That Fernhill").cells[5] == "30.09.24\n31.12.24\n31.03.25"


@pytest.mark.parametrize("name", EXPORTS)
def test_a_bullet_at_the_start_of_a_line_starts_a_new_item(name, blocks):
    first = row(blocks(name), "1. That Fernhill")
    assert first.cells[2] == (
        "Review the partnership's training package to include:\n"
        "• coercive and controlling behaviour;\n• the risk checklist where the victim is "
        "intoxicated."
    )
    briefing = blocks(name)[blocks(name).index(first) + 1]
    assert briefing.cells[4] == (
        "• Briefing drafted and agreed by the panel chair\n• Briefing circulated"
    )


@pytest.mark.parametrize("name", EXPORTS)
def test_two_leads_on_two_lines_of_a_cell_stay_two_leads(printed, name):
    action = read_plan_file(printed[name]).recommendations[0].actions[1]
    assert [(lead.name, lead.agency) for lead in action.leads] == [
        ("Lena Marsh", "Fernhill Community Safety Partnership"),
        ("Sam Okoro", "Fernhill ICB"),
    ]


@pytest.mark.parametrize("name", EXPORTS)
def test_it_joins_a_word_broken_at_its_hyphen_without_a_space(name, blocks):
    outcome = row(blocks(name), "2. That Fernhill").cells[6]
    assert "Quarterly dip-sampling" in outcome
    assert "- " not in outcome


@pytest.mark.parametrize("name", EXPORTS)
def test_it_rejoins_the_row_a_page_break_cut_in_an_export(printed, name, blocks):
    after_break = [b.cells for b in blocks(name) if b.page_break_before]
    assert after_break[1][0] == "Recommendation"  # the header, repeated
    plan = plan_to_dict(read_plan_file(printed[name]), warnings=True)
    police = plan["recommendations"][1]
    assert police["text"].endswith("the support of an independent domestic violence adviser.")
    assert police["actions"][0]["outcome"].endswith("presented in June 2025.")
    joined = "table: the row went on over 1 page break; its cells were joined"
    assert joined in police["actions"][0]["warnings"]


@pytest.mark.parametrize("name", EXPORTS)
def test_a_section_row_across_the_table_heads_the_recommendations_under_it(printed, name):
    plan = read_plan_file(printed[name])
    assert [(r.number, r.theme) for r in plan.recommendations] == [
        ("1", "Risk assessment"),
        ("2", "Police and housing"),
        ("3", "Police and housing"),
        ("4", "National outcomes"),
    ]


def test_the_export_without_ruling_lines_cuts_into_the_same_rows_as_the_ruled_one(blocks):
    ruled = blocks(plans.HANA.name)
    unruled = blocks(plans.HANA_UNRULED.name)
    assert [b.cells for b in unruled] == [b.cells for b in ruled]
    assert [b.page_break_before for b in unruled] == [b.page_break_before for b in ruled]


def test_a_new_row_starts_where_columns_start_cells_beside_a_cell_merged_down(blocks):
    found = blocks(plans.HANA_UNRULED.name)
    at = found.index(row(found, "1. That Fernhill"))
    assert [b.cells[2].split()[0] for b in found[at : at + 3]] == ["Review", "Deliver", "Audit"]
    assert [b.cells[0] for b in found[at + 1 : at + 3]] == ["", ""]


def test_the_spaced_paragraphs_of_a_cell_stay_in_its_row_without_ruling_lines(blocks):
    outcome = row(blocks(plans.HANA_UNRULED.name), "2. That Fernhill").cells[6]
    assert outcome.startswith("Briefing issued September 2024.")
    assert "\nQuarterly dip-sampling in place" in outcome


def test_a_numbered_list_in_a_cell_cut_by_a_page_break_stays_in_its_recommendation(printed):
    plan = read_plan_file(printed[plans.ISLA.name])
    assert [r.number for r in plan.recommendations] == ["1", "2", "3"]
    listed = plan.recommendations[1]
    assert "at home: 1. the school's designated safeguarding lead" in listed.text
    assert listed.text.endswith("tells the school what was found.")
    assert [a.text.split()[0] for a in listed.actions] == ["Revise", "Brief"]


def test_a_learning_point_across_the_table_gives_its_title_line_as_the_theme(printed):
    plan = read_plan_file(printed[plans.ISLA.name])
    assert [r.theme for r in plan.recommendations] == [
        "Hearing the child",
        "Children educated at home",
        "Children educated at home",
    ]


def test_a_cell_merged_down_whose_text_runs_over_a_page_break_keeps_it_with_its_row():
    header = Block(["Recommendation", "Action", "Lead", "Target date"])
    blocks = [
        header,
        Block(["2a That the council acts when a child leaves school:", "Revise", "Jo", "Jan 25"]),
        Block(["", "Brief the network on the new", "Sam", "Feb 25"]),
        Block(list(header.cells), page_break_before=True),
        Block(["1. the school tells the team; and\n2. an officer visits.", "expectation.", "", ""]),
        Block(["2b That the minister is told.", "Write to the minister.", "Al", "Mar 25"]),
    ]
    plan = interpret(Document(blocks=blocks))
    assert [r.number for r in plan.recommendations] == ["2a", "2b"]
    first = plan.recommendations[0]
    assert first.text.endswith(
        "leaves school: 1. the school tells the team; and 2. an officer visits."
    )
    assert [a.text for a in first.actions] == [
        "Revise",
        "Brief the network on the new expectation.",
    ]


@pytest.mark.parametrize("name", EXPORTS)
def test_a_paragraph_after_the_table_is_free_text_not_a_row(name, blocks):
    last = blocks(name)[-1]
    assert last.is_text
    assert last.cells == plans.HANA.after_table


# PDFs it cannot read


def test_it_refuses_a_scan_and_says_to_run_ocr():
    message = error(render.scanned())
    assert message == f"plan.pdf: {pdf.SCANNED}"
    assert "OCR" in message


def test_it_refuses_a_pdf_of_drawn_shapes_with_no_text_as_a_scan():
    assert error(render.drawing()) == f"plan.pdf: {pdf.SCANNED}"


@pytest.mark.parametrize("strength", [40, 128])
def test_it_refuses_a_password_protected_pdf(strength):
    data = render.render(plans.OWEN, encrypt=StandardEncryption("open-sesame", strength=strength))
    assert error(data) == (
        "plan.pdf: This PDF is password-protected: remove the password and try again."
    )


@pytest.mark.parametrize("share", [0.05, 0.3, 0.6, 0.9, 0.999])
def test_it_refuses_a_pdf_cut_short(share):
    data = render.render(plans.ELENA)
    message = error(data[: int(len(data) * share)])
    assert message.startswith("plan.pdf: This PDF is damaged or incomplete: ")
    assert "cut short" in message


def test_it_refuses_a_pdf_whose_structure_is_broken():
    message = error(b"%PDF-1.7\n1 0 obj << /Type /Nonsense\n%%EOF\n")
    assert message.startswith("plan.pdf: This PDF is damaged or incomplete: ")


def test_it_names_the_page_it_cannot_read_in_a_damaged_pdf():
    data = bytearray(render.render(plans.ELENA))
    middle = len(data) // 2
    data[middle : middle + 400] = bytes(400)
    message = error(bytes(data))
    assert message.startswith("plan.pdf: This PDF is damaged or incomplete: page ")


def test_it_refuses_a_pdf_whose_fonts_give_no_letters():
    message = error(render.unmapped_font())
    assert "text of this PDF cannot be read" in message


def test_it_refuses_a_pdf_with_more_pages_than_the_limit(printed):
    message = error(printed[plans.ELENA.name].read_bytes(), limits=Limits(pages=2))
    assert message == (
        "plan.pdf: This PDF has 3 pages, more than the 2 this reader takes: save the pages with "
        "the action plan as a PDF of their own and try again."
    )


def test_the_page_limit_can_be_set_in_the_environment(printed, monkeypatch):
    data = printed[plans.ELENA.name].read_bytes()
    monkeypatch.setenv("FOLLOWTHROUGH_MAX_PDF_PAGES", "1")
    assert "more than the 1 this reader takes" in error(data)
    monkeypatch.setenv("FOLLOWTHROUGH_MAX_PDF_PAGES", "3")
    assert read_plan(data).review.subject_pseudonym == "Elena"


def test_it_stops_at_the_limit_when_the_page_tree_hides_the_count(printed, monkeypatch):
    monkeypatch.setattr(pdf, "_page_count", lambda document: 0)
    message = error(printed[plans.ELENA.name].read_bytes(), limits=Limits(pages=2))
    assert "more pages than the 2 this reader takes" in message


def test_a_page_limit_that_is_not_a_number_is_an_error_of_set_up(monkeypatch):
    monkeypatch.setenv("FOLLOWTHROUGH_MAX_PDF_PAGES", "lots")
    with pytest.raises(ValueError, match="FOLLOWTHROUGH_MAX_PDF_PAGES"):
        Limits.from_environment()


# The command line


def test_followthrough_parse_prints_a_pdf_plan_as_the_expected_json(printed, capsys):
    status = main(["parse", str(printed[plans.ELENA.name])])
    out, err = capsys.readouterr()
    assert status == 0
    assert err == ""
    problems = differences(json.loads(out), expected(plans.ELENA.name))
    assert not problems, "\n".join(problems)


def test_followthrough_parse_exits_2_with_one_line_for_a_scanned_pdf(tmp_path, capsys):
    path = tmp_path / "scan.pdf"
    path.write_bytes(render.scanned())
    status = main(["parse", str(path)])
    out, err = capsys.readouterr()
    assert status == 2
    assert out == ""
    assert err == f"followthrough parse: scan.pdf: {pdf.SCANNED}\n"
