"""Each SMART rule: what it flags, quoting the words that show it, and what it lets pass."""

from __future__ import annotations

import datetime as dt

import pytest

from followthrough.interchange import Lead
from followthrough.smart import Letter, Severity, check_plan
from tests.smart.builders import (
    PARTNERS,
    POLICE,
    action,
    action_codes,
    check,
    codes,
    finding,
    plan,
    rec_codes,
    recommendation,
)

# Specific -----------------------------------------------------------------------------------


def test_it_flags_a_vague_verb_with_the_verb_quoted():
    rec = recommendation("That Northvale Police considers the use of body-worn video.")
    found = finding(check(rec).for_recommendation(0), "vague-verb")
    assert (found.letter, found.severity) == (Letter.S, Severity.PROBLEM)
    assert "'considers'" in found.message
    assert "'considers'" in found.suggestion and "Northvale Police will" in found.suggestion


@pytest.mark.parametrize(
    "text, quoted",
    [
        ("That the CSP explored options for a perpetrator programme.", "explored"),
        ("That the Trust raises public awareness of the helpline.", "raises public awareness"),
        ("That the CSP is seeking further assurance from agencies.", "seeking further assurance"),
        ("That Northvale Police is more mindful of stalking.", "is more mindful"),
        ("That Northvale Police looks again at its grading policy.", "looks again at"),
        ("That the CSP promotes the helpline.", "promotes"),
        ("That the CSP board reflects on the learning.", "reflects"),
        ("That Northvale ICB encourages GP practices to adopt IRIS.", "encourages"),
    ],
)
def test_it_finds_vague_verbs_in_any_form_even_with_a_word_inside_a_phrase(text, quoted):
    found = finding(check(recommendation(text)).for_recommendation(0), "vague-verb")
    assert f"'{quoted}'" in found.message


def test_it_matches_vague_verbs_on_whole_words_only():
    text = "That the Trust publishes its safeguarding improvement plan and the enhancements."
    assert "vague-verb" not in rec_codes(recommendation(text))


def test_it_does_not_flag_a_vague_verb_that_is_the_purpose_of_a_concrete_ask():
    text = (
        "That Northvale Police delivers DASH refresher training to all response officers by "
        "March 2025 to improve the quality of risk assessments."
    )
    assert "vague-verb" not in rec_codes(recommendation(text))


def test_it_does_not_flag_a_vague_verb_used_as_a_noun_or_adjective():
    text = "That the CSP reports the effectiveness of raising awareness, using an improved form."
    assert "vague-verb" not in rec_codes(recommendation(text))


def test_it_flags_a_vague_verb_handed_on_to_someone_else():
    text = "That the CSP asks agencies to improve their records of disclosures."
    assert "vague-verb" in rec_codes(recommendation(text))


def test_it_flags_a_vague_verb_in_an_action_too():
    assert "vague-verb" in action_codes(action("Look at how disclosures are recorded."))


def test_it_flags_a_verb_with_no_object():
    rec = recommendation("That Harbour Housing Association reviews and updates as necessary.")
    found = finding(check(rec).for_recommendation(0), "no-object")
    assert found.letter == Letter.S and "what to review" in found.message


@pytest.mark.parametrize("text", ["Implement.", "Review as appropriate by March 2025."])
def test_it_flags_an_action_whose_verb_has_no_object(text):
    assert "no-object" in action_codes(action(text))


def test_it_does_not_take_a_noun_after_the_verb_for_a_missing_object():
    text = "Withdraw the paper form and audit its use."
    assert "no-object" not in action_codes(action(text))


def test_it_warns_of_several_asks_in_one_recommendation_quoting_each():
    text = (
        "That Northvale Police reviews its stalking policy and trains all call handlers in "
        "recognising stalking."
    )
    found = finding(check(recommendation(text)).for_recommendation(0), "several-asks")
    assert found.severity == Severity.WARNING
    assert "'reviews its stalking policy" in found.message
    assert "'trains all call handlers" in found.message


def test_it_counts_asks_in_separate_sentences_and_after_semicolons():
    text = (
        "That the Trust updates its policy; introduces routine enquiry in mental health "
        "services. Northvale ICB should also fund a hospital IDVA post."
    )
    found = finding(check(recommendation(text)).for_recommendation(0), "several-asks")
    assert "3 things" in found.message


