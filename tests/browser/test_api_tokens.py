"""The API tokens pages in the browser: an agency lead makes a token (shown once), sees it
listed and revokes it, each page passing axe-core; and the API's interactive docs load from
the app's own static files under its Content-Security-Policy, with no CDN."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.browser.conftest import accessible, sign_in
from tests.factories import AgencyFactory, MembershipFactory, PartnershipFactory, UserFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def lead(transactional_db):
    user = UserFactory(username="police-lead")
    partnership = PartnershipFactory()
    police = AgencyFactory(name="Northmoor Police")
    police.partnerships.add(partnership)
    MembershipFactory(user=user, partnership=partnership, role="agency_lead", agency=police)
    return user


def test_a_lead_makes_lists_and_revokes_a_token_on_pages_that_pass_axe(live_server, page, lead):
    sign_in(page, live_server, "police-lead")
    page.goto(f"{live_server.url}/accounts/")
    page.get_by_role("link", name="manage your API tokens").click()
    page.get_by_role("heading", name="API tokens", level=1).wait_for()
    accessible(page)

    page.get_by_role("button", name="Create an API token").click()
    page.get_by_role("heading", name="Create an API token").wait_for()
    accessible(page)
    page.get_by_role("button", name="Create the token").click()  # nothing filled in
    page.get_by_role("heading", name="There is a problem").wait_for()
    accessible(page)

    page.get_by_label("Name").fill("Force tracker sync")
    page.get_by_label("Read and write").check()
    expiry = dt.date.today() + dt.timedelta(days=30)
    page.get_by_label("Expiry date").fill(expiry.strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Create the token").click()
    page.get_by_role("heading", name="API token created").wait_for()
    assert page.get_by_label("Your token 'Force tracker sync'").input_value().startswith("ft_")
    accessible(page)

    page.get_by_role("link", name="Back to your API tokens").click()
    table = page.get_by_role("table", name="Your tokens")
    assert "Working" in table.inner_text()
    page.get_by_role("link", name="Revoke the token Force tracker sync").click()
    accessible(page)
    page.get_by_role("button", name="Revoke the token").click()
    page.get_by_text("The token 'Force tracker sync' has been revoked.").wait_for()
    assert "Revoked" in page.get_by_role("table", name="Your tokens").inner_text()
    accessible(page)


def test_the_interactive_docs_load_without_a_cdn_or_a_policy_violation(live_server, page):
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text else None)
    outside = []
    page.on(
        "request",
        lambda r: outside.append(r.url) if not r.url.startswith(live_server.url) else None,
    )
    page.goto(f"{live_server.url}/api/v1/docs")
    page.get_by_text("Followthrough API").first.wait_for()
    page.get_by_text("/api/v1/actions/{pk}/progress-updates").first.wait_for()
    assert refused == []
    assert [url for url in outside if not url.startswith("data:")] == []
