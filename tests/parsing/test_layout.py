"""Layout understanding in the shared interpreter: what every format's blocks are read as."""

from __future__ import annotations

import pytest

from followthrough.interchange import Lead, PartialDate
from followthrough.parsing import ParseError, read_plan
from followthrough.parsing.columns import Col, column_kind, header_columns
from followthrough.parsing.document import Block, Document
from followthrough.parsing.table import interpret


def _rows(*rows: list[str], whole: bool = True, text: tuple[str, ...] = ()) -> Document:
    blocks = [Block([t], is_text=True) for t in text]
    return Document(blocks=[*blocks, *(Block(list(r)) for r in rows)], whole_rows=whole)


def _plan(*rows: list[str], **kwargs):
    return interpret(_rows(*rows, **kwargs))


@pytest.mark.parametrize(
    "header, kind",
    [
        ("Scope of recommendation (local or regional)", Col.SCOPE),
        ("Local / regional / national", Col.SCOPE),
        ("RAG status", Col.STATUS),
        ("Status / RAG", Col.STATUS),
        ("Agency response", Col.RESPONSE),
        ("Evidence", Col.EVIDENCE),
        ("Evidence of completion", Col.EVIDENCE),
        ("Progress update", Col.OUTCOME),
        ("Rec no.", Col.NUMBER),
        ("Revised target date", Col.REVISED_TARGET),
        ("Milestone date", Col.TARGET),
        ("Key milestones", Col.MILESTONES),
        ("Person responsible", Col.LEAD),
        ("Notes for the panel secretary about this plan and its many parts", None),
    ],
)
def test_it_knows_a_column_by_what_its_header_means(header, kind):
    assert column_kind(header) == kind


def test_columns_are_read_in_any_order_with_extra_columns():
    plan = _plan(
        ["Evidence", "RAG", "Target date", "Lead", "Action", "Recommendation", "Ref", "Scope"],
        ["Audit report", "Blue", "May 2025", "Anytown Council", "Audit cases",
         "That the council audits cases.", "3", "Local"],
    )  # fmt: skip
    rec = plan.recommendations[0]
    assert (rec.number, rec.text, rec.scope) == ("3", "That the council audits cases.", "local")
    action = rec.actions[0]
    assert (action.text, action.target_date, action.status) == (
        "Audit cases",
        PartialDate(2025, 5),
        "completed",
    )
    assert action.outcome == "Evidence: Audit report"


def test_the_agency_response_is_the_action_when_there_is_no_action_column():
    plan = _plan(
        ["Recommendation", "Agency response", "Lead", "Target date"],
        ["That the police act.", "Accepted: briefing to all officers", "Anytown Police", "2025"],
    )
    assert plan.recommendations[0].actions[0].text == "Accepted: briefing to all officers"


def test_a_column_not_read_is_named_in_a_note():
    plan = _plan(
        ["Recommendation", "Action", "Agency response", "Lead", "Notes"],
        ["That the police act.", "Brief officers", "Accepted", "Anytown Police", "see file"],
    )
    assert plan.recommendations[0].actions[0].text == "Brief officers"
    assert "table: the column 'Agency response' not read (1 cell)" in plan.warnings
    assert "table: the column 'Notes' not read (1 cell)" in plan.warnings


def test_a_lead_officer_column_and_a_lead_agency_column_make_one_lead_each():
    columns = header_columns(["Recommendation", "Action", "Lead officer", "Lead agency"])
    assert columns.kinds == {0: Col.RECOMMENDATION, 1: Col.ACTION, 2: Col.LEAD, 3: Col.AGENCY}
    plan = _plan(
        ["Recommendation", "Action", "Lead officer", "Lead agency"],
        ["That partners act.", "Act", "Jo Bloggs; Sam Rowe, Named Nurse", "Anytown Council"],
        ["That partners meet.", "Meet", "Kim Park\nAl Day", "Anytown Police\nAnytown ICB"],
    )
    first, second = (r.actions[0].leads for r in plan.recommendations)
    assert first == [Lead("Jo Bloggs", None, "Anytown Council"),
                     Lead("Sam Rowe", "Named Nurse", "Anytown Council")]  # fmt: skip
    assert second == [Lead("Kim Park", None, "Anytown Police"),
                      Lead("Al Day", None, "Anytown ICB")]  # fmt: skip


