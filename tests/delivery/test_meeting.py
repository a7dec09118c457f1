"""The board meeting (issue 12, what to build 6): from the list of actions awaiting the
partnership's decision, a coordinator or board member ticks several and signs them off (or
accepts their closure), or returns them, with one meeting date, minutes reference and comment.
Each is decided through the one-action services with the version the page showed; if any one
cannot be decided, nothing is saved, the page says which and why and keeps what was typed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from followthrough.audit import events
from followthrough.audit.models import AuditEvent
from followthrough.delivery import selectors, services
from followthrough.delivery.models import SignOffDecision
from followthrough.plans.lifecycle import ActionStatus as S
from followthrough.plans.models import Action
from tests.factories import (
    ActionFactory,
    ActionLeadFactory,
    PartnershipFactory,
    RecommendationFactory,
    ReviewFactory,
)
from tests.test_permissions import without_csrf

pytestmark = pytest.mark.django_db

MEETING = dt.date(2026, 3, 4)


def awaiting(review, police, text, status=S.COMPLETED, **fields):
    action = ActionFactory(
        recommendation=RecommendationFactory(review=review), text=text, status=status, **fields
    )
    ActionLeadFactory(action=action, agency=police)
    return action


@pytest.fixture
def agenda(partnership, police):
    review = ReviewFactory(partnership=partnership, title="DHR Adult K")
    return {
        "training": awaiting(review, police, "Train the officers", outcome="All 40 trained"),
        "audit": awaiting(review, police, "Audit the referrals", outcome="Audit done"),
        "closure": awaiting(
            review,
            police,
            "Set up a panel",
            status=S.CLOSURE_PROPOSED,
            proposed_closure=S.SUPERSEDED,
            outcome="The county panel does this now",
        ),
        "open": awaiting(review, police, "Write the protocol", status=S.ON_TRACK),
    }


def meeting_url(partnership) -> str:
    return reverse("delivery:meeting", args=[partnership.pk])


def post(client, partnership, actions, **data):
    """The meeting form as the page sends it: each ticked action with its version."""
    form = {"actions": [a.pk for a in actions]}
    form.update({f"version-{a.pk}": a.version for a in actions})
    form.update(data)
    return client.post(meeting_url(partnership), form)


ACCEPT = {"decision": "accept", "meeting_date": "4/3/2026", "minutes_reference": "Item 7.2"}


def test_a_board_member_signs_off_two_completions_and_accepts_a_closure_at_once(
    client, partnership, agenda, board_member
):
    client.force_login(board_member)
    ticked = [agenda["training"], agenda["audit"], agenda["closure"]]
    response = post(client, partnership, ticked, **ACCEPT)
    assert response.status_code == 302
    assert response["Location"] == (
        reverse("dashboards:actions", args=[partnership.pk]) + "?awaiting=on"
    )
    statuses = {a.text: a.status for a in Action.objects.all()}
    assert statuses == {
        "Train the officers": S.SIGNED_OFF,
        "Audit the referrals": S.SIGNED_OFF,
        "Set up a panel": S.SUPERSEDED,
        "Write the protocol": S.ON_TRACK,
    }
    decisions = SignOffDecision.objects.order_by("action_id")
    assert [(d.decision, d.meeting_date, d.minutes_reference, d.decided_by) for d in decisions] == [
        ("signed_off", MEETING, "Item 7.2", board_member),
        ("signed_off", MEETING, "Item 7.2", board_member),
        ("closed", MEETING, "Item 7.2", board_member),
    ]
    # Audited per action, as on its own page.
    assert AuditEvent.objects.filter(event_type=events.ACTION_SIGNED_OFF).count() == 2
    assert AuditEvent.objects.filter(event_type=events.ACTION_CLOSED).count() == 1
    followed = client.get(response["Location"])
    assert "3 actions signed off or closed at the meeting of 4 March 2026." in followed.text


def test_a_coordinator_returns_several_to_their_leads_with_one_comment(
    client, partnership, agenda, coordinator
):
    client.force_login(coordinator)
    ticked = [agenda["training"], agenda["closure"]]
    response = post(client, partnership, ticked, decision="return", comment="Evidence is thin")
    assert response.status_code == 302
    for action in ticked:
        action.refresh_from_db()
        assert action.status == S.ON_TRACK
        decision = action.sign_off_decisions.get()
        assert (decision.decision, decision.comment) == ("returned", "Evidence is thin")
    agenda["audit"].refresh_from_db()
    assert agenda["audit"].status == S.COMPLETED
    assert AuditEvent.objects.filter(event_type=events.ACTION_RETURNED).count() == 2


def test_one_action_changed_since_the_page_was_opened_saves_nothing_and_says_which(
    client, partnership, agenda, coordinator, police_lead
):
    client.force_login(coordinator)
    page = client.get(meeting_url(partnership))
    assert f'name="version-{agenda["audit"].pk}" value="{agenda["audit"].version}"' in page.text
    shown = {key: Action.objects.get(pk=a.pk) for key, a in agenda.items()}
    # Meanwhile the lead returns to it: the coordinator's page is now out of date for it.
    services.action_return(
        action=agenda["audit"],
        actor=coordinator,
        expected_version=shown["audit"].version,
        comment="Wait",
    )
    fresh = Action.objects.get(pk=agenda["audit"].pk)
    services.action_mark_completed(
        action=fresh,
        actor=police_lead,
        expected_version=fresh.version,
        outcome="Audit done, with the sample",
        completed_on=dt.date(2026, 2, 1),
    )
    decided_before = SignOffDecision.objects.count()
    response = post(
        client, partnership, [shown["training"], shown["audit"]], **ACCEPT, comment="Well done"
    )
    assert response.status_code == 200
    html = response.text
    assert "Nothing was saved: one of the ticked actions could not be decided." in html
    assert "Audit the referrals: Someone else changed this action after you opened the page" in html
    assert f'aria-describedby="problem-{agenda["audit"].pk}"' in html
    # Nothing saved: the other action is still awaiting sign-off.
    assert Action.objects.get(pk=agenda["training"].pk).status == S.COMPLETED
    assert SignOffDecision.objects.count() == decided_before
    assert not AuditEvent.objects.filter(event_type=events.ACTION_SIGNED_OFF).exists()
    # What was typed is kept, and the ticks.
    assert 'value="4/3/2026"' in html and 'value="Item 7.2"' in html and "Well done" in html
    assert f'value="{agenda["training"].pk}" checked' in html
    assert f'value="{agenda["audit"].pk}" checked' in html
    # The page now shows the action as it is, so the decision can be made again, knowingly.
    fresh.refresh_from_db()
    assert f'name="version-{fresh.pk}" value="{fresh.version}"' in html
    again = post(client, partnership, [shown["training"], fresh], **ACCEPT)
    assert again.status_code == 302
    assert Action.objects.filter(status=S.SIGNED_OFF).count() == 2


def test_an_action_decided_meanwhile_by_someone_else_is_named_and_nothing_is_saved(
    client, partnership, agenda, coordinator, board_member
):
    shown = {key: Action.objects.get(pk=a.pk) for key, a in agenda.items()}
    services.action_sign_off(
        action=agenda["training"],
        actor=board_member,
        expected_version=shown["training"].version,
        meeting_date=MEETING,
        minutes_reference="Item 1",
    )
    client.force_login(coordinator)
    response = post(client, partnership, [shown["training"], shown["closure"]], **ACCEPT)
    assert response.status_code == 200
    assert "Train the officers: Someone else changed this action" in response.text
    assert Action.objects.get(pk=agenda["closure"].pk).status == S.CLOSURE_PROPOSED
    # It is no longer waiting, so it is no longer listed to tick.
    assert f'id="decide-{agenda["training"].pk}"' not in response.text


def test_an_open_action_ticked_by_a_forged_form_is_refused_by_the_lifecycle(
    client, partnership, agenda, coordinator
):
    client.force_login(coordinator)
    response = post(client, partnership, [agenda["open"], agenda["audit"]], **ACCEPT)
    assert response.status_code == 200
    assert (
        "Write the protocol: This action is on track: only an action marked completed can be "
        "signed off." in response.text
    )
    assert not Action.objects.filter(status=S.SIGNED_OFF).exists()


def test_an_action_of_another_partnership_cannot_be_decided_from_this_one(
    client, partnership, agenda, coordinator, police
):
    elsewhere = ReviewFactory(partnership=PartnershipFactory(name="Eden Valley CSP"))
    theirs = awaiting(elsewhere, police, "Their action")
    client.force_login(coordinator)
    response = post(client, partnership, [theirs, agenda["audit"]], **ACCEPT)
    assert response.status_code == 200
    assert "It is no longer in the partnership&#x27;s plans." in response.text
    assert "Their action" not in response.text  # nothing of another partnership is shown
    theirs.refresh_from_db()
    assert theirs.status == S.COMPLETED
    assert Action.objects.get(pk=agenda["audit"].pk).status == S.COMPLETED


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"decision": "accept", "minutes_reference": "7.2"}, "meeting_date", "Enter the date"),
        (
            {"decision": "accept", "meeting_date": "4/3/2026"},
            "minutes_reference",
            "Enter the minutes",
        ),
        ({"decision": "return"}, "comment", "Say why they go back to their leads"),
        ({}, "decision", "Choose what the meeting decided"),
        (
            {**ACCEPT, "meeting_date": "31/12/2199"},
            "meeting_date",
            "The meeting date must be today or in the past",
        ),
        ({**ACCEPT, "meeting_date": "31/12/9999"}, "meeting_date", "between 1900 and 2199"),
        ({**ACCEPT, "minutes_reference": "x" * 101}, "minutes_reference", "100 characters"),
        ({"decision": "return", "comment": "x" * 2001}, "comment", "2,000 characters"),
    ],
)
def test_a_missing_or_bad_value_is_an_error_beside_its_field_and_nothing_is_saved(
    client, partnership, agenda, coordinator, data, field, message
):
    client.force_login(coordinator)
    response = post(client, partnership, [agenda["audit"]], **data)
    assert response.status_code == 200
    assert f'id="id_{field}-error"' in response.text
    assert message in response.text
    assert not SignOffDecision.objects.exists()


def test_nothing_ticked_is_an_error(client, partnership, agenda, coordinator):
    client.force_login(coordinator)
    response = post(client, partnership, [], **ACCEPT)
    assert "Tick the actions the meeting decided" in response.text
    assert not SignOffDecision.objects.exists()


def test_a_page_sent_without_a_ticked_actions_version_is_refused(
    client, partnership, agenda, coordinator
):
    client.force_login(coordinator)
    response = client.post(meeting_url(partnership), {"actions": [agenda["audit"].pk], **ACCEPT})
    assert "The page was incomplete: reload it and decide again" in response.text
    assert not SignOffDecision.objects.exists()


@pytest.mark.parametrize(
    "role, status",
    [
        ("coordinator", 200),
        ("board_member", 200),
        ("police_lead", 404),
        ("viewer", 404),
        ("outsider", 404),
    ],
)
def test_only_those_who_decide_for_the_partnership_reach_the_meeting(
    client, request, partnership, agenda, role, status
):
    client.force_login(request.getfixturevalue(role))
    assert client.get(meeting_url(partnership)).status_code == status
    response = post(client, partnership, [agenda["audit"]], **ACCEPT)
    if status == 404:
        assert response.status_code == 404
        assert not SignOffDecision.objects.exists()
    else:
        assert response.status_code == 302
        assert (
            SignOffDecision.objects.get().decided_by.username
            == request.getfixturevalue(role).username
        )


def test_an_outsider_cannot_tell_the_meeting_from_a_missing_partnership(
    client, partnership, agenda, outsider
):
    client.force_login(outsider)
    hidden = client.get(meeting_url(partnership))
    missing = client.get(reverse("delivery:meeting", args=[partnership.pk + 999]))
    assert hidden.status_code == missing.status_code == 404
    assert without_csrf(hidden.text) == without_csrf(missing.text)


def test_the_meeting_lists_what_each_lead_asks_and_ticks_what_the_list_ticked(
    client, partnership, agenda, coordinator
):
    client.force_login(coordinator)
    html = client.get(meeting_url(partnership) + f"?action={agenda['audit'].pk}&action=x").text
    assert "Outcome: Audit done" in html
    assert "Close it as superseded. Reason: The county panel does this now" in html
    assert "Awaiting sign-off" in html and "Closure proposed" in html
    assert f'value="{agenda["audit"].pk}" checked' in html
    assert f'value="{agenda["training"].pk}" checked' not in html
    assert "Write the protocol" not in html  # not awaiting a decision


def test_the_list_filtered_to_awaiting_offers_ticks_to_those_who_decide(
    client, partnership, agenda, coordinator, viewer
):
    url = reverse("dashboards:actions", args=[partnership.pk]) + "?awaiting=on"
    client.force_login(coordinator)
    html = client.get(url).text
    assert f'action="{meeting_url(partnership)}"' in html
    assert f'name="action" type="checkbox" value="{agenda["audit"].pk}"' in html
    assert "Decide the ticked actions" in html
    client.force_login(viewer)
    html = client.get(url).text
    assert meeting_url(partnership) not in html
    assert 'name="action" type="checkbox"' not in html


def test_the_meeting_page_runs_the_same_queries_for_two_or_twenty_actions(
    client, partnership, police, coordinator
):
    review = ReviewFactory(partnership=partnership)
    counts = []
    for total in (2, 20):
        while Action.objects.count() < total:
            awaiting(review, police, f"Action {Action.objects.count()}")
        client.force_login(coordinator)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(meeting_url(partnership)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_the_decisions_are_made_today_whatever_the_meeting_date(
    client, partnership, agenda, coordinator
):
    client.force_login(coordinator)
    post(client, partnership, [agenda["audit"]], **ACCEPT)
    decision = SignOffDecision.objects.get()
    assert timezone.localdate(decision.decided_at) == timezone.localdate()
    assert decision.meeting_date == MEETING


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_meetings_deciding_the_same_actions_at_once_save_one_and_refuse_the_other(
    partnership, agenda, coordinator, board_member
):
    """Each locks its rows in id order, so neither waits for the other for ever: one decides
    both actions, the other is told they changed and saves nothing."""
    import threading

    from django.db import connection
    from django.test import Client

    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL; `make test` runs this on it")
    shown = [
        Action.objects.get(pk=agenda["audit"].pk),
        Action.objects.get(pk=agenda["training"].pk),
    ]
    start = threading.Barrier(2)
    responses = {}

    def decide(user, ticked, decision):
        client = Client()
        client.force_login(user)
        start.wait()
        try:
            responses[user.username] = post(client, partnership, ticked, **decision)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=decide, args=(coordinator, shown, ACCEPT)),
        threading.Thread(
            target=decide,
            args=(board_member, list(reversed(shown)), {"decision": "return", "comment": "No"}),
        ),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(r.status_code for r in responses.values()) == [200, 302]
    refused = next(r for r in responses.values() if r.status_code == 200)
    assert "Nothing was saved" in refused.text
    assert SignOffDecision.objects.count() == 2
    assert len({d.decided_by_id for d in SignOffDecision.objects.all()}) == 1


# A bounded meeting (issue 13): at most MEETING_SIZE actions at a time -----------------------


def many_awaiting(partnership, police, number, title="DHR Adult M"):
    review = ReviewFactory(partnership=partnership, title=title)
    return [awaiting(review, police, f"Action {n} of {title}") for n in range(number)]


def rows(html) -> int:
    return html.count('name="actions" type="checkbox"')


def test_sixty_awaiting_show_fifty_and_say_that_the_next_ten_follow(
    client, partnership, police, coordinator
):
    many_awaiting(partnership, police, 60)
    client.force_login(coordinator)
    html = client.get(meeting_url(partnership)).text
    assert selectors.MEETING_SIZE == 50
    assert rows(html) == 50
    assert (
        "Showing 50 of 60 awaiting a decision: decide these, then the next 10 appear; "
        "or narrow by" in html
    )
    list_url = reverse("dashboards:actions", args=[partnership.pk]) + "?awaiting=on"
    assert f'href="{list_url}#id_review">review</a>' in html


def test_all_awaiting_listed_say_nothing_of_more(client, partnership, police, coordinator):
    many_awaiting(partnership, police, 50)
    client.force_login(coordinator)
    html = client.get(meeting_url(partnership)).text
    assert rows(html) == 50
    assert "Showing" not in html


def test_the_meeting_page_runs_the_same_queries_and_rows_for_two_or_sixty_awaiting(
    client, partnership, police, coordinator
):
    review = ReviewFactory(partnership=partnership)
    client.force_login(coordinator)
    seen = []
    for total in (2, 60):
        while Action.objects.count() < total:
            awaiting(review, police, f"Action {Action.objects.count()}")
        for query in ("", f"?review={review.pk}&agency={police.pk}"):
            with CaptureQueriesContext(connection) as queries:
                html = client.get(meeting_url(partnership) + query).text
            seen.append((query, len(queries), min(total, 50) == rows(html)))
    assert seen[0][1] == seen[2][1] and seen[1][1] == seen[3][1], seen
    assert all(shown for _, _, shown in seen), seen


def test_an_action_ticked_in_the_list_is_shown_even_past_the_first_fifty(
    client, partnership, police, coordinator
):
    actions = many_awaiting(partnership, police, 60)
    client.force_login(coordinator)
    html = client.get(meeting_url(partnership) + f"?action={actions[-1].pk}").text
    assert rows(html) == 50
    assert f'value="{actions[-1].pk}" checked' in html
    assert f'value="{actions[-2].pk}"' not in html  # the fiftieth in plan order gave way


def test_the_list_filters_narrow_the_meeting_to_a_review(client, partnership, police, coordinator):
    kept = many_awaiting(partnership, police, 3, title="DHR Adult K")
    other = many_awaiting(partnership, police, 55, title="DHR Adult L")
    client.force_login(coordinator)
    listing = client.get(
        reverse("dashboards:actions", args=[partnership.pk])
        + f"?awaiting=on&review={kept[0].recommendation.review_id}"
    ).text
    assert f'<input type="hidden" name="review" value="{kept[0].recommendation.review_id}">' in (
        listing
    )
    html = client.get(
        meeting_url(partnership) + f"?review={kept[0].recommendation.review_id}&action={kept[1].pk}"
    ).text
    assert rows(html) == 3
    assert "Review: DHR Adult K" in html and "Showing" not in html
    assert f'value="{kept[1].pk}" checked' in html
    assert f'value="{other[0].pk}"' not in html


def test_a_filter_the_meeting_does_not_know_is_said_and_left_out(
    client, partnership, agenda, coordinator
):
    client.force_login(coordinator)
    response = client.get(meeting_url(partnership) + "?review=nonsense")
    assert response.status_code == 200
    assert "Choose a review from the list: that filter in the page's address was left out" in (
        response.text
    )
    assert rows(response.text) == 3


def test_deciding_fifty_of_sixty_brings_up_the_last_ten(client, partnership, police, coordinator):
    actions = many_awaiting(partnership, police, 60)
    client.force_login(coordinator)
    html = client.get(meeting_url(partnership)).text
    shown = [a for a in actions if f'value="{a.pk}"' in html]
    response = post(client, partnership, shown, **ACCEPT)
    assert response.status_code == 302
    assert response.url == meeting_url(partnership)
    html = client.get(response.url).text
    assert "50 actions signed off or closed at the meeting of 4 March 2026." in html
    assert rows(html) == 10 and "Showing" not in html
    assert Action.objects.filter(status=S.SIGNED_OFF).count() == 50


def test_a_refused_meeting_past_fifty_keeps_its_ticks_and_names_the_changed_action(
    client, partnership, police, coordinator
):
    actions = many_awaiting(partnership, police, 60)
    late, changed = actions[-1], actions[-2]
    client.force_login(coordinator)
    stale = changed.version
    Action.objects.filter(pk=changed.pk).update(version=stale + 1)
    changed.version = stale  # the version the page showed
    response = post(client, partnership, [late, changed], **ACCEPT)
    assert response.status_code == 200
    html = response.text
    assert f'value="{late.pk}" checked' in html and f'value="{changed.pk}" checked' in html
    assert f'id="problem-{changed.pk}"' in html
    assert rows(html) == 50
    assert not Action.objects.filter(status=S.SIGNED_OFF).exists()
