"""The PFD pages through their real URLs: the addressees with their clocks, an extension and
a response with its promised actions recorded, a report imported from its text (read,
previewed, saved), and the plan pages in a PFD's words. Constant queries whatever the size."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from followthrough.pfd.models import Addressee
from followthrough.plans.models import Action, Review, ReviewType
from tests.factories import ReviewFactory
from tests.pfd.conftest import REPORT_DATE

REPORTS = Path(__file__).resolve().parents[1] / "parsing" / "pfd"


@pytest.fixture
def today(monkeypatch):
    """The pages' today: 24 May 2025, twelve days after the responses were due."""
    day = dt.date(2025, 5, 24)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: day)
    return day


def signed_in(client, user):
    client.force_login(user)
    return client


def test_the_addressees_page_shows_each_clock(client, world, today):
    world.partner.response_on = dt.date(2025, 5, 2)
    world.partner.save()
    page = signed_in(client, world.users["viewer"]).get(
        reverse("pfd:addressee_list", args=[world.review.pk])
    )
    assert page.status_code == 200
    rows = page.text.split('id="addressee-')[1:]
    assert "Responded" in rows[0] and "Sent 2 May 2025" in rows[0]
    assert "Late by 12 days" in rows[1] and "No response yet" in rows[1]
    assert "Add an addressee" not in page.text  # a viewer reads only


def test_a_review_that_is_not_a_pfd_has_no_addressees_page(client, world):
    dhr = ReviewFactory(partnership=world.home)
    page = signed_in(client, world.users["coordinator"]).get(
        reverse("pfd:addressee_list", args=[dhr.pk])
    )
    assert page.status_code == 404


def test_the_plan_page_of_a_pfd_shows_its_addressees_and_concerns(client, world, today):
    page = signed_in(client, world.users["viewer"]).get(
        reverse("plans:review_detail", args=[world.review.pk])
    )
    assert "Addressees and their responses" in page.text
    assert "Late by 12 days" in page.text
    assert ">Concern</th>" in page.text
    assert ">Recommendation</th>" not in page.text


def test_a_plan_page_of_another_review_keeps_its_words_and_shows_no_addressees(client, world):
    dhr = ReviewFactory(partnership=world.home)
    page = signed_in(client, world.users["viewer"]).get(
        reverse("plans:review_detail", args=[dhr.pk])
    )
    assert "Addressees and their responses" not in page.text
    assert "This review has no recommendations yet." in page.text


def test_the_write_page_and_the_concern_form_say_concern(client, world):
    client = signed_in(client, world.users["chair"])
    write = client.get(reverse("plans:review_write", args=[world.review.pk]))
    assert "Add a concern" in write.text
    assert "Add a recommendation" not in write.text
    form = client.get(reverse("plans:recommendation_create", args=[world.review.pk]))
    assert '<h1 class="govuk-heading-l">Add a concern</h1>' in form.text


def _grow(world, n):
    for i in range(n):
        Addressee.objects.create(
            review=world.review, name=f"Body {i}", order=10 + i, sent_on=REPORT_DATE
        )


@pytest.mark.parametrize(
    "url",
    [
        lambda w: reverse("pfd:addressee_list", args=[w.review.pk]),
        lambda w: reverse("plans:review_detail", args=[w.review.pk]),
    ],
)
def test_the_pages_listing_addressees_make_the_same_queries_however_many(client, world, url):
    client = signed_in(client, world.users["coordinator"])
    client.get(url(world))
    with CaptureQueriesContext(connection) as few:
        assert client.get(url(world)).status_code == 200
    _grow(world, 12)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url(world)).status_code == 200
    assert len(many) == len(few)


def test_the_addressee_page_makes_the_same_queries_however_many_actions(client, world):
    from followthrough.pfd import services

    def promise(n):
        services.addressee_response_record(
            addressee=Addressee.objects.get(pk=world.partner.pk),
            actor=None,
            expected_version=Addressee.objects.get(pk=world.partner.pk).version,
            response_on=REPORT_DATE,
            summary="",
            promises=[services.Promise(world.concerns[0], f"Action {i}") for i in range(n)],
            today=REPORT_DATE,
        )

    client = signed_in(client, world.users["viewer"])
    url = reverse("pfd:addressee_detail", args=[world.partner.pk])
    promise(1)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    promise(10)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url)
    assert page.text.count("Action 9") == 1
    assert len(many) == len(few)