def test_a_revised_target_date_is_the_target_and_the_original_is_noted():
    plan = _plan(
        ["Recommendation", "Action", "Original target date", "Revised target date"],
        ["That partners act.", "Act", "March 2025", "September 2025"],
    )
    action = plan.recommendations[0].actions[0]
    assert action.target_date == PartialDate(2025, 9)
    assert any("revised date 'September 2025' taken, not the original 'March 2025'" in w
               for w in action.warnings)  # fmt: skip


HOME_OFFICE = [
    "Recommendation", "Scope of recommendation", "Action to take", "Lead agency",
    "Key milestones achieved in enacting recommendation", "Target date", "RAG",
]  # fmt: skip
GUIDANCE = [
    "What is the overarching recommendation?", "Local or regional", "How will it happen?",
    "Which agency is responsible?", "Include a set of milestones", "Realistic target date",
    "Red Amber Green",
]  # fmt: skip


def test_the_templates_guidance_rows_are_not_records():
    plan = _plan(HOME_OFFICE, GUIDANCE, ["That partners act.", "Local", "Act", "Anytown CSP", "",
                                         "2025", ""])  # fmt: skip
    assert [r.text for r in plan.recommendations] == ["That partners act."]
    assert "table: the template's guidance to its author left out (1 row)" in plan.warnings


def test_a_blank_template_says_it_is_one():
    with pytest.raises(ParseError) as caught:
        interpret(_rows(HOME_OFFICE, GUIDANCE, [""] * 7, [""] * 7, text=("Action plan",)))
    assert str(caught.value) == (
        "no recommendations: the action plan table has the template's column headers and "
        "guidance but nothing filled in under them; this looks like a blank template: fill in "
        "the plan and try again"
    )


def test_a_header_with_nothing_under_it_and_no_guidance_says_so():
    with pytest.raises(ParseError, match="header row but no recommendations"):
        interpret(_rows(HOME_OFFICE))


@pytest.mark.parametrize(
    "cell, number, text",
    [
        ("Recommendation 2: That agencies act.", "2", "That agencies act."),
        ("Rec 4.1 – That agencies act.", "4.1", "That agencies act."),
        ("8.2.1 That agencies act.", "8.2.1", "That agencies act."),
        ("a) That agencies act.", "a", "That agencies act."),
        ("(b) That agencies act.", "b", "That agencies act."),
        ("R4: That agencies act.", "R4", "That agencies act."),
        ("2 agencies should act.", None, "2 agencies should act."),
    ],
)
def test_it_reads_the_numbering_styles_plans_use(cell, number, text):
    rec = _plan(["Recommendation", "Action", "Lead"], [cell, "Act", "Anytown CSP"])
    assert (rec.recommendations[0].number, rec.recommendations[0].text) == (number, text)


def test_a_row_numbered_under_a_recommendation_is_another_of_its_actions():
    plan = _plan(
        ["No.", "Recommendation", "Action", "Lead"],
        ["8.1", "That the police act.", "Brief officers", "Anytown Police"],
        ["8.1.1", "", "Audit the briefing", "Anytown Police"],
        ["8.2", "That the council acts.", "Act", "Anytown Council"],
    )
    assert [(r.number, [a.text for a in r.actions]) for r in plan.recommendations] == [
        ("8.1", ["Brief officers", "Audit the briefing"]),
        ("8.2", ["Act"]),
    ]


def test_a_recommendation_written_across_the_table_heads_the_actions_under_it():
    plan = _plan(
        ["Action", "Lead", "Target date"],
        ["Recommendation 1: That the police act.", "", ""],
        ["Brief officers", "Anytown Police", "May 2025"],
        ["Audit the briefing", "Anytown Police", "June 2025"],
        ["Recommendation 2", "", ""],
        ["Review the policy", "Anytown Council", "2026"],
    )
    first, second = plan.recommendations
    assert (first.number, first.text, [a.text for a in first.actions]) == (
        "1", "That the police act.", ["Brief officers", "Audit the briefing"])  # fmt: skip
    assert (second.number, second.text) == ("2", "(no recommendation text)")