@pytest.mark.parametrize(
    "text",
    [
        "That the Council reviews and updates its housing allocations policy.",
        "That the Service develops a safety planning template and publishes it on its website.",
        "That the partnership conducts a review of its effectiveness. This review, which should "
        "be completed by a sub-group, to include an examination of: • The effectiveness of "
        "information sharing;",
    ],
)
def test_it_takes_verbs_on_one_subject_as_one_ask(text):
    assert "several-asks" not in rec_codes(recommendation(text))


def test_it_flags_a_recommendation_with_no_accountable_agency():
    rec = recommendation("That domestic abuse training is reviewed.", [action(leads=[])])
    found = finding(check(rec).for_recommendation(0), "no-agency")
    assert (found.letter, found.severity) == (Letter.S, Severity.PROBLEM)
    assert "'That Northvale Police will" not in found.suggestion  # no lead anywhere to suggest


def test_it_flags_a_recommendation_whose_words_name_no_one_even_when_its_actions_have_leads():
    rec = recommendation("That domestic abuse training is reviewed.")  # its action has a lead
    found = finding(check(rec).for_recommendation(0), "no-agency")
    assert "Its actions are led by Northvale Police" in found.message
    assert "'That Northvale Police …'" in found.suggestion


@pytest.mark.parametrize(
    "text",
    [
        "Improve information sharing between mental health services and the police.",
        "That a named lead for domestic abuse is identified in each GP practice.",
        "That legislation is changed so that strangulation triggers a MARAC referral.",
    ],
)
def test_an_agency_named_only_as_an_object_or_place_does_not_say_who(text):
    assert "no-agency" in rec_codes(recommendation(text))


@pytest.mark.parametrize(
    "text",
    [
        "It is recommended that Northvale Police reviews its grading policy.",
        "That the grading policy is reviewed by Northvale Police.",
        "That the Home Office amends the statutory guidance.",
    ],
)
def test_an_agency_named_as_the_one_to_act_says_who(text):
    assert "no-agency" not in rec_codes(recommendation(text))


def test_it_takes_the_accountable_agency_from_a_name_in_the_text():
    rec = recommendation("That Westmere Housing Trust reviews its policy.", [action(leads=[])])
    assert {"no-agency", "all-agencies-only"}.isdisjoint(rec_codes(rec))


def test_it_flags_a_recommendation_addressed_only_to_all_agencies_quoting_it():
    rec = recommendation(
        "That all agencies raise awareness of coercive control.",
        [action(leads=[Lead(agency="All agencies")])],
    )
    found = check(rec).for_recommendation(0)
    assert "'all agencies'" in finding(found, "all-agencies-only").message
    assert "no-agency" not in codes(found)


# Measurable ---------------------------------------------------------------------------------


def test_it_flags_an_action_with_no_evidence_of_completion():
    act = action("Update the DASH policy.", milestones=[])
    found = finding(check(recommendation(actions=[act])).for_action(0, 0), "no-evidence")
    assert (found.letter, found.severity) == (Letter.M, Severity.PROBLEM)


def test_it_takes_evidence_from_the_action_or_its_milestones():
    assert "no-evidence" not in action_codes(action("Update the policy and publish it."))
    assert "no-evidence" not in action_codes(
        action("Update the policy.", milestones=[("Report uptake to the board", "2024-12")])
    )


def test_a_stated_measure_of_success_is_a_measure_even_without_evidence_words():
    act = action(
        "Update the DASH policy.",
        milestones=[],
        measure="Fewer repeat incidents among victims the police assessed as high risk",
    )
    assert "no-evidence" not in action_codes(act)
    assert "no-evidence" not in action_codes(
        action("Update the DASH policy.", milestones=[], measure="Dip sample of 20 cases")
    )


@pytest.mark.parametrize("measure", ["", "TBC", "N/A", "  ", "ongoing"])
def test_a_blank_or_placeholder_measure_is_no_measure_of_success(measure):
    act = action("Update the DASH policy.", milestones=[], measure=measure)
    assert "no-evidence" in action_codes(act)


