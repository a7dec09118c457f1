"""What the checker reports: findings, and a plan's findings by recommendation and action."""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field


class Letter(enum.StrEnum):
    """The SMART letter a finding is about, or ``general``."""

    S = "S"
    M = "M"
    A = "A"
    R = "R"
    T = "T"
    GENERAL = "general"


class Severity(enum.StrEnum):
    PROBLEM = "problem"  # fails the test: fix before the plan is agreed
    WARNING = "warning"  # worth a look: may be right, but often is not


@dataclass(frozen=True)
class Finding:
    letter: Letter
    severity: Severity
    code: str  # stable: rules may be reworded, codes are not renamed
    message: str  # what is wrong, in plain English, quoting the words that show it
    suggestion: str  # what to do about it

    def to_dict(self) -> dict[str, str]:
        return {k: str(v) for k, v in asdict(self).items()}

    @classmethod
    def from_dict(cls, data: dict[str, str]) -> Finding:
        """The finding ``to_dict`` wrote."""
        return cls(
            Letter(data["letter"]),
            Severity(data["severity"]),
            data["code"],
            data["message"],
            data["suggestion"],
        )


def letter_counts(findings: list[Finding]) -> dict[str, int]:
    """How many findings per letter, every letter present (S, M, A, R, T, general)."""
    counts = Counter(f.letter for f in findings)
    return {str(letter): counts[letter] for letter in Letter}


@dataclass
class ActionReport:
    findings: list[Finding] = field(default_factory=list)


@dataclass
class RecommendationReport:
    findings: list[Finding] = field(default_factory=list)  # on the recommendation itself
    actions: list[ActionReport] = field(default_factory=list)  # one per action, in plan order

    def all_findings(self) -> list[Finding]:
        """The recommendation's findings and those of its actions."""
        return self.findings + [f for a in self.actions for f in a.findings]


@dataclass
class PlanReport:
    """The findings of one plan, addressable by position.

    ``report.recommendations[i].findings`` are those of recommendation ``i`` (0-based, plan
    order), ``report.recommendations[i].actions[j].findings`` those of its action ``j``, and
    ``report.findings`` those of the plan as a whole."""

    findings: list[Finding] = field(default_factory=list)
    recommendations: list[RecommendationReport] = field(default_factory=list)

    def for_recommendation(self, index: int) -> list[Finding]:
        return self.recommendations[index].findings

    def for_action(self, recommendation: int, action: int) -> list[Finding]:
        return self.recommendations[recommendation].actions[action].findings

    def located(self) -> Iterator[tuple[int | None, int | None, Finding]]:
        """Every finding with where it is: (recommendation index, action index, finding);
        ``None`` where it is about the plan or the recommendation as a whole."""
        for finding in self.findings:
            yield None, None, finding
        for r, rec in enumerate(self.recommendations):
            for finding in rec.findings:
                yield r, None, finding
            for a, action in enumerate(rec.actions):
                for finding in action.findings:
                    yield r, a, finding

    def all_findings(self) -> list[Finding]:
        return [finding for _, _, finding in self.located()]

    @property
    def problem_count(self) -> int:
        return sum(f.severity is Severity.PROBLEM for f in self.all_findings())

    @property
    def warning_count(self) -> int:
        return sum(f.severity is Severity.WARNING for f in self.all_findings())

    @property
    def has_problems(self) -> bool:
        return self.problem_count > 0

    def to_dict(self) -> dict:
        """The report as JSON-ready data (what ``followthrough check --json`` prints)."""
        return {
            "problems": self.problem_count,
            "warnings": self.warning_count,
            "counts": letter_counts(self.all_findings()),
            "findings": [f.to_dict() for f in self.findings],
            "recommendations": [
                {
                    "index": r,
                    "counts": letter_counts(rec.all_findings()),
                    "findings": [f.to_dict() for f in rec.findings],
                    "actions": [
                        {"index": a, "findings": [f.to_dict() for f in action.findings]}
                        for a, action in enumerate(rec.actions)
                    ],
                }
                for r, rec in enumerate(self.recommendations)
            ],
        }

    @classmethod
    def from_dict(cls, data: dict) -> PlanReport:
        """The report ``to_dict`` wrote (as stored with a plan): the same findings in the same
        places."""

        def found(entry: dict) -> list[Finding]:
            return [Finding.from_dict(f) for f in entry["findings"]]

        return cls(
            findings=found(data),
            recommendations=[
                RecommendationReport(
                    findings=found(rec),
                    actions=[ActionReport(found(action)) for action in rec["actions"]],
                )
                for rec in data["recommendations"]
            ],
        )
