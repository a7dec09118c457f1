"""The checker on plans in ordinary panel language (issue 18): name variants, national bodies,
lists of asks, plain evidence, and the checks added for closure, measures and fit."""

from __future__ import annotations

import pytest

from followthrough.interchange import Lead
from followthrough.smart.agencies import Partners
from tests.smart.builders import action, action_codes, check, rec_codes, recommendation

LOCAL_PARTNERS = [
    "Kestrel Bay Constabulary",
    "Kestrel Bay Integrated Care Board",
    "Saltmarsh Hospitals NHS Foundation Trust (SHFT)",
    "Kestrel Bay Borough Council",
    "Harbourside Women's Refuge",
    "Kestrel Bay Community Safety Partnership",
]

# Agencies ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "lead",
    [
        "Kestrel Bay ICB",
        "Kestrel Bay Police",
        "Saltmarsh Hospitals NHS Trust",
        "the Trust",
        "SHFT",
        "Kestrel Bay Council",
        "HWR",
        "Kestrel Bay CSP",
        "Police",
    ],
)
def test_it_counts_a_variant_of_a_partners_name_as_that_partner(lead):
    assert lead in Partners(LOCAL_PARTNERS)
    act = action(leads=[Lead(name="R. Patel", agency=lead)])
    assert "lead-not-partner" not in action_codes(act, partners=LOCAL_PARTNERS)


@pytest.mark.parametrize(
    "lead", ["Greyport Police", "Saltmarsh Borough Council", "Fenwick Drug Service"]
)
def test_it_still_warns_of_a_lead_that_is_no_partner(lead):
    assert lead not in Partners(LOCAL_PARTNERS)
    act = action(leads=[Lead(name="R. Patel", agency=lead)])
    assert "lead-not-partner" in action_codes(act, partners=LOCAL_PARTNERS)


@pytest.mark.parametrize(
    "text",
    [
        "That HM Prison and Probation Service changes its release risk process for stalkers.",
        "That the care regulator inspects how care homes record domestic abuse.",
        "That the Police National Computer is amended to hold a flag for repeat victims.",
    ],
)
def test_it_flags_a_local_ask_of_a_national_body_or_system(text):
    assert "needs-national-action" in rec_codes(recommendation(text, scope="local"))


def test_it_lets_a_local_agency_use_a_national_system():
    text = "That Kestrel Bay Police records every stalking protective order on the PNC."
    assert "needs-national-action" not in rec_codes(recommendation(text, scope="local"))


# Several asks ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "That Kestrel Bay Police updates its stalking procedure in line with the Protection and "
        "Support Guidance.",
        "That the Council reviews the referral, support and housing pathways.",
        "That Kestrel Bay Police reviews, updates and reissues its guidance on stalking.",
    ],
)
def test_it_reads_a_name_or_a_list_of_nouns_as_one_ask(text):
    assert "several-asks" not in rec_codes(recommendation(text))


def test_it_counts_each_verb_of_a_list_of_asks():
    text = (
        "That the Council reviews its housing allocation policy, trains all housing officers "
        "and works towards the DAHA standard."
    )
    assert "several-asks" in rec_codes(recommendation(text))


# Vague asks, evidence, outputs, timing ----------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Thought and consideration to be given by the Council to a peer mentor scheme.",
        "That Kestrel Bay Police makes sure the learning from this review is embedded.",
        "Housing officers at the Council to show more professional curiosity.",
    ],
)
def test_it_flags_a_vague_ask_in_noun_form_or_a_stock_phrase(text):
    assert "vague-verb" in rec_codes(recommendation(text))


def test_it_lets_a_stock_phrase_pass_as_the_purpose_of_a_concrete_ask():
    text = "Deliver stalking training to all call handlers so that they are aware of the risks."
    assert "vague-verb" not in action_codes(action(text))


@pytest.mark.parametrize(
    "evidence",
    [
        "Decision minuted at the March executive meeting",
        "Written confirmation received from each ward manager",
        "Progress paper taken to the case review sub-group",
    ],
)
def test_it_accepts_plain_evidence_of_completion(evidence):
    act = action("Change the overnight staffing rota.", milestones=[(evidence, "2024-10")])
    assert "no-evidence" not in action_codes(act)


def test_it_reads_what_a_completed_action_changed_from_its_outcome():
    act = action(
        "Screen new clients for coercive control.",
        milestones=[],
        status="completed",
        outcome="112 clients asked the routine question; figures went to the board",
    )
    assert "no-evidence" not in action_codes(act)


@pytest.mark.parametrize(
    "measure", ["Number of staff attending each session", "Two briefings given to team leaders"]
)
def test_it_warns_of_an_output_only_measure_in_other_words(measure):
    act = action("Run sessions on the new referral form.", milestones=[], measure=measure)
    assert "output-only-measure" in action_codes(act)


@pytest.mark.parametrize("when", ["Annual", "Yearly", "Six-monthly"])
def test_it_calls_a_repeating_date_open_ended_not_missing(when):
    act = action(milestones=[], target=None, target_date_text=when)
    found = action_codes(act)
    assert "open-ended-timing" in found and "no-target-date" not in found


def test_an_annual_report_in_the_text_is_not_a_date():
    act = action("Publish an annual report on stalking.", milestones=[], target=None)
    assert "no-target-date" in action_codes(act)