def test_a_stated_measure_that_only_counts_outputs_gets_the_output_warning_instead():
    act = action("Update the DASH policy.", milestones=[], measure="Training delivered")
    found = check(recommendation(actions=[act])).for_action(0, 0)
    assert "no-evidence" not in codes(found)
    assert "'Training delivered'" in finding(found, "output-only-measure").message


def test_it_warns_when_the_only_measure_is_an_output():
    act = action(milestones=[("Training delivered", "2024-10")])
    found = check(recommendation(actions=[act])).for_action(0, 0)
    warning = finding(found, "output-only-measure")
    assert warning.severity == Severity.WARNING and "'Training delivered'" in warning.message
    assert "no-evidence" not in codes(found)


def test_it_does_not_warn_of_an_output_beside_a_measure_of_change():
    act = action(milestones=[("Training delivered; 90% of officers trained", "2024-10")])
    assert "output-only-measure" not in action_codes(act)


# Achievable ---------------------------------------------------------------------------------

NATIONAL_ASK = (
    "That the Home Office amends the DHR statutory guidance to require agencies to share "
    "records with the chair within 28 days."
)


@pytest.mark.parametrize("scope, said", [("local", "marked local"), (None, "not marked national")])
def test_it_flags_a_local_recommendation_that_needs_national_action(scope, said):
    found = check(recommendation(NATIONAL_ASK, scope=scope)).for_recommendation(0)
    problem = finding(found, "needs-national-action")
    assert problem.letter == Letter.A
    assert "'Home Office'" in problem.message and said in problem.message


def test_it_accepts_a_national_recommendation_with_national_scope():
    assert "needs-national-action" not in rec_codes(recommendation(NATIONAL_ASK, scope="national"))


@pytest.mark.parametrize(
    "text",
    [
        "That Northvale CSP writes to the Department for Work and Pensions asking it to flag "
        "domestic abuse on Universal Credit claims.",
        "That the final report is submitted to the Home Office for quality assurance.",
        "That Northvale Police updates its stalking policy in line with the statutory guidance.",
    ],
)
def test_it_accepts_a_local_plan_writing_to_reporting_to_or_following_a_national_body(text):
    assert "needs-national-action" not in rec_codes(recommendation(text, scope="local"))


def test_it_warns_when_a_lead_agency_is_not_a_partner():
    act = action(leads=[Lead(name="I. Shah", agency="Fairfield Recovery Project")])
    found = check(recommendation(actions=[act]), partners=PARTNERS).for_action(0, 0)
    warning = finding(found, "lead-not-partner")
    assert warning.letter == Letter.A and "'Fairfield Recovery Project'" in warning.message


def test_it_matches_partners_by_name_or_bracketed_short_name_ignoring_case():
    act = action(leads=[Lead(agency="RNFT"), Lead(agency="northvale police")])
    assert "lead-not-partner" not in action_codes(act, partners=PARTNERS)


def test_the_partnership_itself_counts_as_a_partner():
    act = action(leads=[Lead(name="F. Grant", agency="Northvale CSP")])
    own = plan(recommendation(actions=[act]), partnership="Northvale CSP")
    assert check_plan(own, partners=["Northvale Police"]).for_action(0, 0) == []


def test_it_does_not_check_leads_when_the_partners_are_unknown():
    act = action(leads=[Lead(agency="Fairfield Recovery Project")])
    assert "lead-not-partner" not in action_codes(act)


# Realistic / relevant -----------------------------------------------------------------------


def test_it_warns_of_both_recommendations_of_a_pair_that_ask_for_the_same_each_naming_the_other():
    first = recommendation("That Northvale Police reviews its policy on grading domestic calls.")
    second = recommendation("That Northvale Police reviews its domestic call grading policy.")
    third = recommendation("That Northvale Council publishes its housing allocations policy.")
    report = check(first, second, third)
    later = finding(report.for_recommendation(1), "duplicate-recommendation")
    assert later.letter == Letter.R and "It repeats recommendation 1" in later.message
    earlier = finding(report.for_recommendation(0), "duplicate-recommendation")
    assert "Recommendation 2 asks for the same as this one" in earlier.message
    assert "duplicate-recommendation" not in codes(report.for_recommendation(2))


