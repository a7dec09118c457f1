"""How well the checker agrees with a labelled set: precision and recall, overall and per code.

The labelled set is JSON: ``{"plans": [{"name", "set", "check", "plan"}]}``. ``plan`` is a plan
in the interchange format whose plan, recommendations and actions each carry an ``expect`` list
of the finding codes they should get; ``set`` says whether it was written while the rules were
tuned ("development") or afterwards ("held-out"); ``check`` holds ``partners``, ``today`` and
optionally ``plan_date`` for ``check_plan``. Each plan, recommendation and action is one item:
a code found on an item that expects it is a true positive, found but not expected a false
positive, expected but not found a false negative.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from followthrough.interchange import ActionPlan, plan_from_dict
from followthrough.smart.checker import check_plan

Location = tuple[int | None, int | None]  # (recommendation, action); None for the plan level


@dataclass
class Tally:
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else 1.0


@dataclass
class Disagreement:
    plan: str
    where: str  # "plan", "recommendation 2", "recommendation 2, action 1" (1-based)
    text: str
    missed: list[str]
    extra: list[str]


@dataclass
class Scores:
    items: int = 0
    recommendations: int = 0
    actions: int = 0
    overall: Tally = field(default_factory=Tally)
    by_code: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    disagreements: list[Disagreement] = field(default_factory=list)


@dataclass
class LabelledPlan:
    name: str
    set: str  # "development" (written while tuning the rules) or "held-out"
    plan: ActionPlan
    expected: dict[Location, set[str]]
    plan_date: dt.date | None
    partners: list[str] | None
    today: dt.date | None


def load_labelled(path: str | Path) -> list[LabelledPlan]:
    data = json.loads(Path(path).read_text("utf-8"))
    out = []
    for entry in data["plans"]:
        raw, check = entry["plan"], entry.get("check", {})
        expected: dict[Location, set[str]] = {(None, None): set(raw.get("expect", []))}
        for r, rec in enumerate(raw["recommendations"]):
            expected[(r, None)] = set(rec.get("expect", []))
            for a, action in enumerate(rec["actions"]):
                expected[(r, a)] = set(action.get("expect", []))
        out.append(
            LabelledPlan(
                name=entry["name"],
                set=entry.get("set", "development"),
                plan=plan_from_dict(raw),
                expected=expected,
                plan_date=_date(check.get("plan_date")),
                partners=check.get("partners"),
                today=_date(check.get("today")),
            )
        )
    return out


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def score(labelled: list[LabelledPlan]) -> Scores:
    scores = Scores()
    for case in labelled:
        report = check_plan(
            case.plan, plan_date=case.plan_date, partners=case.partners, today=case.today
        )
        found: dict[Location, set[str]] = defaultdict(set)
        for r, a, finding in report.located():
            found[(r, a)].add(finding.code)
        for (r, a), expected in case.expected.items():
            got = found[(r, a)]
            scores.items += 1
            scores.recommendations += r is not None and a is None
            scores.actions += a is not None
            for code in got | expected:
                tally = scores.by_code[code]
                hit, want = code in got, code in expected
                for t in (tally, scores.overall):
                    t.true_positives += hit and want
                    t.false_positives += hit and not want
                    t.false_negatives += want and not hit
            if got != expected:
                scores.disagreements.append(
                    Disagreement(
                        case.name,
                        _where(r, a),
                        _text(case.plan, r, a),
                        sorted(expected - got),
                        sorted(got - expected),
                    )
                )
    return scores


def _where(r: int | None, a: int | None) -> str:
    if r is None:
        return "plan"
    return f"recommendation {r + 1}" + (f", action {a + 1}" if a is not None else "")


def _text(plan: ActionPlan, r: int | None, a: int | None) -> str:
    if r is None:
        return plan.review.title
    rec = plan.recommendations[r]
    return rec.text if a is None else rec.actions[a].text
