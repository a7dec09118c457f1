"""The checker on plans in ordinary panel language (issue 18): name variants, national bodies,
lists of asks, plain evidence, and the checks added for closure, measures and fit."""

from __future__ import annotations

import pytest

from followthrough.interchange import Lead
from followthrough.smart.agencies import Partners
from tests.smart.builders import action, action_codes, rec_codes, recommendation

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