def test_a_plan_grouped_by_agency_gives_each_lead_its_sections_agency():
    plan = _plan(
        ["Recommendation", "Action", "Lead", "Target date"],
        ["Anytown Police", "", "", ""],
        ["That officers ask.", "Brief officers", "DI Kim Park", "May 2025"],
        ["That officers record.", "Change the form", "", "June 2025"],
        ["Anytown NHS Foundation Trust", "", "", ""],
        ["That nurses ask.", "Train nurses", "Safeguarding Team", "2026"],
    )
    leads = [r.actions[0].leads for r in plan.recommendations]
    assert leads == [
        [Lead("Kim Park", "DI", "Anytown Police")],
        [Lead(None, None, "Anytown Police")],
        [Lead(None, "Safeguarding Team", "Anytown NHS Foundation Trust")],
    ]
    assert [r.theme for r in plan.recommendations] == [None, None, None]
    assert any("taken from the section heading" in w
               for w in plan.recommendations[0].actions[0].warnings)  # fmt: skip


def test_single_and_multi_agency_headings_are_not_themes_and_national_ones_set_the_scope():
    plan = _plan(
        ["Recommendation", "Action", "Lead"],
        ["Theme 1 – Training", "", ""],
        ["That staff are trained.", "Train", "Anytown Council"],
        ["Multi-agency recommendations", "", ""],
        ["That partners meet.", "Meet", "Anytown CSP"],
        ["National recommendations", "", ""],
        ["That the Home Office writes guidance.", "Write to the Home Office", "Anytown CSP"],
    )
    assert [(r.theme, r.scope) for r in plan.recommendations] == [
        ("Training", None),
        (None, None),
        (None, "national"),
    ]


def test_a_long_single_agency_heading_starts_a_section_rather_than_a_recommendation():
    plan = _plan(
        ["Recommendation", "Action", "Lead"],
        ["Single agency recommendations – Anytown Integrated Care Board (Primary Care)", "", ""],
        ["That practices ask.", "Brief practices", "Head of Safeguarding"],
    )
    assert [r.text for r in plan.recommendations] == ["That practices ask."]
    assert plan.recommendations[0].actions[0].leads == [
        Lead(None, "Head of Safeguarding", "Anytown Integrated Care Board (Primary Care)")
    ]


def test_a_measure_of_success_column_is_the_actions_measure_never_its_outcome():
    plan = _plan(
        ["Recommendation", "Action", "Lead", "Measure of success", "Progress update"],
        ["That nurses ask.", "Train nurses", "Anytown ICB", "Audit shows 90% asked", ""],
    )
    action = plan.recommendations[0].actions[0]
    assert action.measure == "Audit shows 90% asked"
    assert (action.outcome, action.status) == (None, None)


def test_an_outcome_measure_label_in_a_plan_without_a_table_is_the_measure():
    plan = read_plan(
        b"Recommendation 1: That nurses ask about abuse.\n"
        b"Action: Train nurses.\n"
        b"Lead: Anytown ICB\n"
        b"Outcome measure: Quarterly audit shows the question completed in 90% of visits.\n"
    )
    action = plan.recommendations[0].actions[0]
    assert action.measure == "Quarterly audit shows the question completed in 90% of visits."
    assert (action.outcome, action.status) == (None, None)


def test_a_findings_short_title_is_the_theme_of_the_recommendations_under_it():
    plan = _plan(
        ["Ref", "Learning / Finding", "Recommendation", "Action", "Lead"],
        ["1.1", "Finding 1 – Self-neglect\nNo agency used the protocol.", "That the Board acts.",
         "Relaunch", "Anytown SAB"],
        ["1.2", "", "That staff are trained.", "Train", "Anytown Council"],
        ["2.1", "Finding 2 – Hospital discharge\nShe went home alone.", "That wards check.",
         "Amend the checklist", "Anytown Hospitals NHS Trust"],
    )  # fmt: skip
    assert [(r.number, r.theme) for r in plan.recommendations] == [
        ("1.1", "Self-neglect"),
        ("1.2", "Self-neglect"),
        ("2.1", "Hospital discharge"),
    ]
    assert not any("Finding" in w for w in plan.warnings)