def test_an_extension_is_recorded_with_its_reason(client, world, today):
    client = signed_in(client, world.users["coordinator"])
    url = reverse("pfd:extension_record", args=[world.national.pk])
    refused = client.post(
        url, {"version": 1, "due_on": "30/6/2025", "reason": "", "granted_on": "1/5/2025"}
    )
    assert "Enter the reason" in refused.text
    done = client.post(
        url,
        {
            "version": 1,
            "due_on": "30/6/2025",
            "reason": "Awaiting a review",
            "granted_on": "1/5/2025",
        },
        follow=True,
    )
    assert "Extended to 30 June 2025 because Awaiting a review" in done.text
    assert "On time" in done.text


def test_a_stale_extension_is_refused_with_a_message(client, world, today):
    Addressee.objects.filter(pk=world.national.pk).update(version=2)
    page = signed_in(client, world.users["coordinator"]).post(
        reverse("pfd:extension_record", args=[world.national.pk]),
        {"version": 1, "due_on": "30/6/2025", "reason": "x", "granted_on": "1/5/2025"},
    )
    assert "Someone else changed this" in page.text
    assert Addressee.objects.get(pk=world.national.pk).extended_to is None


def _response(world, rows, **extra):
    data = {
        "version": 1,
        "response_on": "20/5/2025",
        "summary": "Accepted",
        "promises-TOTAL_FORMS": len(rows),
        "promises-INITIAL_FORMS": 0,
    }
    for n, (concern, text, target) in enumerate(rows):
        data[f"promises-{n}-concern"] = concern
        data[f"promises-{n}-text"] = text
        data[f"promises-{n}-target_date"] = target
    return {**data, **extra}


def test_a_response_with_promised_actions_adds_them_to_the_plan(client, world, today):
    client = signed_in(client, world.users["chair"])
    url = reverse("pfd:response_record", args=[world.partner.pk])
    first, second = world.concerns
    # "Add another action" shows the page again with one row more, keeping what was typed.
    more = client.post(
        url, _response(world, [(first.pk, "Write guidance", "July 2025")], add_promise="yes")
    )
    assert (
        more.text.count('<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Action')
        == 2
    )
    assert "Write guidance" in more.text
    assert not Action.objects.exists()
    done = client.post(
        url,
        _response(
            world,
            [
                (first.pk, "Write guidance", "July 2025"),
                (second.pk, "Fund night staff", ""),
                ("", "", ""),
            ],
        ),
        follow=True,
    )
    assert "Response recorded, with 2 promised actions added to the plan." in done.text
    assert "Responded" in done.text
    assert sorted(Action.objects.values_list("text", flat=True)) == [
        "Fund night staff",
        "Write guidance",
    ]
    plan = client.get(reverse("plans:review_detail", args=[world.review.pk]))
    assert "Write guidance" in plan.text


def test_a_promised_action_needs_its_concern(client, world, today):
    page = signed_in(client, world.users["chair"]).post(
        reverse("pfd:response_record", args=[world.partner.pk]),
        _response(world, [("", "Write guidance", "")]),
    )
    assert "Choose the concern this action answers" in page.text
    assert not Action.objects.exists()


def test_a_response_dated_in_the_future_is_refused(client, world, today):
    page = signed_in(client, world.users["chair"]).post(
        reverse("pfd:response_record", args=[world.partner.pk]),
        _response(world, [], response_on="25/5/2025"),
    )
    assert "The date of the response cannot be in the future." in page.text


