"""`followthrough check FILE`: the SMART findings of a plan, as text or JSON, with exit codes."""

from __future__ import annotations

import json

import pytest

from followthrough.cli import main
from followthrough.interchange import plan_to_dict
from tests.smart.builders import action, plan, recommendation


@pytest.fixture
def seed_file(tmp_path, seed_expected):
    path = tmp_path / "sarah.json"
    path.write_text(json.dumps(seed_expected))
    return path


def write_plan(tmp_path, *recommendations):
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan_to_dict(plan(*recommendations))))
    return path


def test_it_prints_findings_grouped_by_recommendation_with_counts_per_letter(seed_file, capsys):
    assert main(["check", str(seed_file)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Domestic Homicide Review (DHR) into the death of Sarah\n")
    assert "6 recommendations, 6 actions: 4 problems, 1 warning." in out
    assert "By letter: S 3 · M 0 · A 0 · R 0 · T 1 · general 1" in out
    assert "give one with --plan-date" in out
    third = out.split("Recommendation 3 (Processes): ")[1].split("\nRecommendation 4")[0]
    assert "  S 0 · M 0 · A 0 · R 0 · T 1 · general 0" in third
    assert "  Action 1: Develop a model of interagency" in third
    assert "    Problem (T, no-target-date): It has no target date" in third
    assert "      Suggestion: Give it a target date" in third
    first = out.split("Recommendation 1 (Local partnership): ")[1].split("\nRecommendation 2")[0]
    assert "Problem (S, all-agencies-only): It is addressed to 'all agencies'" in first
    second = out.split("Recommendation 2 (")[1].split("\nRecommendation 3")[0]
    assert "No findings." in second


def test_it_exits_1_on_a_problem_only_with_strict(seed_file):
    assert main(["check", str(seed_file)]) == 0
    assert main(["check", "--strict", str(seed_file)]) == 1


def test_strict_exits_0_when_there_are_only_warnings(tmp_path, capsys):
    path = write_plan(tmp_path, recommendation(actions=[action(leads=[])]))
    assert main(["check", "--strict", str(path)]) == 0
    assert "0 problems, 1 warning." in capsys.readouterr().out


def test_json_gives_counts_and_findings_by_recommendation_and_action(seed_file, capsys):
    assert main(["check", "--json", str(seed_file)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["title"] == "Domestic Homicide Review (DHR) into the death of Sarah"
    assert (data["problems"], data["warnings"]) == (4, 1)
    assert data["counts"] == {"S": 3, "M": 0, "A": 0, "R": 0, "T": 1, "general": 1}
    assert data["findings"] == []
    third = data["recommendations"][2]
    assert third["index"] == 2 and third["text"].startswith("That NHS Primary Care")
    assert third["counts"]["T"] == 1 and third["findings"] == []
    (finding,) = third["actions"][0]["findings"]
    assert set(finding) == {"letter", "severity", "code", "message", "suggestion"}
    assert (finding["letter"], finding["severity"], finding["code"]) == (
        "T",
        "problem",
        "no-target-date",
    )
    assert third["actions"][0]["text"].startswith("Develop a model")


def test_plan_date_and_partners_reach_the_checker(tmp_path, capsys):
    path = write_plan(tmp_path, recommendation(actions=[action(target="2024-06")]))
    args = ["check", "--json", str(path), "--plan-date", "2024-09-01", "--partner", "Other CSP"]
    assert main(args) == 0
    found = json.loads(capsys.readouterr().out)["recommendations"][0]["actions"][0]["findings"]
    assert {f["code"] for f in found} == {"date-before-plan", "lead-not-partner"}


@pytest.mark.parametrize("name", ["missing.json", "."])
def test_an_unreadable_file_exits_2_with_one_line_on_stderr(tmp_path, capsys, name):
    assert main(["check", str(tmp_path / name)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("followthrough check: ") and captured.err.count("\n") == 1


def test_a_bad_plan_date_is_a_usage_error(seed_file, capsys):
    with pytest.raises(SystemExit) as exit:
        main(["check", str(seed_file), "--plan-date", "July 2014"])
    assert exit.value.code == 2
    assert "not a date in the form 2024-03-31" in capsys.readouterr().err


def test_it_prints_a_finding_of_the_checks_added_for_closures(tmp_path, capsys):
    closed = action(status="completed", outcome="Complete.")
    path = write_plan(tmp_path, recommendation(actions=[closed]))
    assert main(["check", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Problem (M, weak-closure): It is recorded as completed" in out
