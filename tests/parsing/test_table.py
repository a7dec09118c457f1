"""The table interpreter on invented plans: other headers, layouts and breakages."""

from __future__ import annotations

import pytest

from followthrough.interchange import PartialDate
from followthrough.parsing import read_plan
from followthrough.parsing.document import Block, Document
from followthrough.parsing.table import interpret


def _plan(*lines: str):
    return read_plan("\n".join(lines).encode())


HOME_OFFICE_HEADER = (
    "Recommendation\tScope of recommendation (local or regional)\tAction to take\tLead agency\t"
    "Key milestones achieved in enacting recommendation\tTarget date\t"
    "Date of completion and outcome"
)


def test_it_reads_the_home_office_template_columns():
    plan = _plan(
        "Domestic Abuse Related Death Review into the death of Adult B",
        HOME_OFFICE_HEADER,
        "Police to refresh DASH training.\tLocal\tRun refresher sessions\tAnytown Police\t"
        "1. Sessions booked 2. Sessions run\tMay 2025 September 2025\t",
    )
    assert plan.review.review_type == "DARDR"
    assert plan.review.subject_pseudonym == "Adult B"
    rec = plan.recommendations[0]
    assert rec.scope == "local"
    action = rec.actions[0]
    assert action.leads[0].agency == "Anytown Police"
    assert [(m.number, m.text, m.target_date) for m in action.milestones] == [
        (1, "Sessions booked", PartialDate(2025, 5)),
        (2, "Sessions run", PartialDate(2025, 9)),
    ]
    assert action.target_date == PartialDate(2025, 9)
    assert action.status is None and action.outcome is None


def test_it_reads_other_names_for_the_columns_and_numbered_recommendations():
    plan = _plan(
        "Ref\tRecommendation\tActions\tPerson responsible\tTarget completion date\tProgress\t"
        "RAG status",
        "1\tAudit hoarding cases.\tRun the audit\tJo Bloggs (Anytown Council)\t31/03/2025\t"
        "Audit done 12 March 2025\tComplete",
        "\t\tReport the audit to the board\tAnytown Council\tJune 2025\tongoing\tAmber",
        "2\tTrain staff in professional curiosity.\tDeliver training\tAnytown NHS Trust\tDec 25\t"
        "\t",
    )
    first, second = plan.recommendations
    assert (first.number, second.number) == ("1", "2")
    assert [a.text for a in first.actions] == ["Run the audit", "Report the audit to the board"]
    done, ongoing = first.actions
    assert (done.status, done.completed_on) == ("completed", PartialDate(2025, 3, 12))
    assert (ongoing.status, ongoing.completed_on) == ("in_progress", None)
    assert second.actions[0].target_date == PartialDate(2025, 12)


@pytest.mark.parametrize(
    "cell, number, text",
    [
        ("1. That agencies act.", "1", "That agencies act."),
        ("8.1 That agencies act.", "8.1", "That agencies act."),
        ("R4: That agencies act.", "R4", "That agencies act."),
        ("2 agencies to act.", None, "2 agencies to act."),
    ],
)
def test_it_takes_the_recommendation_number_printed_before_its_text(cell, number, text):
    plan = _plan("Recommendation\tAction\tLead\tTarget date", f"{cell}\tAct\tAnytown CSP\t2025")
    assert (plan.recommendations[0].number, plan.recommendations[0].text) == (number, text)


def test_it_joins_a_row_cut_by_a_page_break_cell_by_cell():
    header = "Recommendation\tAction\tLead\tTarget date\tOutcome"
    plan = _plan(
        header,
        "That the board reviews the referral pathway and\tMap the pathway with\t"
        "Jo Bloggs (Anytown Council)\tMay 2025\tPathway mapped; gaps in",
        "",
        header,
        "agrees changes with partners.\tall partners\t\t\tout-of-hours cover found",
        "That the board publishes the new pathway.\tPublish it\tAnytown CSP\tJuly 2025\t",
    )
    assert [r.text for r in plan.recommendations] == [
        "That the board reviews the referral pathway and agrees changes with partners.",
        "That the board publishes the new pathway.",
    ]
    action = plan.recommendations[0].actions[0]
    assert action.text == "Map the pathway with all partners"
    assert action.outcome == "Pathway mapped; gaps in out-of-hours cover found"