def test_it_does_not_call_one_agencys_recommendations_on_different_subjects_duplicates():
    first = recommendation("That the Trust trains maternity staff in routine enquiry.")
    second = recommendation("That the Trust audits routine enquiry in maternity records.")
    assert "duplicate-recommendation" not in codes(check(first, second).for_recommendation(1))


def test_it_warns_of_an_open_action_that_repeats_an_open_action_of_the_same_agency():
    first = action("Deliver coercive control training to all neighbourhood officers.")
    second = action("Deliver training on coercive control to all neighbourhood officers.")
    report = check(recommendation(actions=[first]), recommendation(actions=[second]))
    warning = finding(report.for_action(1, 0), "duplicate-action")
    assert "action 1 of recommendation 1" in warning.message
    earlier = finding(report.for_action(0, 0), "duplicate-action")
    assert "Action 1 of recommendation 2 asks for the same as this one" in earlier.message


@pytest.mark.parametrize(
    "earlier",
    [
        {"status": "completed"},
        {"completed_on": None, "leads": [Lead(agency="Northvale Borough Council")]},
    ],
)
def test_it_does_not_call_an_action_a_duplicate_of_a_closed_or_other_agencys_one(earlier):
    text = "Deliver coercive control training to all neighbourhood officers."
    report = check(recommendation(actions=[action(text, **earlier), action(text)]))
    assert "duplicate-action" not in codes(report.for_action(0, 1))


# Time-bound ---------------------------------------------------------------------------------


def test_it_flags_an_action_with_no_target_date():
    act = action(target=None, milestones=[("Audit reported to the board", None)])
    found = finding(check(recommendation(actions=[act])).for_action(0, 0), "no-target-date")
    assert (found.letter, found.severity) == (Letter.T, Severity.PROBLEM)


def test_it_takes_the_target_date_from_the_latest_milestone():
    act = action(target=None, milestones=[("Audit reported to the board", "2024-12")])
    assert "no-target-date" not in action_codes(act)


@pytest.mark.parametrize(
    "text, milestone, quoted",
    [
        ("Book a review for every client.", "Ongoing", "Ongoing"),
        ("Set a completion date.", "Date TBC, agreed by the board", "TBC"),
        ("Remind caseworkers immediately of the review.", "Audit of 30 files", "immediately"),
        ("Quarterly progress reports to the CSP board.", "Report to the board", "Quarterly"),
    ],
)
def test_it_flags_open_ended_timing_with_no_end_date_quoting_it(text, milestone, quoted):
    act = action(text, target=None, milestones=[(milestone, None)])
    found = check(recommendation(actions=[act])).for_action(0, 0)
    assert f"'{quoted}'" in finding(found, "open-ended-timing").message
    assert "no-target-date" not in codes(found)


def test_it_accepts_a_repeating_action_with_an_end_date():
    act = action("Quarterly reports to the CSP board until March 2025.", target="2025-03")
    assert "open-ended-timing" not in action_codes(act)


def test_it_flags_a_target_date_before_the_plan_date():
    act = action(target="2023-12")
    found = finding(check(recommendation(actions=[act])).for_action(0, 0), "date-before-plan")
    assert "December 2023" in found.message and "1 April 2024" in found.message


def test_it_does_not_flag_early_work_already_completed():
    act = action(target="2023-12", status="completed")
    assert "date-before-plan" not in action_codes(act)


def test_it_has_no_plan_date_check_when_the_plan_date_is_unknown():
    report = check_plan(plan(recommendation(actions=[action(target="2001-01")]), published=None))
    assert "date-before-plan" not in codes(report.for_action(0, 0))


def test_a_plan_date_given_overrides_the_publication_date():
    act = action(target="2024-06")
    report = check(recommendation(actions=[act]), plan_date=dt.date(2024, 9, 1))
    assert "date-before-plan" in codes(report.for_action(0, 0))


def test_it_warns_of_a_target_date_more_than_24_months_after_the_plan():
    assert "far-off-date" in action_codes(action(target="2026-06"))
    assert "far-off-date" not in action_codes(action(target="2026-03"))


