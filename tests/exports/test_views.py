"""Downloads from the review page, as each persona."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from followthrough.audit import events
from followthrough.audit.models import AuditEvent
from tests.exports.conftest import pdf_text
from tests.factories import (
    ActionFactory,
    ActionLeadFactory,
    MilestoneFactory,
    RecommendationFactory,
)

pytestmark = pytest.mark.django_db

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
}


def get(client, user, url):
    client.force_login(user)
    return client.get(url)


@pytest.mark.parametrize("fmt", ["docx", "xlsx", "csv", "json"])
def test_the_coordinator_downloads_the_plan_in_each_format(client, coordinator, seed_review, fmt):
    response = get(client, coordinator, reverse(f"exports:review_{fmt}", args=[seed_review.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == CONTENT_TYPES[fmt]
    assert response["Content-Disposition"] == (
        f'attachment; filename="dhr-sarah-action-plan.{fmt}"'
    )
    assert response["Cache-Control"] == "no-store, private"
    assert len(response.content) > 1000


def test_the_plan_downloads_as_a_pdf_in_the_template(
    client, coordinator, seed_review, pdf_available
):
    response = get(client, coordinator, reverse("exports:review_pdf", args=[seed_review.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = " ".join(pdf_text(response.content).split())
    assert "Domestic Homicide Review (DHR) into the death of Sarah" in text
    assert "Theme 2 – Processes – Cumbria wide" in text
    assert "Louise Kelly" in text


def test_an_agency_lead_of_the_partnership_may_download(client, agency_lead, seed_review):
    response = get(client, agency_lead, reverse("exports:review_json", args=[seed_review.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize(
    "name",
    [
        "review_docx",
        "review_pdf",
        "review_xlsx",
        "review_csv",
        "review_json",
        "review_board_pack_docx",
        "review_board_pack_pdf",
    ],
)
def test_an_outsider_gets_404_for_every_download(client, outsider, seed_review, name):
    response = get(client, outsider, reverse(f"exports:{name}", args=[seed_review.pk]))
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(event_type=events.REVIEW_EXPORTED).exists()


def test_an_outsider_gets_404_for_the_partnership_board_pack(client, outsider, seed_review):
    url = reverse("exports:partnership_board_pack_docx", args=[seed_review.partnership_id])
    assert get(client, outsider, url).status_code == 404


def test_a_signed_out_visitor_is_sent_to_sign_in(client, seed_review):
    response = client.get(reverse("exports:review_docx", args=[seed_review.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("web:login"))


def test_each_download_is_recorded_with_who_and_which_profile(
    client, coordinator, published_review
):
    url = reverse("exports:review_docx", args=[published_review.pk])
    get(client, coordinator, url)
    get(client, coordinator, url + "?profile=public")
    internal, public = AuditEvent.objects.filter(event_type=events.REVIEW_EXPORTED).order_by("id")
    assert internal.actor == coordinator and public.actor == coordinator
    assert internal.target_id == published_review.pk
    assert internal.after["profile"] == "internal" and public.after["profile"] == "public"
    assert internal.after["format"] == "docx" and internal.after["via"] == "web"
    assert "internal profile" in internal.summary


def test_a_public_download_of_an_unpublished_review_is_refused_with_a_reason(
    client, coordinator, seed_review
):
    url = reverse("exports:review_docx", args=[seed_review.pk]) + "?profile=public"
    response = get(client, coordinator, url)
    assert response.status_code == 409
    assert "This review has not been published" in response.text
    assert not AuditEvent.objects.filter(event_type=events.REVIEW_EXPORTED).exists()


def test_an_unknown_profile_is_a_bad_request(client, coordinator, seed_review):
    url = reverse("exports:review_docx", args=[seed_review.pk]) + "?profile=everything"
    response = get(client, coordinator, url)
    assert response.status_code == 400
    assert "choose &#x27;internal&#x27; or &#x27;public&#x27;" in response.text


def test_the_public_pdf_names_no_one(client, coordinator, published_review, pdf_available):
    url = reverse("exports:review_pdf", args=[published_review.pk]) + "?profile=public"
    response = get(client, coordinator, url)
    assert response["Content-Disposition"].endswith('filename="dhr-sarah-action-plan-public.pdf"')
    text = pdf_text(response.content)
    assert "CADAS" in text
    for person in ("Louise Kelly", "Wealleans", "Forrester", "Graham Vincent"):
        assert person not in text


def _grow(review, count: int) -> None:
    for i in range(count):
        rec = RecommendationFactory(review=review, order=100 + i, theme_heading=f"Theme {i}")
        for j in range(2):
            action = ActionFactory(recommendation=rec, order=j + 1)
            ActionLeadFactory(action=action, person_name=f"Person {i}.{j}")
            MilestoneFactory(action=action, order=1)


@pytest.mark.parametrize("name", ["review_docx", "review_xlsx"])
def test_the_queries_a_download_runs_do_not_grow_with_the_plan(
    client, coordinator, seed_review, name
):
    client.force_login(coordinator)
    url = reverse(f"exports:{name}", args=[seed_review.pk])
    client.get(url)  # warm the session

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    small = count()
    _grow(seed_review, 20)
    assert count() == small


@pytest.mark.parametrize("since", ["last-tuesday", "2999-01-01"])
def test_a_board_pack_date_that_is_not_a_past_date_is_a_bad_request(client, live, since):
    url = reverse("exports:review_board_pack_pdf", args=[live["review"].pk])
    response = get(client, live["coordinator"], f"{url}?since={since}")
    assert response.status_code == 400
    assert 'class="govuk-error-summary"' in response.text


def test_the_review_page_offers_the_downloads(client, coordinator, seed_review):
    response = get(client, coordinator, reverse("plans:review_detail", args=[seed_review.pk]))
    html = response.text
    assert 'id="download"' in html
    for fmt in ("docx", "pdf", "xlsx", "csv", "json"):
        assert reverse(f"exports:review_{fmt}", args=[seed_review.pk]) in html
    assert reverse("exports:review_board_pack_pdf", args=[seed_review.pk]) in html
    assert "?profile=public" not in html  # not published yet
    assert 'id="download-public-unavailable"' in html


def test_the_review_page_offers_public_downloads_once_published(
    client, coordinator, published_review
):
    response = get(client, coordinator, reverse("plans:review_detail", args=[published_review.pk]))
    url = reverse("exports:review_docx", args=[published_review.pk])
    assert f"{url}?profile=public" in response.text
