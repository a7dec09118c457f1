"""Reminder digests: who hears about what, once a day, and never about anything else."""

from __future__ import annotations

import smtplib

import pytest
from django.core import mail

from followthrough.audit import events
from followthrough.audit.models import AuditEvent
from followthrough.delivery.models import ProgressUpdate, SignOffDecision
from followthrough.notifications import services
from followthrough.notifications.models import ReminderDigest
from followthrough.notifications.selectors import digest_for
from tests.factories import AgencyFactory, MembershipFactory, PartnershipFactory
from tests.notifications.conftest import TODAY, add_action, at, days, persona


def send(capture, today=TODAY, **kwargs):
    with capture(execute=True):
        return services.reminders_send(today=today, **kwargs)


def mail_to(user):
    return [m for m in mail.outbox if m.to == [user.email]]


def titles(items):
    return [item.text.split(":")[0] for item in items]


def test_a_lead_gets_one_digest_listing_overdue_and_due_soon_actions_of_their_agency_only(
    world, django_capture_on_commit_callbacks
):
    send(django_capture_on_commit_callbacks)
    [message] = mail_to(world.police_lead)
    body = message.body
    for text in [
        "Police overdue",
        "Police escalate",
        "Police in Fellside",  # Fellside made them its police lead too
        "Police due soon",
        "Police stale",
        "Police never updated",
    ]:
        assert text in body
    for text in [
        "Police fine",
        "Police signed off",
        "Police in a draft plan",
        "Health",
        "Unled",
        "Eden",
    ]:
        assert text not in body
    assert "overdue by 13 days" in body and "due in 8 days" in body


def test_each_action_is_listed_once_in_the_first_section_that_applies(world):
    digest = digest_for(world.police_lead, services.reminder_rules(TODAY))
    assert titles(digest.lead.overdue) == [
        "Police escalate",
        "Police overdue",
        "Police in Fellside",
    ]
    assert titles(digest.lead.due_soon) == ["Police due soon"]
    assert titles(digest.lead.awaiting_update) == ["Police stale", "Police never updated"]
    assert digest.coordinated == []


def test_an_action_returned_at_sign_off_waits_for_its_leads_update_until_they_give_one(world):
    returned = add_action(
        world.review, world.police, "Police returned: evidence was missing", target=days(100)
    )
    update = ProgressUpdate.objects.create(
        action=returned, author=world.police_lead, narrative="Done", status="completed"
    )
    ProgressUpdate.objects.filter(pk=update.pk).update(created_at=at(days(-3)))
    decision = SignOffDecision.objects.create(
        action=returned, decision="returned", decided_by=world.coordinator, comment="Where?"
    )
    SignOffDecision.objects.filter(pk=decision.pk).update(decided_at=at(days(-1)))
    rules = services.reminder_rules(TODAY)

    waiting = digest_for(world.police_lead, rules).lead.awaiting_update
    assert [i.returned_on for i in waiting if i.action_id == returned.pk] == [days(-1)]

    ProgressUpdate.objects.filter(pk=update.pk).update(created_at=at(TODAY))
    waiting = digest_for(world.police_lead, rules).lead.awaiting_update
    assert returned.pk not in [i.action_id for i in waiting]


def test_awaiting_an_update_follows_the_setting(world, settings):
    settings.FOLLOWTHROUGH_AWAITING_UPDATE_DAYS = 60
    digest = digest_for(world.police_lead, services.reminder_rules(TODAY))
    assert titles(digest.lead.awaiting_update) == ["Police never updated"]


