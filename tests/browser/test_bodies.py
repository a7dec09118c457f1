"""National bodies in the browser: a coordinator addresses a recommendation to the Home Office
from the plan's write page; the Home Office's user finds it in the register, acknowledges it
and responds (a response without its reasons is refused first); the answer shows on the plan.
Every page passes axe-core."""

from __future__ import annotations

import pytest

from followthrough.bodies.models import NationalBody
from followthrough.bodies.services import body_membership_grant
from tests.browser.conftest import accessible, sign_in
from tests.factories import (
    MembershipFactory,
    PartnershipFactory,
    RecommendationFactory,
    ReviewFactory,
    UserFactory,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def bodies_world(transactional_db):
    home = PartnershipFactory(name="Northmoor CSP")
    review = ReviewFactory(partnership=home, reference="DHR-2025-04", title="DHR: Adult A")
    rec = RecommendationFactory(
        review=review,
        number="7",
        scope="national",
        text="The Home Office should update the statutory guidance on reviews.",
    )
    coordinator = UserFactory(username="home-coordinator")
    MembershipFactory(user=coordinator, partnership=home, role="coordinator")
    homeoffice = UserFactory(username="homeoffice")
    body_membership_grant(
        user=homeoffice, body=NationalBody.objects.get(name="Home Office"), actor=None
    )
    return review, rec


def test_addressing_answering_and_the_answer_on_the_plan_pass_axe(
    live_server, browser, page, bodies_world
):
    review, rec = bodies_world
    sign_in(page, live_server, "home-coordinator")
    page.goto(f"{live_server.url}/reviews/{review.pk}/write/")
    page.get_by_role("link", name="Address it to a national body").click()
    page.get_by_role("heading", name="Address recommendation 7 to national bodies").wait_for()
    home_office = page.get_by_role("checkbox", name="Home Office")
    assert not home_office.is_checked()
    assert page.get_by_text("Named in the recommendation", exact=True).count() == 1
    accessible(page)
    page.get_by_role("button", name="Address the recommendation").click()
    page.get_by_text("Choose at least one national body").first.wait_for()
    accessible(page)
    page.get_by_role("checkbox", name="Home Office").check()
    page.get_by_role("button", name="Address the recommendation").click()
    page.get_by_text("Recommendation addressed to Home Office.").wait_for()
    assert page.get_by_text("No response yet: due by").is_visible()

    body_page = browser.new_context().new_page()
    sign_in(body_page, live_server, "homeoffice")
    body_page.get_by_role("navigation", name="Menu").get_by_role(
        "link", name="Recommendations to you"
    ).click()
    body_page.get_by_role(
        "heading", name="Recommendations addressed to the Home Office", level=1
    ).wait_for()
    register = body_page.get_by_role("table", name="Recommendations addressed to the Home Office")
    assert register.get_by_role("row").count() == 2  # the header and the one addressed
    accessible(body_page)
    register.get_by_role("link", name="Recommendation 7").click()
    body_page.get_by_role("heading", name="Recommendation 7 of Northmoor CSP").wait_for()
    assert body_page.get_by_text("DHR-2025-04").is_visible()
    accessible(body_page)
    body_page.get_by_role("button", name="Acknowledge").click()
    body_page.get_by_text("Acknowledged. The partnership sees it on its plan.").wait_for()

    body_page.get_by_role("radio", name="Not accepted").check()
    body_page.get_by_label("Date of the response").fill("12/5/2025")
    body_page.get_by_role("button", name="Save the response").click()
    body_page.get_by_text("Give the reasons it was not accepted").first.wait_for()
    accessible(body_page)
    body_page.get_by_role("radio", name="Accepted in part").check()
    body_page.get_by_label("Reasons").fill("We will consult on the guidance first.")
    body_page.get_by_role("button", name="Save the response").click()
    body_page.get_by_text("Response saved.").wait_for()
    body_page.context.close()

    page.goto(f"{live_server.url}/reviews/{review.pk}/")
    page.get_by_text("accepted in part").first.wait_for()
    assert page.get_by_text("(We will consult on the guidance first.)").is_visible()
    accessible(page)
