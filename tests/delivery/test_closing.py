"""Ending an action is the partnership's decision (issue 12): a lead proposes closing it with
a reason and evidence; the coordinator or a board member accepts or returns the proposal, as
they sign off a completion. Pages offer only what can succeed, and an action shows one state,
explained."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse

from followthrough.audit.models import AuditEvent
from followthrough.delivery import services
from followthrough.interchange import PartialDate
from followthrough.plans.lifecycle import ActionStatus as S
from followthrough.plans.models import Action, ActionState
from tests.delivery.conftest import PDF

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 1)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _propose(client, action, **data):
    return client.post(
        reverse("delivery:close", args=[action.pk]),
        {"version": action.version, "status": "already_in_place", **data},
        follow=True,
    )


def test_a_lead_who_closes_an_at_risk_action_only_proposes_it(client, action, police_lead):
    """The observation: a lead closed their own "At risk" action as "Already in place" with no
    reason and no sign-off, and it counted as done."""
    Action.objects.filter(pk=action.pk).update(status=S.AT_RISK)
    action.refresh_from_db()
    client.force_login(police_lead)
    page = client.get(reverse("delivery:close", args=[action.pk]))
    assert "Propose closing the action" in page.text
    refused = _propose(client, action, reason="")
    assert "Give the reason the action ends this way" in refused.text
    _propose(
        client,
        action,
        reason="The force's policy already requires this",
        evidence=[io.BytesIO(PDF)],
    )
    action.refresh_from_db()
    assert (action.status, action.proposed_closure) == (S.CLOSURE_PROPOSED, S.ALREADY_IN_PLACE)
    assert action.state(TODAY) == ActionState.AWAITING_DECISION
    assert action.rag(TODAY).value == "amber"
    assert not action.is_open and not action.is_finished
    assert AuditEvent.objects.filter(event_type="action.closure_proposed").count() == 1
    assert action.evidence.count() == 1


def test_a_lead_cannot_close_an_action_outright(action, police_lead):
    with pytest.raises(services.DeliveryRuleError, match="permission"):
        services.action_close(
            action=action,
            actor=police_lead,
            expected_version=action.version,
            status=S.NOT_MET,
            reason="Dropped",
        )
    assert Action.objects.get(pk=action.pk).status == S.ON_TRACK


def test_the_coordinator_accepts_a_proposed_closure_at_a_meeting_seeing_its_evidence(
    client, action, police_lead, coordinator
):
    client.force_login(police_lead)
    _propose(client, action, reason="In place since 2024", evidence=[io.BytesIO(PDF)])
    action.refresh_from_db()
    client.force_login(coordinator)
    detail = client.get(reverse("actions:detail", args=[action.pk]))
    assert "Accept the closure or return" in detail.text
    assert "Record progress" not in detail.text
    page = client.get(reverse("delivery:sign_off", args=[action.pk]))
    assert "Its lead proposes closing it as already in place" in page.text
    assert "In place since 2024" in page.text
    evidence = action.evidence.get()
    assert reverse("delivery:evidence_download", args=[evidence.pk]) in page.text
    assert "Accept it: close the action as already in place" in page.text
    client.post(
        reverse("delivery:sign_off", args=[action.pk]),
        {
            "version": action.version,
            "decision": "sign_off",
            "meeting_date": "12/5/2026",
            "minutes_reference": "DHR sub-group 4.2",
        },
    )
    action.refresh_from_db()
    assert (action.status, action.proposed_closure) == (S.ALREADY_IN_PLACE, "")
    decision = action.sign_off_decisions.get()
    assert (decision.decision, decision.minutes_reference) == ("closed", "DHR sub-group 4.2")


def test_a_board_member_returns_a_proposed_closure_to_the_lead(
    client, action, police_lead, board_member
):
    client.force_login(police_lead)
    _propose(client, action, status="not_met", reason="Funding ended")
    action.refresh_from_db()
    client.force_login(board_member)
    client.post(
        reverse("delivery:sign_off", args=[action.pk]),
        {"version": action.version, "decision": "return", "comment": "Ask the ICB first"},
    )
    action.refresh_from_db()
    assert (action.status, action.proposed_closure) == (S.ON_TRACK, "")
    assert action.sign_off_decisions.get().decision == "returned"


def test_the_coordinator_closes_an_action_at_once_with_a_reason(client, action, coordinator):
    client.force_login(coordinator)
    page = client.get(reverse("delivery:close", args=[action.pk]))
    assert "it is closed at once" in page.text
    assert 'name="evidence"' not in page.text
    _propose(client, action, status="superseded", reason="Replaced by action 4.1")
    action.refresh_from_db()
    assert (action.status, action.outcome) == (S.SUPERSEDED, "Replaced by action 4.1")


def test_pages_offer_only_what_can_succeed(client, action, police_lead):
    client.force_login(police_lead)
    services.target_date_revision_propose(
        action=action,
        actor=police_lead,
        proposed=PartialDate(2031, 1),
        reason="Trainer left",
    )
    detail = client.get(reverse("actions:detail", args=[action.pk]))
    assert "Propose a new target date" not in detail.text
    again = client.get(reverse("delivery:revision_propose", args=[action.pk]), follow=True)
    assert "already waiting for the coordinator" in again.text
    Action.objects.filter(pk=action.pk).update(status=S.SIGNED_OFF)
    for name in ("delivery:progress_add", "delivery:complete", "delivery:close"):
        response = client.get(reverse(name, args=[action.pk]))
        assert response.status_code == 302, name
        assert response["Location"] == reverse("actions:detail", args=[action.pk])
    detail = client.get(reverse("actions:detail", args=[action.pk]))
    assert "Record progress" not in detail.text and "Mark as completed" not in detail.text


def test_an_action_shows_one_state_explained(client, action, viewer):
    Action.objects.filter(pk=action.pk).update(
        status=S.ON_TRACK, target_date=dt.date(2020, 1, 31), target_date_precision="day"
    )
    client.force_login(viewer)
    page = client.get(reverse("actions:detail", args=[action.pk]))
    assert 'govuk-tag--red">Overdue</strong>' in page.text
    assert "its lead last recorded it as on track" in page.text
    assert "Status</dt>" not in page.text


@pytest.mark.parametrize(
    ("status", "tag"),
    [
        (S.COMPLETED, 'govuk-tag--blue">Awaiting sign-off'),
        (S.SIGNED_OFF, 'govuk-tag--green">Signed off'),
        (S.ALREADY_IN_PLACE, 'govuk-tag--green">Already in place'),
        (S.NOT_MET, 'govuk-tag--grey">Not met'),
        (S.CLOSURE_PROPOSED, 'govuk-tag--purple">Closure proposed'),
    ],
)
def test_the_plan_page_tells_awaiting_signed_off_and_closed_apart(
    client, action, viewer, status, tag
):
    Action.objects.filter(pk=action.pk).update(status=status, proposed_closure="not_met")
    client.force_login(viewer)
    page = client.get(reverse("plans:review_detail", args=[action.recommendation.review.pk]))
    assert tag in page.text