def test_a_scope_written_under_the_number_gives_the_scope():
    plan = _plan(
        ["Ref", "Recommendation", "Action", "Lead"],
        ["3.2\n(National)", "That the Department writes guidance.", "Write", "Anytown SAB"],
    )
    rec = plan.recommendations[0]
    assert (rec.number, rec.scope) == ("3.2", "national")


def test_the_latest_of_several_updates_in_a_cell_says_where_the_action_stands():
    plan = _plan(
        ["Recommendation", "Action", "Lead", "Progress update"],
        ["That wards check.", "Amend the checklist", "Anytown Hospitals NHS Trust",
         "Q4: draft agreed; work continues.\nQ1: pilot on two wards.\n"
         "Complete – checklist live from 05/06/2023. Monthly audit continues."],
    )  # fmt: skip
    action = plan.recommendations[0].actions[0]
    assert (action.status, action.completed_on) == ("completed", PartialDate(2023, 6, 5))


def test_an_outcome_that_opens_with_complete_takes_the_date_beside_it_not_a_later_count():
    plan = _plan(
        ["Recommendation", "Action", "Lead", "Progress update"],
        ["That visits are offered.", "Agree a pathway", "Anytown Fire & Rescue Service",
         "Complete (June 2023) – pathway agreed; 14 Safe and Well visits made to 30/09/2023."],
    )  # fmt: skip
    action = plan.recommendations[0].actions[0]
    assert action.completed_on == PartialDate(2023, 6)
    assert action.outcome == (
        "Complete (June 2023) – pathway agreed; 14 Safe and Well visits made to 30/09/2023."
    )


def test_a_date_still_to_come_in_an_outcome_is_not_a_completion_date():
    plan = _plan(
        ["Recommendation", "Action", "Lead", "Progress update"],
        ["That housing is accredited.", "Apply", "Anytown Council",
         "Completed the self-assessment; assessment visit booked for October 2022."],
    )  # fmt: skip
    assert plan.recommendations[0].actions[0].completed_on is None


def test_a_plan_in_plain_words_with_its_rag_at_the_top_of_the_update_cell():
    plan = _plan(
        ["Learning point", "What we will do", "Who", "By when", "How we will know",
         "Update (RAG)"],
        ["LP1  Seeing the child\nThe child was seen at school and at home, but never alone, and "
         "nobody asked what life was like for them.", "", "", "", "", ""],
        ["1a\nAgencies should see children alone.", "Add a 'seen alone?' field",
         "Principal Social Worker, Anytown Council", "Sept 24", "Audit shows 90% completed",
         "GREEN\nField live from 02/09/2024; audit due."],
    )  # fmt: skip
    rec = plan.recommendations[0]
    assert (rec.number, rec.text, rec.theme) == (
        "1a",
        "Agencies should see children alone.",
        "Seeing the child",
    )
    action = rec.actions[0]
    assert action.measure == "Audit shows 90% completed"
    assert (action.status, action.outcome) == (
        "in_progress",
        "Field live from 02/09/2024; audit due.",
    )


def test_a_title_block_laid_out_as_a_table_gives_the_title():
    plan = interpret(
        Document(
            blocks=[
                Block(["ASCP\nAnytown Safeguarding Children Partnership",
                       "Child Safeguarding Practice Review: Child W\nAction Plan\nRef: ASCP/1"]),
                Block(["Recommendation", "Action", "Lead"]),
                Block(["That children are seen.", "See them", "Anytown Council"]),
            ],
            whole_rows=True,
        )
    )  # fmt: skip
    assert plan.review.title == "Child Safeguarding Practice Review: Child W"
    assert plan.review.review_type == "CSPR"


