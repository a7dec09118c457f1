"""Take the README's screenshot of the demo plan page from a running server.

    make run        # in one terminal
    .venv/bin/python scripts/screenshot.py [BASE_URL]
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = (sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000").rstrip("/")
OUT = Path(__file__).resolve().parents[1] / "docs" / "images" / "plan-page.png"

with sync_playwright() as playwright:
    browser = playwright.chromium.launch(
        executable_path="/usr/bin/chromium",
        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    )
    page = browser.new_page(viewport={"width": 1400, "height": 1100})
    page.goto(f"{BASE}/accounts/sign-in/")
    page.get_by_label("Username").fill("coordinator")
    page.get_by_label("Password").fill("demo-followthrough")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="into the death of Sarah").click()
    page.get_by_role("heading", name="Action plan").scroll_into_view_if_needed()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(OUT), full_page=False)
    browser.close()
    print(f"Saved {OUT}")
