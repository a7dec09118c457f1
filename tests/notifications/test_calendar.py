"""The private calendar link: made on a signed-in page, read by calendar apps without one."""

from __future__ import annotations

import datetime as dt
import re

import icalendar
import pytest
from django.urls import reverse

from followthrough.audit import events
from followthrough.audit.models import AuditEvent
from followthrough.notifications.models import CalendarFeed, token_hash
from followthrough.notifications.services import calendar_feed_create, calendar_feed_revoke
from tests.notifications.conftest import days

PAGE = "/calendar/"


def feed_url(token: str) -> str:
    return reverse("notifications:calendar_feed", args=[token])


def events_of(response) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}


def test_the_calendar_page_needs_sign_in(client, db):
    response = client.get(PAGE)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("web:login"))
    assert client.post(reverse("notifications:calendar_create")).status_code == 302
    assert not CalendarFeed.objects.exists()


def test_creating_and_revoking_need_a_post(client, world):
    client.force_login(world.police_lead)
    assert client.get(reverse("notifications:calendar_create")).status_code == 405
    assert client.get(reverse("notifications:calendar_revoke")).status_code == 405


def test_the_page_offers_a_link_and_shows_it_once_when_created(client, world, settings):
    settings.FOLLOWTHROUGH_BASE_URL = "https://followthrough.example.gov.uk"
    client.force_login(world.police_lead)
    page = client.get(PAGE)
    assert "Create a calendar link" in page.text and "Revoke" not in page.text

    created = client.post(reverse("notifications:calendar_create"))
    assert created.status_code == 200
    [url] = re.findall(
        r'value="(https://followthrough\.example\.gov\.uk/calendar/[^"]+\.ics)"', created.text
    )
    assert "it will not be shown again" in created.text
    assert "no-store" in created["Cache-Control"]
    token = url.rsplit("/", 1)[1].removesuffix(".ics")

    again = client.get(PAGE)
    assert token not in again.text
    assert "Revoke the calendar link" in again.text
    assert client.get(feed_url(token)).status_code == 200


def test_the_token_is_kept_only_as_its_hash(world):
    feed, token = calendar_feed_create(user=world.police_lead, actor=world.police_lead)
    assert len(token) >= 43
    assert feed.token_hash == token_hash(token) != token
    assert not CalendarFeed.objects.filter(token_hash__contains=token).exists()


def test_the_feed_is_valid_ics_with_the_leads_due_dates_and_milestones(client, world):
    _, token = calendar_feed_create(user=world.police_lead, actor=world.police_lead)
    response = client.get(feed_url(token))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "private" in response["Cache-Control"]
    found = events_of(response)
    assert sorted(found) == sorted(
        [
            "Due: Police overdue: train officers in coercive control",
            "Due: Police escalate: audit DASH risk assessments",
            "Due: Police due soon: publish the referral pathway",
            "Due: Police fine: review the domestic abuse policy",
            "Due: Police stale: brief custody sergeants",
            "Due: Police never updated: join the MARAC steering group",
            "Due: Police in Fellside: share the protocol",
            "Milestone: Milestone: draft the pathway",
        ]
    )
    due_soon = world.actions["police_due_soon"]
    event = found["Due: Police due soon: publish the referral pathway"]
    assert event.decoded("DTSTART") == days(8)
    assert event.decoded("DTEND") == days(9)
    assert isinstance(event.decoded("DTSTART"), dt.date)
    assert not isinstance(event.decoded("DTSTART"), dt.datetime)
    assert str(event["URL"]) == f"http://127.0.0.1:8000/reviews/actions/{due_soon.pk}/"
    assert str(event["UID"]) == f"action-{due_soon.pk}-target@127.0.0.1"


def test_uids_stay_the_same_from_one_fetch_to_the_next(client, world):
    _, token = calendar_feed_create(user=world.police_lead, actor=world.police_lead)
    first = {str(e["UID"]) for e in events_of(client.get(feed_url(token))).values()}
    second = {str(e["UID"]) for e in events_of(client.get(feed_url(token))).values()}
    assert first == second and len(first) == 8


def test_other_agencies_actions_finished_ones_and_drafts_are_not_in_a_leads_feed(client, world):
    _, token = calendar_feed_create(user=world.police_lead, actor=world.police_lead)
    body = client.get(feed_url(token)).content.decode()
    for text in ["Health", "Unled", "Eden", "signed off", "draft plan", "consult partners"]:
        assert text not in body