def test_a_response_to_a_coroners_concerns_reads_each_concern_as_a_recommendation():
    plan = read_plan(
        b"Our ref: AT/PFD/2024/1\n\n"
        b"Regulation 28 Report to Prevent Future Deaths: Mr J\n\n"
        # The coroner's words, quoted.
        b"Concern 1: \xe2\x80\x9cThe falls assessment was not repeated after a transfer."
        b"\xe2\x80\x9d\n"
        b"Action taken / to be taken: A reassessment task is raised on every transfer.\n"
        b"Responsible: Director of Nursing\n"
        b"Timescale: Completed 30 November 2024\n"
    )
    assert plan.review.title == "Regulation 28 Report to Prevent Future Deaths: Mr J"
    assert plan.review.review_type == "PFD"
    rec = plan.recommendations[0]
    assert (rec.number, rec.text) == (
        "1",
        "The falls assessment was not repeated after a transfer.",
    )
    action = rec.actions[0]
    assert action.text == "A reassessment task is raised on every transfer."
    assert (action.status, action.completed_on) == ("completed", PartialDate(2024, 11, 30))


def test_a_workbook_with_a_sheet_for_each_recommendation_reads_the_form_above_each_table():
    def sheet(n: int, text: str, theme: str, agency: str) -> list[Block]:
        return [
            Block([f"Rec {n}"], is_caption=True),
            Block([f"SAR Mr Q – Recommendation {n}"]),
            Block(["Recommendation:", text]),
            Block(["Learning theme:", theme]),
            Block(["Lead agency:", agency]),
            Block(["How will we know:", "Audit of 20 cases"]),
            Block(["Action", "Owner", "Due", "Status"]),
            Block(["Brief staff", "Jo Bloggs", "30 June 2024", "Complete"]),
            Block(["Audit cases", "Kim Park", "March 2025", "Not started"]),
            Block(["Last updated: J. Bloggs, 20/01/2025"]),
        ]

    plan = interpret(
        Document(
            blocks=[
                Block(["Summary"], is_caption=True),
                Block(["Safeguarding Adults Review – Mr Q"]),
                Block(["Rec", "Go to sheet"]),
                *sheet(1, "That staff ask.", "Exploitation", "Anytown Police"),
                *sheet(2, "That GPs follow up.", "Missed appointments", "Anytown ICB"),
            ],
            whole_rows=True,
        )
    )
    assert plan.review.title == "Safeguarding Adults Review – Mr Q"
    assert [(r.number, r.text, r.theme) for r in plan.recommendations] == [
        ("1", "That staff ask.", "Exploitation"),
        ("2", "That GPs follow up.", "Missed appointments"),
    ]
    first = plan.recommendations[0].actions
    assert [a.text for a in first] == ["Brief staff", "Audit cases"]
    assert first[0].leads == [Lead("Jo Bloggs", None, "Anytown Police")]
    assert {a.measure for a in first} == {"Audit of 20 cases"}


def test_a_list_of_actions_beside_a_list_of_dates_is_an_action_each_with_its_date():
    plan = _plan(
        ["Recommendation", "What we will do", "Who", "By when"],
        ["That GPs record who comes.", "1. Ask the supplier for a prompt\n2. Audit three practices",
         "Named GP, Anytown ICB", "1. 31/03/25\n2. Q1 25/26"],
    )  # fmt: skip
    actions = plan.recommendations[0].actions
    assert [(a.text, a.target_date) for a in actions] == [
        ("Ask the supplier for a prompt", PartialDate(2025, 3, 31)),
        ("Audit three practices", PartialDate(2025, 6)),
    ]
    assert all(a.leads == [Lead(None, "Named GP", "Anytown ICB")] for a in actions)


def test_a_list_of_steps_beside_one_date_stays_one_action():
    plan = _plan(
        ["Recommendation", "Action", "Lead", "Target date"],
        ["That staff are trained.", "• Write the course\n• Run it", "Anytown Council", "May 2025"],
    )  # fmt: skip
    assert len(plan.recommendations[0].actions) == 1


def test_a_concern_answered_without_an_action_has_none_where_the_others_name_theirs():
    plan = read_plan(
        b"Concern 1: Assessments were not repeated.\n"
        b"Response: The Trust accepts this concern.\n"
        b"Action taken / to be taken: A reassessment task is raised on every transfer.\n"
        b"Responsible: Director of Nursing\n\n"
        b"Concern 2: There is no national standard for scans.\n"
        b"Response: This concern was addressed to NHS England.\n"
    )
    assert [len(r.actions) for r in plan.recommendations] == [1, 0]


