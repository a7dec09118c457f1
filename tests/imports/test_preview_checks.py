"""The preview's "Check these first" (the items the reader was least sure of) and its offer of
a date for a target written relative to the document ("within six months of this report")."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from followthrough.audit.models import AuditEvent
from followthrough.imports.models import PendingImport
from followthrough.interchange import (
    Action,
    ActionPlan,
    Lead,
    PartialDate,
    Recommendation,
    ReviewInfo,
    plan_from_dict,
    plan_to_dict,
)
from tests.factories import MembershipFactory, PartnershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def partnership():
    return PartnershipFactory(name="Fellside CSP")


@pytest.fixture
def coordinator(client, partnership):
    user = UserFactory(username="coordinator")
    MembershipFactory(user=user, partnership=partnership, role="coordinator")
    client.force_login(user)
    return user


def _action(text, *, confidence=None, warnings=(), target_text=None, target=None) -> Action:
    return Action(
        text=text,
        leads=[Lead("Jo Marwick", "Domestic Abuse Lead", "Fellside Council")],
        confidence=confidence,
        warnings=list(warnings),
        target_date=target,
        target_date_text=target_text,
    )


def _plan(recommendations, published_on=None) -> ActionPlan:
    return ActionPlan(
        review=ReviewInfo(title="Domestic Homicide Review: Alex", published_on=published_on),
        recommendations=recommendations,
    )


def _pending(partnership, user, plan) -> PendingImport:
    return PendingImport.objects.create(
        partnership=partnership,
        uploaded_by=user,
        filename="alex-plan.pdf",
        sha256="c" * 64,
        size=10,
        content=b"0123456789",
        state=PendingImport.State.READY,
        plan=plan_to_dict(plan, warnings=True),
    )


def _preview(client, pending):
    return client.get(reverse("imports:preview", args=[pending.pk]))


def _unsure_plan() -> ActionPlan:
    return _plan(
        [
            Recommendation(
                text="Share risk information.",
                number="1",
                confidence=0.9,
                actions=[
                    _action("Write the agreement", confidence=0.95),
                    _action(
                        "Train staff",
                        confidence=0.6,
                        warnings=["lead: 'Jo Marwick Fellside' has no brackets", "second"],
                    ),
                ],
            ),
            Recommendation(
                text="Review the hoarding policy.",
                number="3",
                confidence=0.4,
                warnings=["recommendation: text joined across a page break"],
                actions=[_action("Review it", confidence=0.7)],
            ),
        ]
    )


def test_the_items_the_reader_was_least_sure_of_are_listed_first_least_sure_first(
    client, coordinator, partnership
):
    pending = _pending(partnership, coordinator, _unsure_plan())
    page = _preview(client, pending).text
    assert "Check these 3 first" in page
    box = page[page.index('id="check-first"') : page.index('id="template-download"')]
    first = box.index('href="#recommendation-2"')  # 0.4
    second = box.index('href="#recommendation-1-action-2"')  # 0.6
    third = box.index('href="#recommendation-2-action-1"')  # 0.7
    assert first < second < third
    assert "Recommendation 3</a>: Recommendation: text joined across a page break" in box
    assert "Recommendation 3, action 1</a>: Read with low confidence" in box
    assert "Recommendation 1, action 2</a>: Lead: &#x27;Jo Marwick Fellside&#x27; has no" in box
    assert "second" not in box
    assert "Write the agreement" not in box
    # Each link goes to its item on the page.
    assert 'id="recommendation-2-action-1"' in page
    assert 'id="recommendation-1-action-2"' in page


def test_nothing_is_listed_when_the_reader_was_sure_of_everything(client, coordinator, partnership):
    plan = _plan(
        [
            Recommendation(
                text="Share risk information.",
                confidence=0.75,
                actions=[_action("Write the agreement", confidence=0.99), _action("Train")],
            )
        ]
    )
    page = _preview(client, _pending(partnership, coordinator, plan)).text
    assert "check-first" not in page
    assert "first</h2>" not in page


def test_the_preview_takes_as_many_queries_for_many_unsure_items_as_for_a_few(
    client, coordinator, partnership
):
    def queries(count):
        plan = _plan(
            [
                Recommendation(
                    text=f"Recommendation {n}",
                    confidence=0.3,
                    actions=[_action(f"Action {n}", confidence=0.5, target_text="within 28 days")],
                )
                for n in range(count)
            ],
            published_on=PartialDate(2024, 11, 30),
        )
        pending = _pending(partnership, coordinator, plan)
        with CaptureQueriesContext(connection) as captured:
            assert _preview(client, pending).status_code == 200
        pending.delete()
        return len(captured)

    assert queries(2) == queries(12)


PUBLISHED = PartialDate(2024, 11, 30)


def _relative_plan(published_on=PUBLISHED, text="Within six months of this report"):
    return _plan(
        [
            Recommendation(
                text="Share risk information.",
                actions=[
                    _action("Write the agreement", target=PartialDate(2025, 3)),
                    _action("Train staff", target_text=text),
                ],
            )
        ],
        published_on=published_on,
    )


def test_a_relative_target_date_is_offered_counted_from_the_documents_date(
    client, coordinator, partnership
):
    pending = _pending(partnership, coordinator, _relative_plan())
    page = _preview(client, pending).text
    assert (
        "Within six months of this report: <strong>30 May 2025</strong>, counted from "
        "30 November 2024 (its publication date)." in page
    )
    assert page.count("Use this date") == 1
    assert reverse("imports:correct_action", args=[pending.pk, 1, 2]) in page


def test_a_date_given_only_to_the_month_is_counted_from_its_last_day_and_says_so(
    client, coordinator, partnership
):
    pending = _pending(partnership, coordinator, _relative_plan(PartialDate(2024, 11)))
    page = _preview(client, pending).text
    assert "<strong>30 May 2025</strong>, counted from 30 November 2024, the last day of " in page
    assert "given without the day" in page


@pytest.mark.parametrize(
    ("published_on", "text"),
    [
        (None, "Within six months of this report"),
        (PartialDate(2024, 11, 30), "March 2025 or sooner"),
        (PartialDate(2024, 11, 30), "Within six months of the new policy"),
    ],
)
def test_no_date_is_offered_without_a_document_date_or_a_relative_target(
    client, coordinator, partnership, published_on, text
):
    page = _preview(client, _pending(partnership, coordinator, _relative_plan(published_on, text)))
    assert "Use this date" not in page.text


def test_use_this_date_sets_the_target_date_and_keeps_the_plans_words(
    client, coordinator, partnership
):
    pending = _pending(partnership, coordinator, _relative_plan())
    response = client.post(
        reverse("imports:correct_action", args=[pending.pk, 1, 2]),
        {"version": pending.version, "use_offered_date": "yes"},
    )
    assert response["Location"] == (
        reverse("imports:preview", args=[pending.pk]) + "#recommendation-1-action-2"
    )
    pending.refresh_from_db()
    assert pending.version == 2
    action = plan_from_dict(pending.plan).recommendations[0].actions[1]
    assert action.target_date == PartialDate(2025, 5, 30)
    assert action.target_date_text == "Within six months of this report"
    event = AuditEvent.objects.get(event_type="import.corrected")
    assert event.summary == "Preview corrected: action 1.2: target date"
    page = client.get(response["Location"]).text
    assert "target date set to 30 May 2025" in page
    assert "Use this date" not in page


def test_use_this_date_on_a_page_out_of_date_changes_nothing(client, coordinator, partnership):
    pending = _pending(partnership, coordinator, _relative_plan())
    PendingImport.objects.filter(pk=pending.pk).update(version=3)
    response = client.post(
        reverse("imports:correct_action", args=[pending.pk, 1, 2]),
        {"version": 1, "use_offered_date": "yes"},
        follow=True,
    )
    assert "Someone else changed this import" in response.text
    pending.refresh_from_db()
    assert pending.version == 3
    assert plan_from_dict(pending.plan).recommendations[0].actions[1].target_date is None


def test_use_this_date_for_an_action_with_no_relative_date_changes_nothing(
    client, coordinator, partnership
):
    pending = _pending(partnership, coordinator, _relative_plan())
    response = client.post(
        reverse("imports:correct_action", args=[pending.pk, 1, 1]),
        {"version": pending.version, "use_offered_date": "yes"},
        follow=True,
    )
    assert "That date is no longer offered" in response.text
    pending.refresh_from_db()
    assert pending.version == 1


def test_an_outsider_cannot_use_the_offered_date(client, partnership):
    owner = UserFactory(username="owner")
    MembershipFactory(user=owner, partnership=partnership, role="coordinator")
    pending = _pending(partnership, owner, _relative_plan())
    outsider = UserFactory(username="outsider")
    MembershipFactory(
        user=outsider, partnership=PartnershipFactory(name="Eden Valley CSP"), role="coordinator"
    )
    client.force_login(outsider)
    response = client.post(
        reverse("imports:correct_action", args=[pending.pk, 1, 2]),
        {"version": pending.version, "use_offered_date": "yes"},
    )
    assert response.status_code == 404
    pending.refresh_from_db()
    assert pending.version == 1
