"""Told the same day (issue 12, what to build 6): when a lead marks an action completed,
proposes closing it, proposes a new target date or comments on it, the partnership's
coordinators get an e-mail that day, one per event, sent once the change has committed. It
carries what the reminders carry (the action's text, the review's title, the link) and never
the narrative, reason or comment, nor anyone's name."""

from __future__ import annotations

import datetime as dt
import io
import logging

import pytest
from django.urls import reverse

from followthrough.delivery import services
from followthrough.delivery.news import ActionNews, News
from followthrough.notifications.action_news import action_news_send
from followthrough.plans.models import Action
from tests.delivery.conftest import PDF
from tests.factories import (
    ActionFactory,
    ActionLeadFactory,
    AgencyFactory,
    PartnershipFactory,
    RecommendationFactory,
    ReviewFactory,
)
from tests.notifications.conftest import persona

pytestmark = pytest.mark.django_db

SECRET = "NARRATIVE-MARKER the family said"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.FOLLOWTHROUGH_BASE_URL = "https://followthrough.example.gov.uk"


@pytest.fixture
def northmoor(db):
    return PartnershipFactory(name="Northmoor CSP")


@pytest.fixture
def police(northmoor):
    agency = AgencyFactory(name="Northmoor Police")
    agency.partnerships.add(northmoor)
    return agency


@pytest.fixture
def people(northmoor, police):
    fellside = PartnershipFactory(name="Fellside CSP")
    police.partnerships.add(fellside)
    inactive = persona("gone-coordinator", northmoor, "coordinator")
    inactive.is_active = False
    inactive.save()
    return {
        "coordinator": persona("coordinator", northmoor, "coordinator"),
        "deputy": persona("deputy", northmoor, "coordinator"),
        "no_address": persona("no-address", northmoor, "coordinator", email=False),
        "inactive": inactive,
        "lead": persona("police-lead", northmoor, "agency_lead", police),
        "board": persona("board", northmoor, "board_member"),
        "viewer": persona("viewer", northmoor, "viewer"),
        "fellside_coordinator": persona("fellside-coordinator", fellside, "coordinator"),
        "fellside_lead": persona("fellside-police", fellside, "agency_lead", police),
    }


@pytest.fixture
def action(northmoor, police):
    review = ReviewFactory(partnership=northmoor, title="DARDR Adult K", plan_status="agreed")
    action = ActionFactory(
        recommendation=RecommendationFactory(review=review),
        text="Train all front-line officers in coercive control",
        target_date=dt.date(2030, 7, 31),
        status="on_track",
    )
    ActionLeadFactory(action=action, agency=police, person_name="Kit Marsh")
    return action


def told(mailoutbox) -> dict[str, object]:
    """Each message by its one recipient (each person gets a message of their own)."""
    assert all(len(m.to) == 1 for m in mailoutbox)
    return {m.to[0]: m for m in mailoutbox}


def assert_says_only_what_reminders_carry(message, action):
    text = message.subject + message.body
    assert action.text in message.body
    assert "DARDR Adult K" in message.subject and "Review: DARDR Adult K" in message.body
    assert (
        f"https://followthrough.example.gov.uk{reverse('actions:detail', args=[action.pk])}"
        in message.body
    )
    assert SECRET not in text
    for name in ("Kit Marsh", "Sam", "Person", "police-lead", "coordinator@"):
        assert name not in message.body
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"


