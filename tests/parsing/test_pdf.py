"""The PDF reader on plans printed to PDF at test time (tests/parsing/corpus/pdf), and on PDFs
it cannot read: scans, password-protected, cut short, too long."""

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
from followthrough.parsing.document import Block
from followthrough.parsing.formats import pdf
from followthrough.parsing.formats.pdf import document_from_pdf
from tests.parsing.corpus.pdf import plans, render
from tests.parsing.test_seed import differences

CORPUS = Path(__file__).parent / "corpus" / "pdf"
# Each plan of the corpus and the JSON it should read as (the template plan printed three ways).
EXPECTED = {
    plans.ELENA.name: "home-office-template.expected.json",
    plans.ELENA_UNRULED.name: "home-office-template.expected.json",
    plans.ELENA_HEADER_ONCE.name: "home-office-template.expected.json",
    plans.OWEN.name: "extra-columns.expected.json",
}


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> dict[str, Path]:
    """Every corpus plan printed to a PDF file, by plan name."""
    folder = tmp_path_factory.mktemp("pdf")
    paths = {}
    for plan in plans.CORPUS:
        paths[plan.name] = folder / f"{plan.name}.pdf"
        paths[plan.name].write_bytes(render.render(plan))
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


def error(data: bytes) -> str:
    with pytest.raises(ParseError) as caught:
        read_plan(data, filename="plan.pdf")
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith("plan.pdf: ")
    return message


# The corpus


def test_the_corpus_prints_the_same_bytes_every_time():
    assert render.render(plans.ELENA) == render.render(plans.ELENA)


def test_the_template_plan_runs_over_three_pages(printed):
    with pdfplumber.open(printed[plans.ELENA.name]) as document:
        assert len(document.pages) >= 3


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
def test_it_joins_the_lines_of_a_cell_with_spaces(name, blocks):
    row = next(b for b in blocks(name) if b.cells[0].startswith("That Eastmere Police"))
    assert row.cells == [
        "That Eastmere Police and Harbourside Housing agree a protocol for sharing risk "
        "information when a tenant is the victim of domestic abuse.",
        "Local",
        "Draft and sign a joint information sharing protocol",
        "DI Tom Hargreaves (Eastmere Police) / Ruth Okafor (Harbourside Housing)",
        "1. Protocol drafted 2. Protocol signed by both agencies",
        "December 2024 February 2025",
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
    row = next(b for b in blocks(plans.ELENA.name) if b.cells[0].startswith("That Westshire P"))
    assert row.cells[4] == "• Template changed • Practitioners briefed"


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


def test_it_refuses_a_pdf_with_more_pages_than_the_limit(printed, monkeypatch):
    monkeypatch.setattr(pdf, "MAX_PDF_PAGES", 2)
    message = error(printed[plans.ELENA.name].read_bytes())
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
    monkeypatch.setattr(pdf, "MAX_PDF_PAGES", 2)
    monkeypatch.setattr(pdf, "_page_count", lambda document: 0)
    message = error(printed[plans.ELENA.name].read_bytes())
    assert "more pages than the 2 this reader takes" in message


def test_a_page_limit_that_is_not_a_number_is_an_error_of_set_up(monkeypatch):
    monkeypatch.setenv("FOLLOWTHROUGH_MAX_PDF_PAGES", "lots")
    with pytest.raises(ValueError, match="FOLLOWTHROUGH_MAX_PDF_PAGES"):
        pdf.max_pages()


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
