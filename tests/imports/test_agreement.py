"""The preview asks whether the plan is agreed, and since when (the document's date when it
gives one); saving uses the answer (issue 12, observation 3)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from followthrough.audit.models import AuditEvent
from followthrough.imports import services
from followthrough.imports.models import PendingImport
from followthrough.interchange import PartialDate, plan_from_dict
from followthrough.plans.models import Action, Review
from tests.conftest import SEED_TEXT
from tests.factories import MembershipFactory, PartnershipFactory, UserFactory
from tests.imports.conftest import save

pytestmark = pytest.mark.django_db


@pytest.fixture
def partnership():
    return PartnershipFactory(name="South Lakeland CSP")


@pytest.fixture
def chair(client, partnership):
    user = UserFactory(username="chair")
    MembershipFactory(user=user, partnership=partnership, role="panel_chair")
    client.force_login(user)
    return user


@pytest.fixture
def pending(partnership, chair, worker):
    pending = services.pending_import_create(
        partnership=partnership, data=SEED_TEXT.read_bytes(), filename="sarah.txt", actor=chair
    )
    worker()
    pending.refresh_from_db()
    return pending


def with_review(pending, *, published_on=None, preamble=None) -> PendingImport:
    if published_on is not None:
        pending.plan["review"]["published_on"] = published_on
    if preamble is not None:
        pending.plan["preamble"] = preamble
    pending.save()
    return pending


def agreed_on_field(page: str) -> str:
    return page.split('id="id_agreed_on"')[1].split(">")[0]


def test_the_preview_asks_and_says_what_agreeing_means(client, pending):
    page = client.get(reverse("imports:preview", args=[pending.pk])).text
    assert "Has this plan been agreed?" in page
    assert "target dates of its actions change only through a revised date" in page
    assert "save the plan as a draft and agree it once its dates are right" in page
    today = timezone.localdate()
    assert f'value="{today.day}/{today.month}/{today.year}"' in agreed_on_field(page)
    assert "The document gives no date, so today is filled in" in page


def test_the_publication_date_of_the_document_is_offered(client, pending):
    with_review(pending, published_on="2014-01-14")
    page = client.get(reverse("imports:preview", args=[pending.pk])).text
    assert 'value="14/1/2014"' in agreed_on_field(page)
    assert "14 January 2014 is its publication date" in page


def test_a_publication_month_offers_its_last_day_and_says_so(client, pending):
    with_review(pending, published_on="2014-02")
    page = client.get(reverse("imports:preview", args=[pending.pk])).text
    assert 'value="28/2/2014"' in agreed_on_field(page)
    assert "The document gives February 2014 (its publication date) without the day" in page


def test_the_day_the_document_says_it_was_agreed_comes_before_its_publication(pending):
    with_review(
        pending,
        published_on="2014-05-01",
        preamble="Overview. This action plan was agreed by the panel on 12 March 2014. Dates "
        "were set in April 2015.",
    )
    day, given = services.agreed_day(plan_from_dict(pending.plan), dt.date(2026, 1, 1))
    assert day == dt.date(2014, 3, 12)
    assert given.date == PartialDate(2014, 3, 12)


def test_saving_an_agreed_plan_agrees_it_on_the_day_given(client, chair, pending):
    response = save(client, pending, agreed_on="12/3/2014")
    review = Review.objects.get()
    assert response["Location"] == reverse("plans:review_detail", args=[review.pk])
    assert review.is_agreed
    assert timezone.localtime(review.agreed_at).date() == dt.date(2014, 3, 12)
    event = AuditEvent.objects.get(event_type="plan.imported")
    assert event.actor == chair and event.after["plan_status"] == "agreed"


def test_a_plan_saved_as_a_draft_keeps_its_dates_free_to_correct(client, pending):
    save(client, pending, agreed="no", agreed_on="")
    review = Review.objects.get()
    assert not review.is_agreed and review.agreed_at is None
    action = Action.objects.filter(recommendation__review=review).first()
    response = client.post(
        reverse("plans:action_edit", args=[action.pk]),
        {"version": action.version, "text": action.text, "target_date": "March 2016"},
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.target == PartialDate(2016, 3)
    assert action.target_date_revisions == 0 and action.original_target is None
    page = client.get(reverse("exports:review_csv", args=[review.pk]))
    assert b"Revised" not in page.content


@pytest.mark.parametrize(
    "answers, field, message",
    [
        ({"agreed": ""}, "agreed", "Say whether the plan has been agreed"),
        ({"agreed": "maybe"}, "agreed", "Say whether the plan has been agreed"),
        ({"agreed_on": ""}, "agreed_on", "Enter the date agreed"),
        ({"agreed_on": "31/2/2014"}, "agreed_on", "Date agreed must be a real date"),
        ({"agreed_on": "1/1/9999"}, "agreed_on", "must be between 1900 and 2199"),
    ],
)
def test_an_answer_that_cannot_be_right_is_explained_beside_it_and_nothing_is_saved(
    client, pending, answers, field, message
):
    response = save(client, pending, **answers)
    assert response.status_code == 200
    assert "There is a problem" in response.text
    error = response.text.split(f'id="id_{field}-error"')[1].split("</p>")[0]
    assert message in error
    assert not Review.objects.exists() and PendingImport.objects.filter(pk=pending.pk).exists()


def test_a_day_to_come_is_not_the_day_it_was_agreed(client, pending):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = save(client, pending, agreed_on=tomorrow.strftime("%d/%m/%Y"))
    assert "Date agreed must be today or in the past" in response.text
    assert not Review.objects.exists()


def test_the_command_line_agrees_a_plan_on_the_date_the_document_gives(partnership):
    plan = plan_from_dict(
        {
            "review": {"title": "DHR Adult C", "published_on": "2019-06-20"},
            "recommendations": [{"text": "Do it", "actions": [{"text": "Act"}]}],
        }
    )
    result = services.document_import(
        data=b"plan", filename="c.json", plan=plan, partnership_name=partnership.name, actor=None
    )
    assert timezone.localtime(result.review.agreed_at).date() == dt.date(2019, 6, 20)


def test_a_publication_date_corrected_in_the_preview_is_the_one_offered_and_saved(client, pending):
    response = client.post(
        reverse("imports:correct_review", args=[pending.pk]),
        {
            "version": pending.version,
            "title": "DHR Sarah",
            "review_type": "DHR",
            "subject_pseudonym": "Sarah",
            "reference": "",
            "published_on": "20 June 2019",
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("imports:preview", args=[pending.pk])).text
    assert 'value="20/6/2019"' in agreed_on_field(page)
    save(client, PendingImport.objects.get(), agreed_on="20/6/2019")
    assert Review.objects.get().published == PartialDate(2019, 6, 20)


def test_a_date_far_from_the_word_agreed_is_not_taken_for_the_day_it_was_agreed(pending):
    with_review(
        pending,
        preamble="Agencies agreed to report on their internal action plans to the task and "
        "finish group of the partnership, which met in January 2014.",
    )
    assert services.document_date(plan_from_dict(pending.plan)) is None
