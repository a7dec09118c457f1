"""check_plan's report, the rule register and the word lists in rules.toml."""

from __future__ import annotations

import dataclasses
import re
import subprocess
import sys
import tomllib
from importlib import resources
from pathlib import Path

import pytest

from followthrough.interchange import Lead
from followthrough.smart import RULES, Finding, Letter, Severity, check_plan
from followthrough.smart.vocabulary import vocabulary_from_toml
from tests.smart.builders import action, check, codes, plan, recommendation


def test_a_finding_is_frozen_and_has_letter_severity_code_message_and_suggestion():
    found = check(recommendation("That the CSP considers training.")).for_recommendation(0)[0]
    assert isinstance(found, Finding)
    assert (found.letter, found.severity, found.code) == (Letter.S, Severity.PROBLEM, "vague-verb")
    assert found.message and found.suggestion
    with pytest.raises(dataclasses.FrozenInstanceError):
        found.code = "other"


def test_the_report_holds_findings_by_recommendation_and_action_index():
    report = check(
        recommendation(),
        recommendation(
            "That Northvale Police shares MARAC outcomes with GP practices.",
            [
                action("Agree a secure email route for MARAC outcomes."),
                action("Name a MARAC contact in every GP practice.", leads=[]),
                action("Audit 20 MARAC cases for the outcome letter.", target=None),
            ],
        ),
        recommendation("That Northvale Police records the relationship to the suspect.", []),
    )
    assert report.for_recommendation(0) == [] and report.for_action(0, 0) == []
    assert codes(report.for_action(1, 1)) == {"no-lead"}
    assert codes(report.for_action(1, 2)) == {"no-target-date"}
    assert codes(report.for_recommendation(2)) == {"no-action"}
    assert [(r, a, f.code) for r, a, f in report.located()] == [
        (1, 1, "no-lead"),
        (1, 2, "no-target-date"),
        (2, None, "no-action"),
    ]
    assert (report.problem_count, report.warning_count, report.has_problems) == (2, 1, True)


def test_the_report_as_data_counts_findings_per_letter_for_the_plan_and_each_recommendation():
    data = check(recommendation(actions=[action(leads=[]), action(target=None)])).to_dict()
    assert data["counts"] == {"S": 0, "M": 0, "A": 0, "R": 0, "T": 1, "general": 1}
    assert data["recommendations"][0]["counts"] == data["counts"]
    assert data["recommendations"][0]["actions"][1]["findings"] == [
        {
            "letter": "T",
            "severity": "problem",
            "code": "no-target-date",
            "message": "It has no target date, and none of its milestones has one.",
            "suggestion": data["recommendations"][0]["actions"][1]["findings"][0]["suggestion"],
        }
    ]


def test_the_plan_date_defaults_to_the_start_of_the_publication_month():
    published_in_april = plan(
        recommendation(actions=[action(target="2024-04")]), published="2024-04"
    )
    assert check_plan(published_in_april).all_findings() == []
    published_in_may = plan(recommendation(actions=[action(target="2024-04")]), published="2024-05")
    assert codes(check_plan(published_in_may).all_findings()) == {"date-before-plan"}


def test_every_rule_has_a_unique_code_a_letter_a_severity_and_a_description():
    assert len({rule.code for rule in RULES}) == len(RULES) >= 19
    for rule in RULES:
        assert re.fullmatch(r"[a-z]+(-[a-z0-9]+)*", rule.code)
        assert rule.letter in Letter and rule.severity in Severity
        assert rule.applies_to <= {"plan", "recommendation", "action"} and rule.applies_to
        assert rule.description, f"{rule.code} has no docstring"


def test_every_rule_code_is_named_in_the_rule_tests():
    tests = (Path(__file__).parent / "test_rules.py").read_text()
    untested = [rule.code for rule in RULES if f'"{rule.code}"' not in tests]
    assert untested == []


def _shipped_rules() -> dict:
    return tomllib.loads(resources.files("followthrough.smart").joinpath("rules.toml").read_text())


def test_the_vague_verbs_come_from_rules_toml():
    data = _shipped_rules()
    data["specific"]["vague_verbs"].remove("consider")
    data["specific"]["vague_verbs"].append("liaise")
    vocabulary = vocabulary_from_toml(data)
    report = check_plan(
        plan(
            recommendation("That the CSP considers training."),
            recommendation("That the Council liaises with the police about records."),
        ),
        vocabulary=vocabulary,
    )
    assert "vague-verb" not in codes(report.for_recommendation(0))
    assert "'liaises'" in report.for_recommendation(1)[0].message


def test_the_thresholds_come_from_rules_toml():
    data = _shipped_rules()
    data["thresholds"]["far_off_months"] = 6
    data["thresholds"]["max_recommendations"] = 1
    report = check_plan(
        plan(recommendation(actions=[action(target="2024-12")]), recommendation()),
        vocabulary=vocabulary_from_toml(data),
    )
    assert codes(report.findings) == {"too-many-recommendations"}
    far_off = [f for f in report.for_action(0, 0) if f.code == "far-off-date"]
    assert "more than 6 months" in far_off[0].message


def test_the_suggestion_names_an_agency_of_the_plan():
    rec = recommendation("That the CSP considers training.", [action(leads=[Lead(agency="CADAS")])])
    assert "'CADAS will" in check(rec).for_recommendation(0)[0].suggestion


def test_the_checker_imports_without_django():
    code = (
        "import sys, followthrough.smart, followthrough.smart.accuracy\n"
        "print(any(m == 'django' or m.startswith('django.') for m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
