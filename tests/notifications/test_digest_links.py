"""One click from the reminder (issue 17, part 3): each item of a digest says what is asked of
whoever reads it and links to the form that does it; the coordinator's digest links to the
partnership's actions awaiting its decision; a link followed before signing in goes through
sign-in (and the code step) and lands on that form, never off the site."""

from __future__ import annotations

import re
import time
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from followthrough.delivery.models import ProgressUpdate, SignOffDecision, TargetDateRevision
from followthrough.notifications import services
from followthrough.notifications.selectors import digest_for, digests_for
from tests.factories import PASSWORD, MembershipFactory, authenticator, current_code
from tests.notifications.conftest import TODAY, add_action, at, days

BASE = "https://followthrough.example.gov.uk"


@pytest.fixture(autouse=True)
def _base_url(settings):
    settings.FOLLOWTHROUGH_BASE_URL = BASE


def send(capture):
    mail.outbox = []
    with capture(execute=True):
        services.reminders_send(today=TODAY)


def mail_to(user):
    [message] = [m for m in mail.outbox if m.to == [user.email]]
    return message


def asks(body: str) -> dict[str, list[tuple[str, str]]]:
    """Each item of a text digest (by the start of its text, up to the colon) with the links
    it gives, in order, as (words, path): what is asked first, then any other ask, then the
    action's own page."""
    found: dict[str, list[tuple[str, str]]] = {}
    for block in re.split(r"^- ", body, flags=re.M)[1:]:
        title = block.split(":")[0]
        found[title] = [
            (words, url.removeprefix(BASE))
            for words, url in re.findall(rf"^  (.+?): ({re.escape(BASE)}\S*)$", block, re.M)
        ]
    return found


def progress(action) -> str:
    return reverse("delivery:progress_add", args=[action.pk])


def complete(action) -> str:
    return reverse("delivery:complete", args=[action.pk])


def detail(action) -> str:
    return reverse("actions:detail", args=[action.pk])


def returned_at_sign_off(world):
    """An action its lead marked completed, returned by the coordinator for more."""
    action = add_action(
        world.review, world.police, "Police returned: evidence was missing", target=days(100)
    )
    update = ProgressUpdate.objects.create(
        action=action, author=world.police_lead, narrative="Done", status="completed"
    )
    ProgressUpdate.objects.filter(pk=update.pk).update(created_at=at(days(-3)))
    decision = SignOffDecision.objects.create(
        action=action, decision="returned", decided_by=world.coordinator, comment="Where?"
    )
    SignOffDecision.objects.filter(pk=decision.pk).update(decided_at=at(days(-1)))
    return action


def revised_date(world, action, proposed=None):
    return TargetDateRevision.objects.create(
        action=action,
        previous_date=action.target_date,
        proposed_date=proposed or days(200),
        reason="The training provider cancelled",
        proposed_by=world.police_lead,
    )


# What each item asks, and where it links ------------------------------------------------


def test_each_of_a_leads_items_asks_for_an_update_or_completion_evidence_with_its_form(
    world, django_capture_on_commit_callbacks
):
    a = world.actions
    returned = returned_at_sign_off(world)
    due_today = add_action(world.review, world.police, "Police due today: sign", target=TODAY)
    send(django_capture_on_commit_callbacks)
    found = asks(mail_to(world.police_lead).body)

    not_finished = "Not finished yet? Give an update"
    for key in ("police_overdue", "police_escalate", "police_in_fellside"):
        action = a[key]
        assert found[action.text.split(":")[0]] == [
            ("Send completion evidence", complete(action)),
            (not_finished, progress(action)),
            ("The action", detail(action)),
        ], key
    assert found["Police due today"][0] == ("Send completion evidence", complete(due_today))
    assert found["Police returned"][0] == ("Send completion evidence", complete(returned))
    for key in ("police_due_soon", "police_stale", "police_never_updated"):
        action = a[key]
        assert found[action.text.split(":")[0]] == [
            ("Give an update", progress(action)),
            ("The action", detail(action)),
        ], key


