import pytest

from followthrough.plans.outcomes import Outcome, recommendation_outcome


@pytest.mark.parametrize(
    ("statuses", "outcome"),
    [
        ([], Outcome.NO_INFORMATION),
        (["no_information", "no_information"], Outcome.NO_INFORMATION),
        (["signed_off", "completed"], Outcome.FULLY_IMPLEMENTED),
        (["signed_off", "already_in_place"], Outcome.FULLY_IMPLEMENTED),
        (["already_in_place"], Outcome.ALREADY_IN_PLACE),
        (["signed_off", "on_track"], Outcome.PARTLY_IMPLEMENTED),
        (["partly_met", "not_met"], Outcome.PARTLY_IMPLEMENTED),
        (["not_met", "superseded"], Outcome.NOT_MET),
        (["on_track", "no_information"], Outcome.UNDER_WAY),
        (["closure_proposed"], Outcome.UNDER_WAY),
    ],
)
def test_a_recommendations_outcome_follows_from_its_actions_statuses(statuses, outcome):
    assert recommendation_outcome(statuses) == outcome