def test_no_personal_names_or_narrative_are_in_the_feed(client, world):
    world.police_lead.first_name, world.police_lead.last_name = "Robin", "Quill"
    world.police_lead.save()
    _, token = calendar_feed_create(user=world.police_lead, actor=world.police_lead)
    body = client.get(feed_url(token)).content.decode()
    assert "Kit Marsh" not in body and "Robin" not in body and "Quill" not in body
    assert "NARRATIVE" not in body


def test_a_coordinators_feed_has_the_open_actions_of_their_partnership(client, world):
    _, token = calendar_feed_create(user=world.coordinator, actor=world.coordinator)
    found = events_of(client.get(feed_url(token)))
    assert "Due: Health overdue: add routine enquiry to maternity booking" in found
    assert "Due: Unled overdue: agree an information sharing agreement" in found
    assert "Due: Police fine: review the domestic abuse policy" in found
    assert "Due: Health completed: GP training delivered" not in found  # not open
    assert "Due: Police in Fellside: share the protocol" not in found  # another partnership
    assert not any("Eden" in summary for summary in found)


def test_a_viewer_or_an_outsider_gets_an_empty_calendar(client, world):
    for user in (world.viewer, world.outsider):
        _, token = calendar_feed_create(user=user, actor=user)
        assert events_of(client.get(feed_url(token))) == {}


def test_long_action_texts_are_cut_short_in_the_summary(client, world):
    world.actions["police_fine"].text = "Police fine: " + "review the policy " * 20
    world.actions["police_fine"].save()
    _, token = calendar_feed_create(user=world.police_lead, actor=world.police_lead)
    summaries = [s for s in events_of(client.get(feed_url(token))) if "Police fine" in s]
    assert len(summaries) == 1 and len(summaries[0]) <= 65 and summaries[0].endswith("…")


def test_the_feed_is_404_after_revocation_at_once(client, world):
    client.force_login(world.police_lead)
    _, token = calendar_feed_create(user=world.police_lead, actor=world.police_lead)
    assert client.get(feed_url(token)).status_code == 200
    response = client.post(reverse("notifications:calendar_revoke"), follow=True)
    assert "Your calendar link has been revoked" in response.text
    client.logout()
    assert client.get(feed_url(token)).status_code == 404


@pytest.mark.parametrize("token", ["A" * 43, "wrong-token-but-well-formed-1234567890", "short"])
def test_the_feed_is_404_for_a_wrong_token(client, world, token):
    calendar_feed_create(user=world.police_lead, actor=world.police_lead)
    assert client.get(f"/calendar/{token}.ics").status_code == 404


def test_a_new_link_revokes_the_old_one(client, world):
    client.force_login(world.police_lead)
    _, old = calendar_feed_create(user=world.police_lead, actor=world.police_lead)
    client.post(reverse("notifications:calendar_create"))
    assert client.get(feed_url(old)).status_code == 404
    assert CalendarFeed.objects.filter(user=world.police_lead, revoked_at=None).count() == 1
    assert CalendarFeed.objects.filter(user=world.police_lead).count() == 2


def test_a_deactivated_users_link_stops_working(client, world):
    _, token = calendar_feed_create(user=world.police_lead, actor=world.police_lead)
    world.police_lead.is_active = False
    world.police_lead.save()
    assert client.get(feed_url(token)).status_code == 404


def test_one_users_link_never_shows_another_users_dates(client, world):
    _, lead_token = calendar_feed_create(user=world.police_lead, actor=world.police_lead)
    _, health_token = calendar_feed_create(user=world.health_lead, actor=world.health_lead)
    health = client.get(feed_url(health_token)).content.decode()
    assert "Police" not in health and "Health overdue" in health
    calendar_feed_revoke(user=world.health_lead, actor=world.health_lead)
    assert client.get(feed_url(lead_token)).status_code == 200


def test_creating_and_revoking_are_audited_without_the_token(world):
    _, token = calendar_feed_create(user=world.police_lead, actor=world.police_lead)
    calendar_feed_create(user=world.police_lead, actor=world.police_lead)
    calendar_feed_revoke(user=world.police_lead, actor=world.police_lead)
    kinds = list(
        AuditEvent.objects.filter(actor=world.police_lead)
        .order_by("id")
        .values_list("event_type", flat=True)
    )
    assert kinds == [
        events.CALENDAR_FEED_CREATED,
        events.CALENDAR_FEED_REVOKED,
        events.CALENDAR_FEED_CREATED,
        events.CALENDAR_FEED_REVOKED,
    ]
    assert not AuditEvent.objects.filter(summary__contains=token).exists()
    assert calendar_feed_revoke(user=world.police_lead, actor=world.police_lead) == 0
