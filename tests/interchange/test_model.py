import jsonschema

from followthrough.interchange import plan_from_dict, plan_to_dict, schema
from tests.conftest import SHARED


def test_the_expected_seed_round_trips_through_the_dataclasses(seed_expected):
    assert plan_to_dict(plan_from_dict(seed_expected)) == seed_expected


def test_written_plans_validate_against_the_schema(seed_plan):
    jsonschema.validate(plan_to_dict(seed_plan), schema())


def test_warnings_are_written_only_when_asked(seed_plan):
    seed_plan.recommendations[0].actions[0].warnings.append("lead without an agency")
    assert "warnings" not in plan_to_dict(seed_plan)["recommendations"][0]["actions"][0]
    with_warnings = plan_to_dict(seed_plan, warnings=True)
    assert with_warnings["recommendations"][0]["actions"][0]["warnings"] == [
        "lead without an agency"
    ]
    assert plan_from_dict(with_warnings) == seed_plan


def test_the_packaged_schema_is_the_shared_one():
    import json

    shared = json.loads((SHARED / "schema" / "action-plan.schema.json").read_text())
    assert schema() == shared


def test_a_date_as_written_travels_with_the_plan_only_when_set(seed_plan):
    action = seed_plan.recommendations[0].actions[0]
    action.target_date_text = "Spring 2015"
    action.milestones[0].target_date_text = "ongoing"
    data = plan_to_dict(seed_plan)
    assert data["recommendations"][0]["actions"][0]["target_date_text"] == "Spring 2015"
    assert (
        data["recommendations"][0]["actions"][0]["milestones"][0]["target_date_text"] == "ongoing"
    )
    assert "target_date_text" not in data["recommendations"][1]["actions"][0]
    assert plan_from_dict(data) == seed_plan
