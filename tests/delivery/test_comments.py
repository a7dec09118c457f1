"""A comment thread on each action, between its leads and the partnership (issue 12, what to
build 6): shown on the action page in order, length-limited, audited; who may comment is who
may update the action or decide on it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from followthrough.audit import events
from followthrough.audit.models import AuditEvent
from followthrough.delivery import services
from followthrough.delivery.models import ActionComment
from tests.delivery.conftest import persona

pytestmark = pytest.mark.django_db


def comment_url(action) -> str:
    return reverse("delivery:comment_add", args=[action.pk])


def action_page(client, action) -> str:
    return client.get(reverse("actions:detail", args=[action.pk])).text


def test_the_lead_and_the_coordinator_hold_a_thread_shown_oldest_first(
    client, action, police_lead, coordinator
):
    client.force_login(police_lead)
    response = client.post(comment_url(action), {"text": "Is the attendance list enough?"})
    assert response.status_code == 302
    assert response["Location"] == reverse("actions:detail", args=[action.pk]) + "#comments"
    client.force_login(coordinator)
    client.post(comment_url(action), {"text": "Yes, with the\ncourse outline."})
    html = action_page(client, action)
    thread = html.split('id="comment-thread"', 1)[1].split("</ol>", 1)[0]
    assert thread.index("Is the attendance list enough?") < thread.index("course outline")
    assert "Yes, with the<br>course outline." in thread
    assert [c.author for c in ActionComment.objects.filter(action=action)] == [
        police_lead,
        coordinator,
    ]


def test_each_comment_is_audited_with_its_author(action, police_lead):
    comment = services.action_comment_add(action=action, actor=police_lead, text="A question")
    event = AuditEvent.objects.get(event_type=events.ACTION_COMMENTED)
    assert event.actor == police_lead
    assert event.target_id == action.pk
    assert event.partnership == action.recommendation.review.partnership
    assert event.after == {"comment_id": comment.pk, "comment": "A question"}


def test_a_comment_longer_than_the_limit_is_refused_beside_the_field_and_nothing_is_saved(
    client, action, police_lead
):
    client.force_login(police_lead)
    response = client.post(comment_url(action), {"text": "x" * 2001})
    assert response.status_code == 200
    assert "Comment must be 2,000 characters or fewer" in response.text
    assert 'class="govuk-error-summary"' in response.text
    assert "x" * 2001 in response.text  # what was typed is kept
    assert not ActionComment.objects.exists()
    assert not AuditEvent.objects.filter(event_type=events.ACTION_COMMENTED).exists()


def test_an_empty_comment_is_refused(client, action, police_lead):
    client.force_login(police_lead)
    response = client.post(comment_url(action), {"text": "   "})
    assert "Write your comment" in response.text
    assert not ActionComment.objects.exists()


@pytest.mark.parametrize(
    "role, may",
    [
        ("coordinator", True),
        ("police_lead", True),
        ("board_member", True),
        ("health_lead", False),
        ("viewer", False),
        ("outsider", False),
    ],
)
def test_who_may_update_or_decide_may_comment_and_no_one_else(client, request, action, role, may):
    user = request.getfixturevalue(role)
    client.force_login(user)
    response = client.post(comment_url(action), {"text": f"From the {role}"})
    assert response.status_code == (302 if may else 404)
    assert ActionComment.objects.filter(text=f"From the {role}").exists() is may
    shows_form = f'action="{comment_url(action)}"' in action_page(client, action)
    assert shows_form is (may and role != "outsider")


def test_a_lead_of_the_same_agency_in_another_partnership_may_not_comment(client, action, police):
    from tests.factories import PartnershipFactory

    elsewhere = PartnershipFactory(name="Fellside CSP")
    police.partnerships.add(elsewhere)
    client.force_login(persona("fellside-police", elsewhere, "agency_lead", police))
    assert client.post(comment_url(action), {"text": "Hello"}).status_code == 404
    assert not ActionComment.objects.exists()


def test_the_service_refuses_someone_without_the_permission(action, viewer):
    with pytest.raises(services.DeliveryRuleError, match="permission"):
        services.action_comment_add(action=action, actor=viewer, text="Hello")
    assert not ActionComment.objects.exists()


def test_members_who_may_not_comment_still_read_the_thread(client, action, police_lead, viewer):
    services.action_comment_add(action=action, actor=police_lead, text="Done by June")
    client.force_login(viewer)
    html = action_page(client, action)
    assert "Done by June" in html
    assert "Add a comment" not in html


def test_the_action_page_reads_the_thread_in_a_fixed_number_of_queries(
    client, action, police_lead, coordinator, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(coordinator)
    counts = []
    for total in (1, 15):
        while ActionComment.objects.count() < total:
            author = police_lead if ActionComment.objects.count() % 2 else coordinator
            services.action_comment_add(action=action, actor=author, text="Note")
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("actions:detail", args=[action.pk])).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
