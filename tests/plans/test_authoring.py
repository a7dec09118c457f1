"""Writing a plan by hand in the browser, driven through the URLs."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from followthrough.audit.models import AuditEvent
from followthrough.interchange import PartialDate
from followthrough.plans.history import action_versions
from followthrough.plans.models import Action, Milestone, Recommendation, Review
from tests.factories import (
    ActionFactory,
    AgencyFactory,
    MembershipFactory,
    PartnershipFactory,
    RecommendationFactory,
    ReviewFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def partnership():
    partnership = PartnershipFactory(name="Northmoor CSP")
    AgencyFactory(name="Northmoor Police").partnerships.add(partnership)
    return partnership


def member(partnership, role, username=None, agency=None):
    user = UserFactory(username=username or f"{role}-user")
    MembershipFactory(user=user, partnership=partnership, role=role, agency=agency)
    return user


@pytest.fixture
def author(client, partnership):
    user = member(partnership, "coordinator")
    client.force_login(user)
    return user


@pytest.fixture
def draft(partnership):
    return ReviewFactory(partnership=partnership, title="DARDR into the death of Adult K")


def test_a_coordinator_creates_a_review_and_lands_on_the_write_page(client, author, partnership):
    response = client.post(
        reverse("plans:review_create"),
        {
            "partnership": partnership.pk,
            "review_type": "DARDR",
            "title": "DARDR into the death of Adult K",
            "subject_pseudonym": "Adult K",
            "notified_on": "3/2/2025",
        },
    )
    review = Review.objects.get()
    assert response["Location"] == reverse("plans:review_write", args=[review.pk])
    assert (review.review_type, review.plan_status) == ("DARDR", "draft")
    assert review.notified_on == dt.date(2025, 2, 3)
    assert AuditEvent.objects.filter(event_type="review.created", actor=author).count() == 1


def test_creating_a_review_without_a_title_shows_the_error_summary(client, author, partnership):
    response = client.post(
        reverse("plans:review_create"),
        {
            "partnership": partnership.pk,
            "review_type": "DHR",
            "title": "",
            "notified_on": "31/2/2025",
        },
    )
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert '<a href="#id_title">Enter the title</a>' in response.text
    assert "Notified on must be a real date" in response.text
    assert not Review.objects.exists()


def test_a_review_can_only_be_created_in_a_partnership_you_author_for(client, author):
    elsewhere = PartnershipFactory(name="Elsewhere CSP")
    response = client.post(
        reverse("plans:review_create"),
        {
            "partnership": elsewhere.pk,
            "review_type": "DHR",
            "title": "A review",
        },
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert not Review.objects.exists()


def test_adding_a_recommendation_then_an_action_then_a_lead(client, author, draft, partnership):
    response = client.post(
        reverse("plans:recommendation_create", args=[draft.pk]),
        {
            "text": "Northmoor Police will publish a revised DA risk policy.",
            "scope": "local",
            "theme_heading": "Policies",
            "number": "1",
        },
    )
    rec = Recommendation.objects.get(review=draft)
    assert response["Location"] == reverse("plans:action_create", args=[rec.pk])
    response = client.post(
        reverse("plans:action_create", args=[rec.pk]),
        {
            "text": "Publish the revised policy on the intranet",
            "target_date": "July 2025",
        },
    )
    action = Action.objects.get(recommendation=rec)
    assert response["Location"] == reverse("plans:lead_add", args=[action.pk])
    assert action.target == PartialDate(2025, 7)
    assert action.target_date == dt.date(2025, 7, 31)
    agency = partnership.agencies.get()
    client.post(
        reverse("plans:lead_add", args=[action.pk]),
        {
            "agency": agency.pk,
            "person_name": "Kit Marsh",
            "role": "DA Lead",
        },
    )
    lead = action.leads.get()
    assert (lead.agency, lead.person_name, lead.role) == (agency, "Kit Marsh", "DA Lead")


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("31/07/2025", PartialDate(2025, 7, 31)),
        ("31 July 2025", PartialDate(2025, 7, 31)),
        ("July 2025", PartialDate(2025, 7)),
        ("2026", PartialDate(2026)),
        ("", None),
    ],
)
def test_milestone_dates_are_typed_as_people_write_them(client, author, draft, typed, expected):
    action = ActionFactory(recommendation=RecommendationFactory(review=draft))
    client.post(
        reverse("plans:milestone_create", args=[action.pk]),
        {
            "text": "Policy signed off",
            "target_date": typed,
        },
    )
    assert Milestone.objects.get(action=action).target == expected


def test_a_date_that_cannot_be_read_is_explained_and_nothing_is_saved(client, author, draft):
    action = ActionFactory(recommendation=RecommendationFactory(review=draft))
    response = client.post(
        reverse("plans:milestone_create", args=[action.pk]),
        {
            "text": "Policy signed off",
            "target_date": "when possible",
        },
    )
    assert response.status_code == 200
    assert "Enter a date the plan can track, like July 2025" in response.text
    assert 'value="when possible"' in response.text
    assert not Milestone.objects.exists()


def test_a_lead_must_be_an_agency_of_the_partnership(client, author, draft):
    action = ActionFactory(recommendation=RecommendationFactory(review=draft))
    stranger = AgencyFactory(name="Far Away Trust")
    response = client.post(reverse("plans:lead_add", args=[action.pk]), {"agency": stranger.pk})
    assert response.status_code == 200
    assert not action.leads.exists()


def test_moving_a_recommendation_down_swaps_it_with_the_next(client, author, draft):
    first = RecommendationFactory(review=draft, order=1, text="First")
    second = RecommendationFactory(review=draft, order=2, text="Second")
    client.post(reverse("plans:recommendation_move", args=[first.pk]), {"direction": "down"})
    assert list(draft.recommendations.order_by("order").values_list("text", flat=True)) == [
        "Second",
        "First",
    ]
    second.refresh_from_db()
    assert second.order == 1


def test_moving_needs_a_post(client, author, draft):
    rec = RecommendationFactory(review=draft)
    assert client.get(reverse("plans:recommendation_move", args=[rec.pk])).status_code == 405


def test_deleting_a_recommendation_asks_first_then_renumbers_the_rest(client, author, draft):
    first = RecommendationFactory(review=draft, order=1)
    RecommendationFactory(review=draft, order=2, text="Stays")
    confirm = client.get(reverse("plans:recommendation_delete", args=[first.pk]))
    assert "Delete this recommendation?" in confirm.text
    assert Recommendation.objects.filter(pk=first.pk).exists()
    client.post(reverse("plans:recommendation_delete", args=[first.pk]))
    assert list(draft.recommendations.values_list("text", "order")) == [("Stays", 1)]
    assert AuditEvent.objects.filter(event_type="recommendation.deleted").count() == 1


def test_agreeing_a_plan_needs_an_action(client, author, draft):
    client.post(reverse("plans:plan_agree", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.plan_status == "draft"
    ActionFactory(recommendation=RecommendationFactory(review=draft))
    client.post(reverse("plans:plan_agree", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.plan_status == "agreed" and draft.agreed_at is not None


def test_once_agreed_a_target_date_cannot_be_changed_by_editing(client, author, draft):
    action = ActionFactory(
        recommendation=RecommendationFactory(review=draft),
        target_date=dt.date(2025, 7, 31),
        target_date_precision="month",
    )
    original_text = action.text
    draft.plan_status = "agreed"
    draft.save()
    response = client.get(reverse("plans:action_edit", args=[action.pk]))
    assert "changes only through a revised date" in response.text
    client.post(
        reverse("plans:action_edit", args=[action.pk]),
        {
            "version": action.version,
            "text": "Changed wording",
            "target_date": "December 2026",
        },
    )
    action.refresh_from_db()
    assert action.text == "Changed wording"
    assert action.target == PartialDate(2025, 7)
    event = AuditEvent.objects.get(event_type="action.updated")
    assert "after the plan was agreed" in event.summary
    assert (event.before, event.after) == ({"text": original_text}, {"text": "Changed wording"})


def test_the_action_update_service_refuses_a_new_date_on_an_agreed_plan(draft):
    from followthrough.plans.services import PlanRuleError, action_update

    action = ActionFactory(recommendation=RecommendationFactory(review=draft))
    draft.plan_status = "agreed"
    draft.save()
    with pytest.raises(PlanRuleError, match="revised date"):
        action_update(
            action=action,
            actor=None,
            expected_version=action.version,
            text=action.text,
            target_date=PartialDate(2031, 1),
        )


MEASURE = "Audit of 20 cases shows DASH completed in 95%"


def test_a_coordinator_writes_the_measure_of_success_with_the_action(client, author, draft):
    rec = RecommendationFactory(review=draft)
    form = client.get(reverse("plans:action_create", args=[rec.pk]))
    assert "Measure of success (optional)" in form.text
    assert "How you will know this action worked, for example" in form.text
    client.post(
        reverse("plans:action_create", args=[rec.pk]),
        {"text": "Refresh DASH training for response officers", "measure": MEASURE},
    )
    action = Action.objects.get(recommendation=rec)
    assert action.measure == MEASURE
    event = AuditEvent.objects.get(event_type="action.created")
    assert event.after["measure"] == MEASURE


def test_the_write_page_shows_each_actions_measure_of_success(client, author, draft):
    ActionFactory(recommendation=RecommendationFactory(review=draft), measure=MEASURE)
    page = client.get(reverse("plans:review_write", args=[draft.pk]))
    assert f"<strong>Measure of success:</strong> {MEASURE}" in page.text


def test_an_action_may_be_written_without_a_measure_of_success(client, author, draft):
    rec = RecommendationFactory(review=draft)
    client.post(reverse("plans:action_create", args=[rec.pk]), {"text": "Publish the policy"})
    assert Action.objects.get(recommendation=rec).measure == ""


def test_changing_the_measure_of_success_is_recorded_even_once_agreed(client, author, draft):
    action = ActionFactory(
        recommendation=RecommendationFactory(review=draft), measure="Training delivered"
    )
    draft.plan_status = "agreed"
    draft.save()
    form = client.get(reverse("plans:action_edit", args=[action.pk]))
    assert ">Training delivered</textarea>" in form.text
    client.post(
        reverse("plans:action_edit", args=[action.pk]),
        {"version": action.version, "text": action.text, "measure": MEASURE},
    )
    action.refresh_from_db()
    assert action.measure == MEASURE
    event = AuditEvent.objects.get(event_type="action.updated")
    assert (event.before, event.after) == (
        {"measure": "Training delivered"},
        {"measure": MEASURE},
    )
    change = next(v for v in action_versions(action) if v.kind == "changed").changes
    assert [(c.field, c.old, c.new) for c in change] == [
        ("measure of success", "Training delivered", MEASURE)
    ]


def test_clearing_the_measure_of_success_in_the_form_clears_it(client, author, draft):
    action = ActionFactory(recommendation=RecommendationFactory(review=draft), measure=MEASURE)
    client.post(
        reverse("plans:action_edit", args=[action.pk]),
        {"version": action.version, "text": action.text},
    )
    action.refresh_from_db()
    assert action.measure == ""


def test_the_action_update_service_leaves_the_measure_alone_unless_given(draft):
    from followthrough.plans.services import action_update

    action = ActionFactory(recommendation=RecommendationFactory(review=draft), measure=MEASURE)
    action_update(
        action=action,
        actor=None,
        expected_version=action.version,
        text="New wording",
        target_date=action.target,
    )
    action.refresh_from_db()
    assert (action.text, action.measure) == ("New wording", MEASURE)


def test_the_measurable_findings_sit_beside_the_measure_of_success(client, author, draft):
    action = ActionFactory(
        recommendation=RecommendationFactory(review=draft),
        text="Update the DASH policy.",
        target_date=dt.date(2026, 3, 31),
    )
    form = client.get(reverse("plans:action_edit", args=[action.pk]))
    assert 'id="id_measure-findings"' in form.text
    assert "no measure of success" in form.text
    client.post(
        reverse("plans:action_edit", args=[action.pk]),
        {
            "version": action.version,
            "text": action.text,
            "measure": MEASURE,
            "target_date": "31/03/2026",
        },
    )
    form = client.get(reverse("plans:action_edit", args=[action.pk]))
    assert "no measure of success" not in form.text


AUTHOR_URLS = [
    ("plans:review_edit", "review"),
    ("plans:review_write", "review"),
    ("plans:plan_agree", "review"),
    ("plans:recommendation_create", "review"),
    ("plans:recommendation_edit", "rec"),
    ("plans:recommendation_delete", "rec"),
    ("plans:action_create", "rec"),
    ("plans:action_edit", "action"),
    ("plans:action_delete", "action"),
    ("plans:lead_add", "action"),
    ("plans:milestone_create", "action"),
]


@pytest.mark.parametrize(
    "role, allowed",
    [
        ("coordinator", True),
        ("panel_chair", True),
        ("agency_lead", False),
        ("board_member", False),
        ("viewer", False),
        ("outsider", False),
    ],
)
def test_only_coordinators_and_panel_chairs_reach_the_authoring_pages(
    client, partnership, draft, role, allowed
):
    rec = RecommendationFactory(review=draft)
    objects = {"review": draft, "rec": rec, "action": ActionFactory(recommendation=rec)}
    if role == "outsider":
        user = member(PartnershipFactory(name="Other CSP"), "coordinator", "outsider")
    else:
        agency = partnership.agencies.first() if role == "agency_lead" else None
        user = member(partnership, role, agency=agency)
    client.force_login(user)
    for name, kind in AUTHOR_URLS:
        status = client.get(reverse(name, args=[objects[kind].pk])).status_code
        assert status == (200 if allowed else 404), (name, status)
    # An outsider coordinates another partnership, so may create reviews there (not here: the
    # form offers only their own partnership, tested above).
    may_create = allowed or role == "outsider"
    assert client.get(reverse("plans:review_create")).status_code == (200 if may_create else 404)


def test_the_write_page_runs_the_same_queries_for_one_or_thirty_recommendations(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from followthrough.partnerships.services import partnership_get_or_create
    from followthrough.plans.services import plan_import
    from tests.plans.test_pages import _plan_with

    counts = []
    for n in (1, 30):
        partnership = partnership_get_or_create(name=f"Write {n} CSP", actor=None)
        review = plan_import(
            plan=_plan_with(n),
            partnership=partnership,
            source=f"{n}".encode(),
            filename="p.txt",
            actor=None,
            link_agencies=True,  # the same invented agencies in both partnerships
        ).review
        client.force_login(member(partnership, "coordinator", f"writer{n}"))
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("plans:review_write", args=[review.pk]))
        assert response.text.count('class="govuk-summary-card"') == n
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
