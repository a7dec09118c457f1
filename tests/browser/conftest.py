"""Browser tests: Playwright driving the system Chromium against the live test server.

Outside CI they skip when Chromium is missing; with CI=true they fail instead, so CI can never
pass without running them.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import REPO

CHROMIUM = (
    os.environ.get("FOLLOWTHROUGH_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
)
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Playwright's sync API runs an event loop in the test thread; the test's own ORM calls are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _unavailable(reason: str):
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}; CI must run the browser tests (.ci/run installs chromium)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        _unavailable(f"no Chromium at {CHROMIUM}")
    if not AXE.exists():
        _unavailable(f"axe-core is missing at {AXE}: run 'make setup'")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


def axe_violations(page) -> list[dict]:
    """Run axe-core (WCAG 2.0-2.2 A and AA rules) on the page and return its violations."""
    # Evaluated through the DevTools protocol rather than added as a <script>: the pages'
    # Content-Security-Policy (rightly) refuses an inline script.
    page.evaluate(AXE.read_text())
    return page.evaluate(
        """async () => {
            const results = await axe.run(document, {
                runOnly: {type: 'tag',
                          values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}
            });
            return results.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5),
            }));
        }"""
    )


def accessible(page) -> None:
    """The page passes axe-core: no violation, each named if any."""
    violations = axe_violations(page)
    assert violations == [], violations


def sign_in(page, live_server, username):
    """Both steps, as a person does them: the password, then (for coordinators, site
    administrators and anyone with an authenticator app) the app's code."""
    from django.contrib.auth import get_user_model

    from followthrough.web.second_factor import Step, second_factor_step
    from tests.factories import PASSWORD, authenticator, current_code

    user = get_user_model().objects.get(username=username)
    device = authenticator(user) if second_factor_step(user) is not Step.NONE else None
    page.goto(f"{live_server.url}/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    if device is not None:
        page.get_by_role("heading", name="Enter your security code").wait_for()
        page.get_by_label("Security code").fill(current_code(device))
        page.get_by_role("button", name="Continue").click()
