"""The exports tell an action awaiting sign-off, signed off, already in place, proposed for
closing and closed apart, as the action page does (Action.standing; issue 12, observation 8:
one green "Completed" stood for the first three)."""

from __future__ import annotations

import pytest

from followthrough.exports.pdf import plan_groups
from followthrough.exports.selectors import plan_export
from followthrough.exports.writers.csv import plan_csv
from followthrough.plans.models import Action
from tests.exports.conftest import TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def ended(live):
    for name, fields in {
        "overdue": {"status": "completed"},
        "at_risk": {"status": "closure_proposed", "proposed_closure": "superseded"},
        "done": {"status": "signed_off"},
        "revised": {"status": "already_in_place"},
    }.items():
        Action.objects.filter(pk=live[name].pk).update(**fields)
    return live


EXPECTED = {
    "Audit DASH completion in 60 incidents": "Awaiting sign-off",
    "Train response officers in the DASH questions": "Closure proposed",
    "Add the routine enquiry question to the booking template": "Signed off",
    "Report the enquiry rate to the CSP board": "Already in place",
}


def test_each_action_of_the_plan_export_carries_its_standing(ended):
    export = plan_export(ended["review"], today=TODAY)
    assert {row.action.text: row.delivery.state_label for row in export.rows()} == EXPECTED


def test_the_spreadsheets_state_today_column_tells_them_apart(ended):
    text = plan_csv(plan_export(ended["review"], today=TODAY)).decode("utf-8-sig")
    for action, standing in EXPECTED.items():
        line = next(line for line in text.splitlines() if action in line)
        assert standing in line, action


def test_the_pdf_plan_tells_them_apart(ended):
    groups = plan_groups(plan_export(ended["review"], today=TODAY))
    shown = {
        action["text"]: action["state_label"]
        for group in groups
        for rec in group["recommendations"]
        for action in rec["actions"]
    }
    assert shown == EXPECTED
