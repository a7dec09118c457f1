"""The demo's national bodies: the Home Office's user, and recommendations addressed to
national bodies in each state (answered, overdue, acknowledged); loading it again adds
nothing."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from followthrough.bodies.models import Addressing
from followthrough.cli import main

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_demo_has_the_home_office_and_an_answer_in_each_state(capsys, client):
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "homeoffice" in out and "addressed to the Home Office" in out
    assert main(["demo"]) == 0
    today = timezone.localdate()
    states = {
        (a.body.short_name, a.recommendation.review.partnership.name): a.state(today)
        for a in Addressing.objects.select_related("body", "recommendation__review__partnership")
    }
    assert states == {
        ("HO", "South Lakeland CSP"): "accepted_in_part",
        ("HO", "Eden Valley CSP"): "overdue",
        ("DHSC", "Westshire Safeguarding Adults Board"): "acknowledged",
    }
    homeoffice = get_user_model().objects.get(username="homeoffice")
    client.force_login(homeoffice)
    page = client.get(reverse("bodies:register")).content.decode()
    assert "South Lakeland CSP" in page and "Eden Valley CSP" in page
    assert "Westshire" not in page
    coordinator = get_user_model().objects.get(username="coordinator")
    client.force_login(coordinator)
    answered = Addressing.objects.get(
        recommendation__review__partnership__name="South Lakeland CSP"
    )
    plan = client.get(reverse("plans:review_detail", args=[answered.recommendation.review_id]))
    assert "Addressed to the Home Office on" in plan.content.decode()
    assert ": <strong>accepted in part</strong> on" in plan.content.decode()