def test_each_of_a_coordinators_items_asks_for_their_decision_or_news_with_its_form(
    world, django_capture_on_commit_callbacks
):
    a = world.actions
    revision = revised_date(world, a["police_stale"], proposed=days(200))
    send(django_capture_on_commit_callbacks)
    message = mail_to(world.coordinator)
    found = asks(message.body)

    completed = a["health_completed"]
    assert found["Health completed"] == [
        ("Decide on sign-off", reverse("delivery:sign_off", args=[completed.pk])),
        ("The action", detail(completed)),
    ]
    assert found["Police stale"] == [
        ("Decide on a revised date", reverse("delivery:revision_decide", args=[revision.pk])),
        ("The action", detail(a["police_stale"])),
    ]
    assert "Proposed new date: 20 December 2030" in message.body
    for key in ("police_escalate", "police_overdue", "health_overdue", "unled_overdue"):
        action = a[key]
        assert found[action.text.split(":")[0]] == [
            ("Ask the lead for news", reverse("delivery:comment_add", args=[action.pk])),
            ("The action", detail(action)),
        ], key


def test_the_html_body_gives_the_same_asks_as_links(world, django_capture_on_commit_callbacks):
    revision = revised_date(world, world.actions["police_stale"])
    send(django_capture_on_commit_callbacks)
    lead_html = mail_to(world.police_lead).alternatives[0][0]
    coordinator_html = mail_to(world.coordinator).alternatives[0][0]
    overdue, due_soon = world.actions["police_overdue"], world.actions["police_due_soon"]
    completed = world.actions["health_completed"]

    assert f'<a href="{BASE}{complete(overdue)}">Send completion evidence</a>' in lead_html
    assert f'Not finished yet? <a href="{BASE}{progress(overdue)}">Give an update</a>' in (
        lead_html
    )
    assert f'<a href="{BASE}{progress(due_soon)}">Give an update</a>' in lead_html
    sign_off = reverse("delivery:sign_off", args=[completed.pk])
    assert f'<a href="{BASE}{sign_off}">Decide on sign-off</a>' in coordinator_html
    decide = reverse("delivery:revision_decide", args=[revision.pk])
    assert f'<a href="{BASE}{decide}">Decide on a revised date</a>' in coordinator_html


def test_an_overdue_action_with_a_revised_date_to_decide_is_listed_once_for_that_decision(
    world, django_capture_on_commit_callbacks, capsys
):
    overdue = world.actions["police_overdue"]
    revised_date(world, overdue)
    digest = digest_for(world.coordinator, services.reminder_rules(TODAY))
    [section] = digest.coordinated

    assert [i.action_id for i in section.dates_to_decide] == [overdue.pk]
    overdue_ids = {i.action_id for g in section.overdue_by_agency for i in g.items}
    assert overdue.pk not in overdue_ids | {i.action_id for i in section.escalate}
    assert digest.item_count == 5
    assert digest.counts()["dates_to_decide"] == 1

    from followthrough.cli.reminders import _describe

    assert _describe(digest) == (
        "1 awaiting sign-off, 1 revised date(s) to decide, 1 to escalate, 2 overdue by agency"
    )


def test_a_revised_date_already_decided_or_in_a_draft_plan_is_not_asked_about(world):
    decided = revised_date(world, world.actions["police_stale"])
    decided.state = TargetDateRevision.State.APPROVED
    decided.save()
    revised_date(world, world.actions["police_in_draft"])
    [section] = digest_for(world.coordinator, services.reminder_rules(TODAY)).coordinated
    assert section.dates_to_decide == []


