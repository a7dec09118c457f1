"""A plan's SMART findings are worked out when it changes and stored, not on every view
(``plans/smart.py``): the plan page shows the stored ones while the plan is unchanged, the
services that change it check it again once they commit, and what the page shows is what a
fresh check shows."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from followthrough.partnerships.models import Agency
from followthrough.plans import smart
from followthrough.plans.conversion import plan_from_review
from followthrough.plans.models import Action, PlanFindings
from followthrough.plans.selectors import review_plan
from followthrough.plans.services import action_update
from followthrough.smart import check_plan
from tests.plans.test_pages import _plan_with
from tests.test_permissions import without_csrf

pytestmark = pytest.mark.django_db


@pytest.fixture
def checks(monkeypatch) -> list[int]:
    """Every run of the checker over a stored plan, by the number of its recommendations."""
    runs: list[int] = []

    def counted(plan, **kwargs):
        runs.append(len(plan.recommendations))
        return check_plan(plan, **kwargs)

    monkeypatch.setattr(smart, "check_plan", counted)
    return runs


def plan_page(client, user, review) -> str:
    client.force_login(user)
    response = client.get(reverse("plans:review_detail", args=[review.pk]))
    assert response.status_code == 200
    return without_csrf(response.text)


def test_the_plan_page_does_not_check_a_plan_that_has_not_changed(
    client, coordinator, seed_review, checks
):
    first = plan_page(client, coordinator, seed_review)  # checked once, and stored
    assert len(checks) <= 1
    assert PlanFindings.objects.filter(review=seed_review).exists()
    checks.clear()
    assert plan_page(client, coordinator, seed_review) == first
    assert plan_page(client, coordinator, seed_review) == first
    assert checks == []


def test_the_page_shows_the_findings_a_fresh_check_shows(client, coordinator, seed_review):
    stored = plan_page(client, coordinator, seed_review)
    PlanFindings.objects.all().delete()
    fresh = plan_page(client, coordinator, seed_review)
    assert stored == fresh
    assert 'id="smart-summary"' in fresh  # the findings are on the page at all
    review = type(seed_review).objects.select_related("partnership").get(pk=seed_review.pk)
    recommendations = review_plan(review)
    expected = check_plan(
        plan_from_review(review, recommendations),
        plan_date=smart.plan_date(review),
        partners=smart.partners_of(review.partnership),
    )
    assert expected.all_findings()
    assert smart.plan_report(review, recommendations) == expected


# These commit for real (the test database is emptied after each), as a service's changes do.
committed = pytest.mark.django_db(transaction=True)


@committed
def test_a_change_through_a_service_checks_the_plan_again_once_it_commits(
    client, coordinator, seed_review, checks
):
    plan_page(client, coordinator, seed_review)
    action = Action.objects.filter(recommendation__review=seed_review).first()
    vague = "Consider raising awareness"
    checks.clear()
    with transaction.atomic():
        action_update(
            action=action,
            actor=coordinator,
            expected_version=action.version,
            text=vague,
            target_date=action.target,
        )
        assert checks == []  # not before the commit
    assert len(checks) == 1
    checks.clear()
    changed = plan_page(client, coordinator, seed_review)
    assert checks == []  # the service stored them
    assert vague in changed
    PlanFindings.objects.all().delete()
    assert plan_page(client, coordinator, seed_review) == changed


@committed
def test_several_changes_in_one_transaction_check_the_plan_once(coordinator, seed_review, checks):
    actions = list(Action.objects.filter(recommendation__review=seed_review)[:3])
    checks.clear()
    with transaction.atomic():
        for n, action in enumerate(actions):
            action_update(
                action=action,
                actor=coordinator,
                expected_version=action.version,
                text=f"{action.text} ({n})",
                target_date=action.target,
            )
        assert len(connection.run_on_commit) == 1  # one check waiting, for the three changes
    assert len(checks) == 1


@committed
def test_a_change_rolled_back_checks_nothing(coordinator, seed_review, checks):
    action = Action.objects.filter(recommendation__review=seed_review).first()
    checks.clear()
    with pytest.raises(RuntimeError), transaction.atomic():
        action_update(
            action=action,
            actor=coordinator,
            expected_version=action.version,
            text="Changed, then undone",
            target_date=action.target,
        )
        raise RuntimeError("undo")
    assert checks == []
    assert PlanFindings.objects.filter(review=seed_review).exists()  # from its import


def test_a_change_no_service_told_of_is_seen_by_the_page_which_checks_again(
    client, coordinator, seed_review, checks
):
    """An agency renamed changes who counts as a partner: the stored fingerprint no longer
    matches the plan the page loads, so the page checks it, once, and stores that."""
    plan_page(client, coordinator, seed_review)
    agency = Agency.objects.filter(action_leads__action__recommendation__review=seed_review)[0]
    Agency.objects.filter(pk=agency.pk).update(name=f"{agency.name} (renamed)")
    checks.clear()
    plan_page(client, coordinator, seed_review)
    assert len(checks) == 1
    plan_page(client, coordinator, seed_review)
    assert len(checks) == 1


def test_the_300_action_plan_page_runs_the_same_queries_as_a_30_action_one_checking_nothing(
    client, checks
):
    from followthrough.partnerships.services import partnership_get_or_create
    from followthrough.plans.services import plan_import
    from tests.factories import MembershipFactory, UserFactory

    counts = []
    for n in (15, 150):  # two actions to a recommendation
        review = plan_import(
            plan=_plan_with(n),
            partnership=partnership_get_or_create(name="Query CSP", actor=None),
            source=f"plan {n}".encode(),
            filename=f"{n}.txt",
            actor=None,
        ).review
        user = UserFactory(username=f"reader{n}")
        MembershipFactory(user=user, partnership=review.partnership, role="viewer")
        plan_page(client, user, review)  # the import's check ran at its commit, or this one
        checks.clear()
        with CaptureQueriesContext(connection) as queries:
            html = plan_page(client, user, review)
        assert html.count('app-plan-table__recommendation"') == min(n, 25)  # a page of 50
        assert checks == []
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
