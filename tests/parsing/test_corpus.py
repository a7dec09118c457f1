"""Every Word, Excel, CSV and text plan of the corpus reads exactly as its expected JSON says.

The documents are built at test time from invented plans (``corpus/office``); what each should
read as is committed beside them (``corpus/<format>/<name>.expected.json``).
"""

from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator

from followthrough.interchange import plan_to_dict, schema
from followthrough.parsing import read_plan
from tests.parsing.corpus.office import cases
from tests.parsing.test_seed import differences

CASES = cases()


@pytest.fixture(scope="module")
def documents() -> dict[str, bytes]:
    return {case.id: case.build() for case in CASES}


def _expected(case) -> dict:
    return json.loads(case.expected_path.read_text(encoding="utf-8"))


def test_the_corpus_covers_every_format_and_has_an_expected_reading_for_each_document():
    assert {case.format for case in CASES} == {"docx", "xlsx", "csv", "text"}
    assert len({case.id for case in CASES}) == len(CASES)
    for case in CASES:
        assert case.expected_path.is_file(), f"{case.expected_path} is missing"


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_each_corpus_document_matches_its_expected_json_field_by_field(case, documents):
    got = plan_to_dict(read_plan(documents[case.id], filename=case.filename))
    problems = differences(got, _expected(case))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_each_expected_reading_validates_against_the_interchange_schema(case):
    errors = sorted(Draft202012Validator(schema()).iter_errors(_expected(case)), key=str)
    assert errors == []


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_the_content_decides_the_format_not_the_name(case, documents):
    named = plan_to_dict(read_plan(documents[case.id], filename=case.filename))
    misnamed = read_plan(documents[case.id], filename="plan.json")
    assert plan_to_dict(misnamed) == named
    assert any("named .json" in w for w in misnamed.warnings)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_each_corpus_document_reads_the_same_when_its_format_is_given(case, documents):
    format = case.format
    got = plan_to_dict(read_plan(documents[case.id], filename=case.filename, format=format))
    assert not differences(got, _expected(case))


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_each_corpus_document_says_where_the_reader_guessed(case, documents):
    plan = read_plan(documents[case.id], filename=case.filename)
    for rec in plan.recommendations:
        for action in rec.actions:
            if action.target_date_text and action.target_date is None:
                assert any(f"'{action.target_date_text}' is not a date" in w
                           for w in action.warnings)  # fmt: skip
            if not action.leads:
                assert "lead: no lead is named" in action.warnings