def test_each_link_opens_its_form_for_the_person_it_was_sent_to(
    world, client, django_capture_on_commit_callbacks
):
    returned_at_sign_off(world)
    revised_date(world, world.actions["police_stale"])
    send(django_capture_on_commit_callbacks)
    titles = {
        "Send completion evidence": "Mark the action as completed",
        "Not finished yet? Give an update": "Record progress",
        "Give an update": "Record progress",
        "Decide on sign-off": "Sign off or return the action",
        "Decide on a revised date": "Decide on a new target date",
        "Ask the lead for news": "Comment on the action",
    }
    opened = set()
    for person in (world.police_lead, world.coordinator):
        client.force_login(person)
        for links in asks(mail_to(person).body).values():
            for words, path in links[:-1]:
                response = client.get(path)
                assert response.status_code == 200, (person.username, words, path)
                assert f'<h1 class="govuk-heading-l">{titles[words]}</h1>' in (
                    response.content.decode()
                ), (words, path)
                opened.add(words)
    assert opened == set(titles)


# The coordinator's list of what waits for them -------------------------------------------


def test_the_coordinators_link_lists_exactly_the_actions_awaiting_their_decision(
    world, client, django_capture_on_commit_callbacks
):
    proposed = add_action(
        world.review, world.police, "Police closure proposed: superseded", target=days(30)
    )
    proposed.status = "closure_proposed"
    proposed.save()
    send(django_capture_on_commit_callbacks)
    body = mail_to(world.coordinator).body
    [link] = re.findall(rf"to decide several at one meeting: ({re.escape(BASE)}\S+)", body)
    path = link.removeprefix(BASE)
    assert path == reverse("dashboards:actions", args=[world.northmoor.pk]) + "?awaiting=on"

    client.force_login(world.coordinator)
    page = client.get(path).content.decode()
    listed = set(map(int, re.findall(r'href="/reviews/actions/(\d+)/"', page)))
    [section] = digest_for(world.coordinator, services.reminder_rules(TODAY)).coordinated
    assert listed == {item.action_id for item in section.awaiting_sign_off}
    assert listed == {world.actions["health_completed"].pk, proposed.pk}


def test_a_coordinator_of_two_partnerships_gets_each_ones_own_list(
    world, django_capture_on_commit_callbacks
):
    MembershipFactory(user=world.coordinator, partnership=world.fellside, role="coordinator")
    fellside_review = world.actions["police_in_fellside"].recommendation.review
    add_action(
        fellside_review,
        world.police,
        "Fellside done: shared",
        target=days(5),
        status="completed",
        completed_on=days(-1),
    )
    send(django_capture_on_commit_callbacks)
    body = mail_to(world.coordinator).body
    links = re.findall(rf"to decide several at one meeting: {re.escape(BASE)}(\S+)", body)
    assert links == [
        reverse("dashboards:actions", args=[world.fellside.pk]) + "?awaiting=on",
        reverse("dashboards:actions", args=[world.northmoor.pk]) + "?awaiting=on",
    ]


# Signing in on the way --------------------------------------------------------------------


def hidden_next(response) -> str:
    [value] = re.findall(
        r'<input type="hidden" name="next" value="([^"]*)">', response.content.decode()
    )
    return value.replace("&amp;", "&")


def follow_link_signed_out(client, path):
    """Open ``path`` signed out: to the sign-in page, which keeps where it was going."""
    response = client.get(path)
    assert response.status_code == 302
    login = response["Location"]
    assert urlsplit(login).path == reverse("web:login")
    page = client.get(login)
    assert page.status_code == 200
    return hidden_next(page)


def test_a_lead_signed_out_signs_in_and_lands_on_the_form_the_link_asked_for(
    world, client, django_capture_on_commit_callbacks
):
    send(django_capture_on_commit_callbacks)
    overdue = world.actions["police_overdue"]
    [(_, path), *_] = asks(mail_to(world.police_lead).body)["Police overdue"]
    assert path == complete(overdue)

    next_url = follow_link_signed_out(client, path)
    assert next_url == path
    response = client.post(
        reverse("web:login"), {"username": "police-lead", "password": PASSWORD, "next": next_url}
    )
    assert response.status_code == 302 and response["Location"] == path
    form = client.get(path)
    assert form.status_code == 200
    assert "Mark the action as completed" in form.content.decode()


