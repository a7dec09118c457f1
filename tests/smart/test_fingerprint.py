"""The fingerprint of a check (what stored findings are kept under), and a report stored as JSON
and read back."""

from __future__ import annotations

import datetime as dt
import json

from followthrough.smart import PlanReport, check_plan, fingerprint
from tests.smart.builders import PARTNERS, action, check, codes, plan, recommendation


def test_the_fingerprint_is_the_same_for_the_same_plan_and_arguments():
    kwargs = {"partners": PARTNERS, "today": dt.date(2025, 1, 1)}
    assert fingerprint(plan(), **kwargs) == fingerprint(plan(), **kwargs)
    assert fingerprint(plan(), partners=list(reversed(PARTNERS)), today=kwargs["today"]) == (
        fingerprint(plan(), **kwargs)
    )


def test_the_fingerprint_changes_with_anything_the_rules_read():
    base = fingerprint(plan(), partners=PARTNERS)
    changed = [
        fingerprint(
            plan(recommendation(text="That the council reviews its policy.")), partners=PARTNERS
        ),
        fingerprint(plan(recommendation(actions=[action(status="completed")])), partners=PARTNERS),
        fingerprint(plan(recommendation(actions=[action(target="2025-01")])), partners=PARTNERS),
        fingerprint(
            plan(recommendation(actions=[action(measure="90% audited")])), partners=PARTNERS
        ),
        fingerprint(plan(), partners=PARTNERS[:1]),
        fingerprint(plan(), partners=None),
        fingerprint(plan(), partners=PARTNERS, plan_date=dt.date(2024, 5, 1)),
        fingerprint(plan(published="2024-05-01"), partners=PARTNERS),
    ]
    assert base not in changed
    assert len(set(changed)) == len(changed)


def test_today_counts_only_for_a_plan_without_a_date():
    dated, undated = plan(), plan(published=None)
    days = dt.date(2025, 1, 1), dt.date(2025, 1, 2)
    assert fingerprint(dated, today=days[0]) == fingerprint(dated, today=days[1])
    assert fingerprint(undated, today=days[0]) != fingerprint(undated, today=days[1])
    # ... because only then do the findings depend on it (far-off dates count from today).
    far = plan(recommendation(actions=[action(target="2027-02")]), published=None)
    assert "far-off-date" in codes(check_plan(far, today=days[0]).for_action(0, 0))
    assert "far-off-date" not in codes(check_plan(far, today=dt.date(2025, 6, 1)).for_action(0, 0))


def test_a_report_written_as_json_reads_back_the_same():
    report = check(
        recommendation(text="Agencies to consider training.", actions=[action(target=None)]),
        recommendation(),
    )
    assert report.all_findings()
    stored = json.loads(json.dumps(report.to_dict()))
    assert PlanReport.from_dict(stored) == report


def test_the_fingerprint_changes_with_the_checker_itself(monkeypatch):
    from followthrough.smart import checker

    before = fingerprint(plan())
    monkeypatch.setattr(checker, "checker_version", lambda: "another checker")
    assert fingerprint(plan()) != before
