"""The layouts plans are published in (shared/docs/plan-layouts.md), one small invented document
each, read by the block recognisers (``parsing/layouts``) and the shared interpreter."""

from __future__ import annotations

import textwrap

import pytest

from followthrough.interchange import PartialDate
from followthrough.parsing import ParseError, read_plan
from followthrough.parsing.confidence import CHECK_BELOW
from followthrough.parsing.layouts.header_line import split_header_line

HOME_OFFICE_HEADER = (
    "Recommendation Scope of recommendation (i.e. local or regional) Action to take Lead Agency "
    "Key milestones achieved in enacting recommendation Target Date Date of completion and outcome"
)


def read(text: str, filename: str = "plan.txt"):
    return read_plan(textwrap.dedent(text).encode(), filename=filename)


def test_a_header_line_run_together_is_cut_back_into_its_column_names():
    assert split_header_line(HOME_OFFICE_HEADER) == [
        "Recommendation",
        "Scope of recommendation (i.e. local or regional)",
        "Action to take",
        "Lead Agency",
        "Key milestones achieved in enacting recommendation",
        "Target Date",
        "Date of completion and outcome",
    ]


def test_a_title_with_a_year_in_it_is_not_a_header_line():
    assert split_header_line("Domestic Homicide Review Action Plan 2024") is None


def test_a_table_pasted_one_cell_per_paragraph_is_read_cell_by_cell():
    plan = read(
        f"""\
        Domestic Homicide Review Action Plan - Mr V

        Note that:
        • The Westholm Community Safety Partnership includes:
        • Westholm Borough Council

        {HOME_OFFICE_HEADER}

        a) Westholm Borough Council to review how its contact centre records disclosures.
        b) The review to include calls out of hours.

        Local

        1. Revise the call script.
        2. Brief all contact centre staff.

        Westholm Borough Council

        Script revised

        June 2024

        Completed July 2024 – script in use

        Westholm Police to audit its use of bail conditions in domestic abuse cases.

        Regional (Westholm and Fenby)

        Audit 40 cases.

        Head of Public Protection, Westholm Police

        Audit reported to the CSP

        Within six months of publication

        Not yet started
        """
    )
    first, second = plan.recommendations
    assert first.text.startswith("a) Westholm Borough Council") and "b) The review" in first.text
    assert first.number is None and first.scope == "local"
    assert [a.text for a in first.actions] == [
        "Revise the call script.",
        "Brief all contact centre staff.",
    ]
    action = first.actions[0]
    assert action.leads[0].agency == "Westholm Borough Council"
    assert [m.text for m in action.milestones] == ["Script revised"]
    assert action.target_date == PartialDate.fromisoformat("2024-06")
    assert (action.status, action.completed_on) == ("completed", PartialDate(2024, 7))
    assert second.scope == "regional"
    audit = second.actions[0]
    assert (audit.leads[0].role, audit.leads[0].agency) == (
        "Head of Public Protection",
        "Westholm Police",
    )
    # Said relatively: text, never a target date.
    assert audit.target_date is None
    assert audit.target_date_text == "Within six months of publication"
    assert not any("Note that" in r.text for r in plan.recommendations)


def test_a_table_flattened_into_running_text_is_cut_at_its_reference_codes():
    plan = read(
        "Fenby Constabulary Stalking Action Plan 2025 - public version Ref Recommendation "
        "Sub-Action Owner Target Date Status e.g. ST1 What needs to change? NO 1 What will be "
        "done? Roles not names ST2.1 Improve the recording of stalking reports. NO 1 Add a "
        "stalking flag to the crime system Head of Crime Recording March 2025 NO 2 Brief the "
        "control room Control Room Manager 30/04/2025 Complete ST4 Review the use of stalking "
        "protection orders. NO 1 Audit 30 cases with the Crown Prosecution Service "
        "Superintendent, Criminal Justice Q3 2025/26 In progress ST9 Offer victims a named "
        "contact. Open OFFICIAL Page 1 of 1"
    )
    assert plan.review.title == "Fenby Constabulary Stalking Action Plan 2025 - public version"
    assert [r.number for r in plan.recommendations] == ["ST2.1", "ST4", "ST9"]
    first = plan.recommendations[0]
    assert first.text == "Improve the recording of stalking reports."
    assert [a.text for a in first.actions] == [
        "Add a stalking flag to the crime system",
        "Brief the control room",
    ]
    assert first.actions[0].leads[0].role == "Head of Crime Recording"
    assert [a.status for a in first.actions] == ["completed", "completed"]
    audit = plan.recommendations[1].actions[0]
    assert audit.text == "Audit 30 cases with the Crown Prosecution Service"
    assert audit.leads[0].role.startswith("Superintendent")
    assert audit.status == "in_progress"


