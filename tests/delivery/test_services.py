"""The delivery services: each change audited, stale pages refused, the rules kept."""

from __future__ import annotations

import datetime as dt

import pytest

from followthrough.audit.models import AuditEvent
from followthrough.delivery import services
from followthrough.delivery.evidence import EvidenceRejected
from followthrough.delivery.models import Evidence, TargetDateRevision
from followthrough.interchange import PartialDate
from tests.delivery.conftest import PDF
from tests.factories import MilestoneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_a_progress_update_records_status_milestones_and_evidence(action, police_lead):
    milestone = MilestoneFactory(action=action, text="Course designed")
    update = services.progress_update_add(
        action=action,
        actor=police_lead,
        expected_version=action.version,
        narrative="Course designed with the DA charity.",
        status="at_risk",
        milestones_done=[milestone],
        files=[services.Upload("plan.pdf", PDF)],
        today=dt.date(2026, 5, 1),
    )
    action.refresh_from_db()
    milestone.refresh_from_db()
    assert (action.status, action.version) == ("at_risk", 2)
    assert milestone.done_on == dt.date(2026, 5, 1)
    evidence = update.evidence.get()
    assert (evidence.original_name, evidence.content_type) == ("plan.pdf", "application/pdf")
    assert "plan" not in evidence.file.name  # stored under a random name
    assert evidence.file.read() == PDF
    assert set(AuditEvent.objects.values_list("event_type", flat=True)) == {
        "action.progress_updated",
        "action.evidence_added",
    }


def test_an_update_from_a_stale_page_is_refused_and_the_other_change_kept(
    action, police_lead, coordinator
):
    seen = action.version
    services.progress_update_add(
        action=action, actor=coordinator, expected_version=seen, narrative="First", status="at_risk"
    )
    with pytest.raises(services.StaleEdit, match="Someone else changed this action"):
        services.progress_update_add(
            action=action,
            actor=police_lead,
            expected_version=seen,
            narrative="Second",
            status="on_track",
        )
    action.refresh_from_db()
    assert action.status == "at_risk"
    assert list(action.progress_updates.values_list("narrative", flat=True)) == ["First"]


def test_a_file_that_is_not_evidence_is_refused_and_nothing_is_kept(action, police_lead, tmp_path):
    with pytest.raises(EvidenceRejected, match="cannot be used as evidence"):
        services.progress_update_add(
            action=action,
            actor=police_lead,
            expected_version=action.version,
            narrative="Here",
            status="on_track",
            files=[services.Upload("ok.pdf", PDF), services.Upload("run.exe", b"MZ\x90\x00")],
        )
    action.refresh_from_db()
    assert action.version == 1 and not action.progress_updates.exists()
    assert not Evidence.objects.exists()
    evidence_dir = tmp_path / "evidence"
    assert not evidence_dir.exists() or not any(evidence_dir.iterdir())  # ok.pdf removed too


def test_completion_waits_for_sign_off_then_signing_off_closes_it(
    action, police_lead, board_member
):
    services.action_mark_completed(
        action=action,
        actor=police_lead,
        expected_version=action.version,
        outcome="All trained",
        completed_on=dt.date(2026, 4, 30),
    )
    action.refresh_from_db()
    assert (action.status, action.completed_on, action.outcome) == (
        "completed",
        dt.date(2026, 4, 30),
        "All trained",
    )
    decision = services.action_sign_off(
        action=action,
        actor=board_member,
        expected_version=action.version,
        meeting_date=dt.date(2026, 5, 14),
        minutes_reference="B/26/5",
    )
    action.refresh_from_db()
    assert action.status == "signed_off"
    assert (decision.decision, decision.minutes_reference) == ("signed_off", "B/26/5")


def test_returning_a_completed_action_reopens_it_with_the_comment(action, police_lead, coordinator):
    services.action_mark_completed(
        action=action,
        actor=police_lead,
        expected_version=action.version,
        outcome="Done",
        completed_on=dt.date(2026, 4, 30),
    )
    action.refresh_from_db()
    services.action_return(
        action=action,
        actor=coordinator,
        expected_version=action.version,
        comment="Send the attendance figures",
    )
    action.refresh_from_db()
    assert (action.status, action.completed_on) == ("on_track", None)
    assert AuditEvent.objects.get(event_type="action.returned").after["comment"] == (
        "Send the attendance figures"
    )


