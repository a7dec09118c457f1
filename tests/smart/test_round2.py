"""The checker's second round on plans in ordinary panel language (issue 18): kinds of error
found by the outside set's disagreements, each tested here on invented sentences."""

from __future__ import annotations

import pytest

from followthrough.interchange import Lead
from followthrough.smart import check_plan
from followthrough.smart.agencies import Partners
from tests.smart.builders import (
    PLAN_DATE,
    action,
    action_codes,
    codes,
    plan,
    rec_codes,
    recommendation,
)

PARTNERS = [
    "Greyford Metropolitan Borough Council",
    "Greyford Mental Health NHS Foundation Trust",
    "Greyford Community Health NHS Trust",
    "Lowmarsh Teaching Hospitals NHS Foundation Trust",
    "Probation Service - Greyford Probation Delivery Unit",
    "Greyford Domestic Abuse Hub",
    "Greyford Royal Infirmary NHS Trust",
]

# Agencies ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "lead",
    [
        "Greyford MBC Children's Services",  # part of a partner
        "Greyford MHFT",
        "Greyford MH Trust",
        "Greyford Community Health",  # without its kind
        "Lowmarsh Teaching Hospitals NHS FT",
        "Greyford DA Hub",
        "Greyford PDU",  # the same words in another order
        "GRI NHS Trust",  # the initials of its name and its kind in words
    ],
)
def test_it_counts_a_shortened_or_reordered_partners_name_as_that_partner(lead):
    assert lead in Partners(PARTNERS)
    act = action(leads=[Lead(role="Service manager", agency=lead)])
    assert "lead-not-partner" not in action_codes(act, partners=PARTNERS)


@pytest.mark.parametrize(
    "lead", ["Greyford Citizens Advice", "Greyford College", "Lowmarsh Police"]
)
def test_it_still_warns_of_a_local_lead_that_is_no_partner(lead):
    assert lead not in Partners(PARTNERS)
    act = action(leads=[Lead(role="Manager", agency=lead)])
    assert "lead-not-partner" in action_codes(act, partners=PARTNERS)


# Time-bound ----------------------------------------------------------------------------------


def test_it_reads_a_repeating_target_written_in_the_text_as_open_ended():
    act = action(
        "Count the referrals to the refuge and report them to the board (target: yearly).",
        target=None,
    )
    assert "open-ended-timing" in action_codes(act)
    assert "no-target-date" not in action_codes(act)


# Specific ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "That the Council takes the necessary action following the findings of the review.",
        "Police to take appropriate action.",
        "Greyford Royal Infirmary to address the concerns raised.",
        "That the ICB acts on the learning from its Individual Management Review.",
    ],
)
def test_it_finds_no_object_in_a_stock_ask_for_action_or_to_address_findings(text):
    assert "no-object" in rec_codes(recommendation(text))
    assert "no-object" in action_codes(action(text))


@pytest.mark.parametrize(
    "text",
    [
        "Take action to add a stalking prompt to the call handling script.",
        "Address the backlog of DASH forms by auditing every form open over 30 days.",
    ],
)
def test_it_finds_an_object_when_the_action_is_named(text):
    assert "no-object" not in action_codes(action(text))


@pytest.mark.parametrize("opening", ["All partner agencies to", "Partners to"])
def test_it_finds_a_recommendation_to_everyone_all_agencies_only_though_the_partnership_leads(
    opening,
):
    act = action(leads=[Lead(role="Business manager", agency="GCSP")])
    rec = recommendation(f"{opening} update their lone working policies.", actions=[act])
    own = plan(rec, partnership="Greyford Community Safety Partnership")
    found = check_plan(own, partners=PARTNERS, today=PLAN_DATE)
    assert "all-agencies-only" in codes(found.for_recommendation(0))


def test_a_recommendation_to_all_partners_is_owned_by_no_one_whoever_leads_its_actions():
    act = action(leads=[Lead(role="Head of housing", agency="Greyford MBC")])
    rec = recommendation(
        "All partner agencies to update their lone working policies.", actions=[act]
    )
    own = plan(rec, partnership="Greyford Community Safety Partnership")
    found = check_plan(own, partners=PARTNERS, today=PLAN_DATE)
    assert "all-agencies-only" in codes(found.for_recommendation(0))


# Achievable ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "That Keeping Children Safe in Education is amended to require a named lead for "
        "children missing from school.",
        "That the Probation Service changes OASys so that a stalking flag carries over.",
    ],
)
def test_it_finds_national_action_in_changing_named_statutory_guidance_or_a_national_system(
    text,
):
    codes_found = rec_codes(recommendation(text, scope="local"))
    assert "needs-national-action" in codes_found
    assert "vague-verb" not in codes_found


@pytest.mark.parametrize(
    "text",
    [
        "That the Council updates its procedures to reflect Working Together to Safeguard "
        "Children 2023.",
        "That the Police record each stalking case on OASys referrals as they arrive.",
    ],
)
def test_it_leaves_local_work_that_follows_national_guidance_or_uses_a_national_system(text):
    assert "needs-national-action" not in rec_codes(recommendation(text, scope="local"))


# Measurable ----------------------------------------------------------------------------------


def test_it_reads_a_success_measure_written_in_the_text():
    act = action(
        "Stalking awareness sessions for housing staff. Success measure: staff feel more "
        "confident to ask about stalking.",
        milestones=[],
    )
    found = action_codes(act)
    assert "unmeasurable-measure" in found and "no-evidence" not in found


def test_it_finds_an_agencys_declaration_that_its_staff_are_aware_unmeasurable():
    act = action(
        "Each agency to send a signed statement that its managers are aware of the new "
        "escalation route.",
        milestones=[],
    )
    found = action_codes(act)
    assert "unmeasurable-measure" in found and "no-evidence" not in found


@pytest.mark.parametrize(
    "milestone",
    [
        "Self-assessment sent to the regional network; gap analysis to the Trust board",
        "Self-assessment submitted; accreditation awarded by the national scheme",
    ],
)
def test_it_takes_a_self_assessment_checked_by_someone_else_as_measurable(milestone):
    act = action(
        "Complete a self-assessment against the regional stalking standard.",
        milestones=[(milestone, "2024-12")],
    )
    assert "unmeasurable-measure" not in action_codes(act)


def test_it_takes_a_document_shared_with_the_board_as_evidence():
    act = action("Update the referral form and share it with the Board.", milestones=[])
    assert "no-evidence" not in action_codes(act)


def test_it_leaves_an_action_that_only_refers_elsewhere_to_the_restates_check():
    act = action("As recommendation 3 above.", milestones=[])
    found = action_codes(act)
    assert "action-restates-recommendation" in found and "no-evidence" not in found


def test_it_finds_a_recommendation_to_an_advice_service_outside_the_partnership():
    rec = recommendation(
        "That Greyford Citizens Advice adds a stalking question to its intake form."
    )
    assert "addressee-outside-partnership" in rec_codes(rec, partners=PARTNERS)


def test_it_finds_e_learning_certificates_sent_to_the_partnership_output_only():
    act = action(
        "Housing officers to complete stalking e-learning; completion certificates sent to "
        "the CSP.",
        milestones=[("Certificates sent to the board", "2024-12")],
    )
    assert "output-only-measure" in action_codes(act)
