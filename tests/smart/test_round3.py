"""The checker's round on the third outside set's kinds of error (issue 18), each tested here
on invented sentences: none of them is a sentence of that set."""

from __future__ import annotations

import pytest

from tests.smart.builders import action, action_codes, rec_codes, recommendation


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
