"""Every action of the partnership, with filters: the selector (with the fixed TODAY of the
dashboard tests), the page driven through its URL, and the dashboard's figures that link to it."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from followthrough.dashboards.selectors import NO_AGENCY, ActionFilters, partnership_actions
from tests.dashboards.conftest import TODAY, action_in, days, persona
from tests.factories import ActionLeadFactory, PartnershipFactory, ReviewFactory
from tests.test_permissions import without_csrf

pytestmark = pytest.mark.django_db


def listed(partnership, **filters) -> set[int]:
    listing = partnership_actions(
        partnership,
        filters=ActionFilters(**filters),
        today=TODAY,
        due_soon_days=30,
        stale_days=30,
        per_page=500,
    )
    return {action.pk for action in listing.actions}


def ids(plan, *names) -> set[int]:
    return {plan[name].pk for name in names}


NORTHMOOR = (
    "overdue",
    "due_soon",
    "at_risk",
    "completed",
    "signed_off",
    "not_started",
    "superseded",
)


# The selector ----------------------------------------------------------------------------


def test_without_filters_it_lists_every_action_of_the_partnership_and_no_other(northmoor, plan):
    assert listed(northmoor) == ids(plan, *NORTHMOOR)


def test_it_lists_the_actions_an_agency_leads_alone_or_with_another(northmoor, police, plan):
    assert listed(northmoor, agency=police.pk) == ids(
        plan, "overdue", "due_soon", "signed_off", "superseded"
    )


def test_it_lists_the_actions_with_no_lead_agency(northmoor, plan):
    assert listed(northmoor, agency=NO_AGENCY) == ids(plan, "at_risk")


def test_it_lists_one_reviews_actions(northmoor, plan):
    assert listed(northmoor, review=plan["child_m"].pk) == ids(
        plan, "signed_off", "not_started", "superseded"
    )


def test_it_lists_the_actions_under_one_theme(northmoor, plan):
    recommendation = plan["at_risk"].recommendation
    recommendation.theme_heading = "Information sharing"
    recommendation.save()
    assert listed(northmoor, theme="Information sharing") == ids(plan, "at_risk")


def test_it_lists_the_actions_of_one_recorded_status(northmoor, plan):
    assert listed(northmoor, status="on_track") == ids(plan, "overdue", "due_soon")


def test_it_lists_completions_and_proposed_closures_awaiting_the_partnership(northmoor, plan):
    plan["at_risk"].status = "closure_proposed"
    plan["at_risk"].proposed_closure = "not_met"
    plan["at_risk"].save()
    assert listed(northmoor, awaiting=True) == ids(plan, "completed", "at_risk")


def test_it_lists_the_actions_of_one_rag_rating_by_the_dashboards_rule(northmoor, plan):
    assert listed(northmoor, rag="red") == ids(plan, "overdue")
    assert listed(northmoor, rag="amber") == ids(plan, "due_soon", "at_risk")
    assert listed(northmoor, rag="green") == ids(plan, "completed", "signed_off", "not_started")
    assert listed(northmoor, rag="not_rated") == ids(plan, "superseded")


def test_it_lists_the_open_actions_that_are_overdue_due_soon_or_have_no_date(northmoor, plan):
    plan["not_started"].target_date = None
    plan["not_started"].save()
    assert listed(northmoor, due="overdue") == ids(plan, "overdue")
    assert listed(northmoor, due="due_soon") == ids(plan, "due_soon")
    assert listed(northmoor, due="no_date") == ids(plan, "not_started")


def test_it_lists_the_open_actions_with_no_recent_update_as_the_dashboard_counts_them(
    northmoor, plan
):
    # Updated 100 days ago; and never updated on a plan agreed 400 days ago. The draft plan's
    # action, never updated, is not being delivered yet.
    assert listed(northmoor, quiet=True) == ids(plan, "overdue", "at_risk")


def test_filters_combine(northmoor, police, plan):
    assert listed(northmoor, agency=police.pk, due="overdue") == ids(plan, "overdue")
    assert listed(northmoor, agency=police.pk, rag="amber") == ids(plan, "due_soon")
    assert listed(northmoor, review=plan["child_m"].pk, awaiting=True) == set()


def test_each_listed_action_carries_its_standing_rag_and_lead_agencies(northmoor, police, plan):
    listing = partnership_actions(
        northmoor, filters=ActionFilters(), today=TODAY, due_soon_days=30, stale_days=30
    )
    by_pk = {action.pk: action for action in listing.actions}
    assert by_pk[plan["completed"].pk].current_standing[1] == "Awaiting sign-off"
    assert by_pk[plan["signed_off"].pk].current_standing[1] == "Signed off"
    assert by_pk[plan["overdue"].pk].current_rag == "red"
    assert by_pk[plan["due_soon"].pk].lead_agency_names == [
        "Northmoor Health Trust",
        "Northmoor Police",
    ]
    # Earliest target date first, as on the dashboard.
    targets = [a.target_date for a in listing.actions]
    assert targets == sorted(targets)


def test_it_gives_a_page_at_a_time(northmoor, police):
    review = ReviewFactory(partnership=northmoor)
    made = [
        action_in(review, leads=[police], target_date=days(n), status="on_track")
        for n in range(1, 8)
    ]
    listing = partnership_actions(
        northmoor,
        filters=ActionFilters(),
        today=TODAY,
        due_soon_days=30,
        stale_days=30,
        page=2,
        per_page=3,
    )
    assert listing.count == 7
    assert [a.pk for a in listing.actions] == [a.pk for a in made[3:6]]
    assert listing.actions[0].lead_agency_names == ["Northmoor Police"]


# The page --------------------------------------------------------------------------------


def actions_url(partnership, query: str = "") -> str:
    return reverse("dashboards:actions", args=[partnership.pk]) + query


def soon(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


def rows(html: str) -> list[str]:
    """The text of each row of the list's table body."""
    body = html.split('<tbody class="govuk-table__body">', 1)[1].split("</tbody>", 1)[0]
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", "<tr" + row)).strip()
        for row in body.split("<tr")[1:]
    ]