def test_a_lead_marking_an_action_completed_tells_each_coordinator_that_day(
    client, action, people, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(people["lead"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("delivery:complete", args=[action.pk]),
            {"version": action.version, "outcome": SECRET, "completed_on": "1/3/2026"},
        )
    assert response.status_code == 302
    mail = told(mailoutbox)
    # The coordinators with an address who are active; no one else, not the lead themselves.
    assert set(mail) == {"coordinator@example.org", "deputy@example.org"}
    message = mail["coordinator@example.org"]
    assert message.subject == "Action marked completed: DARDR Adult K"
    assert "It now waits for the partnership to sign it off or return it." in message.body
    assert_says_only_what_reminders_carry(message, action)


def test_a_proposed_closure_tells_the_coordinators_without_its_reason(
    client, action, people, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(people["lead"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("delivery:close", args=[action.pk]),
            {
                "version": action.version,
                "status": "superseded",
                "reason": SECRET,
                "evidence": [io.BytesIO(PDF)],
            },
        )
    assert Action.objects.get(pk=action.pk).status == "closure_proposed"
    mail = told(mailoutbox)
    assert set(mail) == {"coordinator@example.org", "deputy@example.org"}
    assert mail["deputy@example.org"].subject == "Closure proposed: DARDR Adult K"
    assert_says_only_what_reminders_carry(mail["deputy@example.org"], action)


def test_a_proposed_date_tells_the_coordinators_without_its_reason(
    client, action, people, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(people["lead"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("delivery:revision_propose", args=[action.pk]),
            {"proposed": "December 2031", "reason": SECRET},
        )
    assert action.date_revisions.count() == 1
    mail = told(mailoutbox)
    assert set(mail) == {"coordinator@example.org", "deputy@example.org"}
    assert mail["coordinator@example.org"].subject == "New target date proposed: DARDR Adult K"
    assert_says_only_what_reminders_carry(mail["coordinator@example.org"], action)


def test_a_leads_comment_tells_the_coordinators_and_a_coordinators_comment_tells_the_lead(
    client, action, people, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(people["lead"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("delivery:comment_add", args=[action.pk]), {"text": SECRET})
    assert set(told(mailoutbox)) == {"coordinator@example.org", "deputy@example.org"}
    assert_says_only_what_reminders_carry(mailoutbox[0], action)
    assert mailoutbox[0].subject == "New comment: DARDR Adult K"
    mailoutbox.clear()
    client.force_login(people["coordinator"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("delivery:comment_add", args=[action.pk]), {"text": "Thanks"})
    # Both sides of the thread but the author; not the police's lead in another partnership.
    assert set(told(mailoutbox)) == {"deputy@example.org", "police-lead@example.org"}


def test_each_event_is_one_message_to_each_person(
    action, people, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.action_comment_add(action=action, actor=people["lead"], text="One")
        services.action_comment_add(action=action, actor=people["lead"], text="Two")
    assert sorted(m.to[0] for m in mailoutbox) == [
        "coordinator@example.org",
        "coordinator@example.org",
        "deputy@example.org",
        "deputy@example.org",
    ]


def test_nothing_is_sent_before_the_change_commits(
    action, people, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.action_comment_add(action=action, actor=people["lead"], text="One")
    assert mailoutbox == []
    assert len(callbacks) == 1


def test_a_change_that_is_refused_tells_no_one(
    client, action, people, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(people["lead"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("delivery:complete", args=[action.pk]),
            {"version": action.version + 1, "outcome": "Done", "completed_on": "1/3/2026"},
        )
    assert "Someone else changed this action" in response.text
    assert mailoutbox == []


def test_progress_and_the_partnerships_own_decisions_send_nothing_the_same_day(
    action, people, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.progress_update_add(
            action=action,
            actor=people["lead"],
            expected_version=action.version,
            narrative="Going well",
            status="on_track",
        )
    assert mailoutbox == []


def test_a_mail_server_that_fails_keeps_the_change_and_logs_no_address(
    action, people, settings, caplog, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    settings.EMAIL_USE_TLS = False
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        comment = services.action_comment_add(action=action, actor=people["lead"], text="Hi")
    assert comment.pk is not None
    assert "action news mail failed" in caplog.text
    assert "@" not in caplog.text


def test_news_of_an_action_deleted_since_sends_nothing(action, people, mailoutbox):
    news = ActionNews(news=News.COMPLETED, action_id=action.pk, actor_id=None)
    action.delete()
    assert action_news_send(news) == 0
    assert mailoutbox == []
