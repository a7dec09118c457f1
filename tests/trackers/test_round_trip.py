"""The issue's round trip: download my actions, change three rows offline (one of their
actions changed meanwhile in Followthrough), upload, preview, apply."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from followthrough.audit import events
from followthrough.audit.models import AuditEvent
from followthrough.delivery import services as delivery
from followthrough.delivery.models import ProgressUpdate, TargetDateRevision
from followthrough.trackers.models import TrackerUpload
from tests.trackers.conftest import fill, rows_by_action, saved, upload_file, workbook


def test_it_round_trips_two_changes_and_a_conflict(client, world):
    train, audit, publish, _ = world.actions
    client.force_login(world.lead)
    download = client.get(reverse("trackers:download_mine"))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith('attachment; filename="my-actions-')
    book = workbook(download.content)

    fill(
        book,
        train.pk,
        new_status="At risk",
        narrative="Trainers off sick; half the officers trained",
        milestones_done="2",
    )
    fill(
        book,
        audit.pk,
        new_status="Completed",
        completed_on=dt.datetime(2026, 3, 2),
        outcome="All DASH forms audited; report to the board",
    )
    fill(book, publish.pk, narrative="Pathway drafted")
    # Meanwhile, someone changes the third action in Followthrough.
    delivery.progress_update_add(
        action=publish,
        actor=world.coordinator,
        expected_version=publish.version,
        narrative="Chased the lead",
        status="at_risk",
    )

    response = upload_file(client, saved(book))
    upload = TrackerUpload.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("trackers:preview", args=[upload.pk])
    page = client.get(response["Location"])
    preview = page.context["preview"]
    assert [c.action.pk for c in preview.changes] == [train.pk, audit.pk]
    assert [c.action_id for c in preview.conflicts] == [str(publish.pk)]
    assert preview.refused == []
    text = page.content.decode()
    assert "Status: on track → at risk" in text
    assert "Progress narrative: Trainers off sick; half the officers trained" in text
    assert "Milestone 2 done: Step 2 of action 1" in text
    assert "Marked completed on 2 March 2026" in text
    assert "changed in Followthrough after you downloaded the spreadsheet" in text
    assert ProgressUpdate.objects.filter(author=world.lead).count() == 0  # nothing saved yet

    applied = client.post(reverse("trackers:apply", args=[upload.pk]))
    assert applied.status_code == 302
    for action in (train, audit, publish):
        action.refresh_from_db()
    assert train.status == "at_risk"
    assert train.milestones.get(text="Step 2 of action 1").done_on is not None
    assert train.milestones.get(text="Step 1 of action 1").done_on is None
    assert audit.status == "completed"
    assert audit.completed_on == dt.date(2026, 3, 2)
    assert audit.outcome == "All DASH forms audited; report to the board"
    assert publish.status == "at_risk"  # the coordinator's change stands
    updates = ProgressUpdate.objects.filter(author=world.lead)
    assert sorted(u.action_id for u in updates) == sorted([train.pk, audit.pk])
    # Each is in its action's history, audited as on the action's own pages.
    for action, kind, said, status in [
        (train, events.PROGRESS_UPDATED, "Trainers off sick", "at_risk"),
        (audit, events.ACTION_COMPLETED, "All DASH forms audited", "completed"),
    ]:
        page = client.get(reverse("actions:detail", args=[action.pk]))
        assert said in page.content.decode()
        assert action.history.filter(status=status).exists()
        assert AuditEvent.objects.filter(
            event_type=kind, target_id=action.pk, actor=world.lead
        ).exists()
    assert (
        AuditEvent.objects.filter(event_type=events.TRACKER_APPLIED, target_id=upload.pk).count()
        == 1
    )

    result = client.get(reverse("trackers:preview", args=[upload.pk]))
    assert "Spreadsheet applied" in result.content.decode()
    assert len(result.context["result"]["applied"]) == 2
    assert len(result.context["result"]["conflicts"]) == 1


def test_it_applies_an_upload_only_once(client, world):
    train = world.actions[0]
    client.force_login(world.lead)
    book = workbook(client.get(reverse("trackers:download_mine")).content)
    fill(book, train.pk, narrative="Half trained")
    upload_file(client, saved(book))
    upload = TrackerUpload.objects.get()
    client.post(reverse("trackers:apply", args=[upload.pk]))
    again = client.post(reverse("trackers:apply", args=[upload.pk]), follow=True)
    assert "applied already" in again.content.decode()
    assert ProgressUpdate.objects.filter(action=train).count() == 1


def test_a_change_made_between_preview_and_apply_becomes_a_conflict(client, world):
    train = world.actions[0]
    client.force_login(world.lead)
    book = workbook(client.get(reverse("trackers:download_mine")).content)
    fill(book, train.pk, narrative="Half trained", new_status="At risk")
    upload_file(client, saved(book))
    upload = TrackerUpload.objects.get()
    assert (
        len(client.get(reverse("trackers:preview", args=[upload.pk])).context["preview"].changes)
        == 1
    )
    delivery.progress_update_add(
        action=train, actor=world.coordinator, expected_version=train.version,
        narrative="Meanwhile", status="on_track",
    )  # fmt: skip
    client.post(reverse("trackers:apply", args=[upload.pk]))
    upload.refresh_from_db()
    assert upload.result["applied"] == []
    assert [c["action_id"] for c in upload.result["conflicts"]] == [str(train.pk)]
    train.refresh_from_db()
    assert train.status == "on_track"


def test_a_date_proposal_waits_for_the_coordinator(client, world):
    train = world.actions[0]
    client.force_login(world.lead)
    book = workbook(client.get(reverse("trackers:download_mine")).content)
    fill(book, train.pk, proposed_date="March 2031", reason="Recruitment of trainers")
    upload_file(client, saved(book))
    upload = TrackerUpload.objects.get()
    page = client.get(reverse("trackers:preview", args=[upload.pk]))
    assert "New target date proposed: March 2031 (now July 2030)" in page.content.decode()
    client.post(reverse("trackers:apply", args=[upload.pk]))
    revision = TargetDateRevision.objects.get(action=train)
    assert revision.state == TargetDateRevision.State.PENDING
    assert revision.reason == "Recruitment of trainers"
    assert revision.proposed_by == world.lead


def test_the_download_lists_the_leads_open_actions_across_partnerships(client, world):
    client.force_login(world.lead)
    book = workbook(client.get(reverse("trackers:download_mine")).content)
    listed = set(rows_by_action(book))
    police_open = {a.pk for a in world.actions[:3]} | {world.fellside_action.pk}
    assert listed == police_open  # not health's, not the signed-off one


def test_the_coordinators_download_covers_the_partnerships_open_actions(client, world):
    client.force_login(world.coordinator)
    response = client.get(reverse("trackers:download_partnership", args=[world.home.pk]))
    assert response.status_code == 200
    assert "northmoor-csp-open-actions-" in response["Content-Disposition"]
    listed = set(rows_by_action(workbook(response.content)))
    assert listed == {a.pk for a in world.actions}  # health's too; not Fellside's


def test_the_coordinator_applies_the_partnerships_sheet_and_each_step_is_audited(client, world):
    health = world.actions[3]  # led by health: the coordinator may update it all the same
    client.force_login(world.coordinator)
    book = workbook(
        client.get(reverse("trackers:download_partnership", args=[world.home.pk])).content
    )
    fill(book, health.pk, narrative="Chased at the sub-group", milestones_done="1, 2")
    upload_file(client, saved(book))
    upload = TrackerUpload.objects.get()
    client.post(reverse("trackers:apply", args=[upload.pk]))
    assert [a["action_id"] for a in TrackerUpload.objects.get().result["applied"]] == [
        str(health.pk)
    ]
    assert not health.milestones.filter(done_on__isnull=True).exists()
    kinds = list(
        AuditEvent.objects.filter(actor=world.coordinator)
        .order_by("pk")
        .values_list("event_type", flat=True)
    )
    assert kinds == [
        events.TRACKER_DOWNLOADED,
        events.TRACKER_UPLOADED,
        events.PROGRESS_UPDATED,
        events.TRACKER_APPLIED,
    ]
