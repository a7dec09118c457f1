"""An action's history, and the plan as it stood on a chosen date."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from followthrough.delivery import services
from followthrough.plans.models import Action, ActionLead, Milestone, Recommendation

pytestmark = pytest.mark.django_db


def test_the_history_page_shows_who_changed_what_and_when(client, seed_review, coordinator):
    action = seed_review.recommendations.get(order=4).actions.get()
    action.status = "on_track"
    action.save()
    services.progress_update_add(
        action=action,
        actor=coordinator,
        expected_version=action.version,
        narrative="Protocol audit under way",
        status="at_risk",
    )
    client.force_login(coordinator)
    page = client.get(reverse("plans:action_history", args=[action.pk]))
    assert page.status_code == 200
    assert "Progress recorded: At risk" in page.text
    assert "On track &rarr; At risk" in page.text
    assert coordinator.get_full_name() in page.text


def test_an_outsider_cannot_see_an_actions_history(client, seed_review, outsider):
    action = seed_review.recommendations.first().actions.first()
    client.force_login(outsider)
    assert client.get(reverse("plans:action_history", args=[action.pk])).status_code == 404


def test_the_plan_as_it_stood_leaves_out_what_came_later(client, seed_review, coordinator):
    from followthrough.plans.services import recommendation_create

    yesterday = timezone.localdate() - dt.timedelta(days=1)
    # Put the imported plan's history a week back, then add a recommendation today.
    for model in [Recommendation, Action, ActionLead, Milestone]:
        model.history.update(history_date=timezone.now() - dt.timedelta(days=7))
    recommendation_create(review=seed_review, actor=coordinator, text="Added today", scope="local")
    client.force_login(coordinator)
    url = reverse("plans:review_as_of", args=[seed_review.pk])
    then = client.get(url, {"date": yesterday.strftime("%d/%m/%Y")})
    now = client.get(url, {"date": timezone.localdate().strftime("%d/%m/%Y")})
    assert then.text.count('class="govuk-summary-card"') == 6
    assert "Added today" not in then.text
    assert "Louise Kelly (CCC)" in then.text
    assert now.text.count('class="govuk-summary-card"') == 7


def test_a_future_or_unreadable_date_is_explained(client, seed_review, coordinator):
    client.force_login(coordinator)
    url = reverse("plans:review_as_of", args=[seed_review.pk])
    future = (timezone.localdate() + dt.timedelta(days=3)).strftime("%d/%m/%Y")
    assert "Date must be today or in the past" in client.get(url, {"date": future}).text
    assert "Date must be a real date" in client.get(url, {"date": "31/2/2026"}).text


def test_the_plan_as_it_stood_shows_the_measure_of_success_it_had_then(
    client, seed_review, coordinator
):
    from followthrough.plans.services import action_update

    action = Action.objects.filter(recommendation__review=seed_review).first()
    action_update(
        action=action,
        actor=coordinator,
        expected_version=action.version,
        text=action.text,
        target_date=action.target,
        measure="Audit shows 90% asked",
    )
    client.force_login(coordinator)
    url = reverse("plans:review_as_of", args=[seed_review.pk])
    page = client.get(url, {"date": timezone.localdate().strftime("%d/%m/%Y")})
    assert "<strong>Measure of success:</strong> Audit shows 90% asked" in page.text
