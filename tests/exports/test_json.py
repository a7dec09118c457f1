"""The plan as interchange JSON: valid against the schema, and read back as the same plan."""

from __future__ import annotations

import json

import jsonschema
import pytest

from followthrough.exports.selectors import plan_export
from followthrough.exports.writers.json import plan_json
from followthrough.interchange import plan_from_dict, plan_to_dict, schema
from followthrough.parsing import read_plan
from followthrough.partnerships.services import partnership_get_or_create
from followthrough.plans.conversion import plan_from_review
from followthrough.plans.selectors import review_plan
from followthrough.plans.services import plan_import
from tests.exports.conftest import deliver

pytestmark = pytest.mark.django_db


def test_the_json_export_is_valid_against_the_interchange_schema(seed_review, live):
    deliver(live)
    for review in (seed_review, live["review"]):
        data = json.loads(plan_json(plan_export(review)))
        jsonschema.validate(data, schema())
        assert data["format"] == "followthrough.action-plan/1"


def test_the_json_export_is_the_stored_plan(seed_review):
    data = json.loads(plan_json(plan_export(seed_review)))
    assert plan_from_dict(data) == plan_from_review(seed_review, review_plan(seed_review))


def test_reading_the_json_export_gives_the_same_plan(seed_review, seed_plan):
    data = plan_json(plan_export(seed_review))
    back = read_plan(data, filename="dhr-sarah-action-plan.json")
    assert plan_to_dict(back) == plan_to_dict(
        plan_from_review(seed_review, review_plan(seed_review))
    )
    assert plan_to_dict(back) == plan_to_dict(seed_plan)


def test_exporting_then_importing_gives_an_identical_plan(live):
    deliver(live)
    review = live["review"]
    data = plan_json(plan_export(review))
    imported = plan_import(
        plan=read_plan(data, filename="plan.json"),
        partnership=partnership_get_or_create(name="Fellside CSP", actor=None),
        source=data,
        filename="plan.json",
        actor=None,
        link_agencies=True,  # the same agencies, confirmed as partners of Fellside too
    ).review
    again = plan_to_dict(plan_from_review(imported, review_plan(imported)))
    original = plan_to_dict(plan_from_review(review, review_plan(review)))
    assert again == {**original, "review": {**original["review"], "partnership": "Fellside CSP"}}


def test_the_json_export_carries_the_measure_of_success_into_a_new_import(seed_review):
    measure = "Audit of 20 cases shows DASH completed in 95%"
    action = seed_review.recommendations.get(order=2).actions.get()
    action.measure = measure
    action.save()
    data = plan_json(plan_export(seed_review))
    actions = [rec["actions"][0] for rec in json.loads(data)["recommendations"]]
    assert actions[1]["measure"] == measure
    assert "measure" not in actions[0]  # written only where set
    imported = plan_import(
        plan=read_plan(data, filename="plan.json"),
        partnership=partnership_get_or_create(name="Fellside CSP", actor=None),
        source=data,
        filename="plan.json",
        actor=None,
        link_agencies=True,  # the same agencies, confirmed as partners of Fellside too
    ).review
    assert imported.recommendations.get(order=2).actions.get().measure == measure
