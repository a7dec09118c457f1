"""A new version of a plan already imported, through the pages: the preview offers to compare
it with the review it updates, the comparison lists the differences, and applying them
changes the review, keeping its progress (issue 12, observation 6)."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from followthrough import interchange
from followthrough.delivery import services as delivery
from followthrough.imports.models import PendingImport
from followthrough.interchange import PartialDate
from followthrough.plans.models import Action, Review
from tests.factories import MembershipFactory, PartnershipFactory, ReviewFactory, UserFactory
from tests.imports.conftest import action_correction, save
from tests.plans.test_revising import A, first_version

pytestmark = pytest.mark.django_db


def document(plan: interchange.ActionPlan) -> bytes:
    return json.dumps(interchange.plan_to_dict(plan)).encode()


@pytest.fixture
def partnership():
    return PartnershipFactory(name="Northmoor CSP")


@pytest.fixture
def coordinator(client, partnership):
    user = UserFactory(username="coordinator")
    MembershipFactory(user=user, partnership=partnership, role="coordinator")
    client.force_login(user)
    return user


@pytest.fixture
def upload(client, worker):
    def post(partnership, plan, name):
        response = client.post(
            reverse("imports:upload"),
            {"partnership": partnership.pk, "document": SimpleUploadedFile(name, document(plan))},
        )
        assert response.status_code == 302, response.text
        worker()
        return PendingImport.objects.get(filename=name)

    return post


@pytest.fixture
def review(client, coordinator, partnership, upload):
    save(client, upload(partnership, first_version(), "v1.json"))
    return Review.objects.get()


def second_version():
    plan = first_version()
    plan.recommendations[0].actions[0].target_date = PartialDate(2025, 11)
    plan.recommendations[0].actions.pop(1)
    plan.recommendations[1].actions.append(A("Train practice managers in routine enquiry"))
    return plan


def test_the_preview_of_a_new_version_offers_to_compare_it_with_the_review_it_updates(
    client, review, partnership, upload
):
    pending = upload(partnership, second_version(), "v2.json")
    page = client.get(reverse("imports:preview", args=[pending.pk])).text
    assert "This looks like a new version of the plan of a review already in Followthrough" in page
    likely = page.split('id="likely-updates">')[1].split("</ul>")[0]
    assert reverse("imports:compare", args=[pending.pk, review.pk]) in likely


def test_any_review_of_the_partnership_can_be_chosen_to_compare_with(
    client, review, partnership, upload
):
    plan = second_version()
    plan.review.title, plan.review.reference = "Renamed in the new version", None
    pending = upload(partnership, plan, "v2.json")
    assert (
        'id="likely-updates"' not in client.get(reverse("imports:preview", args=[pending.pk])).text
    )
    choose = reverse("imports:compare_choose", args=[pending.pk])
    page = client.get(choose)
    assert review.title in page.text
    assert client.get(choose, {"review": "9999"}).status_code == 200  # not one of ours: asked again
    response = client.get(choose, {"review": review.pk})
    assert response["Location"] == reverse("imports:compare", args=[pending.pk, review.pk])


def test_the_comparison_lists_what_is_new_changed_and_removed(client, review, partnership, upload):
    pending = upload(partnership, second_version(), "v2.json")
    page = client.get(reverse("imports:compare", args=[pending.pk, review.pk])).text
    summary = page.split('id="summary">')[1].split("</ul>")[0]
    assert "Actions: 1 new, 1 changed, 1 unchanged, 1 removed" in summary
    assert "Train practice managers in routine enquiry" in page
    assert "<del>July 2025</del>" in page and "<ins>November 2025</ins>" in page
    assert "counts as a revision of the date" in page  # the plan is agreed
    assert "Audit twenty incident logs for DASH completion" in page
    assert "Nothing of its delivery is recorded: it is deleted" in page


def test_applying_changes_the_review_keeps_the_progress_and_closes_the_import(
    client, coordinator, review, partnership, upload
):
    training = Action.objects.get(text__startswith="Deliver coercive control")
    audit = Action.objects.get(text__startswith="Audit twenty")
    delivery.progress_update_add(
        action=audit, actor=coordinator, expected_version=audit.version, narrative="Started",
        status="on_track",
    )  # fmt: skip
    pending = upload(partnership, second_version(), "v2.json")
    url = reverse("imports:compare", args=[pending.pk, review.pk])
    page = client.get(url)
    assert "has progress recorded, so it is kept as it is" in page.text
    form = page.context["form"]
    response = client.post(
        url, {"version": pending.version, "fingerprint": form.initial["fingerprint"]}, follow=True
    )
    assert response.redirect_chain[0][0] == reverse("plans:review_detail", args=[review.pk])
    assert "The review now follows v2.json: 1 actions added, 1 changed and 0 removed" in (
        response.text
    )
    assert "1 removed from the document kept for their progress" in response.text
    training.refresh_from_db()
    assert training.target == PartialDate(2025, 11) and training.target_date_revisions == 1
    assert Action.objects.filter(pk=audit.pk).exists()
    assert Action.objects.filter(text="Train practice managers in routine enquiry").exists()
    assert not PendingImport.objects.exists()
    assert Review.objects.count() == 1


def test_a_comparison_made_before_a_correction_is_refused_and_shown_again(
    client, review, partnership, upload
):
    pending = upload(partnership, second_version(), "v2.json")
    url = reverse("imports:compare", args=[pending.pk, review.pk])
    fingerprint = client.get(url).context["form"].initial["fingerprint"]
    client.post(
        reverse("imports:correct_action", args=[pending.pk, 2, 2]),
        action_correction(pending.version, text="Train practice managers and receptionists"),
    )
    response = client.post(url, {"version": pending.version, "fingerprint": fingerprint})
    assert response.status_code == 200
    assert "Someone else changed this import after you opened the page" in response.text
    assert "Train practice managers and receptionists" in response.text  # as it is now
    assert not Action.objects.filter(text__startswith="Train practice managers").exists()


def test_a_tampered_comparison_changes_nothing(client, review, partnership, upload):
    pending = upload(partnership, second_version(), "v2.json")
    url = reverse("imports:compare", args=[pending.pk, review.pk])
    response = client.post(url, {"version": pending.version, "fingerprint": "0" * 64})
    assert "changed after you compared them, so nothing was changed" in response.text
    assert Action.objects.filter(text__startswith="Audit twenty").exists()


def test_an_outsider_and_a_review_of_another_partnership_get_404(
    client, review, partnership, upload
):
    pending = upload(partnership, second_version(), "v2.json")
    elsewhere = PartnershipFactory(name="Eden Valley CSP")
    theirs = ReviewFactory(partnership=elsewhere)
    assert client.get(reverse("imports:compare", args=[pending.pk, theirs.pk])).status_code == 404
    outsider = UserFactory(username="outsider")
    MembershipFactory(user=outsider, partnership=elsewhere, role="coordinator")
    client.force_login(outsider)
    for url in (
        reverse("imports:compare", args=[pending.pk, review.pk]),
        reverse("imports:compare", args=[pending.pk, theirs.pk]),
        reverse("imports:compare_choose", args=[pending.pk]),
    ):
        assert client.get(url).status_code == 404
        assert client.post(url, {"fingerprint": "x", "version": 1}).status_code == 404
    assert Action.objects.filter(text__startswith="Audit twenty").exists()


def test_saving_a_new_version_as_a_review_of_its_own_with_the_same_reference_is_explained(
    client, review, partnership, upload
):
    pending = upload(partnership, second_version(), "v2.json")
    response = save(client, pending)
    assert response.status_code == 200
    assert "already has the reference NM-01" in response.text
    assert Review.objects.count() == 1 and PendingImport.objects.exists()