@pytest.fixture
def live(northmoor, police, health):
    """Actions around the real today, for the page (whose date is today)."""
    review = ReviewFactory(partnership=northmoor, title="DHR Adult R", plan_status="agreed")
    return {
        "review": review,
        "overdue": action_in(
            review,
            leads=[police],
            text="Audit the referrals",
            status="on_track",
            target_date=soon(-10),
        ),
        "due_soon": action_in(
            review,
            leads=[health],
            text="Train the triage staff",
            status="at_risk",
            target_date=soon(5),
        ),
        "completed": action_in(
            review,
            leads=[health],
            text="Publish the pathway",
            status="completed",
            target_date=soon(-3),
        ),
        "signed_off": action_in(
            review,
            leads=[police],
            text="Brief the control room",
            status="signed_off",
            target_date=soon(-40),
        ),
        "later": action_in(
            review, text="Review the protocol", status="on_track", target_date=soon(300)
        ),
    }


def test_every_member_of_the_partnership_sees_the_list(client, northmoor, police, live):
    for role, agency in [
        ("coordinator", None),
        ("panel_chair", None),
        ("agency_lead", police),
        ("board_member", None),
        ("viewer", None),
    ]:
        client.force_login(persona(f"a-{role}", northmoor, role, agency))
        response = client.get(actions_url(northmoor))
        assert response.status_code == 200, role
        assert "Audit the referrals" in response.text


def test_an_outsider_gets_404_and_cannot_tell_it_from_a_missing_partnership(
    client, northmoor, outsider, live
):
    client.force_login(outsider)
    hidden = client.get(actions_url(northmoor, "?awaiting=on"))
    missing = client.get(reverse("dashboards:actions", args=[northmoor.pk + 999]) + "?awaiting=on")
    assert hidden.status_code == missing.status_code == 404
    assert without_csrf(hidden.text) == without_csrf(missing.text)


def test_a_lead_of_the_same_agency_in_another_partnership_gets_404(
    client, northmoor, fellside, police, live
):
    client.force_login(persona("fellside-police", fellside, "agency_lead", police))
    assert client.get(actions_url(northmoor)).status_code == 404


def test_each_row_shows_where_the_action_stands(client, northmoor, coordinator, live):
    client.force_login(coordinator)
    shown = rows(client.get(actions_url(northmoor)).text)
    assert [row.split(" DHR")[0] for row in shown] == [
        "Brief the control room",
        "Audit the referrals",
        "Publish the pathway",
        "Train the triage staff",
        "Review the protocol",
    ]
    assert "Signed off" in shown[0]
    assert "Overdue" in shown[1] and "10 days overdue" in shown[1] and "Red" in shown[1]
    assert "Awaiting sign-off" in shown[2]
    assert "Due soon" in shown[3] and "Northmoor Health Trust" in shown[3]
    assert "None named" in shown[4]


def test_the_filter_form_is_a_get_form_that_keeps_its_choices(
    client, northmoor, police, coordinator, live
):
    client.force_login(coordinator)
    html = client.get(actions_url(northmoor, f"?agency={police.pk}&due=overdue")).text
    assert 'method="get"' in html
    assert f'<option value="{police.pk}" selected>Northmoor Police</option>' in html
    assert '<option value="overdue" selected>Overdue</option>' in html
    assert "Filtered by: Lead agency: Northmoor Police; Due: Overdue." in html
    assert [row.split(" DHR")[0] for row in rows(html)] == ["Audit the referrals"]
    assert "1 action" in html
    assert "Clear the filters" in html
    assert "Clear the filters" not in client.get(actions_url(northmoor, "?page=1")).text


def test_a_filter_value_that_is_not_offered_is_an_error_beside_it_and_the_others_still_apply(
    client, northmoor, coordinator, live
):
    client.force_login(coordinator)
    response = client.get(actions_url(northmoor, "?agency=" + "9" * 23 + "&rag=red&due=soonish"))
    assert response.status_code == 200
    html = response.text
    assert "There is a problem" in html
    assert 'id="id_agency-error"' in html and "Choose a lead agency from the list" in html
    assert 'id="id_due-error"' in html
    assert [row.split(" DHR")[0] for row in rows(html)] == ["Audit the referrals"]


