"""Text and CSV: which separator a file uses, and how its lines become blocks."""

from __future__ import annotations

import pytest

from followthrough.interchange import Lead, PartialDate
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
    with pytest.raises(ParseError, match="a cell of the CSV file has more than 131,072 characters"):
        read_plan(text.encode(), format="csv")


EXPORT = (
    "Review ID,Review title,Rec No,Recommendation,Action No,Action,Milestone,Milestone due,"
    "Owner,Owner organisation,Status,Last updated,Closure date,Closure note\r\n"
    "AN/CSPR/2024/01,Child Safeguarding Practice Review – Child Q,1,That fathers are seen.,1.1,"
    "Revise the procedure.,Draft to sub-group,2024-01-31,Jo Bloggs (ASCP Policy Officer),"
    "Anytown Safeguarding Children Partnership,Closed - complete,15/5/2024 16:02,15/5/2024,"
    "Published.\r\n"
    "AN/CSPR/2024/01,Child Safeguarding Practice Review – Child Q,1,That fathers are seen.,1.1,"
    "Revise the procedure.,Procedure published,2024-04-30,Jo Bloggs (ASCP Policy Officer),"
    "Anytown Safeguarding Children Partnership,Closed - complete,15/5/2024 16:02,15/5/2024,"
    "Published.\r\n"
    "AN/CSPR/2024/01,Child Safeguarding Practice Review – Child Q,2,That records are audited.,"
    "2.1,Audit 40 records.,,2024-06-30,Named Nurse Safeguarding Children,Anytown NHS Trust,"
    "Closed - not achieved,2/7/2024 11:47,1/7/2024,Audit not done.\r\n"
)


def test_an_export_of_a_case_system_reads_its_review_columns_and_skips_its_record_keeping():
    plan = read_plan(EXPORT.encode("cp1252"), filename="export.csv")
    assert plan.review.title == "Child Safeguarding Practice Review – Child Q"
    assert (plan.review.reference, plan.review.review_type) == ("AN/CSPR/2024/01", "CSPR")
    first = plan.recommendations[0].actions[0]
    assert first.text == "Revise the procedure."
    assert [(m.text, m.target_date) for m in first.milestones] == [
        ("Draft to sub-group", PartialDate(2024, 1, 31)),
        ("Procedure published", PartialDate(2024, 4, 30)),
    ]
    assert (first.status, first.completed_on, first.outcome) == (
        "completed",
        PartialDate(2024, 5, 15),
        "Published.",
    )
    assert any("'Last updated' not read" in w for w in plan.warnings)


def test_initials_of_the_owners_organisation_in_a_title_stay_in_the_title():
    plan = read_plan(EXPORT.encode("cp1252"), filename="export.csv")
    assert plan.recommendations[0].actions[0].leads == [
        Lead("Jo Bloggs", "ASCP Policy Officer", "Anytown Safeguarding Children Partnership")
    ]
    assert plan.recommendations[1].actions[0].leads == [
        Lead(None, "Named Nurse Safeguarding Children", "Anytown NHS Trust")
    ]


def test_a_closure_date_of_an_action_not_achieved_is_not_a_completion_date():
    action = read_plan(EXPORT.encode("cp1252"), filename="export.csv").recommendations[1].actions[0]
    assert (action.status, action.completed_on) == ("not_achieved", None)
    assert any("is when it was closed (not achieved)" in w for w in action.warnings)
