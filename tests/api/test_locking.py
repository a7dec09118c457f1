"""Optimistic locking over HTTP: the action's version is its ETag; a write without If-Match
gets 428, a write with a stale one 412 with the action as it is now; nothing is saved."""

from __future__ import annotations

from followthrough.delivery.services import progress_update_add
from tests.api.conftest import API, bearer, token_for


def _post(client, action, auth, **headers):
    return client.post(
        f"{API}/actions/{action.pk}/progress-updates",
        {"narrative": "Trainer booked", "status": "on_track"},
        **headers,
        **auth,
    )


def test_a_write_without_if_match_is_refused_with_428(client, action, police_lead):
    auth = bearer(token_for(police_lead))
    for headers in ({}, {"HTTP_IF_MATCH": "*"}):
        refused = _post(client, action, auth, **headers)
        assert refused.status_code == 428
        assert refused.json()["type"] == "urn:followthrough:problem:version-required"
    assert not action.progress_updates.exists()


def test_a_stale_write_gets_412_with_the_current_state(client, action, police_lead, coordinator):
    auth = bearer(token_for(police_lead))
    seen = client.get(f"{API}/actions/{action.pk}", **auth).headers["ETag"]
    progress_update_add(  # the coordinator records progress meanwhile
        action=action,
        actor=coordinator,
        expected_version=action.version,
        narrative="Meanwhile",
        status="at_risk",
    )
    stale = _post(client, action, auth, HTTP_IF_MATCH=seen)
    assert stale.status_code == 412
    body = stale.json()
    assert body["current"]["status"] == "at_risk"
    assert body["current"]["version"] == action.version + 1
    assert stale.headers["ETag"] == f'"{action.version + 1}"'
    assert action.progress_updates.count() == 1  # only the coordinator's

    weak = _post(client, action, auth, HTTP_IF_MATCH=f'W/"{action.version + 1}"')
    assert weak.status_code == 412  # If-Match compares strongly
    fresh = _post(client, action, auth, HTTP_IF_MATCH=stale.headers["ETag"])
    assert fresh.status_code == 201


def test_a_refused_status_move_is_a_conflict(client, action, police_lead):
    auth = bearer(token_for(police_lead))
    action.status = "signed_off"
    action.save()
    refused = _post(client, action, auth, HTTP_IF_MATCH=f'"{action.version}"')
    assert refused.status_code == 409
    assert not action.progress_updates.exists()


def test_bad_input_is_a_422_naming_each_field(client, action, police_lead, milestone):
    auth = bearer(token_for(police_lead))
    refused = client.post(
        f"{API}/actions/{action.pk}/progress-updates",
        {"narrative": "x" * 5001, "status": "on_track", "milestones_done": [milestone.pk + 99]},
        HTTP_IF_MATCH=f'"{action.version}"',
        **auth,
    )
    assert refused.status_code == 422
    assert refused.headers["Content-Type"] == "application/problem+json"
    fields = {e["field"] for e in refused.json()["errors"]}
    assert fields == {"narrative", "milestones_done"}
    wrong_type = client.post(
        f"{API}/actions/{action.pk}/progress-updates",
        {"narrative": "x", "status": "signed_off"},
        HTTP_IF_MATCH=f'"{action.version}"',
        **auth,
    )
    assert wrong_type.status_code == 422
    assert wrong_type.json()["errors"][0]["field"] == "status"


def test_a_refused_evidence_file_saves_nothing(client, action, police_lead):
    from django.core.files.uploadedfile import SimpleUploadedFile

    auth = bearer(token_for(police_lead))
    refused = client.post(
        f"{API}/actions/{action.pk}/progress-updates",
        {
            "narrative": "See attached",
            "status": "on_track",
            "evidence": [SimpleUploadedFile("run.exe", b"MZ\x90\x00 not evidence")],
        },
        HTTP_IF_MATCH=f'"{action.version}"',
        **auth,
    )
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "evidence"
    assert not action.progress_updates.exists()
