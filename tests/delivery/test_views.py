"""Delivering an action through the pages, as each persona."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from followthrough.delivery.models import Evidence, TargetDateRevision
from tests.delivery.conftest import PDF

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def as_user(client, user):
    client.force_login(user)
    return client


def test_a_lead_records_progress_with_evidence_from_the_action_page(client, action, police_lead):
    as_user(client, police_lead)
    page = client.get(reverse("actions:detail", args=[action.pk]))
    assert "Record progress" in page.text
    response = client.post(
        reverse("delivery:progress_add", args=[action.pk]),
        {
            "version": action.version,
            "narrative": "Half the officers trained.",
            "status": "on_track",
            "evidence": [SimpleUploadedFile("register.pdf", PDF)],
        },
    )
    assert response["Location"] == reverse("actions:detail", args=[action.pk])
    page = client.get(response["Location"])
    assert "Half the officers trained." in page.text
    evidence = Evidence.objects.get()
    assert reverse("delivery:evidence_download", args=[evidence.pk]) in page.text


def test_a_stale_page_is_refused_with_a_clear_message(client, action, police_lead):
    as_user(client, police_lead)
    stale = action.version
    client.post(
        reverse("delivery:progress_add", args=[action.pk]),
        {"version": stale, "narrative": "First", "status": "at_risk"},
    )
    response = client.post(
        reverse("delivery:progress_add", args=[action.pk]),
        {"version": stale, "narrative": "Second", "status": "on_track"},
    )
    assert response.status_code == 200
    assert "Someone else changed this action after you opened the page" in response.text
    action.refresh_from_db()
    assert action.status == "at_risk"


def test_an_evidence_file_of_the_wrong_type_is_explained(client, action, police_lead):
    as_user(client, police_lead)
    response = client.post(
        reverse("delivery:progress_add", args=[action.pk]),
        {
            "version": action.version,
            "narrative": "x",
            "status": "on_track",
            "evidence": [SimpleUploadedFile("report.pdf", b"MZ\x90\x00 not a pdf")],
        },
    )
    assert "This type of file cannot be used as evidence" in response.text
    assert not Evidence.objects.exists()


def test_the_lead_completes_and_the_coordinator_signs_off(client, action, police_lead, coordinator):
    as_user(client, police_lead).post(
        reverse("delivery:complete", args=[action.pk]),
        {
            "version": action.version,
            "outcome": "All 120 officers trained",
            "completed_on": "30/4/2026",
        },
    )
    action.refresh_from_db()
    assert action.status == "completed"
    as_user(client, coordinator)
    assert "Sign off or return" in client.get(reverse("actions:detail", args=[action.pk])).text
    response = client.post(
        reverse("delivery:sign_off", args=[action.pk]),
        {
            "version": action.version,
            "decision": "sign_off",
            "meeting_date": "14/5/2026",
            "minutes_reference": "B/26/5",
        },
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == "signed_off"


def test_signing_off_needs_the_meeting_and_minutes(client, action, police_lead, coordinator):
    as_user(client, police_lead).post(
        reverse("delivery:complete", args=[action.pk]),
        {"version": action.version, "outcome": "Done", "completed_on": "30/4/2026"},
    )
    action.refresh_from_db()
    response = as_user(client, coordinator).post(
        reverse("delivery:sign_off", args=[action.pk]),
        {"version": action.version, "decision": "sign_off"},
    )
    assert "Enter the date of the meeting that signed it off" in response.text
    assert "Enter the minutes reference" in response.text


def test_a_new_date_is_proposed_by_the_lead_and_approved_by_the_coordinator(
    client, action, police_lead, coordinator
):
    as_user(client, police_lead).post(
        reverse("delivery:revision_propose", args=[action.pk]),
        {"proposed": "December 2030", "reason": "The trainer left"},
    )
    revision = TargetDateRevision.objects.get()
    page = client.get(reverse("actions:detail", args=[action.pk]))
    assert "Waiting for the coordinator" in page.text
    as_user(client, coordinator)
    assert client.get(reverse("delivery:revision_decide", args=[revision.pk])).status_code == 200
    client.post(reverse("delivery:revision_decide", args=[revision.pk]), {"decision": "approve"})
    page = client.get(reverse("actions:detail", args=[action.pk]))
    assert "December 2030" in page.text
    assert "Revised 1 time; originally July 2030" in page.text


def test_a_lead_of_another_agency_cannot_update_the_action(client, action, health_lead):
    as_user(client, health_lead)
    for name in (
        "delivery:progress_add",
        "delivery:complete",
        "delivery:close",
        "delivery:revision_propose",
        "delivery:sign_off",
    ):
        assert client.get(reverse(name, args=[action.pk])).status_code == 404, name
    page = client.get(reverse("actions:detail", args=[action.pk]))
    assert page.status_code == 200  # a member of the partnership may read it
    assert "Record progress" not in page.text


def test_a_lead_of_the_same_agency_in_another_partnership_cannot_reach_this_ones_actions(
    client, action, police
):
    """The finding: an agency serving two partnerships gave its lead in one of them the other's
    actions, their history, evidence and narrative, and let them post progress."""
    from tests.delivery.conftest import persona
    from tests.factories import PartnershipFactory

    elsewhere = PartnershipFactory(name="Fellside CSP")
    police.partnerships.add(elsewhere)
    lead_elsewhere = persona("fellside-police-lead", elsewhere, "agency_lead", police)
    as_user(client, lead_elsewhere)
    for name in ("actions:detail", "plans:action_history", "delivery:progress_add"):
        assert client.get(reverse(name, args=[action.pk])).status_code == 404, name
    refused = client.post(
        reverse("delivery:progress_add", args=[action.pk]),
        {"version": action.version, "narrative": "x", "status": "at_risk"},
    )
    assert refused.status_code == 404
    assert not action.progress_updates.exists()
    dashboard = client.get(reverse("dashboards:my_actions"))
    assert action.text not in dashboard.text


def test_a_partnership_that_makes_someone_its_lead_gives_them_its_actions(
    client, action, police, partnership
):
    from tests.delivery.conftest import persona
    from tests.factories import MembershipFactory, PartnershipFactory

    elsewhere = PartnershipFactory(name="Fellside CSP")
    police.partnerships.add(elsewhere)
    lead = persona("fellside-police-lead", elsewhere, "agency_lead", police)
    MembershipFactory(user=lead, partnership=partnership, role="agency_lead", agency=police)
    as_user(client, lead)
    assert client.get(reverse("actions:detail", args=[action.pk])).status_code == 200
    assert client.get(reverse("delivery:progress_add", args=[action.pk])).status_code == 200


def test_evidence_is_served_only_to_those_who_may_see_the_action(
    client, action, police_lead, outsider, viewer
):
    as_user(client, police_lead).post(
        reverse("delivery:progress_add", args=[action.pk]),
        {
            "version": action.version,
            "narrative": "x",
            "status": "on_track",
            "evidence": [SimpleUploadedFile("register.pdf", PDF)],
        },
    )
    url = reverse("delivery:evidence_download", args=[Evidence.objects.get().pk])
    response = as_user(client, viewer).get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="register.pdf"')
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF
    assert as_user(client, outsider).get(url).status_code == 404


def test_the_rag_help_page_prints_the_rule_the_code_applies(client, viewer):
    from followthrough.plans.rag import RULE

    page = as_user(client, viewer).get(reverse("delivery:rag_help"))
    assert page.text.count('<tr class="govuk-table__row"><td') == len(RULE)
    assert "Overdue: still open after its target date" in page.text
