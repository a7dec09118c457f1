"""The board meeting in the browser (issue 12): the dashboard's "awaiting sign-off" leads to the
list of actions, two are ticked and signed off at one meeting, one of them after a refusal
that keeps what was typed; a lead and the coordinator comment on an action. Every page passes
axe-core, breaks no Content-Security-Policy, and the plan page and the list fit a phone
(observation 13: no sideways scrolling at 375 px, the header band as wide as the page)."""

from __future__ import annotations

import datetime as dt

import pytest

from followthrough.delivery import services
from followthrough.plans.models import Action
from tests.browser.conftest import accessible, sign_in
from tests.browser.test_sign_in import policy_breaches  # noqa: F401 (a fixture)

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}


def fits(page, width: int):
    """Nothing wider than the screen: no sideways scrolling, and the header band spans it."""
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    band = page.locator(".govuk-template__header")
    assert band.bounding_box()["width"] == page.evaluate("document.documentElement.scrollWidth")


@pytest.fixture
def awaiting(transactional_db, seed_review, coordinator, agency_lead):
    """Three actions of the seed plan, led by CADAS: two marked completed by their lead, one
    proposed for closing."""
    from followthrough.partnerships.models import Agency
    from tests.factories import ActionLeadFactory

    cadas = Agency.objects.get(name="CADAS")
    actions = list(Action.objects.filter(recommendation__review=seed_review).order_by("pk")[:3])
    for action in actions:
        if not action.leads.filter(agency=cadas).exists():
            ActionLeadFactory(action=action, agency=cadas, order=9)
    for action in actions[:2]:
        Action.objects.filter(pk=action.pk).update(status="on_track", completed_on=None)
        action.refresh_from_db()
        services.action_mark_completed(
            action=action,
            actor=agency_lead,
            expected_version=action.version,
            outcome="Done and evidenced",
            completed_on=dt.date(2026, 1, 5),
        )
    third = actions[2]
    Action.objects.filter(pk=third.pk).update(status="on_track", completed_on=None)
    third.refresh_from_db()
    services.action_closure_propose(
        action=third,
        actor=agency_lead,
        expected_version=third.version,
        status="superseded",
        reason="The county does this now",
    )
    return [Action.objects.get(pk=a.pk) for a in actions]


def test_a_coordinator_signs_off_two_actions_at_one_meeting(
    live_server,
    page,
    awaiting,
    policy_breaches,  # noqa: F811
):
    sign_in(page, live_server, "coordinator")
    page.get_by_role("link", name="Dashboard").click()
    page.get_by_role("heading", level=2, name="At a glance").wait_for()
    accessible(page)
    page.get_by_role("link", name="View awaiting sign-off").click()
    page.get_by_role("heading", level=1, name="Actions").wait_for()
    assert page.get_by_text("Filtered by: Awaiting the partnership's decision.").is_visible()
    accessible(page)

    first, second, _closure = awaiting
    page.locator(f"#decide-{first.pk}").check()
    page.locator(f"#decide-{second.pk}").check()
    page.get_by_role("button", name="Decide the ticked actions").click()
    page.get_by_role("heading", level=1, name="Decide actions at a meeting").wait_for()
    assert page.locator(f"#decide-{first.pk}").is_checked()
    assert not page.locator(f"#decide-{_closure.pk}").is_checked()
    accessible(page)

    # Someone changes the second action meanwhile: nothing is saved, the page says which.
    fresh = Action.objects.get(pk=second.pk)
    Action.objects.filter(pk=fresh.pk).update(version=fresh.version + 1)
    page.get_by_label("Sign them off or accept their closure").check()
    page.get_by_label("Meeting date").fill("4/3/2026")
    page.get_by_label("Minutes reference").fill("Item 7.2")
    page.get_by_role("button", name="Save the decisions").click()
    page.get_by_text("There is a problem").wait_for()
    assert page.get_by_text("Nothing was saved").is_visible()
    assert page.get_by_label("Minutes reference").input_value() == "Item 7.2"
    assert page.locator(f"#decide-{first.pk}").is_checked()
    assert Action.objects.filter(status="signed_off").count() == 0
    accessible(page)

    # Having looked at it again, the meeting's decision stands: save again.
    page.get_by_role("button", name="Save the decisions").click()
    page.get_by_text("2 actions signed off or closed at the meeting of 4 March 2026.").wait_for()
    assert set(Action.objects.filter(status="signed_off").values_list("pk", flat=True)) == {
        first.pk,
        second.pk,
    }
    accessible(page)
    assert policy_breaches == []


