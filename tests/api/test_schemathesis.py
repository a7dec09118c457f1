"""schemathesis against the OpenAPI document the app serves: for every operation, a bounded,
derandomized set of generated requests, sent in-process through Django's WSGI application
with an agency lead's write token. None may get a server error, and every response must be one
the document describes (status, media type, headers and body)."""

from __future__ import annotations

import datetime as dt

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.conftest import token_for
from tests.factories import MilestoneFactory

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


# The document as the app serves it (read once, when the tests are collected).
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture
def lead_token(db, settings, action, police_lead):
    settings.FOLLOWTHROUGH_API_PER_MINUTE = 10**6  # the limit has its own test
    MilestoneFactory(action=action, text="Course written", target_date=dt.date(2030, 3, 31))
    # As Django's test client does: the WSGI handler would otherwise close the test's
    # database connection (inside its transaction) at the end of each request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield token_for(police_lead)
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=25,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_answers_every_generated_request_as_its_document_says(case, lead_token):
    case.call_and_validate(headers={"Authorization": f"Bearer {lead_token}"}, checks=CHECKS)