# Reworded duplicates ----------------------------------------------------------------------------


def test_it_finds_a_recommendation_asked_again_in_other_words():
    first = recommendation(
        "That Kestrel Bay Police trains every call handler to use the stalking screening questions."
    )
    second = recommendation(
        "Kestrel Bay Police to provide refresher training for control room call handlers on "
        "recognising stalking and using the screening questions at first contact."
    )
    other = recommendation("That Kestrel Bay Police audits 30 stalking cases for risk grading.")
    report = check(first, other, second)
    assert "duplicate-recommendation" in {f.code for f in report.for_recommendation(2)}
    assert "duplicate-recommendation" not in {f.code for f in report.for_recommendation(1)}
    assert "recommendation 1 in other words" in report.for_recommendation(2)[0].message


def test_it_does_not_call_two_asks_of_one_subject_with_other_verbs_duplicates():
    first = recommendation("That the Council audits its housing allocation decisions for risk.")
    second = recommendation("That the Council trains its housing allocation officers on risk.")
    assert "duplicate-recommendation" not in {
        f.code for f in check(first, second).for_recommendation(1)
    }


# Found while reading plans in panel language -------------------------------------------------


def test_it_reads_county_council_initials_and_apostrophes_as_the_partner():
    partners = Partners(["Ashford Vale County Council", "Oak Tree Women's Aid"])
    partners_nhs = Partners(["Ashford Vale Hospitals NHS Foundation Trust"])
    assert "Ashford Vale CC" in partners and "Oak Tree Womens Aid" in partners
    assert "AVHFT" in partners_nhs


def test_a_service_of_a_partner_is_within_the_partnership():
    rec = recommendation(
        "That Northvale Borough Council Children's Services reviews its step-down process."
    )
    partners = [*LOCAL_PARTNERS, "Northvale Borough Council"]
    assert "addressee-outside-partnership" not in rec_codes(rec, partners=partners)


def test_a_noun_made_of_a_verb_is_no_second_ask():
    text = (
        "That the Council develops a joint protocol for families where a parent has care and "
        "support needs."
    )
    assert "several-asks" not in rec_codes(recommendation(text))


def test_a_national_guidance_named_at_length_after_in_line_with_is_followed_not_changed():
    text = (
        "That Kestrel Bay Police trains its officers in line with the Home Office Controlling or "
        "Coercive Behaviour Statutory Guidance."
    )
    assert "needs-national-action" not in rec_codes(recommendation(text, scope="local"))


@pytest.mark.parametrize(
    "lead, partner",
    [
        ("Haven Housing", "Haven Housing Group"),
        ("Thornbury Teaching Hospitals", "Thornbury Teaching Hospitals NHS Trust"),
        ("Thornbury MBC", "Thornbury Metropolitan Borough Council"),
        ("Thornbury SAB", "Thornbury Safeguarding Adults Board"),
    ],
)
def test_it_reads_short_forms_of_a_partners_name(lead, partner):
    assert lead in Partners([partner])
    assert lead not in Partners(["Eastwick Police"])


def test_a_completed_action_whose_outcome_shows_change_is_not_output_only():
    act = action(
        "Brief housing officers on the new flag.",
        milestones=[],
        measure="Briefing delivered",
        status="completed",
        outcome="Briefing given to 46 officers; the flag was used on 12 tenancies by January",
    )
    assert "output-only-measure" not in action_codes(act)


def test_a_letter_with_no_reply_is_a_weak_closure():
    act = action(
        status="completed",
        outcome="Letter sent to NHS England; no response received; action closed",
    )
    assert "weak-closure" in action_codes(act)


@pytest.mark.parametrize(
    "measure",
    [
        "Agencies to self-assess compliance",
        "Confirmation from each agency that training has taken place",
        "Each agency provides written assurance to the board",
    ],
)
def test_self_certification_in_other_words_is_unmeasurable(measure):
    assert "unmeasurable-measure" in action_codes(action(milestones=[], measure=measure))


def test_same_as_another_recommendation_only_refers_elsewhere():
    assert "action-restates-recommendation" in action_codes(action("Same as recommendation 2"))


def test_a_vague_verb_inside_a_name_is_no_vague_ask():
    text = "That the ICB commissions Improving Access to Psychological Therapies for victims."
    assert "vague-verb" not in rec_codes(recommendation(text))


@pytest.mark.parametrize(
    "evidence",
    ["Outcome shared with the CSP", "Progress update to the Delivery Group"],
)
def test_an_update_to_the_partnership_is_evidence(evidence):
    act = action("Change the referral form.", milestones=[(evidence, "2024-10")])
    assert "no-evidence" not in action_codes(act)


def test_a_change_to_a_national_police_it_system_needs_national_action():
    text = (
        "That the national police IT system is changed so that stalking flags show on every call."
    )
    assert "needs-national-action" in rec_codes(recommendation(text, scope="local"))


def test_a_team_or_service_is_taken_to_be_part_of_a_partner():
    rec = recommendation("That the Kestrel Bay Housing Options Service reviews its triage.")
    assert "addressee-outside-partnership" not in rec_codes(rec, partners=LOCAL_PARTNERS)
