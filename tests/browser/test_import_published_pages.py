"""Published web pages import through the browser (issue 14): a saved council page with the
Home Office table, the same template pasted as one paragraph per cell, and an NHS trust page with
a labelled section per recommendation each reach the preview with every recommendation, action,
lead and target date of their key, in the key's order, and none of the site's menus, cookie
banner or footer; pasted text does as well as a file; a page with no plan is refused in one line.

The keys are the published set's (``tests/parsing/published``), with the project's conventions
applied by ``published_set.with_conventions``; they are read here, never copied."""

from __future__ import annotations

import json
import re

import pytest

from followthrough.interchange import PartialDate
from followthrough.plans.models import Recommendation, Review
from tests.browser.conftest import accessible, sign_in
from tests.factories import MembershipFactory, PartnershipFactory, UserFactory
from tests.imports.conftest import work_the_queue
from tests.parsing.published_set import PUBLISHED, comparable, with_conventions

pytestmark = pytest.mark.browser

# What each page has around its plan: none of it may reach the preview.
SITE_CHROME = {
    "a/web-table-1.html": [
        "We use some essential cookies",
        "Accept analytics cookies",
        "Search this site",
        "Bins and recycling",
        "Domestic homicide reviews",
        "Last updated",
        "Related documents",
        "overview report (PDF",
        "Accessibility statement",
        "Privacy notice",
        "Town Hall, Market Square",
    ],
    "b/web-table-1.html": [
        "We use some essential cookies",
        "Accept additional cookies",
        "Related documents",
        "Accessibility statement",
        "Privacy notice",
        "Civic Centre, Market Street",
    ],
    "b/sections-1.html": [
        "This site uses cookies",
        "Read our cookie policy",
        "Cookie settings",
        "Patients and visitors",
        "Work for us",
        "Last reviewed",
        "Related documents",
        "Seven-minute briefing (PDF",
        "Freedom of information",
        "Privacy notice",
        "© North Calder Healthcare NHS Trust",
    ],
}

# The preview as a person reads it: each recommendation's card, its text, and each action's
# text, leads (one a line) and target date (without the offer of a counted date under it).
READ_PREVIEW = """() => {
    const text = (el) => el ? el.innerText.replace(/\\s+/g, ' ').trim() : null;
    const row = (action, key) => {
        for (const r of action.querySelectorAll('.govuk-summary-list__row')) {
            if (r.querySelector('dt').innerText.trim() === key) return r.querySelector('dd');
        }
        return null;
    };
    return [...document.querySelectorAll('[id^="recommendation-"].govuk-summary-card')].map(
        (card) => ({
            title: text(card.querySelector('.govuk-summary-card__title')),
            text: text(card.querySelector('.govuk-summary-card__content > p.govuk-body')),
            actions: [...card.querySelectorAll('.govuk-summary-card__content > div[id]')].map(
                (action) => {
                    const date = row(action, 'Target date').cloneNode(true);
                    date.querySelectorAll('.app-date-offer').forEach((o) => o.remove());
                    return {
                        text: text(row(action, 'Action to take')),
                        leads: row(action, 'Lead').innerText.split('\\n')
                            .map((l) => l.replace(/\\s+/g, ' ').trim()).filter((l) => l),
                        target: date.textContent.replace(/\\s+/g, ' ').trim(),
                    };
                }),
        }));
}"""


@pytest.fixture
def chair(transactional_db, monkeypatch):
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    user = UserFactory(username="panel-chair")
    MembershipFactory(
        user=user, partnership=PartnershipFactory(name="Southmere CSP"), role="panel_chair"
    )
    return user


def key_of(name: str) -> dict:
    path = PUBLISHED / name
    key = json.loads(path.with_name(f"{path.stem}.expected.json").read_text(encoding="utf-8"))
    return key if key.get("refused") else with_conventions(key)


def words(text: str | None) -> str | None:
    """Text as a web page shows it: list bullets aside (``comparable``), runs of white space
    as one space."""
    return re.sub(r"\s+", " ", comparable(text)).strip() if text is not None else None


def lead_as_shown(lead: dict) -> str:
    """A lead as the preview writes it: name, role, and the agency in brackets after them (or
    alone when the plan names only the agency)."""
    who = ", ".join(part for part in (lead.get("name"), lead.get("role")) if part)
    agency = lead.get("agency")
    if agency:
        return f"{who} ({agency})" if who else agency
    return who


def target_as_shown(action: dict) -> str:
    """The target date as the preview writes it: the date in words (or "Not stated"), then
    what the plan says when the date does not say it all."""
    date = action.get("target_date")
    shown = PartialDate.fromisoformat(date).display() if date else "Not stated"
    if action.get("target_date_text"):
        shown += f" Plan says: {action['target_date_text']}"
    return shown


def expected_preview(key: dict) -> list[dict]:
    return [
        {
            "title": f"Recommendation {rec.get('number') or n}",
            "text": words(rec["text"]),
            "actions": [
                {
                    "text": words(action["text"]),
                    "leads": [lead_as_shown(lead) for lead in action["leads"]] or ["None named"],
                    "target": target_as_shown(action),
                }
                for action in rec["actions"]
            ],
        }
        for n, rec in enumerate(key["recommendations"], start=1)
    ]