def test_a_milestone_to_a_row_keeps_each_milestones_date():
    plan = _plan(
        ["Recommendation", "Action", "Milestone", "Milestone date"],
        ["That partners act.", "Act", "Draft", "Q1 2025"],
        ["", "", "Consult", ""],
        ["", "", "Publish", "TBC"],
        ["That partners act.", "Report", "Report written", "31/07/2025"],
    )
    rec = plan.recommendations[0]
    first, second = rec.actions
    assert [(m.text, m.target_date, m.target_date_text) for m in first.milestones] == [
        ("Draft", PartialDate(2025, 3), "Q1 2025"),
        ("Consult", None, None),
        ("Publish", None, "TBC"),
    ]
    assert (first.target_date, first.target_date_text) == (PartialDate(2025, 3), "Q1 2025")
    assert second.milestones[0].target_date == PartialDate(2025, 7, 31)


def test_a_line_of_the_date_cell_for_each_milestone_pairs_them_even_with_a_tbc():
    plan = _plan(
        ["Recommendation", "Action", "Key milestones", "Target date"],
        ["That partners act.", "Act", "1. Draft\n2. Consult\n3. Publish",
         "May 2025\nTBC\nSpring 2026"],
    )  # fmt: skip
    action = plan.recommendations[0].actions[0]
    assert [(m.number, m.target_date, m.target_date_text) for m in action.milestones] == [
        (1, PartialDate(2025, 5), None),
        (2, None, "TBC"),
        (3, PartialDate(2026, 5), "Spring 2026"),
    ]
    assert (action.target_date, action.target_date_text) == (PartialDate(2026, 5), "Spring 2026")
    assert "target date: 'TBC' is not a date" in action.warnings
    assert "target date: 'Spring 2026' read as due by the end of May 2026" in action.warnings


def test_one_date_beside_several_milestones_is_the_actions_own():
    plan = _plan(
        ["Recommendation", "Action", "Key milestones", "Target date"],
        ["That partners act.", "Act", "• Draft\n• Publish", "December 2025"],
    )
    action = plan.recommendations[0].actions[0]
    assert [m.target_date for m in action.milestones] == [None, None]
    assert action.target_date == PartialDate(2025, 12)
    assert any("one target date for 2 milestones" in w for w in action.warnings)


@pytest.mark.parametrize(
    "status, outcome, expected, note",
    [
        ("Green", "", "in_progress", "RAG 'Green' read as on track"),
        ("Amber", "", "in_progress", "RAG 'Amber' read as at risk"),
        ("Red", "", "in_progress", "RAG 'Red' read as overdue or at risk"),
        ("Blue", "", "completed", "RAG 'Blue' read as completed"),
        ("Green", "Action completed", "completed", None),
        ("Complete", "", "completed", None),
        ("Overdue", "", "in_progress", None),
    ],
)
def test_a_rag_colour_gives_a_status_only_where_the_words_give_none(
    status, outcome, expected, note
):
    plan = _plan(["Recommendation", "Action", "RAG", "Progress"],
                 ["That partners act.", "Act", status, outcome])  # fmt: skip
    action = plan.recommendations[0].actions[0]
    assert action.status == expected
    assert (note is None) == (not any("RAG" in w for w in action.warnings))
    if note:
        assert any(note in w for w in action.warnings)


def test_text_between_tables_that_is_not_a_heading_is_noted():
    document = Document(
        blocks=[
            Block(["Recommendation", "Action", "Lead"]),
            Block(["That partners act.", "Act", "Anytown CSP"]),
            Block(
                ["These recommendations were agreed by every partner in the spring."], is_text=True
            ),
        ],  # fmt: skip
        whole_rows=True,
    )
    assert any(w.startswith("text between or after the tables not read: 'These") for w in
               interpret(document).warnings)  # fmt: skip


