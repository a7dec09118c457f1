"""The published South Lakeland plan (text extracted from its PDF) reads exactly as expected."""

from __future__ import annotations

import re

import pytest
from jsonschema import Draft202012Validator

from followthrough.interchange import plan_to_dict, schema
from followthrough.parsing import read_plan_file


def _norm(value):
    return re.sub(r"\s+", " ", value).strip() if isinstance(value, str) else value


def differences(got, expected, path: str = "$") -> list[str]:
    """Every field where ``got`` differs from ``expected``, by JSON path (strings compared
    after collapsing whitespace)."""
    if isinstance(expected, dict):
        if not isinstance(got, dict):
            return [f"{path}: expected an object, got {got!r}"]
        found = []
        for key in sorted(set(expected) | set(got)):
            if key not in got:
                found.append(f"{path}.{key}: missing")
            elif key not in expected:
                found.append(f"{path}.{key}: unexpected field ({got[key]!r})")
            else:
                found += differences(got[key], expected[key], f"{path}.{key}")
        return found
    if isinstance(expected, list):
        if not isinstance(got, list):
            return [f"{path}: expected a list, got {got!r}"]
        found = []
        if len(got) != len(expected):
            found.append(f"{path}: {len(got)} items, expected {len(expected)}")
        for i, (g, e) in enumerate(zip(got, expected, strict=False)):
            found += differences(g, e, f"{path}[{i}]")
        return found
    if _norm(got) != _norm(expected):
        return [f"{path}: got {got!r}, expected {expected!r}"]
    return []


@pytest.fixture
def seed_dict(seed_text_path) -> dict:
    return plan_to_dict(read_plan_file(seed_text_path))


def test_the_comparison_reports_the_field_that_differs():
    expected = {"recommendations": [{"text": "a  b", "actions": [{"status": "completed"}]}]}
    got = {"recommendations": [{"text": "a b", "actions": [{"status": None}]}]}
    assert differences(got, expected) == [
        "$.recommendations[0].actions[0].status: got None, expected 'completed'"
    ]


def test_the_seed_review_is_read_from_the_title_and_the_plan(seed_dict, seed_expected_dict):
    assert differences(seed_dict["review"], seed_expected_dict["review"], "$.review") == []
    assert _norm(seed_dict["preamble"]) == _norm(seed_expected_dict["preamble"])


def test_the_seed_has_the_expected_recommendations_and_actions(seed_dict, seed_expected_dict):
    shape = [len(r["actions"]) for r in seed_dict["recommendations"]]
    assert shape == [len(r["actions"]) for r in seed_expected_dict["recommendations"]]


@pytest.mark.parametrize("index", range(6))
def test_each_seed_recommendation_matches_the_expected_json_field_by_field(
    seed_dict, seed_expected_dict, index
):
    got = seed_dict["recommendations"][index]
    expected = seed_expected_dict["recommendations"][index]
    problems = differences(got, expected, f"$.recommendations[{index}]")
    assert not problems, "\n".join(problems)


def test_the_whole_seed_matches_the_expected_json(seed_dict, seed_expected_dict):
    problems = differences(seed_dict, seed_expected_dict)
    assert not problems, "\n".join(problems)


def test_the_seed_output_validates_against_the_interchange_schema(seed_dict):
    errors = sorted(Draft202012Validator(schema()).iter_errors(seed_dict), key=str)
    assert errors == []


def test_it_warns_where_it_guessed_on_the_seed(seed_text_path):
    data = plan_to_dict(read_plan_file(seed_text_path), warnings=True)
    recs = data["recommendations"]
    review_action = recs[1]["actions"][0]
    assert any("5 target dates for 6 milestones" in w for w in review_action["warnings"])
    assert any("page break" in w for w in review_action["warnings"])
    assert any("brackets" in w for w in recs[2]["actions"][0]["warnings"])
    assert any("no target date for 5 milestones" in w for w in recs[2]["actions"][0]["warnings"])
    assert any("mid-sentence" in w for w in recs[4]["warnings"])
    assert any("garbled" in w for w in recs[4]["warnings"])
    assert any("no brackets" in w for w in recs[5]["actions"][0]["warnings"])
    assert any("South Lakeland CSP" in w for w in data["warnings"])


def test_warnings_stay_out_of_the_interchange_output_unless_asked(seed_text_path):
    data = plan_to_dict(read_plan_file(seed_text_path))
    assert "warnings" not in data
    assert all("warnings" not in r for r in data["recommendations"])
