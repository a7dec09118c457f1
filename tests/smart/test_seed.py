"""The checker on the seed plan (South Lakeland DHR 'Sarah'), as the expected parse gives it."""

from __future__ import annotations

from followthrough.smart import check_plan
from tests.smart.builders import codes

UNTIMED_OR_OWNERLESS = {
    "no-target-date",
    "open-ended-timing",
    "no-lead",
    "no-agency",
    "all-agencies-only",
}


def test_it_flags_the_seed_recommendation_whose_milestones_have_no_target_dates(seed_plan):
    rec = seed_plan.recommendations[2]
    assert rec.text.startswith("That NHS Primary Care examine its processes")
    assert "no-target-date" in codes(check_plan(seed_plan).for_action(2, 0))


def test_it_flags_the_garbled_training_recommendation_of_the_seed(seed_plan):
    rec = seed_plan.recommendations[4]
    assert rec.text.startswith("reviewed, to ensure the following the review")
    found = [f for f in check_plan(seed_plan).for_recommendation(4) if f.code == "garbled-text"]
    assert len(found) == 1
    assert "starts mid-sentence" in found[0].message and "repeats 'wide'" in found[0].message


def test_it_flags_only_the_undated_action_and_the_recommendation_to_all_agencies(seed_plan):
    report = check_plan(seed_plan)
    flagged = {
        (r, a): codes([f]) & UNTIMED_OR_OWNERLESS
        for r, a, f in report.located()
        if codes([f]) & UNTIMED_OR_OWNERLESS
    }
    # "That all agencies report progress ..." names no one agency in its own words, whoever
    # leads its actions (domain.md: "names an accountable agency (not only 'all agencies')").
    assert flagged == {(2, 0): {"no-target-date"}, (0, None): {"all-agencies-only"}}


def test_it_flags_the_seed_request_that_the_home_office_consider_amending_guidance(seed_plan):
    found = check_plan(seed_plan).for_recommendation(5)
    assert "'consider'" in next(f for f in found if f.code == "vague-verb").message
    assert "needs-national-action" not in codes(found)  # it is a national recommendation