def test_a_second_table_with_other_columns_does_not_run_on_from_the_first():
    plan = read_plan(
        b"Recommendation\tAction\tLead\n"
        b"That partners act.\tAct\tAnytown CSP\n"
        b"Lead\tRecommendation\tAction\n"
        b"Anytown Council\tthat the council acts.\tReview\n"
    )
    assert [r.text for r in plan.recommendations] == [
        "That partners act.",
        "that the council acts.",
    ]


def test_a_plan_written_as_a_numbered_list_with_no_table():
    plan = read_plan(
        b"Recommendations\n\n"
        b"1. That the council reviews its housing policy.\n"
        b"2. That the police brief their officers.\n"
        b"Lead: Anytown Police\n"
    )
    assert [(r.number, r.text) for r in plan.recommendations] == [
        ("1", "That the council reviews its housing policy."),
        ("2", "That the police brief their officers."),
    ]
    assert plan.recommendations[1].actions[0].leads == [Lead(None, None, "Anytown Police")]
    assert "recommendation: no action is given for it" in plan.recommendations[0].warnings
    assert "layout: no table; the plan was read as a numbered list of recommendations" in (
        plan.warnings
    )


REPORT_TEXT = """\
Domestic Homicide Review – Adult Q – Overview Report
OFFICIAL – FINAL v2
9.1 The Panel found missed chances to ask about abuse (Anytown Safer Partnership reference
DHR/2024/07).

10. Recommendations

The Anytown Safer Partnership will monitor the plan every six months.

10.1 Overview report recommendations

Recommendation 1: That Anytown Safer Partnership seeks assurance that staff understand the
referral criteria for the

Page 12 of 30

Domestic Homicide Review – Adult Q – Overview Report
OFFICIAL – FINAL v2
Multi-Agency Risk Assessment Conference.
Action: Audit 20 referrals.
Lead: Sam Rowe, DA Strategic Lead, Anytown Safer Partnership
Timescale: 31 March 2026

10.2 Single agency recommendations

Anytown Police

a) Anytown Police to brief call handlers on coercive control.
Action: Assign the e-learning to all call handlers.
Lead: T/Insp Kim Park
Timescale: Completed – January 2025

b) Anytown Police to review the use of protection notices.

Page 13 of 30

Domestic Homicide Review – Adult Q – Overview Report
OFFICIAL – FINAL v2
11. Glossary

DASH       Domestic Abuse, Stalking and Harassment risk checklist
"""


def test_a_report_copied_from_a_pdf_reads_without_its_page_furniture():
    plan = read_plan(REPORT_TEXT.encode())
    first = plan.recommendations[0]
    assert first.text == (
        "That Anytown Safer Partnership seeks assurance that staff understand the referral "
        "criteria for the Multi-Agency Risk Assessment Conference."
    )
    assert plan.review.title == "Domestic Homicide Review – Adult Q"
    assert plan.review.reference == "DHR/2024/07"
    assert plan.review.partnership == "Anytown Safer Partnership"
    assert plan.preamble == "The Anytown Safer Partnership will monitor the plan every six months."
    assert first.actions[0].leads == [
        Lead("Sam Rowe", "DA Strategic Lead", "Anytown Safer Partnership")
    ]


def test_lettered_recommendations_under_an_agency_heading_are_recommendations_of_their_own():
    plan = read_plan(REPORT_TEXT.encode())
    assert [(r.number, r.theme) for r in plan.recommendations] == [
        ("1", None),
        ("a", None),
        ("b", None),
    ]
    police = plan.recommendations[1].actions[0]
    assert police.leads == [Lead("Kim Park", "T/Insp", "Anytown Police")]
    assert plan.recommendations[2].actions == []
    assert not any("Glossary" in r.text or "DASH" in r.text for r in plan.recommendations)


def test_completed_where_the_target_date_goes_is_a_completion_not_a_due_date():
    police = read_plan(REPORT_TEXT.encode()).recommendations[1].actions[0]
    assert police.status == "completed"
    assert police.completed_on == PartialDate(2025, 1)
    assert police.target_date is None
    assert police.outcome == "Completed – January 2025"


def test_text_that_is_neither_a_table_nor_a_list_of_recommendations_is_refused():
    with pytest.raises(ParseError, match="no action plan found"):
        read_plan(b"Minutes\n\n1. Apologies were received.\n")
