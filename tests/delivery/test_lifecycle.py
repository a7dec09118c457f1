"""An action's life (plans/lifecycle.py): one table of which status may follow which, and who
may make each move. Every move the table forbids is refused by the delivery services and pages.
(Here rather than under tests/plans, for the delivery personas in this folder's conftest.)"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from followthrough.audit.models import AuditEvent
from followthrough.delivery import services
from followthrough.plans import lifecycle
from followthrough.plans.lifecycle import ActionStatus, Move
from followthrough.plans.models import Action, ActionState

pytestmark = pytest.mark.django_db

S = ActionStatus
TODAY = dt.date(2026, 6, 1)


def test_every_status_is_open_finished_or_a_closure_awaiting_decision():
    assert lifecycle.OPEN | lifecycle.FINISHED | {S.CLOSURE_PROPOSED} == set(ActionStatus)
    assert not lifecycle.OPEN & lifecycle.FINISHED
    assert S.CLOSURE_PROPOSED not in lifecycle.OPEN | lifecycle.FINISHED
    assert lifecycle.FINISHED == lifecycle.DONE | lifecycle.CLOSED
    assert not lifecycle.DONE & lifecycle.CLOSED


@pytest.mark.parametrize("move", list(Move))
@pytest.mark.parametrize("current", list(ActionStatus))
def test_the_table_allows_a_move_only_from_its_sources(move, current):
    rule = lifecycle.TABLE[move]
    target = sorted(rule.targets)[0]
    if current in rule.sources:
        assert lifecycle.check(move, current=current, target=target) is rule
    else:
        with pytest.raises(
            lifecycle.TransitionRefused, match=re.escape(lifecycle.label(current).lower())
        ):
            lifecycle.check(move, current=current, target=target)


@pytest.mark.parametrize("move", list(Move))
def test_a_move_sets_only_the_statuses_the_table_gives_it(move):
    rule = lifecycle.TABLE[move]
    source = sorted(rule.sources)[0]
    for target in set(ActionStatus) - rule.targets:
        with pytest.raises(lifecycle.TransitionRefused, match="not a status this step can set"):
            lifecycle.check(move, current=source, target=target)


def test_open_in_sql_and_in_python_agree_on_every_status_and_completion(action):
    for status in ActionStatus:
        for completed_on in (None, dt.date(2026, 1, 5)):
            Action.objects.filter(pk=action.pk).update(status=status, completed_on=completed_on)
            in_sql = Action.objects.filter(lifecycle.open_q(), pk=action.pk).exists()
            assert in_sql == lifecycle.is_open(status, completed_on), (status, completed_on)


def _set(action, status, completed_on=None):
    proposed = S.NOT_MET if status == S.CLOSURE_PROPOSED else ""
    Action.objects.filter(pk=action.pk).update(
        status=status, completed_on=completed_on, proposed_closure=proposed
    )
    action.refresh_from_db()
    return action


# Each service, from each status its move does not allow: refused, and nothing changes.
SERVICE_CALLS = {
    Move.PROGRESS: lambda a, actor: services.progress_update_add(
        action=a, actor=actor, expected_version=a.version, narrative="x", status=S.NOT_STARTED
    ),
    Move.COMPLETE: lambda a, actor: services.action_mark_completed(
        action=a, actor=actor, expected_version=a.version, outcome="x", completed_on=TODAY
    ),
    Move.SIGN_OFF: lambda a, actor: services.action_sign_off(
        action=a,
        actor=actor,
        expected_version=a.version,
        meeting_date=TODAY,
        minutes_reference="M1",
    ),
    Move.RETURN: lambda a, actor: services.action_return(
        action=a, actor=actor, expected_version=a.version, comment="x"
    ),
    Move.PROPOSE_CLOSE: lambda a, actor: services.action_closure_propose(
        action=a, actor=actor, expected_version=a.version, status=S.SUPERSEDED, reason="x"
    ),
    Move.CLOSE: lambda a, actor: services.action_close(
        action=a, actor=actor, expected_version=a.version, status=S.SUPERSEDED, reason="x"
    ),
    Move.ACCEPT_CLOSE: lambda a, actor: services.action_closure_accept(
        action=a, actor=actor, expected_version=a.version, meeting_date=TODAY, minutes_reference="M"
    ),
    Move.REOPEN: lambda a, actor: services.action_reopen(
        action=a, actor=actor, expected_version=a.version, status=S.ON_TRACK, reason="x"
    ),
}


@pytest.mark.parametrize("move", list(Move))
def test_every_forbidden_transition_is_refused_by_its_service(move, action, coordinator):
    for status in set(ActionStatus) - lifecycle.TABLE[move].sources:
        _set(action, status, completed_on=dt.date(2026, 1, 5))
        with pytest.raises(services.DeliveryRuleError):
            SERVICE_CALLS[move](action, coordinator)
        fresh = Action.objects.get(pk=action.pk)
        assert (fresh.status, fresh.completed_on, fresh.version) == (
            status,
            dt.date(2026, 1, 5),
            action.version,
        )


@pytest.mark.parametrize("move", list(Move))
def test_every_allowed_transition_is_made_by_someone_entitled(move, action, coordinator):
    for status in lifecycle.TABLE[move].sources:
        _set(action, status)
        SERVICE_CALLS[move](action, coordinator)
        assert Action.objects.get(pk=action.pk).status in lifecycle.TABLE[move].targets


def test_a_signed_off_action_cannot_be_put_back_to_not_started_by_its_lead(
    client, action, police_lead
):
    _set(action, S.SIGNED_OFF, completed_on=dt.date(2026, 3, 1))
    client.force_login(police_lead)
    response = client.post(
        reverse("delivery:progress_add", args=[action.pk]),
        {"version": action.version, "narrative": "Starting again", "status": "not_started"},
        follow=True,
    )
    assert "progress is recorded only while it is open" in response.text
    action.refresh_from_db()
    assert (action.status, action.completed_on) == (S.SIGNED_OFF, dt.date(2026, 3, 1))
    assert action.state(TODAY) == ActionState.COMPLETED


def test_a_closed_action_cannot_be_closed_again_by_its_lead(client, action, police_lead):
    _set(action, S.NOT_MET)
    client.force_login(police_lead)
    response = client.post(
        reverse("delivery:close", args=[action.pk]),
        {"version": action.version, "status": "superseded", "reason": "Replaced"},
        follow=True,
    )
    assert "only an open action can be proposed for closing" in response.text
    assert Action.objects.get(pk=action.pk).status == S.NOT_MET


def test_a_lead_may_not_reopen_and_is_not_offered_it(client, action, police_lead):
    _set(action, S.SIGNED_OFF, completed_on=dt.date(2026, 3, 1))
    client.force_login(police_lead)
    page = client.get(reverse("actions:detail", args=[action.pk]))
    assert "Reopen the action" not in page.text
    assert client.get(reverse("delivery:reopen", args=[action.pk])).status_code == 404
    with pytest.raises(services.DeliveryRuleError, match="permission"):
        SERVICE_CALLS[Move.REOPEN](action, police_lead)


def test_the_partnership_reopens_a_signed_off_action_with_a_reason(
    client, action, coordinator, police_lead
):
    _set(action, S.SIGNED_OFF, completed_on=dt.date(2026, 3, 1))
    Action.objects.filter(pk=action.pk).update(outcome="All officers trained")
    client.force_login(coordinator)
    page = client.get(reverse("actions:detail", args=[action.pk]))
    assert "Reopen the action" in page.text
    refused = client.post(
        reverse("delivery:reopen", args=[action.pk]),
        {"version": action.version, "status": "at_risk", "reason": ""},
    )
    assert "Give the reason the action is being reopened" in refused.text
    client.post(
        reverse("delivery:reopen", args=[action.pk]),
        {"version": action.version, "status": "at_risk", "reason": "Audit found gaps"},
    )
    action.refresh_from_db()
    assert (action.status, action.completed_on, action.outcome) == (S.AT_RISK, None, "")
    assert action.state(TODAY) != ActionState.COMPLETED
    event = AuditEvent.objects.get(event_type="action.reopened")
    assert event.after["reason"] == "Audit found gaps"
    assert event.after["previous_outcome"] == "All officers trained"
    assert event.before["status"] == S.SIGNED_OFF
    # The lead can record progress on it again.
    services.progress_update_add(
        action=action,
        actor=police_lead,
        expected_version=action.version,
        narrative="Refresher booked",
        status=S.ON_TRACK,
    )
    assert Action.objects.get(pk=action.pk).status == S.ON_TRACK


def test_a_board_member_may_reopen_as_they_may_sign_off(action, board_member):
    _set(action, S.ALREADY_IN_PLACE)
    services.action_reopen(
        action=action,
        actor=board_member,
        expected_version=action.version,
        status=S.NOT_STARTED,
        reason="Not in place after all",
    )
    assert Action.objects.get(pk=action.pk).status == S.NOT_STARTED


def test_an_outsider_cannot_reach_the_reopen_page(client, action, outsider):
    _set(action, S.SIGNED_OFF)
    client.force_login(outsider)
    assert client.get(reverse("delivery:reopen", args=[action.pk])).status_code == 404


def test_a_completion_date_with_an_open_status_counts_as_done_everywhere(action):
    _set(action, S.NO_INFORMATION, completed_on=dt.date(2025, 1, 31))
    assert lifecycle.is_done(action.status, action.completed_on)
    assert action.state(TODAY) == ActionState.COMPLETED
    assert action.rag(TODAY).value == "green"
    assert not Action.objects.filter(lifecycle.open_q(), pk=action.pk).exists()
