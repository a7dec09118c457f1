"""What a new partnership's coordinator meets (observation 11 of issue 12): empty pages lead to
importing the first plan or creating a review, never to "ask your partnership's coordinator";
the header says who is signed in; the tab shows the service's own icon."""

from __future__ import annotations

from html import unescape

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from tests.factories import ReviewFactory, UserFactory
from tests.people.conftest import persona, signed_in

pytestmark = pytest.mark.django_db

ASK = "ask your partnership's coordinator"


def text(response) -> str:
    return unescape(response.content.decode())


def test_a_new_partnerships_coordinator_is_led_to_import_the_first_plan(coordinator, northmoor):
    client = signed_in(coordinator)
    for url in [
        reverse("plans:review_list"),
        reverse("dashboards:partnership", args=[northmoor.pk]),
    ]:
        page = text(client.get(url))
        assert ASK not in page.lower(), url
        assert "Import your first plan" in page, url
        assert f'href="{reverse("imports:upload")}"' in page, url
        assert f'href="{reverse("plans:review_create")}"' in page, url


def test_a_coordinator_who_leads_no_agency_is_not_told_to_ask_a_coordinator(coordinator, northmoor):
    page = text(signed_in(coordinator).get(reverse("dashboards:my_actions")))
    assert ASK not in page.lower()
    assert "People page" in page


def test_the_empty_dashboard_does_not_claim_every_open_action_was_updated(coordinator, northmoor):
    page = text(signed_in(coordinator).get(reverse("dashboards:partnership", args=[northmoor.pk])))
    assert "Every open action has had a progress update" not in page
    assert "No reviews yet" in page
    ReviewFactory(partnership=northmoor)  # a review with no actions yet
    page = text(signed_in(coordinator).get(reverse("dashboards:partnership", args=[northmoor.pk])))
    assert "Every open action has had a progress update" not in page
    assert "have no actions yet" in page


def test_a_viewer_of_a_new_partnership_is_told_reviews_will_appear(northmoor):
    page = text(signed_in(persona("viewer", northmoor, "viewer")).get(reverse("plans:review_list")))
    assert "Import your first plan" not in page
    assert "reviews appear here when its coordinator or a panel chair adds them" in page
    assert ASK not in page.lower()


def test_someone_in_no_partnership_is_told_a_coordinator_can_invite_them(db):
    page = text(signed_in(UserFactory(username="nobody")).get(reverse("plans:review_list")))
    assert "You do not belong to a partnership yet" in page
    assert ASK not in page.lower()


def test_the_header_names_who_is_signed_in_with_a_link_to_their_account(coordinator):
    page = text(signed_in(coordinator).get(reverse("plans:review_list")))
    header = page.split("</header>")[0]
    link = header.split('id="signed-in-as"')[1].split("</a>")[0]
    assert "Morgan Ashby" in link
    assert f'<a class="govuk-service-navigation__link" href="{reverse("web:account")}"' in header
    nameless = UserFactory(username="j.doe", first_name="", last_name="")
    page = text(signed_in(nameless).get(reverse("plans:review_list")))
    assert "j.doe" in page.split('id="signed-in-as"')[1].split("</a>")[0]


def test_every_page_has_a_favicon_served_from_the_app_itself(client, db):
    page = client.get(reverse("web:login")).content.decode()
    assert '<link rel="icon" href="/static/app/favicon.svg" type="image/svg+xml">' in page
    icon = finders.find("app/favicon.svg")
    assert icon and open(icon).read().startswith("<svg")
    assert client.get("/static/app/favicon.svg").status_code == 200