def test_a_coordinator_gets_one_digest_with_sign_offs_overdue_by_agency_and_escalations(
    world, django_capture_on_commit_callbacks
):
    send(django_capture_on_commit_callbacks)
    [message] = mail_to(world.coordinator)
    body = message.body
    assert "Awaiting sign-off (1)" in body and "Health completed" in body
    assert "To escalate: overdue by more than 30 days (1)" in body
    assert "Police escalate" in body and "overdue by 45 days" in body
    assert "Northmoor Health Trust (1)" in body and "Northmoor Police (1)" in body
    assert "No lead agency named (1)" in body
    assert "Police in Fellside" not in body and "Eden" not in body
    assert "Police due soon" not in body

    digest = digest_for(world.coordinator, services.reminder_rules(TODAY))
    [section] = digest.coordinated
    assert titles(section.awaiting_sign_off) == ["Health completed"]
    assert titles(section.escalate) == ["Police escalate"]
    assert [(g.agency, titles(g.items)) for g in section.overdue_by_agency] == [
        ("Northmoor Health Trust", ["Health overdue"]),
        ("Northmoor Police", ["Police overdue"]),
        ("No lead agency named", ["Unled overdue"]),
    ]


def test_escalation_waits_for_the_configured_number_of_days_overdue(world, settings):
    settings.FOLLOWTHROUGH_ESCALATE_AFTER_DAYS = 45
    [section] = digest_for(world.coordinator, services.reminder_rules(TODAY)).coordinated
    assert section.escalate == []
    settings.FOLLOWTHROUGH_ESCALATE_AFTER_DAYS = 44
    [section] = digest_for(world.coordinator, services.reminder_rules(TODAY)).coordinated
    assert titles(section.escalate) == ["Police escalate"]


def test_nobody_with_nothing_to_report_is_mailed(world, django_capture_on_commit_callbacks):
    housing = AgencyFactory(name="Northmoor Housing")
    housing.partnerships.add(world.northmoor)
    quiet_lead = persona("housing-lead", world.northmoor, "agency_lead", housing)
    add_action(world.review, housing, "Housing fine", target=days(300), updated=days(-1))
    quiet_coordinator = persona("quiet-coordinator", PartnershipFactory(), "coordinator")

    run = send(django_capture_on_commit_callbacks)

    assert sorted(m.to[0] for m in mail.outbox) == [
        "coordinator@example.org",
        "health-lead@example.org",
        "police-lead@example.org",
    ]
    for user in [quiet_lead, quiet_coordinator, world.viewer, world.outsider]:
        assert mail_to(user) == []
    assert run.nothing_to_report == 2
    assert not ReminderDigest.objects.filter(user__in=[quiet_lead, quiet_coordinator]).exists()


