"""Two partnerships served by Northmoor Police, a lead for it in both, a coordinator of one,
and open actions with milestones: what the spreadsheet round trip is tried on."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

import openpyxl
import pytest

from followthrough.trackers.sheet import COLUMNS, SHEET
from tests.factories import (
    ActionFactory,
    ActionLeadFactory,
    AgencyFactory,
    MembershipFactory,
    MilestoneFactory,
    PartnershipFactory,
    RecommendationFactory,
    ReviewFactory,
    UserFactory,
)

COLUMN = {c.key: i for i, c in enumerate(COLUMNS, start=1)}


@dataclass
class World:
    home: object
    fellside: object
    police: object
    lead: object
    coordinator: object
    health_lead: object
    outsider: object
    actions: list  # Northmoor: three led by the police, one by health; then Fellside's
    fellside_action: object


def persona(username, partnership, role, agency=None):
    user = UserFactory(username=username)
    MembershipFactory(user=user, partnership=partnership, role=role, agency=agency)
    return user


def make_world() -> World:
    home = PartnershipFactory(name="Northmoor CSP")
    fellside = PartnershipFactory(name="Fellside CSP")
    police = AgencyFactory(name="Northmoor Police")
    police.partnerships.add(home, fellside)
    health = AgencyFactory(name="Northmoor Health")
    health.partnerships.add(home)
    review = ReviewFactory(partnership=home, title="DARDR into the death of Adult K")
    rec = RecommendationFactory(review=review, number="1", text="Improve risk assessment")
    actions = []
    for n, (agency, text) in enumerate(
        [
            (police, "Train officers in coercive control"),
            (police, "Audit DASH risk assessments"),
            (police, "Publish the referral pathway"),
            (health, "Ask about abuse at every antenatal visit"),
        ],
        start=1,
    ):
        action = ActionFactory(
            recommendation=rec, text=text, status="on_track", target_date=dt.date(2030, 7, 31)
        )
        ActionLeadFactory(action=action, agency=agency)
        for m in (1, 2):
            MilestoneFactory(action=action, text=f"Step {m} of action {n}", order=m)
        actions.append(action)
    finished = ActionFactory(recommendation=rec, text="Done long ago", status="signed_off")
    ActionLeadFactory(action=finished, agency=police)
    far = ReviewFactory(partnership=fellside, title="SAR Adult M")
    fellside_action = ActionFactory(
        recommendation=RecommendationFactory(review=far), text="Fellside's police action",
        status="not_started",
    )  # fmt: skip
    ActionLeadFactory(action=fellside_action, agency=police)
    lead = persona("police-lead", home, "agency_lead", police)
    MembershipFactory(user=lead, partnership=fellside, role="agency_lead", agency=police)
    return World(
        home=home,
        fellside=fellside,
        police=police,
        lead=lead,
        coordinator=persona("coordinator", home, "coordinator"),
        health_lead=persona("health-lead", home, "agency_lead", health),
        outsider=persona("outsider", PartnershipFactory(name="Eden Valley CSP"), "coordinator"),
        actions=actions,
        fellside_action=fellside_action,
    )


@pytest.fixture
def world(db) -> World:
    return make_world()


def workbook(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data))


def rows_by_action(book) -> dict[int, int]:
    """The sheet row of each action, by the action's id (from the hidden column)."""
    sheet = book[SHEET]
    return {
        int(sheet.cell(row=r, column=COLUMN["action_id"]).value): r
        for r in range(2, sheet.max_row + 1)
        if sheet.cell(row=r, column=COLUMN["action_id"]).value
    }


def fill(book, action_id: int, **values) -> None:
    """Fill in the row of ``action_id``: values by column key (``trackers.sheet.COLUMNS``)."""
    sheet = book[SHEET]
    row = rows_by_action(book)[action_id]
    for key, value in values.items():
        sheet.cell(row=row, column=COLUMN[key]).value = value


def saved(book) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload_file(client, data: bytes, name: str = "my-actions.xlsx"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        "/trackers/upload/",
        {"spreadsheet": SimpleUploadedFile(name, data, content_type="application/octet-stream")},
    )
