"""Reads about who belongs where."""

from __future__ import annotations

import pytest
from django.http import Http404
from django.test import RequestFactory

from followthrough.partnerships.selectors import get_partnership_for_user
from tests.factories import MembershipFactory, PartnershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_member_gets_their_partnership_and_an_outsider_gets_404():
    northmoor = PartnershipFactory(name="Northmoor CSP")
    member, outsider = UserFactory(username="member"), UserFactory(username="outsider")
    MembershipFactory(user=member, partnership=northmoor, role="viewer")
    MembershipFactory(user=outsider, partnership=PartnershipFactory(name="Eden"), role="viewer")
    request = RequestFactory().get("/")
    request.user = member
    assert get_partnership_for_user(request, northmoor.pk) == northmoor
    request.user = outsider
    with pytest.raises(Http404):
        get_partnership_for_user(request, northmoor.pk)
    with pytest.raises(Http404):
        get_partnership_for_user(request, northmoor.pk + 1000)