def test_after_a_page_break_a_row_with_a_cell_starting_mid_sentence_continues_the_row():
    header = "Recommendation\tAction\tLead\tTarget date\tOutcome"
    plan = _plan(
        header,
        "That the board reviews the pathway.\tMap it.\tAnytown CSP\tMay 2025\tMapped.",
        header,
        "It also publishes it.\tPublish it.\t\t\tpublished in June",
    )
    assert len(plan.recommendations) == 1
    assert plan.recommendations[0].actions[0].outcome == "Mapped. published in June"


def test_a_row_with_milestones_only_finishes_the_row_before():
    plan = _plan(
        "Recommendation\tAction\tLead\tMilestones\tTarget date",
        "That the board reviews the pathway.\tMap it.\tAnytown CSP\tMap the pathway\tMay 2025",
        "\t\t\tPublish the map\tJune 2025",
    )
    action = plan.recommendations[0].actions[0]
    assert [m.text for m in action.milestones] == ["Map the pathway", "Publish the map"]
    assert action.target_date == PartialDate(2025, 6)


def test_milestones_that_go_on_numbering_continue_the_row_before():
    plan = _plan(
        "Recommendation\tAction\tLead\tMilestones\tTarget date",
        "That the board reviews the pathway.\tMap it.\tAnytown CSP\t1. Map 2. Agree\t",
        "Then it publishes it.\tPublish it.\t\t3. Publish\t",
    )
    assert len(plan.recommendations) == 1
    assert [m.number for m in plan.recommendations[0].actions[0].milestones] == [1, 2, 3]


def test_without_a_page_break_such_a_row_is_a_new_recommendation():
    plan = _plan(
        "Recommendation\tAction\tLead\tTarget date\tOutcome",
        "That the board reviews the pathway.\tMap it.\tAnytown CSP\tMay 2025\tMapped.",
        "It also publishes it.\tPublish it.\t\t\tpublished in June",
    )
    assert len(plan.recommendations) == 2


def test_the_partnership_is_the_one_the_plan_names_most():
    plan = _plan(
        "Recommendation\tAction\tLead\tTarget date",
        "That Anytown CSP and Shire CSP agree.\tAgree\tJo Bloggs (Shire CSP)\t2025",
        "That Shire CSP reports.\tReport\tShire CSP\t2025",
    )
    assert plan.review.partnership == "Shire CSP"
    assert any("Shire CSP" in w for w in plan.warnings)


def test_it_reads_theme_rows_into_theme_area_and_scope():
    header = "Recommendation\tAction\tLead\tTarget date"
    row = "That agencies act.\tAct\tAnytown Council\t2025"
    plan = _plan(
        header,
        "Theme 1 - Information sharing - Anytown\t\t\t",
        row,
        "Theme 2 – Training\t– County wide\t\t",
        row,
        "Theme 3 – National learning\t\t\t",
        row,
    )
    assert [(r.theme, r.area, r.scope) for r in plan.recommendations] == [
        ("Information sharing", "Anytown", "local"),
        ("Training", "County wide", "regional"),
        ("National learning", None, "national"),
    ]


def test_a_scope_cell_that_names_a_place_gives_the_area_too():
    plan = _plan(
        "Recommendation\tScope\tAction\tLead",
        "That officers ask.\tRegional (Anytown & Westmere force area)\tBrief\tAnytown Police",
        "That nurses ask.\tLocal – Anytown\tTrain\tAnytown ICB",
        "That the Home Office acts.\tNational\tWrite\tAnytown CSP",
    )
    assert [(r.scope, r.area) for r in plan.recommendations] == [
        ("regional", "Anytown & Westmere force area"),
        ("local", "Anytown"),
        ("national", None),
    ]


def test_it_joins_wrapped_lines_of_the_preamble_but_not_the_title():
    plan = _plan(
        "Domestic Homicide Review into the death of Mrs P",
        "The partnership agreed this plan and the board will monitor its delivery every",
        "three months until all actions are complete.",
        "Recommendation\tAction\tLead\tTarget date",
        "That agencies act.\tAct\tAnytown Council\t2025",
    )
    assert plan.review.title == "Domestic Homicide Review into the death of Mrs P"
    assert plan.review.subject_pseudonym == "Mrs P"
    assert plan.preamble == (
        "The partnership agreed this plan and the board will monitor its delivery every three "
        "months until all actions are complete."
    )


def test_it_keeps_the_preamble_and_drops_headings_before_the_table():
    plan = _plan(
        "Safeguarding Adults Review concerning Adult K",
        "",
        "Action Plan",
        "",
        "The Board monitors this plan every quarter.",
        "Recommendation\tAction\tLead\tTarget date",
        "That agencies act.\tAct\tAnytown Council\t2025",
    )
    assert plan.review.title == "Safeguarding Adults Review concerning Adult K"
    assert plan.review.review_type == "SAR"
    assert plan.preamble == "The Board monitors this plan every quarter."


