from __future__ import annotations

import pytest

from followthrough.oversight.services import national_access_grant
from tests.factories import UserFactory


@pytest.fixture
def national(db):
    user = UserFactory(username="national-reader")
    national_access_grant(user=user, body="Domestic Abuse Commissioner's Office", actor=None)
    return user


@pytest.fixture
def national_client(client, national):
    client.force_login(national)
    return client
