"""Pasting a plan's text on the import page instead of uploading its document: read the same
way, through the same progress page and preview."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from followthrough.imports.models import PendingImport
from followthrough.plans.models import Review
from tests.conftest import SEED_TEXT
from tests.factories import MembershipFactory, PartnershipFactory, UserFactory
from tests.imports.conftest import save

pytestmark = pytest.mark.django_db

# An invented plan, as text copied from a web page.
PASTED = """Domestic Homicide Review into the death of Alex
Fellside Community Safety Partnership

Recommendation 1: Agencies should share risk information about victims of domestic abuse.
Action: Write an information sharing agreement for the partnership
Lead: Jo Marwick - Domestic Abuse Lead (Fellside Council)
Target date: 31 March 2026

Recommendation 2: The partnership should train front-line staff in stalking.
Action: Run a stalking awareness course for front-line staff
Lead: Priya Oakhurst - Training Officer (Fellside Police)
Target date: June 2026
"""


@pytest.fixture
def partnership():
    return PartnershipFactory(name="Fellside CSP")


@pytest.fixture
def coordinator(client, partnership):
    user = UserFactory(username="coordinator")
    MembershipFactory(user=user, partnership=partnership, role="coordinator")
    client.force_login(user)
    return user


def _post(client, partnership, **fields):
    return client.post(reverse("imports:upload"), {"partnership": partnership.pk, **fields})


def test_the_import_page_offers_to_paste_the_plan_and_names_web_pages(
    client, coordinator, partnership
):
    page = client.get(reverse("imports:upload")).text
    assert '<label class="govuk-label' in page and "Or paste the plan" in page
    assert 'name="text"' in page
    assert "a web page (.html)" in page
    assert "(optional)" not in page  # one of the two is needed: neither is optional alone


def test_pasted_text_is_read_like_an_uploaded_document_and_previewed(
    client, coordinator, partnership, worker
):
    response = _post(client, partnership, text=PASTED)
    pending = PendingImport.objects.get()
    assert response["Location"] == reverse("imports:status", args=[pending.pk])
    assert bytes(pending.content) == PASTED.strip().encode("utf-8")
    assert pending.filename.startswith("pasted-text-")
    assert pending.filename.endswith(".txt")
    assert "coordinator" not in pending.filename
    worker()
    preview = client.get(response["Location"], follow=True)
    assert preview.redirect_chain == [(reverse("imports:preview", args=[pending.pk]), 302)]
    assert "Write an information sharing agreement for the partnership" in preview.text
    assert "Run a stalking awareness course" in preview.text
    save(client, pending)
    assert Review.objects.get().title.startswith("Domestic Homicide Review into the death of Alex")


def test_pasted_text_is_counted_in_utf8_bytes_against_the_upload_limit(
    client, coordinator, partnership
):
    text = "Plan \u2013 caf\u00e9 " * 10  # 14 characters, 17 bytes in UTF-8, each time
    with override_settings(FOLLOWTHROUGH_MAX_UPLOAD_BYTES=len(text.strip()) + 5):
        response = _post(client, partnership, text=text)
    assert response.status_code == 200
    assert "The pasted text is" in response.text
    assert "Paste the action plan only, or split it" in response.text
    assert not PendingImport.objects.exists()


def test_neither_a_file_nor_pasted_text_asks_for_one(client, coordinator, partnership):
    response = _post(client, partnership, text="   \n  ")
    assert response.status_code == 200
    assert "Choose the plan document to upload, or paste the plan" in response.text
    assert 'href="#id_document"' in response.text  # the error summary leads to the field
    assert not PendingImport.objects.exists()


def test_a_file_and_pasted_text_together_ask_for_one_or_the_other(client, coordinator, partnership):
    response = _post(
        client,
        partnership,
        document=SimpleUploadedFile("plan.txt", PASTED.encode()),
        text=PASTED,
    )
    assert response.status_code == 200
    assert "Upload a file or paste the plan, not both" in response.text
    # What was pasted is shown again, to keep.
    assert "Run a stalking awareness course for front-line staff" in response.text
    assert not PendingImport.objects.exists()


def test_a_file_alone_is_still_uploaded(client, coordinator, partnership):
    response = _post(
        client, partnership, document=SimpleUploadedFile("alex.txt", SEED_TEXT.read_bytes())
    )
    pending = PendingImport.objects.get()
    assert response["Location"] == reverse("imports:status", args=[pending.pk])
    assert pending.filename == "alex.txt"


def test_the_same_text_pasted_twice_goes_back_to_the_first_import(client, coordinator, partnership):
    first = _post(client, partnership, text=PASTED)
    again = _post(client, partnership, text=PASTED)
    assert again["Location"] == first["Location"]
    assert PendingImport.objects.count() == 1
    page = client.get(again["Location"]).text
    assert "This text was pasted before" in page


def test_text_already_imported_says_so_beside_the_pasted_text(
    client, coordinator, partnership, worker
):
    _post(client, partnership, text=PASTED)
    worker()
    save(client, PendingImport.objects.get())
    response = _post(client, partnership, text=PASTED)
    assert response.status_code == 200
    assert "This text has already been imported as" in response.text
    assert 'href="#id_text"' in response.text


def test_someone_who_may_not_import_cannot_paste_a_plan(client, partnership):
    viewer = UserFactory(username="viewer")
    MembershipFactory(user=viewer, partnership=partnership, role="viewer")
    client.force_login(viewer)
    assert _post(client, partnership, text=PASTED).status_code == 404
    assert not PendingImport.objects.exists()


def test_an_outsider_cannot_paste_a_plan_for_another_partnership(client, partnership):
    outsider = UserFactory(username="outsider")
    MembershipFactory(
        user=outsider, partnership=PartnershipFactory(name="Eden Valley CSP"), role="coordinator"
    )
    client.force_login(outsider)
    response = _post(client, partnership, text=PASTED)
    assert response.status_code == 200
    assert "Choose the partnership that owns the review" in response.text
    assert not PendingImport.objects.exists()