def test_a_tracker_as_a_pipe_table_keeps_its_numbers_and_order_and_reads_two_addressees():
    plan = read(
        """\
        Extracted: 3 recs
        Published: June 2025

        | # | Recommendation | Addressed to |
        | --- | --- | --- |
        | 4.1 | Fenby Police to review its stalking training. | Fenby Police |
        | 4.10 | The CSP to write to the Home Office about stalking guidance. | Home Office |
        | 4.2 | GP practices to record disclosures. | Fenby ICB | Fenby GP Federation |

        Source: overview report, section 4.
        """
    )
    assert [r.number for r in plan.recommendations] == ["4.1", "4.10", "4.2"]
    last = plan.recommendations[2].actions[0]
    assert [lead.agency for lead in last.leads] == ["Fenby ICB", "Fenby GP Federation"]
    # The action has no words of its own yet: the recommendation's stand in, said so.
    assert last.text == "GP practices to record disclosures."
    assert any("stands in" in w for w in last.warnings)
    assert all(a.target_date is None for r in plan.recommendations for a in r.actions)


def test_a_tracker_flattened_to_lines_takes_the_addressee_glued_on_the_end():
    plan = read(
        """\
        9.1 Fenby Police to review its training on coercive control. Fenby Police
        9.10 The CSP to write to the Home Office about economic abuse. Home Office
        9.2 GP practices to record disclosures using the agreed codes. Fenby ICB
        """
    )
    assert [r.actions[0].leads[0].agency for r in plan.recommendations] == [
        "Fenby Police",
        "Home Office",
        "Fenby ICB",
    ]
    assert (
        plan.recommendations[0].text == "Fenby Police to review its training on coercive control."
    )


def test_a_report_list_leaves_quoted_guidance_and_relative_timescales_alone():
    plan = read(
        """\
        Safeguarding Adults Review: Mr Q

        Recommendations

        Recommendation
        The Board should publish a briefing on self-neglect by September 2024.

        Recommendation
        Fenby Council should review its hoarding protocol within six months of this report.

        The duty to review

        The guidance says:

        - 14.133. Safeguarding Adults Boards must arrange a review when an adult dies.
        - 14.134. Reviews should determine what agencies might have done differently.
        """
    )
    texts = [r.text for r in plan.recommendations]
    assert len(texts) == 2 and not any("14.133" in t for t in texts)
    first, second = (r.actions[0] for r in plan.recommendations)
    assert first.target_date == PartialDate(2024, 9)
    assert second.target_date is None


def test_minutes_read_only_the_points_agreed_as_what_will_be_done():
    plan = read(
        """\
        Fenby Community Safety Partnership Board

        3. Domestic Homicide Review – Mr V: action plan update

        The Coordinator reported that:
        a) the audit of bail conditions has been completed;
        b) the call script was revised in June.

        The Board AGREED that:
        a) Fenby Police will brief all officers on stalking protection orders.
        Lead: Head of Public Protection, Fenby Police. By: 31 March 2026.
        """
    )
    assert plan.review.title == "Domestic Homicide Review – Mr V"
    (rec,) = plan.recommendations
    assert rec.text == "Fenby Police will brief all officers on stalking protection orders."
    action = rec.actions[0]
    assert action.leads[0].agency == "Fenby Police"
    assert action.target_date == PartialDate(2026, 3, 31)


def test_minutes_that_only_talk_about_a_plan_are_refused_in_one_line():
    with pytest.raises(ParseError) as refused:
        read(
            """\
            1. Welcome and apologies

            The Chair welcomed members.

            2. Domestic Homicide Reviews – update

            The action plan is rated green and seven of its nine actions are complete.
            """
        )
    assert "no action plan found" in str(refused.value)


def test_labelled_dates_in_the_target_cell_are_milestones_and_the_action_is_due_on_the_last():
    plan = read(
        "Recommendation,Action,Lead,Target date\n"
        '"Recommendation 3 (Training; scope: regional) The ICB to train GP practices.",'
        '"Run four sessions.",Fenby ICB,"Sessions booked: 31 March 2025\n'
        'Sessions delivered: 30 June 2025"\n',
        filename="plan.csv",
    )
    (rec,) = plan.recommendations
    assert (rec.number, rec.theme, rec.scope) == ("3", "Training", "regional")
    assert rec.text == "The ICB to train GP practices."
    action = rec.actions[0]
    assert [(m.text, m.target_date) for m in action.milestones] == [
        ("Sessions booked", PartialDate(2025, 3, 31)),
        ("Sessions delivered", PartialDate(2025, 6, 30)),
    ]
    assert action.target_date == PartialDate(2025, 6, 30) and action.target_date_derived
    assert any("last milestone" in w for w in action.warnings)


def test_a_rebuilt_layout_is_read_with_less_confidence_than_a_table_and_says_where_each_item_is():
    table = read(
        "Recommendation\tAction\tLead\tTarget date\n"
        "Fenby Police to review training.\tReview the training.\tFenby Police\tMarch 2025\n"
    )
    flattened = read(
        """\
        9.1 Fenby Police to review its training on coercive control. Fenby Police
        9.2 The CSP to write to the Home Office about economic abuse. Home Office
        9.3 GP practices to record disclosures using the agreed codes. Fenby ICB
        """
    )
    sure = table.recommendations[0].actions[0]
    unsure = flattened.recommendations[0].actions[0]
    assert sure.confidence >= CHECK_BELOW > unsure.confidence
    assert sure.place == "table row 1"
    assert flattened.recommendations[2].place == "table row 3"
