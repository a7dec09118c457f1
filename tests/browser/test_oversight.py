"""National oversight in the browser: the national role signs in, reads the figures (charts
and tables), filters them, follows a figure to the recommendations of published reviews and
on to a review's plan, and downloads the Excel; every page passes axe-core."""

from __future__ import annotations

import datetime as dt

import pytest

from followthrough.oversight.services import national_access_grant
from followthrough.plans.models import Theme
from followthrough.plans.outcomes import Outcome
from tests.browser.conftest import accessible, sign_in
from tests.factories import PartnershipFactory, ReviewFactory, UserFactory
from tests.oversight.test_figures import recs

pytestmark = pytest.mark.browser


def shown(row) -> list[str]:
    """The first four figures of a table's row as seen (without the links' hidden words)."""
    return [text.split("\n")[0] for text in row.get_by_role("cell").all_inner_texts()[:4]]


@pytest.fixture
def oversight_world(transactional_db):
    theme = Theme.objects.order_by("order").first()
    for index, name in enumerate(["Northmoor CSP", "Fellside CSP", "Eden Valley CSP"]):
        review = ReviewFactory(
            partnership=PartnershipFactory(name=name),
            reference=f"DHR-{index + 1}",
            published_on=dt.date(2023 + index, 1, 10) if index < 2 else None,
        )
        recs(6, theme=theme, review=review)
        recs(2, outcome=Outcome.NOT_MET, theme=theme, review=review)
        recs(5, outcome=Outcome.UNDER_WAY, review=review)
    user = UserFactory(username="national-reader")
    national_access_grant(user=user, body="Home Office", actor=None)
    return theme


def test_the_national_figures_drill_down_and_a_review_pass_axe(live_server, page, oversight_world):
    theme = oversight_world
    sign_in(page, live_server, "national-reader")
    page.goto(f"{live_server.url}/oversight/")
    page.get_by_role("heading", name="National figures", level=1).wait_for()
    assert page.get_by_role("img", name="Recommendations by theme").is_visible()
    table = page.get_by_role("table", name="Recommendations by theme, by outcome")
    row = table.get_by_role("row", name=theme.name)
    assert shown(row) == ["18", "0", "0", "6"]
    for name in ["Northmoor CSP", "Fellside CSP", "Eden Valley CSP"]:
        assert page.get_by_text(name).count() == 0
    accessible(page)

    page.get_by_label("Year", exact=True).select_option("2023")
    page.get_by_role("button", name="Apply filters").click()
    row = page.get_by_role("table", name="Recommendations by theme, by outcome").get_by_role(
        "row", name=theme.name
    )
    assert shown(row) == ["6", "0", "0", "fewer than 5"]
    accessible(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Download these figures (Excel)").click()
    assert download.value.suggested_filename.startswith("national-figures-")

    link = row.get_by_role("link", name=f"{theme.name}, Not met")
    assert link.inner_text().startswith("fewer than 5")
    link.click()
    page.get_by_role("heading", name="Recommendations of published reviews").wait_for()
    drill = page.get_by_role("table", name="Recommendations of published reviews")
    assert drill.get_by_role("row").count() == 3  # the header and the two not met in 2023
    accessible(page)

    drill.get_by_role("link").first.click()
    page.get_by_role("heading", name="Recommendations and actions").wait_for()
    assert "Fellside CSP" not in page.content()  # 2023 is Northmoor's review
    accessible(page)
