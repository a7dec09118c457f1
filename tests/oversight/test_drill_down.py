"""From a figure to the recommendations behind it: published reviews only, no names; a
published review's plan for the national role, an unpublished one 404; the Excel download."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from followthrough.audit import events
from followthrough.audit.models import AuditEvent
from followthrough.plans.models import Theme
from followthrough.plans.outcomes import Outcome
from tests.factories import ActionFactory, ActionLeadFactory, PartnershipFactory, ReviewFactory
from tests.oversight.test_figures import recs

pytestmark = pytest.mark.django_db


def drill(client, **query):
    return client.get(reverse("oversight:recommendations"), query)


def test_the_drill_down_lists_recommendations_of_published_reviews_only(national_client):
    theme = Theme.objects.order_by("order").first()
    published = ReviewFactory(
        partnership=PartnershipFactory(name="Fellside CSP"),
        reference="DHR-07",
        published_on=dt.date(2024, 1, 10),
    )
    unpublished = ReviewFactory(reference="DHR-08")
    future = ReviewFactory(reference="DHR-09", published_on=dt.date.today() + dt.timedelta(days=30))
    shown_rec = recs(1, outcome=Outcome.NOT_MET, theme=theme, review=published)[0]
    shown_rec.text = "Publish the risk assessment guidance."
    shown_rec.save()
    for review in (unpublished, future):
        hidden = recs(1, outcome=Outcome.NOT_MET, theme=theme, review=review)[0]
        hidden.text = f"Not yet public {review.reference}."
        hidden.save()
    page = drill(national_client, theme=theme.slug, outcome="not_met").text
    assert "Publish the risk assessment guidance." in page
    assert "Fellside CSP" in page and "DHR-07" in page and "2024" in page
    assert "Not yet public" not in page and "DHR-08" not in page and "DHR-09" not in page
    assert "1 recommendation" in page


def test_the_drill_down_keeps_to_its_cell(national_client):
    theme = Theme.objects.order_by("order").first()
    review = ReviewFactory(published_on=dt.date(2024, 1, 10))
    met = recs(1, outcome=Outcome.FULLY_IMPLEMENTED, theme=theme, review=review)[0]
    other = recs(1, outcome=Outcome.NOT_MET, review=review)[0]
    page = drill(national_client, theme=theme.slug, outcome="fully_implemented").text
    assert met.text in page and other.text not in page
    page = drill(national_client, theme="not_stated").text
    assert other.text in page and met.text not in page


def test_the_drill_down_names_no_person(national_client):
    review = ReviewFactory(published_on=dt.date(2024, 1, 10), subject_pseudonym="Pseudonym Z")
    rec = recs(1, outcome=Outcome.UNDER_WAY, review=review)[0]
    ActionLeadFactory(action=ActionFactory(recommendation=rec, status="on_track"))
    page = drill(national_client, outcome="under_way").text
    assert rec.text in page
    assert "Lee Example" not in page and "Pseudonym Z" not in page and review.title not in page


def test_the_drill_down_is_paged(national_client):
    review = ReviewFactory(published_on=dt.date(2024, 1, 10))
    recs(30, outcome=Outcome.NOT_MET, review=review)
    first = drill(national_client, outcome="not_met").text
    assert "Recommendations 1 to 25 of 30" in first
    second = drill(national_client, outcome="not_met", page="2").text
    assert "Recommendations 26 to 30 of 30" in second


def test_a_bad_drill_down_is_told_in_a_message(national_client):
    response = drill(national_client, outcome="everything", theme="no-such-theme", sector="x")
    assert response.status_code == 200
    assert "Choose an outcome from the figures." in response.text
    assert "Choose a theme from the figures." in response.text
    assert "Choose a sector from the figures." in response.text


def test_a_figures_cell_links_to_its_drill_down(national_client):
    review = ReviewFactory(published_on=dt.date(2024, 1, 10))
    recs(5, outcome=Outcome.NOT_MET, review=review)
    page = national_client.get(reverse("oversight:figures")).text
    assert reverse("oversight:recommendations") + "?scope=local&amp;outcome=not_met" in page


def test_the_national_role_reads_a_published_review_and_not_an_unpublished_one(
    national_client,
):
    published = ReviewFactory(reference="DHR-07", published_on=dt.date(2024, 1, 10))
    rec = recs(1, outcome=Outcome.UNDER_WAY, review=published)[0]
    page = national_client.get(reverse("oversight:review", args=[published.pk]))
    assert page.status_code == 200
    assert rec.text in page.text and "Lee Example" not in page.text
    unpublished = ReviewFactory(reference="DHR-08")
    assert (
        national_client.get(reverse("oversight:review", args=[unpublished.pk])).status_code == 404
    )


def test_the_excel_download_hides_small_counts_and_is_audited(national_client, national):
    theme = Theme.objects.order_by("order").first()
    recs(10, theme=theme)
    recs(4, outcome=Outcome.NOT_MET, theme=theme)
    recs(5, outcome=Outcome.UNDER_WAY)
    response = national_client.get(reverse("oversight:figures_xlsx"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    book = load_workbook(BytesIO(response.content))
    assert book.sheetnames[0] == "About"
    sheet = book["Theme"]
    rows = {r[0]: r[1:] for r in sheet.iter_rows(values_only=True) if r and r[0]}
    assert rows[theme.name] == (10, 0, 0, "fewer than 5", 0, 0, "11 to 14")
    scope = {r[0]: r[1:] for r in book["Scope"].iter_rows(values_only=True) if r and r[0]}
    assert scope["Local"] == (10, 0, 0, "fewer than 5", 0, 5, "16 to 19")
    every_value = [v for ws in book for r in ws.iter_rows(values_only=True) for v in r]
    assert 4 not in every_value and 14 not in every_value and 19 not in every_value
    event = AuditEvent.objects.get(event_type=events.NATIONAL_FIGURES_DOWNLOADED)
    assert event.actor == national