def test_a_coordinator_signed_out_gives_their_code_too_and_lands_on_the_form(
    world, client, django_capture_on_commit_callbacks
):
    revision = revised_date(world, world.actions["police_stale"])
    device = authenticator(world.coordinator)
    send(django_capture_on_commit_callbacks)
    [(words, path), *_] = asks(mail_to(world.coordinator).body)["Police stale"]
    assert (words, path) == (
        "Decide on a revised date",
        reverse("delivery:revision_decide", args=[revision.pk]),
    )

    next_url = follow_link_signed_out(client, path)
    response = client.post(
        reverse("web:login"), {"username": "coordinator", "password": PASSWORD, "next": next_url}
    )
    code_page = response["Location"]
    assert urlsplit(code_page).path == reverse("web:verify")
    # Not yet: every other page waits for the code.
    assert client.get(path)["Location"].startswith(reverse("web:verify"))
    code_next = hidden_next(client.get(code_page))
    assert code_next == path
    response = client.post(reverse("web:verify"), {"code": current_code(device), "next": code_next})
    assert response.status_code == 302 and response["Location"] == path
    form = client.get(path)
    assert form.status_code == 200
    assert "Decide on a new target date" in form.content.decode()


def test_a_coordinator_without_an_authenticator_sets_one_up_and_lands_on_the_form(
    world, client, django_capture_on_commit_callbacks
):
    from django_otp.oath import TOTP

    send(django_capture_on_commit_callbacks)
    [(_, path), *_] = asks(mail_to(world.coordinator).body)["Health completed"]
    next_url = follow_link_signed_out(client, path)
    response = client.post(
        reverse("web:login"), {"username": "coordinator", "password": PASSWORD, "next": next_url}
    )
    setup = client.get(response["Location"])
    assert urlsplit(response["Location"]).path == reverse("web:authenticator_setup")
    key = client.session["followthrough_authenticator_key"]
    totp = TOTP(bytes.fromhex(key))
    totp.time = time.time()
    codes = client.post(
        reverse("web:authenticator_setup"),
        {"code": f"{totp.token():06d}", "next": hidden_next(setup)},
    )
    assert f'href="{path}">Continue</a>' in codes.content.decode()
    assert "Sign off or return the action" in client.get(path).content.decode()


@pytest.mark.parametrize(
    "elsewhere",
    [
        "https://phish.example.com/reviews/",
        "//phish.example.com/reviews/",
        "http://testserver.phish.example.com/",
        "javascript:alert(1)",
        "https:///phish.example.com",
    ],
)
def test_a_next_that_would_leave_the_site_is_refused_at_each_step(world, client, elsewhere):
    device = authenticator(world.police_lead)
    response = client.post(
        reverse("web:login") + "?next=" + elsewhere,
        {"username": "police-lead", "password": PASSWORD, "next": elsewhere},
    )
    code_page = response["Location"]
    assert "phish" not in code_page and "javascript" not in code_page
    # Typed into the code step's own address, it is refused there too.
    response = client.post(
        reverse("web:verify") + "?next=" + elsewhere,
        {"code": current_code(device), "next": elsewhere},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:review_list")


def test_a_next_that_would_leave_the_site_without_a_code_step_goes_home(world, client):
    response = client.post(
        reverse("web:login"),
        {"username": "health-lead", "password": PASSWORD, "next": "https://phish.example.com/"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:review_list")


# As many queries, whatever the number of decisions waiting ---------------------------------


def test_working_out_the_digests_takes_as_many_queries_with_more_revised_dates_to_decide(world):
    rules = services.reminder_rules(TODAY)
    people = [world.police_lead, world.health_lead, world.coordinator]

    def queries():
        with CaptureQueriesContext(connection) as captured:
            digests = digests_for(people, rules)
        return len(captured), sum(len(s.dates_to_decide) for d in digests for s in d.coordinated)

    revised_date(world, world.actions["police_stale"])
    few, listed = queries()
    assert listed == 1
    for n in range(8):
        action = add_action(world.review, world.health, f"Health {n}: more", target=days(60 + n))
        revised_date(world, action)
    many, listed = queries()
    assert listed == 9
    assert many == few
