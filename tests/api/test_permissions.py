"""Every API operation, for every persona of the permission world (tests/worlds.py), each with
a write token of their own: who may reach it, and who gets 404 (never a hint that a record
exists), as tests/test_permissions.py does for the pages. An operation added to the API without
a row here fails the last test."""

from __future__ import annotations

import pytest

from followthrough.api.v1 import api
from tests.api.conftest import bearer, token_for
from tests.permission_rows import MEMBERS, PERSONAS, SIGNED_IN, UPDATERS
from tests.worlds import every_persona_world

EVERYONE = SIGNED_IN
# operation -> (the kind of record its {pk} comes from, who gets 200 (201 for writes: here
# 428, as they send no If-Match); the rest of the signed-in get 404, anonymous 401.
ROWS = {
    "GET /partnerships": (None, EVERYONE),
    "GET /partnerships/{pk}": ("partnership", MEMBERS),
    "GET /reviews": (None, EVERYONE),
    "GET /reviews/{pk}": ("review", MEMBERS),
    "GET /reviews/{pk}/plan": ("review", MEMBERS),
    "GET /reviews/{pk}/recommendations": ("review", MEMBERS),
    "GET /recommendations/{pk}": ("rec", MEMBERS),
    "GET /actions": (None, EVERYONE),
    "GET /actions/{pk}": ("action", MEMBERS),
    "GET /actions/{pk}/progress-updates": ("action", MEMBERS),
    "POST /actions/{pk}/progress-updates": ("action", UPDATERS),
    "POST /actions/{pk}/completion": ("action", UPDATERS),
    "POST /actions/{pk}/date-revisions": ("action_fresh", UPDATERS),
    "GET /evidence/{pk}": ("evidence", MEMBERS),
    "GET /evidence/{pk}/file": ("evidence", MEMBERS),
}
BODIES = {
    "/progress-updates": ({"narrative": "Trainer booked", "status": "on_track"}, {}),
    "/completion": ({"outcome": "Done", "completed_on": "2026-01-15"}, {}),
    "/date-revisions": (
        {"proposed": "2031", "reason": "Late"},
        {"content_type": "application/json"},
    ),
}


@pytest.fixture
def world(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    users, objects = every_persona_world()
    tokens = {name: token_for(user) for name, user in users.items() if user is not None}
    return tokens, objects


def _operations():
    schema = api.get_openapi_schema(path_prefix="")
    for path, operations in schema["paths"].items():
        for method in operations:
            yield f"{method.upper()} {path}"


@pytest.mark.parametrize("operation", sorted(ROWS))
def test_each_persona_reaches_only_what_they_may(client, world, operation):
    tokens, objects = world
    method, path = operation.split(" ")
    kind, allowed = ROWS[operation]
    url = "/api/v1" + path.replace("{pk}", str(objects[kind][0]) if kind else "")
    results, expected = {}, {}
    for persona in PERSONAS:
        auth = bearer(tokens[persona]) if persona in tokens else {}
        if method == "GET":
            response = client.get(url, **auth)
        else:
            body, kwargs = next(v for k, v in BODIES.items() if path.endswith(k))
            response = client.post(url, body, **kwargs, **auth)
        results[persona] = response.status_code
        ok = 200 if method == "GET" else 428
        expected[persona] = 401 if persona == "anonymous" else ok if persona in allowed else 404
    assert results == expected


def test_every_operation_of_the_api_is_in_the_matrix():
    assert set(_operations()) == set(ROWS)