def test_it_counts_far_off_dates_from_today_when_the_plan_date_is_unknown():
    draft = plan(recommendation(actions=[action(target="2027-06")]), published=None)
    found = check_plan(draft, today=dt.date(2025, 1, 1)).for_action(0, 0)
    assert "after today" in finding(found, "far-off-date").message
    assert check_plan(draft, today=dt.date(2026, 1, 1)).for_action(0, 0) == []


# General ------------------------------------------------------------------------------------


def test_it_flags_a_recommendation_with_no_action():
    found = finding(check(recommendation(actions=[])).for_recommendation(0), "no-action")
    assert (found.letter, found.severity) == (Letter.GENERAL, Severity.PROBLEM)


@pytest.mark.parametrize(
    "leads", [[], [Lead(agency="TBC")], [Lead(agency="All agencies")], [Lead(name="n/a")]]
)
def test_it_warns_of_an_action_with_no_named_lead(leads):
    found = finding(
        check(recommendation(actions=[action(leads=leads)])).for_action(0, 0), "no-lead"
    )
    assert found.severity == Severity.WARNING


def test_a_lead_with_only_a_role_is_named():
    assert "no-lead" not in action_codes(action(leads=[Lead(role="DHR Coordinator")]))


def test_it_warns_of_more_than_15_recommendations():
    subjects = [
        "stalking",
        "strangulation",
        "housing",
        "maternity",
        "probation",
        "MARAC",
        "GP coding",
        "sanctuary",
        "economic abuse",
        "older victims",
        "outreach",
        "interpreters",
        "substance misuse",
        "mental health",
        "schools",
        "employers",
    ]
    recs = [recommendation(f"That Northvale Police reviews its {s} procedure.") for s in subjects]
    found = finding(check(*recs).findings, "too-many-recommendations")
    assert found.letter == Letter.GENERAL and "16 recommendations" in found.message
    assert check(*recs[:15]).findings == []


@pytest.mark.parametrize(
    "text, sign",
    [
        (
            "reviewed, to ensure the following the review: To allow frontline wide wide wide "
            "practitioners to understand the dynamics of DV",
            "starts mid-sentence ('reviewed, to ensure the…')",
        ),
        (
            "That the safeguarding board will ensure that the",
            "ends mid-sentence ('…will ensure that the')",
        ),
        ("and the Council will share records.", "starts mid-sentence ('and the Council will…')"),
        ("That the Council updates the the the referral form.", "repeats 'the' 3 times in a row"),
    ],
)
def test_it_flags_garbled_or_cut_off_text_saying_why(text, sign):
    found = finding(check(recommendation(text)).for_recommendation(0), "garbled-text")
    assert found.letter == Letter.GENERAL and sign in found.message


def test_it_flags_a_garbled_action_too():
    assert "garbled-text" in action_codes(action("of practitioners practitioners practitioners"))


@pytest.mark.parametrize(
    "text",
    [
        "review the referral form used by the front door team",
        "that GP practices record disclosures using the agreed codes.",
        "1. That the Council reviews its policy and so on and so forth.",
    ],
)
def test_it_does_not_call_a_lowercase_or_numbered_sentence_garbled(text):
    assert "garbled-text" not in rec_codes(recommendation(text))


def test_the_good_recommendation_the_tests_start_from_has_no_findings():
    assert (
        check(recommendation(actions=[action(leads=[POLICE])]), partners=PARTNERS).all_findings()
        == []
    )


def test_it_reads_open_ended_timing_from_the_date_as_the_plan_wrote_it():
    from tests.smart.builders import action, action_codes

    found = action_codes(action(target=None, milestones=[], target_date_text="Ongoing"))
    assert "open-ended-timing" in found
    assert "no-target-date" not in found


# Checks added for issue 18 --------------------------------------------------------------------


@pytest.mark.parametrize(
    "outcome", ["Complete.", "Done", "Email sent to the manager, no reply, closed"]
)
def test_it_flags_a_completed_action_closed_with_no_evidence_of_change(outcome):
    act = action(status="completed", outcome=outcome)
    found = finding(check(recommendation(actions=[act])).for_action(0, 0), "weak-closure")
    assert found.letter == Letter.M and f"'{outcome}'" in found.message


def test_it_accepts_a_closure_that_says_what_changed():
    act = action(status="completed", outcome="Checklist revised; 25 of 30 sampled files use it")
    assert "weak-closure" not in action_codes(act)