def test_nothing_matching_says_so(client, northmoor, coordinator, live):
    client.force_login(coordinator)
    html = client.get(actions_url(northmoor, "?status=superseded")).text
    assert "No action of the partnership matches these filters." in html
    assert "<tbody" not in html


def test_the_pages_link_to_each_other_keeping_the_filters(
    client, northmoor, police, coordinator, settings
):
    review = ReviewFactory(partnership=northmoor)
    for n in range(55):
        action_in(review, leads=[police], status="on_track", target_date=soon(n + 40))
    client.force_login(coordinator)
    html = client.get(actions_url(northmoor, f"?agency={police.pk}")).text
    assert "Actions 1 to 50 of 55" in html
    assert f'href="?agency={police.pk}&amp;page=2#results"' in html
    second = client.get(actions_url(northmoor, f"?agency={police.pk}&page=2")).text
    assert "Actions 51 to 55 of 55" in second
    assert len(rows(second)) == 5
    # A page past the end, or one that is not a number, shows a page that exists.
    assert client.get(actions_url(northmoor, "?page=" + "9" * 23)).status_code == 200
    assert client.get(actions_url(northmoor, "?page=NaN")).status_code == 200


def test_the_list_runs_the_same_queries_for_five_or_two_hundred_actions(
    client, northmoor, police, health, coordinator
):
    counts = []
    for total in (5, 200):
        review = ReviewFactory(partnership=northmoor)
        while northmoor.reviews.filter(recommendations__actions__isnull=False).count() < total:
            n = northmoor.reviews.filter(recommendations__actions__isnull=False).count()
            action = action_in(review, leads=[police], status="on_track", target_date=soon(n - 50))
            ActionLeadFactory(action=action, agency=health, order=2)
        client.force_login(coordinator)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(actions_url(northmoor, f"?agency={police.pk}&rag=red&page=2"))
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


# The dashboard links into it -------------------------------------------------------------


def linked_rows(client, html: str, label: str) -> list[str]:
    """Follow the first link whose visually hidden text or own text is ``label``."""
    match = re.search(
        r'href="([^"]+)"[^>]*>[^<]*(?:<span class="govuk-visually-hidden">)?\s*' + re.escape(label),
        html,
    )
    assert match, label
    url = match.group(1).replace("&amp;", "&")
    return [row.split(" DHR")[0] for row in rows(client.get(url).text)]


def test_each_figure_at_a_glance_links_to_its_actions(client, northmoor, coordinator, live):
    client.force_login(coordinator)
    html = client.get(reverse("dashboards:partnership", args=[northmoor.pk])).text
    assert linked_rows(client, html, 'View<span class="govuk-visually-hidden"> overdue') == [
        "Audit the referrals"
    ]
    url = actions_url(northmoor, "?due=due_soon")
    assert f'href="{url}"' in html
    assert f'href="{actions_url(northmoor, "?awaiting=on")}"' in html
    assert f'href="{actions_url(northmoor, "?quiet=on")}"' not in html  # none is quiet


def test_each_rag_bar_status_agency_and_review_row_links_to_its_actions(
    client, northmoor, police, health, coordinator, live
):
    client.force_login(coordinator)
    html = client.get(reverse("dashboards:partnership", args=[northmoor.pk])).text
    assert f'href="{actions_url(northmoor, "?rag=red")}"' in html
    assert f'href="{actions_url(northmoor, "?status=signed_off")}"' in html
    assert f'href="{actions_url(northmoor, f"?agency={police.pk}")}"' in html
    assert f'href="{actions_url(northmoor, "?agency=none")}"' in html
    overdue_of_police = actions_url(northmoor, f"?agency={police.pk}&amp;due=overdue")
    assert f'href="{overdue_of_police}"' in html
    review = live["review"]
    assert f'href="{actions_url(northmoor, f"?review={review.pk}")}"' in html
    assert f'href="{actions_url(northmoor, f"?review={review.pk}&amp;rag=amber")}"' in html
    amber = client.get(actions_url(northmoor, f"?review={review.pk}&rag=amber")).text
    assert [row.split(" DHR")[0] for row in rows(amber)] == ["Train the triage staff"]


def test_the_list_of_another_partnership_is_not_linked(client, northmoor, coordinator, live):
    other = PartnershipFactory(name="Fellside CSP")
    client.force_login(coordinator)
    html = client.get(reverse("dashboards:partnership", args=[northmoor.pk])).text
    assert reverse("dashboards:actions", args=[other.pk]) not in html


def test_the_dashboard_offers_the_meeting_to_those_who_decide_only(
    client, northmoor, coordinator, live
):
    url = reverse("dashboards:partnership", args=[northmoor.pk])
    client.force_login(coordinator)
    assert "Decide several of them at a meeting" in client.get(url).text
    client.force_login(persona("a-viewer", northmoor, "viewer"))
    assert "Decide several of them at a meeting" not in client.get(url).text
