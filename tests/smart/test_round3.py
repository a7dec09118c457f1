"""The checker's round on the third outside set's kinds of error (issue 18), each tested here
on invented sentences: none of them is a sentence of that set."""

from __future__ import annotations

import pytest

from followthrough.interchange import Lead
from tests.smart.builders import (
    action,
    action_codes,
    check,
    codes,
    date,
    rec_codes,
    recommendation,
)


@pytest.mark.parametrize(
    "measure",
    [
        "names of officers attending to be recorded and sent to the sub-group",
        "briefing held; attendance reported to the CSP board",
    ],
)
def test_an_output_sent_to_a_board_is_still_only_an_output(measure):
    act = action(f"Hold a stalking briefing for neighbourhood officers; {measure}.", milestones=[])
    assert "output-only-measure" in action_codes(act)


def test_an_output_with_a_measure_of_change_is_not_output_only():
    act = action(
        "Hold a stalking briefing for neighbourhood officers; audit of 20 stalking reports "
        "three months later sent to the sub-group.",
        milestones=[],
    )
    assert "output-only-measure" not in action_codes(act)


@pytest.mark.parametrize(
    "text",
    [
        "The out-of-hours GP service did not return the patient's call within two hours. "
        "Westbrook Hospitals NHS Trust should audit its call-back times.",
        "National guidance does not require a follow-up visit. The Home Office should amend it.",
    ],
)
def test_a_statement_of_what_happened_is_not_an_ask(text):
    assert "several-asks" not in rec_codes(recommendation(text))


def test_what_was_considered_in_an_audit_is_not_a_vague_ask():
    act = action(
        "Audit 25 closed cases to check whether a carer's assessment was considered; results "
        "to the board."
    )
    assert "vague-verb" not in action_codes(act)


def test_a_second_that_clause_with_its_own_agency_is_a_second_ask():
    rec = recommendation(
        "That the ICB commissions a weekend liaison service in the emergency department, and "
        "that Northvale Police refer every repeat caller to the outreach service."
    )
    assert "several-asks" in rec_codes(rec)


def test_an_action_that_only_refers_elsewhere_gets_only_that_finding():
    act = action("See recommendation 2.", leads=[], milestones=[], target=None)
    assert action_codes(act) == {"action-restates-recommendation"}


PARTNERS = [
    "Fenbury City Council (FCC)",
    "Probation Service - Fenbury",
    "Fenbury Police",
    "Fenbury Hospitals NHS Trust (FHT)",
]


@pytest.mark.parametrize("lead", ["FCC Children's Social Care", "Probation Service", "FHT"])
def test_a_partner_written_by_its_initials_and_a_department_or_before_a_dash_is_a_partner(lead):
    act = action(leads=[Lead(role="Lead", agency=lead)])
    assert "lead-not-partner" not in action_codes(act, partners=PARTNERS)


def test_two_ways_of_writing_one_partner_lead_the_same_duplicate_action():
    text = "Add the sanctuary offer to the homelessness assessment and audit 20 assessments."
    first = action(text, leads=[Lead(role="Housing Options Manager", agency="FCC")])
    second = action(text, leads=[Lead(role="Housing Options Manager", agency="Fenbury CC")])
    report = check(recommendation(actions=[first, second]), partners=PARTNERS)
    assert "duplicate-action" in codes(report.for_action(0, 1))
    assert "duplicate-action" in codes(report.for_action(0, 0))


@pytest.mark.parametrize(
    "text",
    [
        "That Fenbury Police ensure officers attending domestic incid Fenbury Police 31/12/2025 "
        "ents notify the health visitor",
        "That Fenbury City Council ensures the referrer is told of the outc Lead: FCC Target: "
        "Mar 2025 ome",
    ],
)
def test_another_columns_text_inside_a_sentence_is_garbled(text):
    assert "garbled-text" in rec_codes(recommendation(text))


def test_a_local_plan_asking_a_national_it_system_to_do_something_new_needs_national_action():
    rec = recommendation(
        "That the Safeguarding Adults Board arranges for the Summary Care Record to display a "
        "safeguarding flag."
    )
    assert "needs-national-action" in rec_codes(rec)


def test_the_welsh_government_asked_to_act_is_a_national_body_that_says_who():
    rec = recommendation("That the Welsh Government includes older parents in its strategy.")
    assert "no-agency" not in rec_codes(rec)
    assert "needs-national-action" in rec_codes(rec)