@pytest.mark.parametrize(
    "measure",
    [
        "Ward staff feel more confident asking about abuse",
        "Each team leader confirms in writing that the change is in place",
    ],
)
def test_it_warns_of_a_measure_of_feelings_or_of_an_agencys_own_word(measure):
    act = action(milestones=[], measure=measure)
    assert "unmeasurable-measure" in action_codes(act)


def test_a_feeling_beside_an_audit_is_measurable():
    measure = "Staff feel more confident; audit of 20 records shows the question asked in 90%"
    assert "unmeasurable-measure" not in action_codes(action(milestones=[], measure=measure))


@pytest.mark.parametrize("text", ["See recommendation 3.", "As above", "Refer to R2"])
def test_it_warns_of_an_action_that_only_refers_elsewhere(text):
    assert "action-restates-recommendation" in action_codes(action(text))


def test_it_warns_of_an_action_that_repeats_its_recommendation():
    rec_text = "That Northvale Police updates its domestic abuse investigation checklist."
    act = action("Northvale Police to update its domestic abuse investigation checklist.")
    found = check(recommendation(rec_text, actions=[act])).for_action(0, 0)
    assert "action-restates-recommendation" in {f.code for f in found}


def test_it_warns_of_an_action_filed_under_another_agencys_recommendation():
    council = Lead(name="C. Hughes", agency="Northvale Borough Council")
    police_rec = recommendation(
        "That Northvale Police updates its stalking checklist.",
        actions=[action(), action("Add a stalking question to the tenancy form.", leads=[council])],
    )
    council_rec = recommendation(
        "That Northvale Borough Council trains its housing officers in stalking.",
        actions=[action("Train 40 housing officers.", leads=[council])],
    )
    report = check_plan(
        plan(police_rec, council_rec), partners=[*PARTNERS, "Northvale Borough Council"]
    )
    assert "action-other-agency" in {f.code for f in report.for_action(0, 1)}
    assert "action-other-agency" not in {f.code for f in report.for_action(0, 0)}


def test_it_warns_of_too_little_time_for_recruiting_a_post():
    act = action("Recruit and train a hospital IDVA.", target="2024-05", milestones=[])
    assert "unrealistic-timescale" in action_codes(act)
    later = action("Recruit and train a hospital IDVA.", target="2024-12", milestones=[])
    assert "unrealistic-timescale" not in action_codes(later)


def test_it_reads_the_time_an_action_gives_itself_in_words():
    act = action("Appoint a stalking advocate within two weeks.", target="2025-01")
    assert "unrealistic-timescale" in action_codes(act)


def test_it_flags_a_milestone_due_after_the_actions_target_date():
    act = action(milestones=[("Checklist drafted", "2024-08"), ("Audit reported", "2025-02")])
    found = finding(check(recommendation(actions=[act])).for_action(0, 0), "milestone-after-target")
    assert found.letter == Letter.T and "'Audit reported'" in found.message


def test_it_flags_an_ask_of_a_bundled_recommendation_that_no_action_takes_up():
    rec = recommendation(
        "That Northvale Police revises its stalking policy and trains all call handlers.",
        actions=[action("Publish the revised stalking policy."), action("Audit stalking crimes.")],
    )
    found = finding(check(rec).for_recommendation(0), "ask-without-action")
    assert "'trains all call handlers'" in found.message
    covered = recommendation(
        "That Northvale Police revises its stalking policy and trains all call handlers.",
        actions=[action("Publish the revised stalking policy."), action("Train call handlers.")],
    )
    assert "ask-without-action" not in rec_codes(covered)


def test_it_warns_of_a_recommendation_addressed_outside_the_partnership():
    rec = recommendation("That Fenwick Lettings Agency checks references for tenants.")
    found = check(rec, partners=PARTNERS).for_recommendation(0)
    assert "addressee-outside-partnership" in {f.code for f in found}
    inside = recommendation("That the Northvale Constabulary checks its call scripts.")
    assert "addressee-outside-partnership" not in rec_codes(inside, partners=PARTNERS)
    national_body = recommendation("That the Care Quality Commission checks care home policies.")
    assert "addressee-outside-partnership" not in rec_codes(national_body, partners=PARTNERS)
