from __future__ import annotations

import pytest

from tests.factories import (
    MembershipFactory,
    PartnershipFactory,
    ReviewFactory,
    UserFactory,
)


@pytest.fixture
def partnership(db):
    return PartnershipFactory(name="Northmoor CSP")


def person(partnership, username, role):
    user = UserFactory(username=username)
    MembershipFactory(user=user, partnership=partnership, role=role)
    return user


@pytest.fixture
def coordinator(partnership):
    return person(partnership, "coordinator", "coordinator")


@pytest.fixture
def chair(partnership):
    return person(partnership, "chair", "panel_chair")


@pytest.fixture
def review(partnership):
    return ReviewFactory(
        partnership=partnership, review_type="DHR", title="DHR into the death of Adult A"
    )