@pytest.mark.parametrize(
    "text",
    [
        "Add the section to the course; success measured by a survey showing that staff feel "
        "more confident.",
        "Each agency to confirm in writing to the DHR coordinator that its staff are aware of "
        "the offence.",
    ],
)
def test_feelings_and_an_agencys_own_word_in_the_actions_text_are_unmeasurable(text):
    assert "unmeasurable-measure" in action_codes(action(text, milestones=[]))


def test_a_verb_after_a_preposition_is_a_noun_not_a_second_ask():
    rec = recommendation(
        "That Fenbury Police offers a welfare call to every suspect after release on bail."
    )
    assert "several-asks" not in rec_codes(rec)


@pytest.mark.parametrize(
    "text",
    [
        "That Fenbury City Council revises its self-neglect and hoarding procedure to include "
        "an escalation route.",
        "That Fenbury Hospitals NHS Trust makes sure that relatives are never used as "
        "interpreters, and that a professional interpreter is booked for every contact.",
    ],
)
def test_a_purpose_or_a_second_thing_to_make_sure_of_is_one_ask(text):
    assert "several-asks" not in rec_codes(recommendation(text), partners=PARTNERS)


@pytest.mark.parametrize(
    "text",
    [
        "That Oakmead Care Group ensures that every resident has a pressure ulcer assessment.",
        "That Fenbury Churches Night Shelter adopts a written procedure for unwell guests.",
    ],
)
def test_a_company_or_charity_outside_the_partnership_is_an_addressee_outside_it(text):
    assert "addressee-outside-partnership" in rec_codes(recommendation(text), partners=PARTNERS)


def test_the_partnerships_own_groups_are_within_it():
    rec = recommendation("That the Fenbury DHR Steering Group agrees a new escalation route.")
    assert "addressee-outside-partnership" not in rec_codes(rec, partners=PARTNERS)


def test_a_trust_named_in_lower_case_after_its_name_says_who():
    rec = recommendation("That the Wyre Valley trust audits its crisis team's first contacts.")
    assert "no-agency" not in rec_codes(rec)


def test_look_into_is_a_vague_ask():
    assert "vague-verb" in action_codes(action("Named GP to look into the referral pathway."))


def test_a_recommendation_to_all_agencies_is_flagged_even_when_one_agency_leads_its_actions():
    rec = recommendation("It is recommended that all agencies raise awareness of stalking.")
    assert "all-agencies-only" in rec_codes(rec)  # its action is led by Northvale Police


def test_practitioners_helped_by_the_ask_are_not_its_addressees():
    rec = recommendation(
        "That Fenbury City Council revises its training: to allow frontline practitioners to "
        "understand coercive control."
    )
    assert "all-agencies-only" not in rec_codes(rec, partners=PARTNERS)


@pytest.mark.parametrize(
    "outcome",
    [
        "Letter sent 20 February 2025. No reply received. Closed.",
        "Chair wrote to the DWP in June 2024; no response received. Closed.",
    ],
)
def test_a_letter_with_a_date_and_no_reply_is_a_weak_closure(outcome):
    act = action(
        "Chair to write to the DWP with the recommendation.",
        status="completed",
        completed_on=date("2025-03-01"),
        outcome=outcome,
    )
    assert "weak-closure" in action_codes(act)


@pytest.mark.parametrize(
    "text",
    [
        "ICB to ask practices to self-declare compliance through the annual self-assessment.",
        "Each agency to confirm in writing to the CSP that the policy has been discussed.",
        "Designated nurse to write to all practices asking each practice to confirm that it uses "
        "the pathway.",
    ],
)
def test_an_agencys_own_word_in_the_text_is_unmeasurable(text):
    assert "unmeasurable-measure" in action_codes(action(text, milestones=[]))


def test_an_agencys_own_word_with_an_audit_beside_it_is_measurable():
    act = action(
        "Each agency to confirm in writing that the policy is in use, and audit 20 case files.",
        milestones=[],
    )
    assert "unmeasurable-measure" not in action_codes(act)


@pytest.mark.parametrize(
    "text",
    [
        "Deliver a half-day session on coercive control to housing staff. Measure: number of "
        "staff attending.",
        "Breach powers added to the mandatory refresher for response officers; completion rate "
        "reported.",
        "Multi-agency learning event held and briefing circulated to all partner agencies.",
    ],
)
def test_training_delivered_or_completed_is_an_output_even_when_reported(text):
    assert "output-only-measure" in action_codes(action(text, milestones=[]))


