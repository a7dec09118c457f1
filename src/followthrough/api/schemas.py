"""What the API sends and takes, as pydantic schemas (they make the OpenAPI document), and the
functions that turn records into them. Dates keep the precision the plan wrote them with:
``{"date": "2026-07-31", "precision": "month", "as_written": "July 2026"}``."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from django.urls import reverse
from ninja import Schema
from pydantic import Field

from followthrough.plans.lifecycle import PROGRESS, ActionStatus

MAX_ID = 2**63 - 1  # the largest record id the database holds


StatusEnum = enum.Enum("Status", {s.name: s.value for s in ActionStatus}, type=str)
ProgressStatus = enum.Enum("ProgressStatus", {s.name: s.value for s in PROGRESS}, type=str)


class Problem(Schema):
    """An error (RFC 9457 problem details, ``application/problem+json``)."""

    type: str
    title: str
    status: int
    detail: str
    errors: list[dict[str, str]] | None = Field(
        None, description="For 422: one entry per field, with 'field' and 'message'."
    )


class DateAsWritten(Schema):
    date: dt.date = Field(description="The day it falls due: the last day of a month or year.")
    precision: str = Field(description="year, month or day: how the plan wrote it.")
    as_written: str = Field(description="As the plan wrote it: '2026', 'July 2026', '31 July 2026'")


class Page(Schema):
    count: int = Field(description="How many there are in all, with these filters.")
    limit: int
    offset: int


class PartnershipOut(Schema):
    id: int
    name: str
    roles: list[str] = Field(description="The token's user's roles in this partnership.")


class PartnershipPage(Page):
    items: list[PartnershipOut]


class ReviewOut(Schema):
    id: int
    partnership_id: int
    review_type: str
    review_type_label: str
    title: str
    reference: str
    subject_pseudonym: str
    plan_status: str
    published: DateAsWritten | None
    version: int
    url: str = Field(description="The review's page.")


class ReviewPage(Page):
    items: list[ReviewOut]


class RecommendationOut(Schema):
    id: int
    review_id: int
    number: str
    text: str
    theme_heading: str
    themes: list[str]
    scope: str
    area: str
    action_ids: list[int]


class RecommendationPage(Page):
    items: list[RecommendationOut]


class LeadOut(Schema):
    agency_id: int | None
    agency: str
    person_name: str
    role: str


class MilestoneOut(Schema):
    id: int
    number: int | None
    text: str
    target: DateAsWritten | None
    target_as_written: str
    done_on: dt.date | None


class ActionOut(Schema):
    id: int
    partnership_id: int
    review_id: int
    recommendation_id: int
    text: str
    measure: str
    status: str
    status_label: str
    state: str = Field(description="Where it stands today: overdue, due_soon, completed, ...")
    standing: str = Field(description="That in words, as the action's page shows it.")
    rag: str = Field(description="red, amber, green or not_rated, by the one RAG rule.")
    target: DateAsWritten | None
    target_as_written: str = Field(description="The target in the plan's words, if any.")
    original_target: DateAsWritten | None
    target_date_revisions: int
    completed: DateAsWritten | None
    outcome: str
    leads: list[LeadOut]
    milestones: list[MilestoneOut]
    version: int = Field(description="Also sent as the ETag; send it back as If-Match.")
    url: str = Field(description="The action's page.")


class ActionPage(Page):
    items: list[ActionOut]


class StaleProblem(Problem):
    current: ActionOut = Field(description="The action as it is now, with its version.")


class EvidenceOut(Schema):
    id: int
    name: str
    content_type: str
    size: int
    sha256: str
    uploaded_at: dt.datetime


class ProgressUpdateOut(Schema):
    id: int
    action_id: int
    created_at: dt.datetime
    author: str
    narrative: str
    status: str
    marks_completed: bool
    evidence: list[EvidenceOut]


class ProgressUpdatePage(Page):
    items: list[ProgressUpdateOut]


class ProgressIn(Schema):
    narrative: str = Field(description="What has happened since the last update.")
    status: ProgressStatus
    milestones_done: list[int] = Field(
        default_factory=list, description="Ids of the action's milestones done since."
    )


class CompletionIn(Schema):
    outcome: str = Field(description="What was done, and how it shows the action is complete.")
    completed_on: dt.date


class RevisionIn(Schema):
    proposed: str = Field(
        description="The new target date as people write it: 'July 2027', '31/07/2027', '2027'."
    )
    reason: str


class RevisionOut(Schema):
    id: int
    action_id: int
    proposed: DateAsWritten
    reason: str
    state: str


# Records -> dicts --------------------------------------------------------------------------


def date_as_written(value) -> dict | None:
    """A PartialDate as the API sends it."""
    if value is None:
        return None
    return {"date": value.due_on, "precision": value.precision.value, "as_written": value.display()}


def person(user) -> str:
    return user.get_full_name() or user.get_username()


def partnership_out(partnership, roles) -> dict:
    return {"id": partnership.pk, "name": partnership.name, "roles": sorted(roles)}


def review_out(review, base_url: str) -> dict:
    return {
        "id": review.pk,
        "partnership_id": review.partnership_id,
        "review_type": review.review_type,
        "review_type_label": review.get_review_type_display(),
        "title": review.title,
        "reference": review.reference,
        "subject_pseudonym": review.subject_pseudonym,
        "plan_status": review.plan_status,
        "published": date_as_written(review.published),
        "version": review.version,
        "url": base_url + reverse("plans:review_detail", args=[review.pk]),
    }


def recommendation_out(rec) -> dict:
    return {
        "id": rec.pk,
        "review_id": rec.review_id,
        "number": rec.number,
        "text": rec.text,
        "theme_heading": rec.theme_heading,
        "themes": [theme.slug for theme in rec.themes.all()],
        "scope": rec.scope,
        "area": rec.area,
        "action_ids": [action.pk for action in rec.actions.all()],
    }


def action_out(action, *, today: dt.date, due_soon_days: int, base_url: str) -> dict[str, Any]:
    return {
        "id": action.pk,
        "partnership_id": action.partnership_id,
        "review_id": action.recommendation.review_id,
        "recommendation_id": action.recommendation_id,
        "text": action.text,
        "measure": action.measure,
        "status": action.status,
        "status_label": action.get_status_display(),
        "state": action.state(today, due_soon_days).value,
        "standing": action.standing(today, due_soon_days)[1],
        "rag": action.rag(today, due_soon_days).value,
        "target": date_as_written(action.target),
        "target_as_written": action.target_date_text,
        "original_target": date_as_written(action.original_target),
        "target_date_revisions": action.target_date_revisions,
        "completed": date_as_written(action.completed),
        "outcome": action.outcome,
        "leads": [
            {
                "agency_id": lead.agency_id,
                "agency": lead.agency.name if lead.agency_id else "",
                "person_name": lead.person_name,
                "role": lead.role,
            }
            for lead in action.leads.all()
        ],
        "milestones": [
            {
                "id": m.pk,
                "number": m.number,
                "text": m.text,
                "target": date_as_written(m.target),
                "target_as_written": m.target_date_text,
                "done_on": m.done_on,
            }
            for m in action.milestones.all()
        ],
        "version": action.version,
        "url": base_url + reverse("actions:detail", args=[action.pk]),
    }


def evidence_out(evidence) -> dict:
    return {
        "id": evidence.pk,
        "name": evidence.original_name,
        "content_type": evidence.content_type,
        "size": evidence.size,
        "sha256": evidence.sha256,
        "uploaded_at": evidence.uploaded_at,
    }


def update_out(update) -> dict:
    return {
        "id": update.pk,
        "action_id": update.action_id,
        "created_at": update.created_at,
        "author": person(update.author),
        "narrative": update.narrative,
        "status": update.status,
        "marks_completed": update.marks_completed,
        "evidence": [evidence_out(e) for e in update.evidence.all()],
    }
