"""Imports people can come back to: the list of unsaved imports, the same document uploaded
again opening its import, cancelling that asks first, the corrections as rows of their own
(issue 12, observations 6 and 7)."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from followthrough.audit.models import AuditEvent
from followthrough.imports import services
from followthrough.imports.models import PendingImport
from followthrough.interchange import PartialDate
from followthrough.plans.models import Review
from tests.conftest import SEED_TEXT
from tests.factories import MembershipFactory, PartnershipFactory, UserFactory
from tests.imports.conftest import action_correction, save

pytestmark = pytest.mark.django_db

NOTES = b"Minutes of the meeting.\nNothing else here.\n"


@pytest.fixture
def partnership():
    return PartnershipFactory(name="South Lakeland CSP")


def member(partnership, username, role):
    user = UserFactory(username=username)
    MembershipFactory(user=user, partnership=partnership, role=role)
    return user


@pytest.fixture
def coordinator(client, partnership):
    user = member(partnership, "coordinator", "coordinator")
    client.force_login(user)
    return user


@pytest.fixture
def upload(client, worker):
    def post(partnership, name="sarah.txt", content=None, work=True):
        response = client.post(
            reverse("imports:upload"),
            {
                "partnership": partnership.pk,
                "document": SimpleUploadedFile(name, content or SEED_TEXT.read_bytes()),
            },
        )
        if work:
            worker()
        return response

    return post


def correct_first_action(client, pending, text="Produce internal action plans by March"):
    response = client.post(
        reverse("imports:correct_action", args=[pending.pk, 1, 1]),
        action_correction(pending.version, text=text, leads=[("Kit Marsh", "", "CADAS")]),
    )
    assert response.status_code == 302


# The list of imports not yet saved


def test_the_list_shows_each_unsaved_import_of_the_partnership_and_where_it_is(
    client, coordinator, partnership, upload
):
    upload(partnership, "sarah.txt")
    upload(partnership, "notes.txt", NOTES)
    upload(partnership, "waiting.txt", b"Not read yet", work=False)
    ready = PendingImport.objects.get(filename="sarah.txt")
    correct_first_action(client, ready)
    elsewhere = PartnershipFactory(name="Eden Valley CSP")
    services.pending_import_create(
        partnership=elsewhere,
        data=b"Eden's plan",
        filename="eden.txt",
        actor=member(elsewhere, "eden", "coordinator"),
    )

    page = client.get(reverse("imports:drafts")).text
    table = page.split(f'id="drafts-{partnership.pk}"')[1].split("</table>")[0]
    rows = table.split("<tr")[2:]
    names = [re.search(r'<a class="govuk-link" href="[^"]+">([^<]+)</a>', row)[1] for row in rows]
    assert names == ["waiting.txt", "notes.txt", "sarah.txt"]
    assert "Waiting to be read" not in rows[0] and "Queued" in rows[0]
    assert "Could not be read" in rows[1]
    assert "Ready to check" in rows[2] and reverse("imports:preview", args=[ready.pk]) in rows[2]
    assert ">1</td>" in rows[2]  # one correction made
    assert "eden.txt" not in page


def test_the_reviews_page_leads_to_the_list(client, coordinator):
    page = client.get(reverse("plans:review_list")).text
    link = page.split('id="drafts-link">')[1].split("</p>")[0]
    assert reverse("imports:drafts") in link


def test_only_plan_authors_have_the_list_and_an_outsider_sees_none_of_ours(
    client, coordinator, partnership, upload
):
    upload(partnership, "sarah.txt")
    viewer = member(partnership, "viewer", "viewer")
    client.force_login(viewer)
    assert client.get(reverse("imports:drafts")).status_code == 404
    assert "drafts-link" not in client.get(reverse("plans:review_list")).text
    outsider = member(PartnershipFactory(name="Eden Valley CSP"), "outsider", "coordinator")
    client.force_login(outsider)
    page = client.get(reverse("imports:drafts"))
    assert page.status_code == 200 and "sarah.txt" not in page.text
    assert 'id="no-drafts"' in page.text


def test_the_list_runs_the_same_queries_however_many_imports_wait(
    client, coordinator, partnership, upload, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        with CaptureQueriesContext(connection) as seen:
            assert client.get(reverse("imports:drafts")).status_code == 200
        return len(seen)

    upload(partnership, "one.txt", b"one", work=False)
    one = queries()
    for n in range(5):
        upload(partnership, f"more-{n}.txt", f"more {n}".encode(), work=False)
    upload(partnership, "notes.txt", NOTES)
    assert queries() == one


# The same document again


def test_uploading_a_document_again_opens_its_import_with_the_corrections_and_says_so(
    client, coordinator, partnership, upload
):
    upload(partnership, "sarah.txt")
    pending = PendingImport.objects.get()
    correct_first_action(client, pending)
    response = upload(partnership, "sarah (1).txt")
    assert response["Location"] == reverse("imports:status", args=[pending.pk])
    assert PendingImport.objects.count() == 1
    page = client.get(response["Location"], follow=True)
    assert page.redirect_chain[-1][0] == reverse("imports:preview", args=[pending.pk])
    assert "sarah (1).txt was uploaded before" in page.text
    assert "This is that import, with the corrections made since." in page.text
    assert "Produce internal action plans by March" in page.text


def test_another_plan_author_of_the_partnership_goes_on_with_the_same_import(
    client, coordinator, partnership, upload
):
    upload(partnership, "sarah.txt")
    pending = PendingImport.objects.get()
    client.force_login(member(partnership, "chair", "panel_chair"))
    response = upload(partnership, "sarah.txt")
    assert response["Location"] == reverse("imports:status", args=[pending.pk])
    assert PendingImport.objects.count() == 1


def test_a_document_refused_before_is_read_afresh_when_uploaded_again(
    client, coordinator, partnership, upload
):
    upload(partnership, "notes.txt", NOTES)
    refused = PendingImport.objects.get()
    upload(partnership, "notes.txt", NOTES)
    again = PendingImport.objects.get()
    assert again.pk != refused.pk and again.state == "refused"  # read again, refused again
    assert AuditEvent.objects.filter(
        event_type="import.discarded", target_id=refused.pk, actor=coordinator
    ).exists()


# Cancelling asks first


def test_cancelling_asks_first_and_says_what_is_lost(client, coordinator, partnership, upload):
    upload(partnership, "sarah.txt")
    pending = PendingImport.objects.get()
    correct_first_action(client, pending)
    preview = client.get(reverse("imports:preview", args=[pending.pk])).text
    discard = reverse("imports:discard", args=[pending.pk])
    assert f'<a class="govuk-link" href="{discard}">Cancel the import</a>' in preview
    page = client.get(discard)
    assert page.status_code == 200
    assert "Cancel this import?" in page.text
    assert "the 1 correction made to it are deleted" in page.text
    assert PendingImport.objects.filter(pk=pending.pk).exists()
    response = client.post(discard)
    assert response["Location"] == reverse("imports:drafts")
    assert not PendingImport.objects.exists() and not Review.objects.exists()
    assert AuditEvent.objects.filter(event_type="import.discarded", actor=coordinator).exists()


def test_the_progress_page_asks_first_too(client, coordinator, partnership, upload):
    upload(partnership, "waiting.txt", b"Not read yet", work=False)
    pending = PendingImport.objects.get()
    page = client.get(reverse("imports:status", args=[pending.pk])).text
    discard = reverse("imports:discard", args=[pending.pk])
    assert f'href="{discard}">Cancel the import</a>' in page
    assert f'action="{discard}"' not in page


def test_an_outsider_can_neither_see_nor_cancel_an_import(client, partnership, upload, coordinator):
    upload(partnership, "sarah.txt")
    pending = PendingImport.objects.get()
    client.force_login(
        member(PartnershipFactory(name="Eden Valley CSP"), "outsider", "coordinator")
    )
    discard = reverse("imports:discard", args=[pending.pk])
    assert client.get(discard).status_code == 404
    assert client.post(discard).status_code == 404
    assert PendingImport.objects.filter(pk=pending.pk).exists()


# Leads and milestones as rows


def correction_page(client, pending, rec=3, action=1):
    return reverse("imports:correct_action", args=[pending.pk, rec, action])


def test_leads_and_milestones_are_rows_of_fields_with_a_blank_one_to_add(
    client, coordinator, partnership, upload
):
    upload(partnership, "sarah.txt")
    pending = PendingImport.objects.get()
    page = client.get(correction_page(client, pending)).text
    assert page.count('<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Lead ') == 4
    assert 'name="leads-3-name" type="text">' in page  # the blank one
    assert "Add another lead" in page and "Add another milestone" in page
    assert "name | role | agency" not in page


def test_add_another_shows_the_page_again_with_what_was_typed_and_saves_nothing(
    client, coordinator, partnership, upload
):
    upload(partnership, "sarah.txt")
    pending = PendingImport.objects.get()
    data = action_correction(
        pending.version,
        text="Typed, not saved",
        leads=[("Kit Marsh", "DA Lead", "CADAS")],
        milestones=[("1", "Course designed", "July 2025")],
    )
    page = client.post(correction_page(client, pending), {**data, "add_lead": "yes"})
    assert page.status_code == 200 and "There is a problem" not in page.text
    assert ">Typed, not saved</textarea>" in page.text
    assert 'name="leads-0-name" type="text" value="Kit Marsh"' in page.text
    assert 'name="leads-1-name" type="text">' in page.text  # the row added, blank
    assert 'name="leads-TOTAL_FORMS" value="2"' in page.text
    assert 'name="milestones-0-target_date" type="text" value="July 2025"' in page.text
    assert f'name="version" value="{pending.version}"' in page.text
    pending.refresh_from_db()
    assert pending.version == 1


def test_remove_takes_out_that_row_and_the_rest_move_up(client, coordinator, partnership, upload):
    upload(partnership, "sarah.txt")
    pending = PendingImport.objects.get()
    url = correction_page(client, pending)
    data = action_correction(
        pending.version,
        text="Develop a model",
        leads=[("A One", "", "CADAS"), ("B Two", "", "Unity"), ("C Three", "", "GP services")],
    )
    page = client.post(url, {**data, "remove_lead": "1"}).text
    assert 'name="leads-1-name" type="text" value="C Three"' in page
    assert "B Two" not in page
    shown_again = action_correction(
        pending.version,
        text="Develop a model",
        leads=[("A One", "", "CADAS"), ("C Three", "", "GP services")],
    )
    assert client.post(url, shown_again).status_code == 302
    pending.refresh_from_db()
    leads = pending.plan["recommendations"][2]["actions"][0]["leads"]
    assert [lead["name"] for lead in leads] == ["A One", "C Three"]


def test_empty_rows_are_no_leads_and_no_milestones(client, coordinator, partnership, upload):
    upload(partnership, "sarah.txt")
    pending = PendingImport.objects.get()
    data = action_correction(
        pending.version,
        text="Act",
        leads=[("", "", ""), ("", "", "CADAS")],
        milestones=[("", "", ""), ("", "Report", "")],
    )
    assert client.post(correction_page(client, pending), data).status_code == 302
    pending.refresh_from_db()
    action = pending.plan["recommendations"][2]["actions"][0]
    assert action["leads"] == [{"name": None, "role": None, "agency": "CADAS"}]
    assert action["milestones"] == [{"number": None, "text": "Report", "target_date": None}]


@pytest.mark.parametrize(
    "leads, milestones, field, message",
    [
        ([("x" * 201, "", "")], [], "leads-0-name", "The lead&#x27;s name must be 200 characters"),
        ([], [("4", "", "July 2025")], "milestones-0-text", "Enter the milestone, or clear"),
        ([], [("1", "Report", "31/13/2025")], "milestones-0-target_date", "Enter a date the plan"),
        ([], [("1000", "Report", "")], "milestones-0-number", "Number must be 999 or less"),
    ],
)
def test_a_row_that_cannot_be_saved_is_explained_beside_its_field(
    client, coordinator, partnership, upload, leads, milestones, field, message
):
    upload(partnership, "sarah.txt")
    pending = PendingImport.objects.get()
    data = action_correction(pending.version, text="Act", leads=leads, milestones=milestones)
    response = client.post(correction_page(client, pending), data)
    assert response.status_code == 200
    error = response.text.split(f'id="id_{field}-error"')[1].split("</p>")[0]
    assert message in error
    summary = response.text.split('govuk-error-summary__list">')[1].split("</ul>")[0]
    assert f'href="#id_{field}"' in summary
    pending.refresh_from_db()
    assert pending.version == 1


def test_a_page_with_more_rows_than_any_plan_is_refused_not_a_500(
    client, coordinator, partnership, upload
):
    upload(partnership, "sarah.txt")
    pending = PendingImport.objects.get()
    data = action_correction(pending.version, text="Act")
    data["leads-TOTAL_FORMS"] = "1000000"
    response = client.post(correction_page(client, pending), data)
    assert response.status_code == 200
    assert "Enter at most 50 leads" in response.text
    data.pop("milestones-TOTAL_FORMS")
    response = client.post(correction_page(client, pending), {**data, "leads-TOTAL_FORMS": "0"})
    assert "The page was incomplete" in response.text


def test_the_milestone_dates_corrected_are_the_ones_saved(client, coordinator, partnership, upload):
    upload(partnership, "sarah.txt")
    pending = PendingImport.objects.get()
    data = action_correction(
        pending.version, text="Act", milestones=[("1", "Course designed", "31/7/2025")]
    )
    client.post(correction_page(client, pending, rec=1), data)
    save(client, PendingImport.objects.get())
    review = Review.objects.get()
    milestone = review.recommendations.get(order=1).actions.get().milestones.get()
    assert milestone.target == PartialDate(2025, 7, 31)
