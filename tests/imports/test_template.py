"""The Excel template: what was read, written in the Home Office columns, reads back the same;
blank for a document that could not be read; downloaded only by those who may see the import."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.urls import reverse

from followthrough.audit import events
from followthrough.audit.models import AuditEvent
from followthrough.imports.models import PendingImport
from followthrough.imports.template import COLUMNS, HEADER_ROW, HELP_SHEET, SHEET, plan_template
from followthrough.interchange import (
    Action,
    ActionPlan,
    Lead,
    Milestone,
    PartialDate,
    Recommendation,
    ReviewInfo,
    plan_to_dict,
)
from followthrough.parsing import read_plan
from tests.factories import MembershipFactory, PartnershipFactory, UserFactory


def invented_plan() -> ActionPlan:
    """A plan of invented people and places, with what a template has to carry: numbers, scope,
    several leads, a rank, dated and undated milestones, an action dated after its last
    milestone, an action with no milestones, a completed action."""
    return ActionPlan(
        review=ReviewInfo(
            title="Domestic Homicide Review into the death of Alex",
            partnership="Fellside Community Safety Partnership",
        ),
        recommendations=[
            Recommendation(
                number="1",
                scope="local",
                text="Agencies should share risk information about victims of domestic abuse.",
                actions=[
                    Action(
                        text="Write an information sharing agreement for the partnership",
                        leads=[
                            Lead("Jo Marwick", "Domestic Abuse Lead", "Fellside Council"),
                            Lead(None, "Named Nurse for Safeguarding", "Fellside NHS Trust"),
                        ],
                        milestones=[
                            Milestone("Draft the agreement", 1, PartialDate(2026, 3, 31)),
                            Milestone("Board signs the agreement", 2, PartialDate(2026, 6)),
                        ],
                        target_date=PartialDate(2026, 6),
                        status="in_progress",
                    ),
                    Action(
                        text="Train front-line staff in the agreement",
                        leads=[Lead("Priya Oakhurst", "DI", "Fellside Police")],
                        milestones=[Milestone("Course written", 1, PartialDate(2026, 7))],
                        target_date=PartialDate(2026, 12, 31),
                    ),
                ],
            ),
            Recommendation(
                number="2",
                scope="national",
                text="The Home Office should publish guidance on stalking.",
                actions=[
                    Action(
                        text="Write to the Home Office",
                        leads=[Lead(agency="Fellside Community Safety Partnership")],
                        target_date=PartialDate(2025, 9),
                        completed_on=PartialDate(2025, 8, 14),
                        outcome="Letter sent; reply received.",
                        status="completed",
                    )
                ],
            ),
        ],
    )


def _essentials(plan: ActionPlan) -> list:
    """What must survive the round trip: recommendations, actions, leads, milestones, dates."""
    data = plan_to_dict(plan)
    return [
        {
            "number": rec["number"],
            "scope": rec["scope"],
            "text": rec["text"],
            "actions": [
                {
                    key: action[key]
                    for key in (
                        "text",
                        "leads",
                        "milestones",
                        "target_date",
                        "completed_on",
                        "outcome",
                        "status",
                    )
                }
                for action in rec["actions"]
            ],
        }
        for rec in data["recommendations"]
    ]


def test_a_plan_written_as_the_template_reads_back_the_same():
    plan = invented_plan()
    back = read_plan(plan_template(plan), filename="template.xlsx")
    assert back.review.title == plan.review.title
    assert _essentials(back) == _essentials(plan)


def test_the_seed_plan_written_as_the_template_reads_back_the_same(seed_plan):
    back = read_plan(plan_template(seed_plan), filename="template.xlsx")
    assert back.review.title == seed_plan.review.title
    assert _essentials(back) == _essentials(seed_plan)


def test_a_value_that_looks_like_a_formula_stays_text():
    plan = invented_plan()
    action = plan.recommendations[0].actions[0]
    action.text = '=HYPERLINK("http://example.invalid","Click")'
    action.outcome = "@SUM(A1:A9)"
    plan.recommendations[0].text = "+44 1234 567890 is the helpline"
    plan.recommendations[1].actions[0].outcome = "-1 on last year"
    workbook = openpyxl.load_workbook(io.BytesIO(plan_template(plan)))
    sheet = workbook[SHEET]
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    written = {cell.value: cell for cell in cells}
    for text in (action.text, action.outcome, plan.recommendations[0].text, "-1 on last year"):
        cell = written[text]
        assert cell.data_type == "s"
        assert cell.quotePrefix
    assert all(cell.data_type == "s" for cell in cells)
    back = read_plan(plan_template(plan), filename="template.xlsx")
    assert back.recommendations[0].actions[0].text == action.text


def test_the_blank_template_has_the_header_the_title_and_how_to_fill_it_in():
    workbook = openpyxl.load_workbook(
        io.BytesIO(plan_template(None, title="", partnership="Fellside CSP"))
    )
    sheet = workbook[SHEET]
    assert sheet.cell(row=1, column=1).value == "Title of the review"
    assert sheet.cell(row=2, column=1).value == "Fellside CSP"
    assert [c.value for c in sheet[HEADER_ROW]] == [header for header, _ in COLUMNS]
    assert sheet.max_row == HEADER_ROW
    assert "How to fill in this template" in workbook[HELP_SHEET].cell(row=1, column=1).value


def test_a_blank_template_filled_in_by_hand_is_read():
    workbook = openpyxl.load_workbook(io.BytesIO(plan_template(None, partnership="Fellside CSP")))
    sheet = workbook[SHEET]
    sheet.cell(row=1, column=1).value = "Safeguarding Adults Review: Morgan"
    sheet.append(
        [
            "1",
            "Adult social care should review its hoarding policy.",
            "Local",
            "Review the hoarding policy",
            "Sam Thistlewood - Principal Social Worker (Fellside Adult Social Care)",
            "1. Draft the new policy",
            "31 May 2026",
            "",
            "",
            "Not started",
        ]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    plan = read_plan(buffer.getvalue(), filename="filled.xlsx")
    assert plan.review.title == "Safeguarding Adults Review: Morgan"
    [action] = plan.actions()
    assert action.leads == [
        Lead("Sam Thistlewood", "Principal Social Worker", "Fellside Adult Social Care")
    ]
    assert action.milestones[0].target_date == PartialDate(2026, 5, 31)
    assert action.status == "not_started"


# The downloads, through their URLs.


@pytest.fixture
def partnership(db):
    return PartnershipFactory(name="Fellside CSP")


@pytest.fixture
def coordinator(client, partnership):
    user = UserFactory(username="coordinator")
    MembershipFactory(user=user, partnership=partnership, role="coordinator")
    client.force_login(user)
    return user


def _ready(partnership, user, plan: ActionPlan) -> PendingImport:
    return PendingImport.objects.create(
        partnership=partnership,
        uploaded_by=user,
        filename="fellside-plan.pdf",
        sha256="a" * 64,
        size=10,
        content=b"0123456789",
        state=PendingImport.State.READY,
        plan=plan_to_dict(plan, warnings=True),
    )


def _refused(partnership, user) -> PendingImport:
    return PendingImport.objects.create(
        partnership=partnership,
        uploaded_by=user,
        filename="scan.pdf",
        sha256="b" * 64,
        size=0,
        content=b"",
        state=PendingImport.State.REFUSED,
        message="scan.pdf: the PDF has no text in it: it is a scan.",
    )


def test_the_preview_offers_what_was_read_as_a_template_that_reads_back(
    client, coordinator, partnership
):
    pending = _ready(partnership, coordinator, invented_plan())
    url = reverse("imports:template", args=[pending.pk])
    assert url in client.get(reverse("imports:preview", args=[pending.pk])).text
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"] == ('attachment; filename="fellside-plan-template.xlsx"')
    assert response["Cache-Control"] == "no-store, private"
    back = read_plan(response.content, filename="template.xlsx")
    assert _essentials(back) == _essentials(invented_plan())
    event = AuditEvent.objects.get(event_type=events.IMPORT_TEMPLATE_DOWNLOADED)
    assert event.actor == coordinator
    assert event.target_id == pending.pk


def test_the_refusal_offers_a_blank_template_to_fill_in_and_upload(
    client, coordinator, partnership
):
    pending = _refused(partnership, coordinator)
    page = client.get(reverse("imports:status", args=[pending.pk]))
    url = reverse("imports:blank_template", args=[pending.pk])
    assert url in page.text
    assert "Download an Excel template" in page.text
    assert "fill it in and upload it here" in page.text
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="scan-template.xlsx"'
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))[SHEET]
    assert sheet.cell(row=2, column=1).value == "Fellside CSP"
    assert sheet.max_row == HEADER_ROW


def test_a_filled_template_is_not_offered_before_the_document_is_read(
    client, coordinator, partnership
):
    pending = _refused(partnership, coordinator)
    response = client.get(reverse("imports:template", args=[pending.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("imports:status", args=[pending.pk])


def test_a_file_name_of_any_characters_gives_a_safe_download_name(client, coordinator, partnership):
    pending = _ready(partnership, coordinator, invented_plan())
    pending.filename = '../"Plan"; évidence\r\n.docx'
    pending.save()
    response = client.get(reverse("imports:template", args=[pending.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="plan-evidence-template.xlsx"'


@pytest.mark.parametrize("name", ["template", "blank_template"])
def test_an_outsider_cannot_download_either_template(client, partnership, name):
    owner = UserFactory(username="owner")
    MembershipFactory(user=owner, partnership=partnership, role="coordinator")
    pending = _ready(partnership, owner, invented_plan())
    outsider = UserFactory(username="outsider")
    MembershipFactory(
        user=outsider, partnership=PartnershipFactory(name="Eden Valley CSP"), role="coordinator"
    )
    client.force_login(outsider)
    assert client.get(reverse(f"imports:{name}", args=[pending.pk])).status_code == 404
    assert not AuditEvent.objects.filter(event_type=events.IMPORT_TEMPLATE_DOWNLOADED).exists()
