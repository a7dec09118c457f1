"""Two coordinators removing each other at the same moment leave the partnership with one:
each removal locks the partnership's row first (people/services.py)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.urls import reverse

from followthrough.partnerships.models import Membership
from tests.people.conftest import persona, signed_in

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def needs_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL; `make test` runs this on it")


def test_two_coordinators_removing_each_other_at_once_leave_one(northmoor):
    first = persona("first", northmoor, "coordinator")
    second = persona("second", northmoor, "coordinator")
    memberships = {user.pk: Membership.objects.get(user=user) for user in (first, second)}
    start = threading.Barrier(2)

    def remove(actor, other):
        client = signed_in(actor)
        start.wait()
        try:
            membership = memberships[other.pk]
            client.post(reverse("people:membership_remove", args=[northmoor.pk, membership.pk]))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=remove, args=pair) for pair in ((first, second), (second, first))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert Membership.objects.filter(partnership=northmoor, role="coordinator").count() == 1