def test_running_twice_the_same_day_sends_nothing_more(world, django_capture_on_commit_callbacks):
    first = send(django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 3 and len(first.queued) == 3

    second = send(django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 3
    assert second.sent == second.queued == []
    assert sorted(u.username for u in second.already_sent) == [
        "coordinator",
        "health-lead",
        "police-lead",
    ]
    assert ReminderDigest.objects.filter(sent_on=TODAY).count() == 3


def test_the_next_day_brings_the_next_digest(world, django_capture_on_commit_callbacks):
    send(django_capture_on_commit_callbacks)
    send(django_capture_on_commit_callbacks, today=days(1))
    assert len(mail_to(world.police_lead)) == 2


def test_a_run_that_finds_the_day_already_claimed_by_another_sends_nothing(
    world, django_capture_on_commit_callbacks
):
    """The race: another run claimed this person between our check and our claim."""
    digest = digest_for(world.police_lead, services.reminder_rules(TODAY))
    ReminderDigest.objects.create(user=world.police_lead, sent_on=TODAY)
    with django_capture_on_commit_callbacks(execute=True):
        outcome = services.reminder_digest_send(digest=digest)
    assert outcome == (services.ALREADY_SENT, "")
    assert mail.outbox == []
    assert not AuditEvent.objects.filter(event_type=events.REMINDER_DIGEST_SENT).exists()


def test_dry_run_sends_nothing_and_claims_nothing(world, django_capture_on_commit_callbacks):
    run = send(django_capture_on_commit_callbacks, dry_run=True)
    assert mail.outbox == []
    assert not ReminderDigest.objects.exists()
    assert sorted(d.user.username for d in run.sent) == [
        "coordinator",
        "health-lead",
        "police-lead",
    ]


def test_someone_both_lead_and_coordinator_gets_one_digest_with_both(
    world, django_capture_on_commit_callbacks
):
    MembershipFactory(user=world.police_lead, partnership=world.northmoor, role="coordinator")
    send(django_capture_on_commit_callbacks)
    [message] = mail_to(world.police_lead)
    assert "YOUR AGENCY'S ACTIONS" in message.body and "NORTHMOOR CSP" in message.body
    assert "an agency lead and a partnership coordinator" in message.body


def test_the_digest_has_text_and_html_links_and_no_narrative_comments_or_names(
    world, django_capture_on_commit_callbacks, settings
):
    settings.FOLLOWTHROUGH_BASE_URL = "https://followthrough.example.gov.uk"
    action = world.actions["police_overdue"]
    send(django_capture_on_commit_callbacks)
    [message] = mail_to(world.police_lead)
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    url = f"https://followthrough.example.gov.uk/reviews/actions/{action.pk}/"
    assert url in message.body
    assert f'href="{url}"' in html
    assert message.subject == "Followthrough reminders for 3 June 2030: 6 actions to look at"
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"
    for text in (message.body, html, message.subject):
        assert "NARRATIVE" not in text
        assert "Kit Marsh" not in text
        assert "DARDR into the death of Adult K" in text or text == message.subject


def test_each_digest_sent_is_audited_with_counts_and_no_contents(
    world, django_capture_on_commit_callbacks
):
    send(django_capture_on_commit_callbacks)
    event = AuditEvent.objects.get(
        event_type=events.REMINDER_DIGEST_SENT, after__user_id=world.police_lead.pk
    )
    assert event.actor is None and event.partnership is None
    assert event.after == {
        "user_id": world.police_lead.pk,
        "sent_on": "2030-06-03",
        "overdue": 3,
        "due_soon": 1,
        "awaiting_update": 2,
    }
    assert "Police" not in event.summary
    assert AuditEvent.objects.filter(event_type=events.REMINDER_DIGEST_SENT).count() == 3


def test_a_failed_send_releases_the_day_so_the_next_run_tries_again(
    world, django_capture_on_commit_callbacks, monkeypatch
):
    def refuse(message, fail_silently=False):
        raise smtplib.SMTPServerDisconnected("gone")

    monkeypatch.setattr(services.EmailMultiAlternatives, "send", refuse)
    digest = digest_for(world.police_lead, services.reminder_rules(TODAY))
    with django_capture_on_commit_callbacks(execute=True):
        services.reminder_digest_send(digest=digest)
    assert not ReminderDigest.objects.exists()
    assert AuditEvent.objects.filter(event_type=events.REMINDER_DIGEST_FAILED).count() == 1

    monkeypatch.undo()
    send(django_capture_on_commit_callbacks)
    assert len(mail_to(world.police_lead)) == 1


def test_a_lead_without_an_e_mail_address_is_reported_and_not_claimed(
    world, django_capture_on_commit_callbacks
):
    world.health_lead.email = ""
    world.health_lead.save()
    run = send(django_capture_on_commit_callbacks)
    assert [d.user for d in run.no_address] == [world.health_lead]
    assert not ReminderDigest.objects.filter(user=world.health_lead).exists()


def test_a_deactivated_user_gets_nothing(world, django_capture_on_commit_callbacks):
    world.police_lead.is_active = False
    world.police_lead.save()
    send(django_capture_on_commit_callbacks)
    assert mail_to(world.police_lead) == []


@pytest.mark.parametrize("status", ["completed", "signed_off", "not_met", "superseded"])
def test_finished_actions_are_never_chased_as_overdue(world, status):
    action = world.actions["police_overdue"]
    action.status = status
    action.save()
    digest = digest_for(world.police_lead, services.reminder_rules(TODAY))
    assert action.pk not in [i.action_id for i in digest.lead.overdue]