def test_a_vague_verb_in_the_purpose_after_so_that_is_not_the_ask():
    rec = recommendation(
        "That Fenbury Police reviews how officers complete the DASH form when a victim declines, "
        "so that the officer's own observations are recorded and reflected in the grading."
    )
    assert "vague-verb" not in rec_codes(rec, partners=PARTNERS)


def test_a_ministry_named_with_commas_is_a_national_body_not_an_outside_addressee():
    rec = recommendation(
        "That the Ministry of Housing, Communities and Local Government amends the Code of "
        "Guidance.",
        scope="national",
    )
    assert "addressee-outside-partnership" not in rec_codes(rec, partners=PARTNERS)


def test_column_headers_inside_a_sentence_are_garbled_but_a_completion_date_is_not():
    garbled = "That Fenbury City Council ensures that carers assess- Lead agency Target date ments"
    assert "garbled-text" in rec_codes(recommendation(garbled))
    plain = action("Set a completion date for the housing actions.")
    assert "garbled-text" not in action_codes(plain)


def test_a_date_in_words_in_the_text_is_a_target_date():
    act = action("Audit 20 case files (target: end of Q3 2025).", milestones=[], target=None)
    assert "no-target-date" not in action_codes(act)


@pytest.mark.parametrize(
    "text",
    [
        "All housing officers to complete DASH training within one week of this plan.",
        "Case review of all care home residents with pressure ulcers within one month.",
    ],
)
def test_work_across_every_case_or_every_officer_in_days_is_unrealistic(text):
    assert "unrealistic-timescale" in action_codes(action(text, target=None, milestones=[]))


def test_ensure_compliance_says_nothing_to_do():
    assert "no-object" in rec_codes(recommendation("The ICB to ensure compliance."))


def test_a_date_written_in_the_text_is_not_an_object_and_a_duty_to_refer_is_not_an_ask():
    assert "no-object" in action_codes(action("Partners to review (target: TBC)."))
    briefed = action("Ward managers to be briefed on the duty to refer; audit of 20 discharges.")
    assert "no-object" not in action_codes(briefed)


@pytest.mark.parametrize(
    "text",
    [
        "Fenbury Police to review how it responds to breaches, to train its response officers "
        "on the power of arrest, and to publish a leaflet for victims.",
        "That the Council agrees a referral route for hoarding, that the ambulance service "
        "trains its crews to refer, and that the Board publishes a briefing.",
        "That Fenbury City Council revises its pre-birth procedure, and that Fenbury Hospitals "
        "NHS Trust shares disclosures made at booking with health visitors.",
    ],
)
def test_a_list_of_infinitives_or_of_that_clauses_is_several_asks(text):
    assert "several-asks" in rec_codes(recommendation(text), partners=PARTNERS)


def test_a_noun_after_a_noun_is_not_an_ask():
    rec = recommendation(
        "Guidance does not ask for a welfare check after release. The College of Policing "
        "should revise its custody guidance to include one."
    )
    assert "several-asks" not in rec_codes(rec)


def test_an_action_that_says_it_is_as_a_recommendation_only_refers_elsewhere():
    act = action("Action as recommendation 12.", milestones=[])
    assert action_codes(act) == {"action-restates-recommendation"}


@pytest.mark.parametrize(
    "measure",
    [
        "template change confirmed by the clinical governance group",
        "sample of 10 files reviewed by the Head of Tenancy Services",
        "findings and recommendations to the Board",
    ],
)
def test_plain_evidence_in_other_words_is_evidence(measure):
    act = action(f"Add the question to the assessment template; {measure}.", milestones=[])
    assert "no-evidence" not in action_codes(act)


def test_what_an_ask_is_for_after_so_that_is_not_a_second_ask():
    rec = recommendation(
        "That Fenbury City Council reviews its enforcement procedure so that officers visiting "
        "a property record and refer signs of domestic abuse."
    )
    assert "several-asks" not in rec_codes(rec, partners=PARTNERS)


def test_an_organisation_by_its_initials_before_the_ask_says_who():
    assert "no-agency" not in rec_codes(recommendation("That the HSCP evaluates its programme."))


@pytest.mark.parametrize(
    "text",
    [
        "That Fenbury Police ensures the DASH risk assess ment is completed and the case refer "
        "red to MARAC.",
        "That the ICB seeks assurance that the referral path way is used whe n patients disclose.",
    ],
)
def test_a_word_split_in_two_is_garbled(text):
    assert "garbled-text" in rec_codes(recommendation(text))


