"""The API driven end to end through real URLs, browser-free: an agency lead lists their
actions, records progress with evidence (If-Match), and finds it in the action's history; an
outsider finds nothing of another partnership; tokens are refused as they should be."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from followthrough.api.models import ApiToken
from followthrough.api.services import api_token_revoke
from followthrough.audit import events
from followthrough.audit.models import AuditEvent
from tests.api.conftest import API, PDF, bearer, token_for

JSON = "application/json"


def test_it_lets_an_agency_lead_update_an_action_and_see_it_in_its_history(
    client, action, milestone, police_lead
):
    auth = bearer(token_for(police_lead))

    mine = client.get(f"{API}/actions", {"mine": "true"}, **auth)
    assert mine.status_code == 200
    assert [a["id"] for a in mine.json()["items"]] == [action.pk]
    listed = mine.json()["items"][0]
    assert listed["target"] == {
        "date": "2030-07-31",
        "precision": "month",
        "as_written": "July 2030",
    }
    assert listed["leads"][0]["agency"] == "Northmoor Police"
    assert listed["milestones"][0]["id"] == milestone.pk

    detail = client.get(f"{API}/actions/{action.pk}", **auth)
    etag = detail.headers["ETag"]
    assert etag == f'"{action.version}"'

    posted = client.post(
        f"{API}/actions/{action.pk}/progress-updates",
        {
            "narrative": "Half the officers trained",
            "status": "at_risk",
            "milestones_done": [milestone.pk],
            "evidence": [SimpleUploadedFile("register.pdf", PDF, "application/pdf")],
        },
        HTTP_IF_MATCH=etag,
        **auth,
    )
    assert posted.status_code == 201, posted.json()
    assert posted.headers["ETag"] == f'"{action.version + 1}"'
    assert posted.json()["evidence"][0]["name"] == "register.pdf"

    history = client.get(f"{API}/actions/{action.pk}/progress-updates", **auth).json()
    assert history["count"] == 1
    update = history["items"][0]
    assert (update["narrative"], update["status"]) == ("Half the officers trained", "at_risk")
    evidence_id = update["evidence"][0]["id"]
    file = client.get(f"{API}/evidence/{evidence_id}/file", **auth)
    assert file.status_code == 200 and b"".join(file.streaming_content) == PDF

    after = client.get(f"{API}/actions/{action.pk}", **auth).json()
    assert after["status"] == "at_risk"
    assert after["milestones"][0]["done_on"] == dt.date.today().isoformat()
    # Through the same service as the page: audited as the token's user.
    event = AuditEvent.objects.get(event_type=events.PROGRESS_UPDATED)
    assert event.actor == police_lead


def test_it_marks_an_action_complete_and_proposes_a_new_date(client, action, police_lead):
    auth = bearer(token_for(police_lead))
    revised = client.post(
        f"{API}/actions/{action.pk}/date-revisions",
        {"proposed": "December 2030", "reason": "The trainer left"},
        content_type="application/json",
        HTTP_IF_MATCH=f'"{action.version}"',
        **auth,
    )
    assert revised.status_code == 201, revised.json()
    assert revised.json()["proposed"]["as_written"] == "December 2030"
    assert revised.json()["state"] == "pending"

    done = client.post(
        f"{API}/actions/{action.pk}/completion",
        {"outcome": "Every officer trained", "completed_on": "2026-01-15"},
        HTTP_IF_MATCH=f'"{action.version}"',
        **auth,
    )
    assert done.status_code == 201, done.json()
    assert done.json()["marks_completed"] is True
    action.refresh_from_db()
    assert (action.status, action.completed_on) == ("completed", dt.date(2026, 1, 15))


def test_an_outsider_finds_nothing_of_another_partnership(client, action, police_lead, elsewhere):
    auth = bearer(token_for(elsewhere["coordinator"]))
    review = action.recommendation.review
    evidence = elsewhere["evidence"]
    # Their own records answer, so the 404s below are about whose they are.
    assert client.get(f"{API}/actions/{elsewhere['action'].pk}", **auth).status_code == 200
    assert client.get(f"{API}/evidence/{evidence.pk}", **auth).status_code == 200

    northmoor = [
        f"/partnerships/{review.partnership_id}",
        f"/reviews/{review.pk}",
        f"/reviews/{review.pk}/plan",
        f"/reviews/{review.pk}/recommendations",
        f"/recommendations/{action.recommendation_id}",
        f"/actions/{action.pk}",
        f"/actions/{action.pk}/progress-updates",
    ]
    for path in northmoor:
        response = client.get(API + path, **auth)
        assert response.status_code == 404, path
        assert response.headers["Content-Type"] == "application/problem+json"
    for path, body, kind in [
        ("/progress-updates", {"narrative": "x", "status": "on_track"}, {}),
        ("/completion", {"outcome": "x", "completed_on": "2026-01-15"}, {}),
        ("/date-revisions", {"proposed": "2031", "reason": "x"}, {"content_type": JSON}),
    ]:
        posted = client.post(
            f"{API}/actions/{action.pk}{path}", body, HTTP_IF_MATCH='"1"', **kind, **auth
        )
        assert posted.status_code == 404, path
    assert not action.progress_updates.exists()

    # And Eden's evidence, from Northmoor's side.
    lead_auth = bearer(token_for(police_lead))
    assert client.get(f"{API}/evidence/{evidence.pk}", **lead_auth).status_code == 404
    assert client.get(f"{API}/evidence/{evidence.pk}/file", **lead_auth).status_code == 404
    listed = client.get(f"{API}/actions", **auth).json()["items"]
    assert [a["id"] for a in listed] == [elsewhere["action"].pk]
    reviews = client.get(f"{API}/reviews", **auth).json()["items"]
    assert [r["id"] for r in reviews] == [elsewhere["review"].pk]


def test_it_refuses_writes_with_a_read_only_token(client, action, police_lead):
    auth = bearer(token_for(police_lead, scope="read"))
    assert client.get(f"{API}/actions/{action.pk}", **auth).status_code == 200
    posted = client.post(
        f"{API}/actions/{action.pk}/progress-updates",
        {"narrative": "x", "status": "on_track"},
        HTTP_IF_MATCH=f'"{action.version}"',
        **auth,
    )
    assert posted.status_code == 403
    assert posted.json()["type"] == "urn:followthrough:problem:forbidden"
    assert not action.progress_updates.exists()


def test_it_refuses_expired_revoked_unknown_and_missing_tokens(client, action, police_lead):
    url = f"{API}/actions/{action.pk}"
    secret = token_for(police_lead)
    token = ApiToken.objects.get(user=police_lead)
    assert client.get(url, **bearer(secret)).status_code == 200

    ApiToken.objects.filter(pk=token.pk).update(expires_on=dt.date.today() - dt.timedelta(days=1))
    expired = client.get(url, **bearer(secret))
    assert expired.status_code == 401
    assert expired.headers["WWW-Authenticate"].startswith("Bearer")
    assert expired.headers["Content-Type"] == "application/problem+json"

    ApiToken.objects.filter(pk=token.pk).update(expires_on=dt.date.today())
    assert client.get(url, **bearer(secret)).status_code == 200  # until the end of the day
    api_token_revoke(token=token, actor=police_lead)
    assert client.get(url, **bearer(secret)).status_code == 401
    assert client.get(url, **bearer("ft_not-a-token")).status_code == 401
    assert client.get(url).status_code == 401


def test_a_token_stops_with_its_user_and_follows_their_roles(client, action, police_lead):
    secret = token_for(police_lead)
    url = f"{API}/actions/{action.pk}"
    police_lead.memberships.all().delete()
    assert client.get(url, **bearer(secret)).status_code == 404  # no longer theirs to see
    police_lead.is_active = False
    police_lead.save()
    assert client.get(url, **bearer(secret)).status_code == 401


def test_a_session_does_not_open_the_api(client, action, coordinator):
    client.force_login(coordinator)
    assert client.get(f"{API}/actions/{action.pk}").status_code == 401
