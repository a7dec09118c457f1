"""Text and CSV: which separator a file uses, and how its lines become blocks."""

from __future__ import annotations

import pytest

from followthrough.parsing import read_plan
from followthrough.parsing.formats.delimited import csv_delimiter, document_from_csv
from followthrough.parsing.formats.text import document_from_text


def _cells(text: str) -> list[list[str]]:
    return [b.cells for b in document_from_text(text).blocks]


def test_a_table_typed_with_bars_loses_its_outer_bars_and_its_rule_line():
    assert _cells("Title\n\n| A | B |\n|---|:--:|\n| a | b |\n") == [
        ["Title"],
        ["A", "B"],
        ["a", "b"],
    ]


def test_cells_separated_by_slashes_are_cut_and_the_document_says_slashes_may_be_in_cells():
    document = document_from_text("A / B / C\na / b / c\n")
    assert [b.cells for b in document.blocks] == [["A", "B", "C"], ["a", "b", "c"]]
    assert document.separator_in_cells == " / "


def test_a_tab_anywhere_makes_tabs_the_separator_even_with_slashes_in_cells():
    assert _cells("A\tB\nx / y / z\tw\nu / v / t\tq\n") == [
        ["A", "B"],
        ["x / y / z", "w"],
        ["u / v / t", "q"],
    ]


def test_one_slash_in_a_sentence_does_not_make_a_table():
    assert _cells("Police / probation work together.\nThe end.\n") == [
        ["Police / probation work together."],
        ["The end."],
    ]


def test_a_line_that_starts_a_label_a_number_or_a_list_item_starts_a_paragraph():
    text = (
        "Recommendation 1: That the council reviews the way it shares information with its\n"
        "partners.\n"
        "Lead: Anytown Council, a long line that goes on and on and does not finish here\n"
        "Target date: May 2025\n"
        "a) a point that is long enough to look wrapped by the width of the lines here\n"
        "b) another\n"
    )
    assert _cells(text) == [
        ["Recommendation 1: That the council reviews the way it shares information with its "
         "partners."],
        ["Lead: Anytown Council, a long line that goes on and on and does not finish here"],
        ["Target date: May 2025"],
        ["a) a point that is long enough to look wrapped by the width of the lines here"],
        ["b) another"],
    ]  # fmt: skip


@pytest.mark.parametrize(
    "text, delimiter",
    [
        ("Title,,\nRecommendation,Action,Lead\nR,A,L\n", ","),
        ('Recommendation;Action;Lead\nR;"A; and B";L\n', ";"),
        ("Dear colleague, thank you.\nThe plan, as agreed, is attached.\nRegards\n", None),
        ("A\tB\tC\nx,y,z\tw\tv\n", None),
        ("Recommendation,Action\n", None),
    ],
)
def test_it_takes_text_for_csv_when_its_records_are_of_one_width(text, delimiter):
    assert csv_delimiter(text) == delimiter


def test_csv_cells_keep_their_line_breaks_and_rows_are_whole():
    document = document_from_csv('A,B\r\n"1. Draft\r\n2. Agree",x\r\n')
    assert [b.cells for b in document.blocks] == [["A", "B"], ["1. Draft\n2. Agree", "x"]]
    assert document.whole_rows


def test_a_csv_plan_with_the_recommendation_repeated_on_each_action_row():
    text = (
        "Recommendation,Action,Lead,Target date\n"
        "That the council acts.,Act,Anytown Council,May 2025\n"
        "That the council acts.,Report,Anytown Council,June 2025\n"
        "That the board checks.,Check,Anytown CSP,2026\n"
    )
    plan = read_plan(text.encode(), filename="plan.csv")
    assert [[a.text for a in r.actions] for r in plan.recommendations] == [
        ["Act", "Report"],
        ["Check"],
    ]


def test_a_csv_field_too_large_for_the_csv_module_gets_one_line():
    from followthrough.parsing import ParseError

    text = "A,B,C\n" + '"' + "x" * 200_000 + '",b,c\n'
    with pytest.raises(ParseError, match="the CSV file cannot be read"):
        read_plan(text.encode(), format="csv")