def test_a_report_is_read_previewed_and_saved(client, world, today):
    client = signed_in(client, world.users["coordinator"])
    url = reverse("pfd:import")
    text = (REPORTS / "template-numbered.txt").read_text()
    preview = client.post(url, {"partnership": world.home.pk, "text": text})
    assert preview.status_code == 200
    assert "Check the report before saving" in preview.text
    assert "Prevention of future deaths report, 17 March 2025" in preview.text
    assert "Northmoor Hospitals NHS Foundation Trust</td>" in preview.text  # the partner found
    assert "12 May 2025, 56 days after the report" in preview.text
    assert "Pell" not in preview.text.split('name="text"')[0]  # shown nowhere but the text kept
    assert not Review.objects.filter(review_type=ReviewType.PFD).exclude(pk=world.review.pk)
    saved = client.post(
        url,
        {"save": "yes", "partnership": world.home.pk, "text": text, "report_date": "17/3/2025"},
        follow=True,
    )
    review = Review.objects.exclude(pk=world.review.pk).get(review_type=ReviewType.PFD)
    assert saved.redirect_chain[-1][0] == reverse("pfd:addressee_list", args=[review.pk])
    assert "Report saved with 3 concerns and 3 addressees." in saved.text
    assert review.pfd_addressees.count() == 3
    assert "Pell" not in repr(list(Review.objects.values())) + repr(
        list(review.recommendations.values_list("text", flat=True))
    )


def test_a_report_is_read_from_a_text_file(client, world):
    upload = SimpleUploadedFile(
        "report.txt", (REPORTS / "copied-from-pdf.txt").read_bytes(), "text/plain"
    )
    preview = signed_in(client, world.users["coordinator"]).post(
        reverse("pfd:import"), {"partnership": world.home.pk, "document": upload}
    )
    assert "Concerns (3)" in preview.text


def test_a_text_that_is_not_a_pfd_report_is_refused_in_one_line(client, world):
    page = signed_in(client, world.users["coordinator"]).post(
        reverse("pfd:import"),
        {"partnership": world.home.pk, "text": (REPORTS / "not-a-report.txt").read_text()},
    )
    assert "This is not a Regulation 28 report to prevent future deaths" in page.text
    assert "govuk-error-summary" in page.text


def test_the_date_must_be_given_before_saving(client, world):
    text = (REPORTS / "template-numbered.txt").read_text().replace("9 Date 17 March 2025", "")
    page = signed_in(client, world.users["coordinator"]).post(
        reverse("pfd:import"),
        {"save": "yes", "partnership": world.home.pk, "text": text, "report_date": ""},
    )
    assert "Enter the date of the report" in page.text
    assert not Review.objects.exclude(pk=world.review.pk).exists()


def test_an_outsider_cannot_import_into_another_partnership(client, world):
    text = (REPORTS / "template-numbered.txt").read_text()
    client = signed_in(client, world.users["outsider"])
    client.post(
        reverse("pfd:import"),
        {"save": "yes", "partnership": world.home.pk, "text": text, "report_date": "17/3/2025"},
    )
    assert not Review.objects.exclude(pk=world.review.pk).exists()


def test_the_reviews_list_links_authors_to_the_import(client, world):
    client = signed_in(client, world.users["chair"])
    assert 'id="pfd-import-link"' in client.get(reverse("plans:review_list")).text
    client = signed_in(client, world.users["viewer"])
    assert 'id="pfd-import-link"' not in client.get(reverse("plans:review_list")).text


def test_a_report_is_read_from_a_word_file_in_a_child_process(client, world):
    import io

    import docx

    document = docx.Document()
    for paragraph in (REPORTS / "template-numbered.txt").read_text().split("\n\n"):
        document.add_paragraph(paragraph)
    data = io.BytesIO()
    document.save(data)
    upload = SimpleUploadedFile("report.docx", data.getvalue())
    preview = signed_in(client, world.users["coordinator"]).post(
        reverse("pfd:import"), {"partnership": world.home.pk, "document": upload}
    )
    assert "Concerns (3)" in preview.text
    assert "Sent to (3)" in preview.text


def test_a_file_of_another_kind_is_refused(client, world):
    upload = SimpleUploadedFile("report.xlsx", b"PK\x03\x04")
    page = signed_in(client, world.users["coordinator"]).post(
        reverse("pfd:import"), {"partnership": world.home.pk, "document": upload}
    )
    assert "The report must be a text file (.txt), Word (.docx) or PDF" in page.text