def test_a_lead_and_the_coordinator_comment_on_an_action(
    live_server,
    browser,
    page,
    awaiting,
    policy_breaches,  # noqa: F811
):
    action = awaiting[0]
    sign_in(page, live_server, "cadas-lead")
    page.goto(f"{live_server.url}/reviews/actions/{action.pk}/")
    page.get_by_label("Add a comment").fill("The attendance lists are attached.")
    page.get_by_role("button", name="Add the comment").click()
    page.get_by_text("Comment added.").wait_for()
    assert page.locator("#comment-thread").get_by_text("The attendance lists").is_visible()
    accessible(page)
    # An empty comment is refused beside the field, on a page of its own.
    page.get_by_role("button", name="Add the comment").click()
    page.get_by_text("There is a problem").wait_for()
    accessible(page)
    assert policy_breaches == []


def test_the_plan_page_fits_a_phone(
    transactional_db, live_server, browser, seed_review, coordinator
):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    try:
        sign_in(page, live_server, "coordinator")
        page.goto(f"{live_server.url}/reviews/{seed_review.pk}/")
        page.get_by_role("heading", level=1, name=seed_review.title).wait_for()
        fits(page, PHONE["width"])
        # Each cell says which column it is, as the table's headers would.
        assert page.locator(".app-plan-table td[data-label='Action to take']").count() > 0
        accessible(page)
    finally:
        context.close()


def test_the_list_of_actions_and_the_meeting_fit_a_phone(live_server, browser, awaiting):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    try:
        sign_in(page, live_server, "coordinator")
        partnership = awaiting[0].recommendation.review.partnership
        page.goto(f"{live_server.url}/dashboards/partnerships/{partnership.pk}/actions/")
        page.get_by_role("heading", level=1, name="Actions").wait_for()
        fits(page, PHONE["width"])
        accessible(page)
        page.goto(f"{live_server.url}/delivery/partnerships/{partnership.pk}/meeting/")
        page.get_by_role("heading", level=1, name="Decide actions at a meeting").wait_for()
        fits(page, PHONE["width"])
        accessible(page)
    finally:
        context.close()


@pytest.fixture
def crowded(awaiting):
    """Fifty more actions awaiting the decision, in a second review of the partnership."""
    from tests.factories import ActionFactory, RecommendationFactory, ReviewFactory

    review = ReviewFactory(
        partnership=awaiting[0].recommendation.review.partnership, title="DHR Adult Z"
    )
    for n in range(50):
        ActionFactory(
            recommendation=RecommendationFactory(review=review),
            text=f"Crowded action {n}",
            status="completed",
            outcome="Done",
        )
    return awaiting


def test_a_meeting_with_more_than_fifty_waiting_narrows_to_a_review_from_the_list(
    live_server,
    page,
    crowded,
    policy_breaches,  # noqa: F811
):
    partnership = crowded[0].recommendation.review.partnership
    sign_in(page, live_server, "coordinator")
    page.goto(f"{live_server.url}/delivery/partnerships/{partnership.pk}/meeting/")
    page.get_by_role("heading", level=1, name="Decide actions at a meeting").wait_for()
    waiting = Action.objects.filter(
        recommendation__review__partnership=partnership,
        status__in=["completed", "closure_proposed"],
    )
    total, in_seed = waiting.count(), waiting.exclude(text__startswith="Crowded").count()
    assert total > 50
    size = page.locator("#agenda-size").inner_text()
    assert size.startswith(
        f"Showing 50 of {total} awaiting a decision: decide these, then the next {total - 50} "
    ), size
    assert page.locator('input[name="actions"]').count() == 50
    accessible(page)

    page.get_by_role("link", name="review", exact=True).click()
    page.get_by_role("heading", level=1, name="Actions").wait_for()
    page.get_by_label("Review").select_option(label=crowded[0].recommendation.review.title)
    page.get_by_role("button", name="Apply filters").click()
    page.locator(f"#decide-{crowded[0].pk}").check()
    page.get_by_role("button", name="Decide the ticked actions").click()
    page.get_by_role("heading", level=1, name="Decide actions at a meeting").wait_for()
    assert page.get_by_text("Narrowed to the actions of the list's filters").is_visible()
    assert page.locator('input[name="actions"]').count() == in_seed
    assert page.locator(f"#decide-{crowded[0].pk}").is_checked()
    assert page.locator("#agenda-size").count() == 0
    accessible(page)
    assert policy_breaches == []