def test_in_a_report_with_the_plan_at_its_end_only_the_text_under_the_plan_heading_is_preamble():
    plan = _plan(
        "Domestic Homicide Review into the death of Adult K",
        "10. Conclusions",
        "The Panel found missed chances to ask about abuse.",
        "Appendix A – Action Plan",
        "The sub-group will monitor this plan every six months.",
        "Recommendation\tAction\tLead\tTarget date",
        "That agencies act.\tAct\tAnytown Council\t2025",
    )
    assert plan.preamble == "The sub-group will monitor this plan every six months."


def test_a_dhr_plan_names_its_community_safety_partnership_even_if_the_board_is_named_more():
    plan = _plan(
        "Domestic Homicide Review into the death of Adult K",
        "The Safer Anytown Partnership agreed this plan. The Anytown Safeguarding Adults Board, "
        "the Anytown Safeguarding Adults Board's chair and the Anytown Safeguarding Adults Board "
        "sub-group were told.",
        "Recommendation\tAction\tLead\tTarget date",
        "That agencies act.\tAct\tAnytown Council\t2025",
    )
    assert plan.review.partnership == "Safer Anytown Partnership"


def test_it_puts_back_a_bullet_lost_at_a_page_break_in_a_bulleted_list():
    header = "Recommendation\tAction\tLead\tTarget date"
    plan = _plan(
        header,
        "That the panel examines: • risk assessment; • information sharing;\tReview\t"
        "Anytown CSP\t2025",
        header,
        " Training of staff; Public awareness.\t\t\t",
    )
    assert plan.recommendations[0].text == (
        "That the panel examines: • risk assessment; • information sharing; "
        "• Training of staff; • Public awareness."
    )


def test_it_mends_run_on_outcome_notes_and_takes_the_latest_date_as_completion():
    plan = _plan(
        "Recommendation\tAction\tLead\tTarget date\tDate of completion and outcome",
        "That agencies act.\tAct\tAnytown Council\t2025\tPolicy agreed March 2025 and "
        "circulated to staff Audit presented 2 May 2025",
    )
    action = plan.recommendations[0].actions[0]
    assert action.outcome == (
        "Policy agreed March 2025 and circulated to staff. Audit presented 2 May 2025"
    )
    assert action.completed_on == PartialDate(2025, 5, 2)
    assert action.status == "completed"


def test_it_warns_when_target_dates_and_milestones_do_not_pair_up():
    plan = _plan(
        "Recommendation\tAction\tLead\tKey milestones\tTarget date",
        "That agencies act.\tAct\tAnytown Council\t1. Draft 2. Consult 3. Publish\t"
        "May 2025 June 2025",
    )
    action = plan.recommendations[0].actions[0]
    assert [m.target_date for m in action.milestones] == [
        PartialDate(2025, 5),
        PartialDate(2025, 6),
        None,
    ]
    assert any("2 target dates for 3 milestones" in w for w in action.warnings)


def test_it_warns_about_a_target_that_is_not_a_date():
    plan = _plan(
        "Recommendation\tAction\tLead\tTarget date",
        "That agencies act.\tAct\tAnytown Council\tOngoing",
    )
    action = plan.recommendations[0].actions[0]
    assert action.target_date is None
    assert any("'Ongoing' is not a date" in w for w in action.warnings)


def test_it_skips_page_numbers_between_rows():
    plan = _plan(
        "Recommendation\tAction\tLead\tTarget date",
        "That agencies act.\tAct\tAnytown Council\t2025",
        "Page 2 of 3",
        "That the board checks.\tCheck\tAnytown CSP\t2026",
    )
    assert [r.text for r in plan.recommendations] == [
        "That agencies act.",
        "That the board checks.",
    ]
    assert [r.theme for r in plan.recommendations] == [None, None]


def test_the_interpreter_works_on_blocks_from_any_format_reader():
    document = Document(
        blocks=[
            Block(["Child Safeguarding Practice Review: Child D"]),
            Block(["Recommendation", "Action", "Lead", "Target date"]),
            Block(["That schools share attendance data.", "Set up a data feed", "Anytown Council",
                   "September 2025"]),
            Block(["by the start of term.", "", "", ""], page_break_before=True),
        ]
    )  # fmt: skip
    plan = interpret(document)
    assert plan.review.review_type == "CSPR"
    assert plan.recommendations[0].text == (
        "That schools share attendance data. by the start of term."
    )
