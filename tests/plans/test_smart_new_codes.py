"""The checks added for issue 18 reach every page that shows findings: the action's authoring
form, the plan page and the import preview (the checker itself: tests/smart)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from followthrough.imports.models import PendingImport
from tests.conftest import SEED_TEXT
from tests.factories import (
    ActionFactory,
    MembershipFactory,
    MilestoneFactory,
    PartnershipFactory,
    RecommendationFactory,
    ReviewFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def partnership():
    return PartnershipFactory(name="Kestrel Bay CSP")


@pytest.fixture
def coordinator(client, partnership):
    user = UserFactory(username="coordinator")
    MembershipFactory(user=user, partnership=partnership, role="coordinator")
    client.force_login(user)
    return user


def test_the_authoring_form_shows_a_measure_of_feelings(client, coordinator, partnership):
    review = ReviewFactory(partnership=partnership)
    action = ActionFactory(
        recommendation=RecommendationFactory(review=review),
        text="Run coercive control workshops for ward staff.",
        measure="Ward staff feel more confident asking about abuse",
        target_date=dt.date(2026, 3, 31),
    )
    form = client.get(reverse("plans:action_edit", args=[action.pk]))
    assert form.status_code == 200
    assert "rests on how people feel" in form.text


def test_the_plan_page_shows_a_milestone_due_after_its_action(client, coordinator, partnership):
    review = ReviewFactory(partnership=partnership)
    action = ActionFactory(
        recommendation=RecommendationFactory(review=review),
        text="Add a stalking question to the call script; audit 30 calls.",
        target_date=dt.date(2026, 3, 31),
    )
    MilestoneFactory(action=action, text="Audit of 30 calls", target_date=dt.date(2026, 9, 30))
    page = client.get(reverse("plans:review_detail", args=[review.pk]))
    assert page.status_code == 200
    assert "after the action&#x27;s target date" in page.text


def test_the_import_preview_shows_a_completed_action_closed_on_a_word(
    client, coordinator, partnership, monkeypatch
):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django_tasks_db.management.commands import db_worker

    from tests.imports.conftest import work_the_queue

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)  # as tests/imports do

    client.post(
        reverse("imports:upload"),
        {
            "partnership": partnership.pk,
            "document": SimpleUploadedFile("p.txt", SEED_TEXT.read_bytes()),
        },
    )
    work_the_queue()
    pending = PendingImport.objects.get()
    plan = pending.plan
    action = plan["recommendations"][0]["actions"][0]
    action.update(status="completed", completed_on="2016-05", outcome="Done")
    pending.plan = plan
    pending.save(update_fields=["plan"])
    preview = client.get(reverse("imports:preview", args=[pending.pk]))
    assert preview.status_code == 200
    assert "It is recorded as completed, but its outcome (&#x27;Done&#x27;)" in preview.text
