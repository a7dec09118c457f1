"""Dataclasses of one action plan, and their JSON form.

Field names and meanings are those of ``action-plan.schema.json``. ``warnings`` are not part of
the interchange format: a reader fills them where it had to guess, and they are written out only
when asked (``followthrough parse --warnings``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from followthrough.interchange.dates import PartialDate

FORMAT = "followthrough.action-plan/1"
REVIEW_TYPES = ("DHR", "DARDR", "SAR", "CSPR", "PFD", "inquiry", "other")
SCOPES = ("local", "regional", "national")
STATUSES = ("not_started", "in_progress", "completed", "not_achieved", "superseded")
# The statuses under which an action needs no more work.
CLOSED_STATUSES = frozenset({"completed", "not_achieved", "superseded"})
STATUS_LABELS = {
    "not_started": "Not started",
    "in_progress": "In progress",
    "completed": "Completed",
    "not_achieved": "Not achieved",
    "superseded": "Superseded",
}


@dataclass
class Lead:
    name: str | None = None
    role: str | None = None
    agency: str | None = None


@dataclass
class Milestone:
    text: str
    number: int | None = None
    target_date: PartialDate | None = None
    # The date as the document wrote it, where the parsed date does not say it all
    # ("Spring 2015", "Q3 2024", "ongoing", "TBC"). Written to JSON only when set.
    target_date_text: str | None = None


@dataclass
class Action:
    text: str
    leads: list[Lead] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)
    target_date: PartialDate | None = None
    completed_on: PartialDate | None = None
    outcome: str | None = None
    status: str | None = None
    warnings: list[str] = field(default_factory=list)
    # As for Milestone.target_date_text.
    target_date_text: str | None = None
    # How success will be measured, as the plan states it ("Measure of success", "Outcome
    # measure"): a planned measure, never a result (that is ``outcome``). Written to JSON
    # only when set.
    measure: str | None = None
    # The target date was not written for the action: it is its last milestone's date. The
    # reader's reading, like ``warnings``: written to JSON (``target_date_derived: true``) only
    # with them.
    target_date_derived: bool = False
    # How sure the reader is of this item, from 0 to 1 (see ``parsing/confidence.py``): the
    # reader's opinion, like ``warnings``, written out only with them.
    confidence: float | None = None
    # Where in the document the reader found it ("table row 7", "paragraph 12"), for the
    # person checking it; written out with the warnings.
    place: str | None = None


@dataclass
class Recommendation:
    text: str
    actions: list[Action] = field(default_factory=list)
    number: str | None = None
    theme: str | None = None
    scope: str | None = None
    area: str | None = None
    warnings: list[str] = field(default_factory=list)
    confidence: float | None = None  # as ``Action.confidence``
    place: str | None = None  # as ``Action.place``


@dataclass
class ReviewInfo:
    title: str
    review_type: str | None = None
    subject_pseudonym: str | None = None
    partnership: str | None = None
    reference: str | None = None
    published_on: PartialDate | None = None


@dataclass
class ActionPlan:
    review: ReviewInfo
    recommendations: list[Recommendation] = field(default_factory=list)
    preamble: str | None = None
    warnings: list[str] = field(default_factory=list)

    def actions(self) -> list[Action]:
        return [a for r in self.recommendations for a in r.actions]


def _date(value: PartialDate | None) -> str | None:
    return value.isoformat() if value else None


def _parse_date(value: str | None) -> PartialDate | None:
    return PartialDate.fromisoformat(value) if value else None


def _text_of(raw: str | None) -> dict[str, str]:
    return {"target_date_text": raw} if raw else {}


def _with_text(data: dict[str, Any], raw: str | None) -> dict[str, Any]:
    return {**data, **_text_of(raw)}


def plan_to_dict(plan: ActionPlan, *, warnings: bool = False) -> dict[str, Any]:
    """The plan in the interchange format (optionally with the reader's warnings)."""

    def with_warnings(data: dict[str, Any], item: Any) -> dict[str, Any]:
        if warnings:
            data["warnings"] = list(item.warnings)
            if item.confidence is not None:
                data["confidence"] = item.confidence
            if item.place:
                data["place"] = item.place
        return data

    review = plan.review
    out: dict[str, Any] = {
        "format": FORMAT,
        "review": {
            "title": review.title,
            "review_type": review.review_type,
            "subject_pseudonym": review.subject_pseudonym,
            "partnership": review.partnership,
            "reference": review.reference,
            "published_on": _date(review.published_on),
        },
        "preamble": plan.preamble,
        "recommendations": [
            with_warnings(
                {
                    "number": rec.number,
                    "theme": rec.theme,
                    "scope": rec.scope,
                    "area": rec.area,
                    "text": rec.text,
                    "actions": [
                        with_warnings(
                            {
                                "text": action.text,
                                "leads": [
                                    {"name": ld.name, "role": ld.role, "agency": ld.agency}
                                    for ld in action.leads
                                ],
                                "milestones": [
                                    _with_text(
                                        {
                                            "number": ms.number,
                                            "text": ms.text,
                                            "target_date": _date(ms.target_date),
                                        },
                                        ms.target_date_text,
                                    )
                                    for ms in action.milestones
                                ],
                                "target_date": _date(action.target_date),
                                **_text_of(action.target_date_text),
                                "completed_on": _date(action.completed_on),
                                "outcome": action.outcome,
                                "status": action.status,
                                **({"measure": action.measure} if action.measure else {}),
                                **(
                                    {"target_date_derived": True}
                                    if warnings and action.target_date_derived
                                    else {}
                                ),
                            },
                            action,
                        )
                        for action in rec.actions
                    ],
                },
                rec,
            )
            for rec in plan.recommendations
        ],
    }
    if warnings:
        out["warnings"] = list(plan.warnings)
    return out


def plan_from_dict(data: dict[str, Any]) -> ActionPlan:
    """Read a plan from its interchange form (warnings too, where present). Raises
    ``ValueError`` or ``KeyError`` on bad input; validate against the schema first for a full
    account of what is wrong."""
    review = data["review"]
    return ActionPlan(
        warnings=list(data.get("warnings", [])),
        review=ReviewInfo(
            title=review["title"],
            review_type=review.get("review_type"),
            subject_pseudonym=review.get("subject_pseudonym"),
            partnership=review.get("partnership"),
            reference=review.get("reference"),
            published_on=_parse_date(review.get("published_on")),
        ),
        preamble=data.get("preamble"),
        recommendations=[
            Recommendation(
                number=rec.get("number"),
                theme=rec.get("theme"),
                scope=rec.get("scope"),
                area=rec.get("area"),
                text=rec["text"],
                warnings=list(rec.get("warnings", [])),
                confidence=rec.get("confidence"),
                place=rec.get("place"),
                actions=[
                    Action(
                        text=action["text"],
                        leads=[
                            Lead(name=ld.get("name"), role=ld.get("role"), agency=ld.get("agency"))
                            for ld in action.get("leads", [])
                        ],
                        milestones=[
                            Milestone(
                                number=ms.get("number"),
                                text=ms["text"],
                                target_date=_parse_date(ms.get("target_date")),
                                target_date_text=ms.get("target_date_text"),
                            )
                            for ms in action.get("milestones", [])
                        ],
                        target_date=_parse_date(action.get("target_date")),
                        target_date_text=action.get("target_date_text"),
                        completed_on=_parse_date(action.get("completed_on")),
                        outcome=action.get("outcome"),
                        status=action.get("status"),
                        measure=action.get("measure"),
                        target_date_derived=bool(action.get("target_date_derived", False)),
                        warnings=list(action.get("warnings", [])),
                        confidence=action.get("confidence"),
                        place=action.get("place"),
                    )
                    for action in rec.get("actions", [])
                ],
            )
            for rec in data["recommendations"]
        ],
    )