def test_e_learning_and_a_circa_are_not_split_words():
    act = action("Officers to complete the e-learning; c.400 records audited and reported.")
    assert "garbled-text" not in action_codes(act)


def test_a_relative_date_in_words_is_a_target_date():
    act = action("Audit 50 records (target: within six months of the plan).", target=None)
    assert "no-target-date" not in action_codes(act)


def test_police_attendance_at_incidents_is_not_an_output():
    act = action("Revise the force policy on repeat attendance; audit of 20 incidents.")
    assert "output-only-measure" not in action_codes(act)


def test_a_session_that_is_the_task_itself_with_nothing_measured_has_no_evidence():
    act = action("Run sessions at older people's lunch clubs.", milestones=[])
    assert {"no-evidence"} <= action_codes(act)
    assert "output-only-measure" not in action_codes(act)


def test_an_output_given_as_what_shows_it_done_is_output_only():
    act = action(
        "Brief ward managers on the duty to refer; attendance register kept.", milestones=[]
    )
    assert "output-only-measure" in action_codes(act)


@pytest.mark.parametrize(
    "text",
    [
        "That Fenbury Police asks for the national custody IT platform to carry a suicide flag.",
        "That Fenbury City Council revises the Care Act eligibility criteria for self-neglect.",
    ],
)
def test_a_national_platform_or_an_act_asked_to_change_needs_national_action(text):
    assert "needs-national-action" in rec_codes(recommendation(text), partners=PARTNERS)


def test_verbs_in_a_relative_clause_are_not_asks():
    rec = recommendation(
        "That Fenbury Fire and Rescue Service agrees a referral route for visits to adults at risk "
        "who smoke and use paraffin-based emollients."
    )
    assert "several-asks" not in rec_codes(rec, partners=PARTNERS)


def test_review_in_the_light_of_the_findings_says_nothing_to_do():
    rec = recommendation(
        "Children's Social Care to review and update as necessary in the light "
        "of the findings of this review."
    )
    assert "no-object" in rec_codes(rec)


def test_page_furniture_inside_a_recommendation_is_garbled():
    text = "That Fenbury Police develops a joint approach to older victims 58 | P a g e Safer"
    assert "garbled-text" in rec_codes(recommendation(text))


def test_outputs_after_with_are_what_shows_it_done():
    act = action(
        "Cascade the revised training to member agencies, with the number of care workers "
        "attending reported to the Board.",
        milestones=[],
    )
    assert "output-only-measure" in action_codes(act)


def test_dates_given_in_the_text_are_target_dates():
    act = action(
        "Audit 40 case files each quarter (first audit by September 2025, last by March 2026).",
        target=None,
        milestones=[],
    )
    assert "no-target-date" not in action_codes(act)


def test_asking_and_recording_the_answer_is_one_ask():
    rec = recommendation(
        "Fenbury Police to ask every victim about stalking at each contact, and to record the "
        "answer on its case system."
    )
    assert "several-asks" not in rec_codes(rec, partners=PARTNERS)


def test_a_hyphen_left_from_a_line_break_is_garbled_but_pre_and_post_is_not():
    assert "garbled-text" in action_codes(action("Attendance pol- icy to be up dated."))
    plain = action("Pre- and post-course test of 20 staff, reported to the board.")
    assert "garbled-text" not in action_codes(plain)


def test_an_addressee_is_found_even_when_its_verb_is_not_a_known_one():
    rec = recommendation("Oakmead Citizens Advice to screen debt clients for economic abuse.")
    assert "addressee-outside-partnership" in rec_codes(rec, partners=PARTNERS)


def test_the_seed_plans_detail_after_a_comma_is_not_a_second_ask():
    rec = recommendation(
        "That NHS Primary Care examine its processes for referring persons to NHS services, to "
        "include consideration of combining this with referrals to third sector agencies."
    )
    assert "several-asks" not in rec_codes(rec)


def test_recording_items_of_its_own_is_a_second_ask():
    rec = recommendation(
        "Fenbury Police to ask every victim about stalking, and to record items seized on the "
        "property system."
    )
    assert "several-asks" in rec_codes(rec, partners=PARTNERS)


def test_agencies_named_only_after_the_ask_leave_it_owned_by_no_one():
    rec = recommendation("Improve information sharing between agencies working with the family.")
    assert "no-agency" in rec_codes(rec)