def test_only_a_completed_action_can_be_signed_off(action, board_member):
    with pytest.raises(services.DeliveryRuleError):
        services.action_sign_off(
            action=action,
            actor=board_member,
            expected_version=action.version,
            meeting_date=dt.date(2026, 5, 14),
            minutes_reference="B/1",
        )


def test_closing_without_implementing_needs_a_reason(action, coordinator):
    with pytest.raises(services.DeliveryRuleError, match="reason"):
        services.action_close(
            action=action,
            actor=coordinator,
            expected_version=action.version,
            status="closed_not_implemented",
            reason=" ",
        )
    services.action_close(
        action=action,
        actor=coordinator,
        expected_version=action.version,
        status="closed_not_implemented",
        reason="Service decommissioned",
    )
    action.refresh_from_db()
    assert (action.status, action.outcome) == ("closed_not_implemented", "Service decommissioned")


def test_a_revised_date_applies_only_once_approved_and_keeps_the_original(
    action, police_lead, coordinator
):
    revision = services.target_date_revision_propose(
        action=action, actor=police_lead, proposed=PartialDate(2030, 12), reason="Trainer left"
    )
    action.refresh_from_db()
    assert action.target == PartialDate(2030, 7)
    services.target_date_revision_decide(revision=revision, actor=coordinator, approve=True)
    action.refresh_from_db()
    assert action.target == PartialDate(2030, 12)
    assert action.original_target == PartialDate(2030, 7)
    assert action.target_date_revisions == 1
    second = services.target_date_revision_propose(
        action=action, actor=police_lead, proposed=PartialDate(2031, 3), reason="Again"
    )
    services.target_date_revision_decide(revision=second, actor=coordinator, approve=True)
    action.refresh_from_db()
    assert (action.original_target, action.target_date_revisions) == (PartialDate(2030, 7), 2)


def test_a_declined_date_changes_nothing(action, police_lead, coordinator):
    revision = services.target_date_revision_propose(
        action=action, actor=police_lead, proposed=PartialDate(2030, 12), reason="Trainer left"
    )
    services.target_date_revision_decide(
        revision=revision, actor=coordinator, approve=False, note="Keep to the date"
    )
    action.refresh_from_db()
    revision.refresh_from_db()
    assert (action.target, action.target_date_revisions) == (PartialDate(2030, 7), 0)
    assert revision.state == TargetDateRevision.State.REJECTED


def test_one_revision_at_a_time_and_a_reason_each_time(action, police_lead):
    with pytest.raises(services.DeliveryRuleError, match="reason"):
        services.target_date_revision_propose(
            action=action, actor=police_lead, proposed=PartialDate(2030, 12), reason=""
        )
    services.target_date_revision_propose(
        action=action, actor=police_lead, proposed=PartialDate(2030, 12), reason="Trainer left"
    )
    with pytest.raises(services.DeliveryRuleError, match="already waiting"):
        services.target_date_revision_propose(
            action=action, actor=police_lead, proposed=PartialDate(2031, 1), reason="Again"
        )


def test_evidence_is_checked_before_the_transaction_so_no_lock_is_held_meanwhile(
    action, police_lead, monkeypatch
):
    from django.db import connection

    from followthrough.delivery import services as delivery_services

    seen = []
    real = delivery_services.evidence_check

    def check(data, *, limits):
        seen.append(len(connection.atomic_blocks))
        return real(data, limits=limits)

    monkeypatch.setattr(delivery_services, "evidence_check", check)
    depth = len(connection.atomic_blocks)  # pytest-django's own transaction around the test
    services.progress_update_add(
        action=action,
        actor=police_lead,
        expected_version=action.version,
        narrative="Plan attached",
        status="on_track",
        files=[services.Upload("plan.pdf", PDF)],
    )
    assert seen == [depth]
