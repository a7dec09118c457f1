"""Themes in the browser, without JavaScript doing anything for them: the recommendation form
shows the suggestions and ticks them only when asked; the import preview shows them and asks
once whether to save them. Every page passes axe."""

from __future__ import annotations

import pytest

from followthrough.plans.models import Recommendation, Review
from tests.browser.conftest import accessible, sign_in
from tests.factories import (
    ActionFactory,
    MembershipFactory,
    PartnershipFactory,
    RecommendationFactory,
    ReviewFactory,
    UserFactory,
)
from tests.imports.test_themes import ready_import

pytestmark = pytest.mark.browser

TRAINING = "Training and awareness (professionals)"
TEXT = "Northmoor Police will deliver training on domestic abuse to all staff by July 2025."


@pytest.fixture
def coordinator(transactional_db):
    partnership = PartnershipFactory(name="Northmoor CSP")
    user = UserFactory(username="northmoor-themes")
    MembershipFactory(user=user, partnership=partnership, role="coordinator")
    return user


def test_the_recommendation_form_suggests_themes_and_ticks_them_only_when_asked(
    live_server, page, coordinator
):
    review = ReviewFactory(partnership=coordinator.memberships.get().partnership)
    rec = RecommendationFactory(review=review, order=1, text=TEXT, scope="local")
    ActionFactory(recommendation=rec)
    sign_in(page, live_server, "northmoor-themes")
    page.goto(f"{live_server.url}/reviews/{review.pk}/write/")
    page.get_by_role("link", name="choose its themes").click()
    page.get_by_role("heading", name="Change the recommendation").wait_for()
    suggested = page.locator("#suggested-themes").inner_text()
    assert f"{TRAINING} (because: 'training'" in suggested
    box = page.get_by_role("checkbox", name=TRAINING)
    assert not box.is_checked()
    accessible(page)

    page.get_by_role("button", name="Use the suggested themes").click()
    page.get_by_role("heading", name="Change the recommendation").wait_for()
    assert page.get_by_role("checkbox", name=TRAINING).is_checked()
    assert Recommendation.objects.get().themes.count() == 0  # nothing saved yet
    accessible(page)

    page.get_by_role("checkbox", name="Suicide").check()
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text("Recommendation saved.").wait_for()
    names = [t.name for t in Recommendation.objects.get().themes.all()]
    assert TRAINING in names and "Suicide" in names
    page.goto(f"{live_server.url}/reviews/{review.pk}/")
    assert page.locator(f"#themes-{rec.pk}").get_by_text(TRAINING).is_visible()
    accessible(page)


def test_the_import_preview_shows_suggested_themes_and_asks_before_saving_them(
    live_server, page, coordinator
):
    partnership = coordinator.memberships.get().partnership
    pending = ready_import(partnership, coordinator, [TEXT, "Zzz qqq."])
    sign_in(page, live_server, "northmoor-themes")
    page.goto(f"{live_server.url}/imports/{pending.pk}/")
    page.get_by_role("heading", name="Save the plan").wait_for()
    assert TRAINING in page.locator("#recommendation-1-themes").inner_text()
    accessible(page)

    page.get_by_label("No, it is still a draft").check()
    page.get_by_role("button", name="Save the plan").click()
    page.get_by_text("Say whether to save the suggested themes").first.wait_for()
    assert not Review.objects.exists()
    accessible(page)

    page.get_by_label("Yes, save the suggested themes").check()
    page.get_by_role("button", name="Save the plan").click()
    page.get_by_text("Plan saved:").wait_for()
    first, second = Recommendation.objects.order_by("order")
    assert TRAINING in [t.name for t in first.themes.all()]
    assert second.themes.count() == 0