def shown_preview(page) -> list[dict]:
    shown = page.evaluate(READ_PREVIEW)
    for rec in shown:  # the title may go on with the theme and scope: only its start is ours
        rec["title"] = rec["title"].split(" ·")[0]
        for action in rec["actions"]:
            action["text"] = words(action["text"])
        rec["text"] = words(rec["text"])
    return shown


def upload(page, live_server, name: str) -> None:
    page.goto(f"{live_server.url}/imports/new/")
    page.get_by_label("Plan document").set_input_files(
        {
            "name": name.split("/")[-1],
            "mimeType": "application/octet-stream",
            "buffer": (PUBLISHED / name).read_bytes(),
        }
    )
    page.get_by_role("button", name="Upload and preview").click()
    page.get_by_role("heading", name="Reading the document").wait_for()
    work_the_queue()


def preview_heading(page) -> None:
    page.get_by_role("heading", name="Check the plan before you save it").wait_for(timeout=15_000)


def check_preview(page, name: str) -> None:
    """Every recommendation, action, lead and target date of the key, in its order, and
    nothing of the page around the plan."""
    key = key_of(name)
    expected, shown = expected_preview(key), shown_preview(page)
    assert len(shown) == len(expected), (
        f"{name}: {len(shown)} recommendations shown, {len(expected)} in the key"
    )
    for n, (want, got) in enumerate(zip(expected, shown, strict=True), start=1):
        assert got["title"] == want["title"], f"{name}: recommendation {n}'s title"
        assert got["text"] == want["text"], f"{name}: recommendation {n}'s text"
        assert len(got["actions"]) == len(want["actions"]), f"{name}: recommendation {n}'s actions"
        for a, (want_action, got_action) in enumerate(
            zip(want["actions"], got["actions"], strict=True), start=1
        ):
            assert got_action == want_action, f"{name}: action {a} of recommendation {n}"
    action_count = sum(len(rec["actions"]) for rec in expected)
    assert f"{len(expected)} recommendations and {action_count} actions" in (
        page.locator("main").inner_text().replace("\n", " ")
    )
    preview = page.locator("main").inner_text()
    for chrome in SITE_CHROME.get(name, []):
        assert chrome not in preview, f"{name}: the page's {chrome!r} is in the preview"


@pytest.mark.parametrize("name", ["a/web-table-1.html", "b/web-table-1.html", "b/sections-1.html"])
def test_a_published_web_page_reaches_the_preview_with_every_action_and_none_of_the_site(
    live_server, page, chair, name
):
    sign_in(page, live_server, "panel-chair")
    upload(page, live_server, name)
    preview_heading(page)
    check_preview(page, name)
    accessible(page)


def test_a_page_with_the_home_office_table_is_saved_and_its_review_lists_the_recommendations(
    live_server, page, chair
):
    name = "a/web-table-1.html"
    sign_in(page, live_server, "panel-chair")
    upload(page, live_server, name)
    preview_heading(page)
    page.get_by_label("No, it is still a draft").check()
    page.get_by_label("No, leave the themes empty").check()
    page.get_by_role("button", name="Save the plan").click()
    page.get_by_text("Plan saved:").wait_for()
    review = Review.objects.get()
    assert page.url.split("#")[0].endswith(f"/reviews/{review.pk}/"), page.url
    listed = words(page.locator("main").inner_text())
    for rec in key_of(name)["recommendations"]:
        assert words(rec["text"]) in listed, rec["text"]
    assert Recommendation.objects.filter(review=review).count() == 4
    accessible(page)


def test_the_text_of_a_web_table_pasted_into_the_import_page_reaches_the_preview(
    live_server, page, chair
):
    name = "a/web-table-2.txt"
    sign_in(page, live_server, "panel-chair")
    page.goto(f"{live_server.url}/imports/new/")
    page.get_by_label("Or paste the plan").fill((PUBLISHED / name).read_text(encoding="utf-8"))
    page.get_by_role("button", name="Upload and preview").click()
    page.get_by_role("heading", name="Reading the document").wait_for()
    work_the_queue()
    preview_heading(page)
    check_preview(page, name)
    accessible(page)


def test_a_page_with_no_plan_is_refused_in_one_line_and_nothing_is_saved(live_server, page, chair):
    name = "a/noplan-1.html"
    assert key_of(name) == {"refused": True}
    sign_in(page, live_server, "panel-chair")
    upload(page, live_server, name)
    page.get_by_role("heading", name="The document could not be read").wait_for(timeout=15_000)
    refusal = page.locator("#import-refusal").inner_text().strip()
    assert "\n" not in refusal
    assert refusal.startswith("noplan-1.html: no action plan found"), refusal
    assert page.get_by_role("link", name="Download an Excel template (XLSX)").count() == 1
    assert "Nothing was saved" in page.locator("main").inner_text()
    accessible(page)
    assert not Review.objects.exists() and not Recommendation.objects.exists()
