"""Upload a plan, check and correct it in the preview, save it: through the URLs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from followthrough.imports.models import PendingImport
from followthrough.interchange import PartialDate
from followthrough.plans.models import Action, ImportSource, Review
from tests.conftest import SEED_TEXT
from tests.factories import MembershipFactory, PartnershipFactory, UserFactory
from tests.imports.conftest import action_correction, save

pytestmark = pytest.mark.django_db


@pytest.fixture
def partnership():
    return PartnershipFactory(name="South Lakeland CSP")


@pytest.fixture
def coordinator(client, partnership):
    user = UserFactory(username="coordinator")
    MembershipFactory(user=user, partnership=partnership, role="coordinator")
    client.force_login(user)
    return user


@pytest.fixture
def upload(client, worker):
    """Post a document as the upload form does, then let the worker read it (the real queue,
    worked in batch mode). The response is the upload's: a redirect to the progress page."""

    def post(partnership, name, content):
        response = client.post(
            reverse("imports:upload"),
            {"partnership": partnership.pk, "document": SimpleUploadedFile(name, content)},
        )
        if response.status_code == 302:
            worker()
        return response

    return post


def test_uploading_the_seed_shows_its_preview_and_saves_nothing_yet(
    client, coordinator, partnership, upload
):
    response = upload(partnership, "sarah.txt", SEED_TEXT.read_bytes())
    pending = PendingImport.objects.get()
    assert response["Location"] == reverse("imports:status", args=[pending.pk])
    assert not Review.objects.exists()
    preview = client.get(response["Location"], follow=True)
    assert preview.redirect_chain == [(reverse("imports:preview", args=[pending.pk]), 302)]
    assert "6 recommendations" in preview.text
    assert "Louise Kelly, DV Lead Officer (CCC)" in preview.text
    assert preview.text.count("govuk-summary-card__title-wrapper") == 6


def test_the_preview_marks_where_the_reader_was_unsure(client, coordinator, partnership, upload):
    upload(partnership, "sarah.txt", SEED_TEXT.read_bytes())
    pending = PendingImport.objects.get()
    # Record a guess as a reader would, then see it flagged on the page.
    pending.plan["recommendations"][2]["actions"][0]["warnings"] = ["5 milestones but no dates"]
    pending.save()
    preview = client.get(reverse("imports:preview", args=[pending.pk]))
    assert "The reader was unsure" in preview.text
    assert "5 milestones but no dates" in preview.text


def test_a_correction_in_the_preview_is_what_gets_saved(client, coordinator, partnership, upload):
    upload(partnership, "sarah.txt", SEED_TEXT.read_bytes())
    pending = PendingImport.objects.get()
    url = reverse("imports:correct_action", args=[pending.pk, 3, 1])
    form = client.get(url)
    assert 'name="leads-0-name" type="text" value="Natalia Wealleans-Turner"' in form.text
    assert 'name="leads-0-agency" type="text" value="CADAS"' in form.text
    response = client.post(
        url,
        action_correction(
            pending.version,
            text="Develop a model of interagency good practice",
            leads=[("Claire Sinclair", "", "Unity"), ("Venetia Young", "GP lead", "GP services")],
            milestones=[
                (1, "Agree a model of practice", "March 2014"),
                ("2", "Final report", "2014"),
            ],
            outcome="Done",
            status="completed",
        ),
    )
    assert response["Location"].endswith("#recommendation-3")
    save(client, pending)
    action = Action.objects.get(recommendation__order=3)
    assert action.text == "Develop a model of interagency good practice"
    assert [(lead.person_name, lead.role, lead.agency.name) for lead in action.leads.all()] == [
        ("Claire Sinclair", "", "Unity"),
        ("Venetia Young", "GP lead", "GP services"),
    ]
    assert [(m.number, m.text, m.target) for m in action.milestones.all()] == [
        (1, "Agree a model of practice", PartialDate(2014, 3)),
        (2, "Final report", PartialDate(2014)),
    ]
    assert not PendingImport.objects.exists()


def test_a_bad_milestone_date_is_explained_beside_it_and_the_preview_is_unchanged(
    client, coordinator, partnership, upload
):
    upload(partnership, "sarah.txt", SEED_TEXT.read_bytes())
    pending = PendingImport.objects.get()
    before = pending.plan
    response = client.post(
        reverse("imports:correct_action", args=[pending.pk, 1, 1]),
        action_correction(pending.version, text="x", milestones=[("1", "Something", "soon")]),
    )
    assert response.status_code == 200
    error = response.text.split('id="id_milestones-0-target_date-error"')[1].split("</p>")[0]
    assert "Enter a date the plan can track" in error
    assert "Milestone 1: Enter a date the plan can track" in response.text  # the summary
    pending.refresh_from_db()
    assert pending.plan == before


def test_saving_stores_the_review_with_the_original_file(client, coordinator, partnership, upload):
    upload(partnership, "sarah.txt", SEED_TEXT.read_bytes())
    pending = PendingImport.objects.get()
    response = save(client, pending)
    review = Review.objects.get()
    assert response["Location"] == reverse("plans:review_detail", args=[review.pk])
    source = ImportSource.objects.get(review=review)
    assert bytes(source.content) == SEED_TEXT.read_bytes()
    assert source.filename == "sarah.txt"


def test_uploading_a_file_already_imported_says_so(client, coordinator, partnership, upload):
    upload(partnership, "sarah.txt", SEED_TEXT.read_bytes())
    save(client, PendingImport.objects.get())
    response = upload(partnership, "again.txt", SEED_TEXT.read_bytes())
    assert response.status_code == 200
    assert "again.txt has already been imported as" in response.text
    review = Review.objects.get()
    link = response.text.split('id="already-imported">')[1].split("</div>")[0]
    assert f'href="{reverse("plans:review_detail", args=[review.pk])}"' in link
    assert not PendingImport.objects.exists()


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("empty.txt", b"", "The file is empty"),
    ],
)
def test_an_empty_file_is_refused_by_the_form(
    client, coordinator, partnership, name, content, message, upload
):
    response = upload(partnership, name, content)
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert message in response.text
    assert not PendingImport.objects.exists()


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("scan.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj", "scan.pdf: This PDF is damaged"),
        ("notes.txt", b"Minutes of the meeting.\nNothing else here.\n", "notes.txt: "),
    ],
)
def test_a_file_the_worker_cannot_read_is_refused_in_one_line_and_not_kept(
    client, coordinator, partnership, upload, name, content, message
):
    response = upload(partnership, name, content)
    page = client.get(response["Location"])
    assert "The document could not be read" in page.text
    refusal = page.text.split('id="import-refusal">')[1].split("</div>")[0]
    assert refusal.startswith(message) and "\n" not in refusal
    assert "Upload another document" in page.text
    pending = PendingImport.objects.get()
    assert pending.state == "refused" and bytes(pending.content) == b"" and pending.plan is None
    assert not Review.objects.exists()


def test_a_file_over_the_size_limit_is_refused(client, coordinator, partnership, settings, upload):
    settings.FOLLOWTHROUGH_MAX_UPLOAD_BYTES = 1024
    response = upload(partnership, "big.txt", b"x" * 2048)
    assert "the largest file Followthrough takes is 1.0\xa0KB" in response.text
    assert not PendingImport.objects.exists()


def test_discarding_the_preview_saves_nothing(client, coordinator, partnership, upload):
    upload(partnership, "sarah.txt", SEED_TEXT.read_bytes())
    client.post(reverse("imports:discard", args=[PendingImport.objects.get().pk]))
    assert not PendingImport.objects.exists() and not Review.objects.exists()


def test_only_the_partnerships_authors_can_open_a_preview(client, coordinator, partnership, upload):
    upload(partnership, "sarah.txt", SEED_TEXT.read_bytes())
    pending = PendingImport.objects.get()
    for role, other_partnership in [
        ("viewer", False),
        ("board_member", False),
        ("coordinator", True),
    ]:
        user = UserFactory(username=f"{role}-{other_partnership}")
        where = PartnershipFactory(name="Elsewhere CSP") if other_partnership else partnership
        MembershipFactory(user=user, partnership=where, role=role)
        client.force_login(user)
        for name in ("imports:preview", "imports:correct_review"):
            assert client.get(reverse(name, args=[pending.pk])).status_code == 404, (role, name)
        assert save(client, pending).status_code == 404
    assert not Review.objects.exists()


def test_the_preview_shows_the_smart_findings_of_the_plan_as_read(
    client, coordinator, partnership, upload
):
    upload(partnership, "sarah.txt", SEED_TEXT.read_bytes())
    preview = client.get(reverse("imports:preview", args=[PendingImport.objects.get().pk]))
    assert "SMART check: <strong>4 problems</strong>" in preview.text
    assert "It uses &#x27;consider&#x27;" in preview.text
    assert "It has no target date, and none of its milestones has one." in preview.text


@pytest.mark.parametrize(
    "hostile, message",
    [
        ("zip bomb", "as zip bombs are"),
        ("entities", "XML document type declaration"),
        ("truncated", "damaged or incomplete"),
    ],
)
def test_a_hostile_office_file_is_refused_in_the_browser_with_nothing_kept(
    client, coordinator, partnership, hostile, message, upload
):
    from tests.parsing.corpus.office import word
    from tests.parsing.test_package import BILLION_LAUGHS, rezip

    document = word.home_office_template()
    data = {
        "zip bomb": lambda: rezip(document, add={"word/media/filler.bin": b"\0" * 3_000_000}),
        "entities": lambda: rezip(document, replace={"word/document.xml": BILLION_LAUGHS.encode()}),
        "truncated": lambda: document[: len(document) // 2],
    }[hostile]()
    response = upload(partnership, "plan.docx", data)
    page = client.get(response["Location"])
    assert "The document could not be read" in page.text
    assert message in page.text
    assert bytes(PendingImport.objects.get().content) == b""
    assert not Review.objects.exists()


def test_a_word_plan_is_previewed_like_any_other(client, coordinator, partnership, upload):
    from tests.parsing.corpus.office import word

    response = upload(partnership, "plan.docx", word.home_office_template())
    assert response.status_code == 302
    preview = client.get(response["Location"], follow=True)
    assert "Check the plan before you save it" in preview.text
    assert preview.text.count("govuk-summary-card__title-wrapper") >= 1


MEASURED_CSV = (
    b"Recommendation,Action,Lead agency,Target date,Measure of success,Outcome\n"
    b'"Northmoor Police will complete a DASH risk assessment at every incident.",'
    b'"Refresh DASH training for response officers","Northmoor Police","March 2026",'
    b'"Audit of 20 cases shows DASH completed in 95%",""\n'
)


def test_a_measure_of_success_read_from_the_document_is_previewed_and_saved(
    client, coordinator, partnership, upload
):
    upload(partnership, "measured.csv", MEASURED_CSV)
    pending = PendingImport.objects.get()
    preview = client.get(reverse("imports:preview", args=[pending.pk]))
    assert '<dt class="govuk-summary-list__key">Measure of success</dt>' in preview.text
    assert "Audit of 20 cases shows DASH completed in 95%" in preview.text
    assert "no measure of success" not in preview.text  # the SMART check counts it
    save(client, pending)
    action = Action.objects.get()
    assert action.measure == "Audit of 20 cases shows DASH completed in 95%"
    assert action.outcome == ""


def test_a_measure_of_success_can_be_corrected_in_the_preview(
    client, coordinator, partnership, upload
):
    upload(partnership, "sarah.txt", SEED_TEXT.read_bytes())
    pending = PendingImport.objects.get()
    # A reader that filed the measure under the wrong action: the user moves it.
    pending.plan["recommendations"][0]["actions"][0]["measure"] = "CSP board sees the audit"
    pending.save()
    url = reverse("imports:correct_action", args=[pending.pk, 1, 1])
    form = client.get(url)
    assert "Measure of success (optional)" in form.text
    assert ">CSP board sees the audit</textarea>" in form.text
    data = action_correction(pending.version, text="Produce internal action plans")
    client.post(url, data)
    client.post(
        reverse("imports:correct_action", args=[pending.pk, 2, 1]),
        {
            **data,
            "version": pending.version + 1,  # the first correction raised it
            "text": "Convene a working group",
            "measure": "Audit of 20 cases",
        },
    )
    pending.refresh_from_db()
    actions = [rec["actions"][0] for rec in pending.plan["recommendations"][:2]]
    assert "measure" not in actions[0]
    assert actions[1]["measure"] == "Audit of 20 cases"
    preview = client.get(reverse("imports:preview", args=[pending.pk]))
    assert preview.text.count('<dt class="govuk-summary-list__key">Measure of success</dt>') == 1
    save(client, pending)
    saved = Action.objects.order_by("recommendation__order").values_list("measure", flat=True)
    assert list(saved[:2]) == ["", "Audit of 20 cases"]


HELD_OUT = Path(__file__).resolve().parents[1] / "parsing" / "heldout"


@pytest.mark.parametrize(
    "name",
    ["dhr-appendix.pdf", "dhr-sections.docx", "sar-plan.pdf", "dhr-tracker.xlsx",
     "dhr-report-recs.txt", "cspr-actions.csv"],
)  # fmt: skip
def test_each_outside_authored_plan_goes_through_upload_preview_and_save(
    client, coordinator, partnership, name, upload
):
    content = (HELD_OUT / name).read_bytes()
    expected = json.loads((HELD_OUT / f"{name.rsplit('.', 1)[0]}.expected.json").read_text())
    response = upload(partnership, name, content)
    pending = PendingImport.objects.get()
    preview = client.get(response["Location"], follow=True)
    assert preview.status_code == 200
    count = len(expected["recommendations"])
    assert f"{count} recommendation" in preview.text
    assert "The reader was unsure" in preview.text
    save(client, pending)
    review = Review.objects.get()
    assert review.recommendations.count() == count
    actions = sum(len(r["actions"]) for r in expected["recommendations"])
    assert Action.objects.filter(recommendation__review=review).count() == actions
    assert bytes(ImportSource.objects.get(review=review).content) == content


def test_the_preview_warns_when_the_document_names_another_partnership(
    client, coordinator, partnership, upload
):
    content = (HELD_OUT / "dhr-report-recs.txt").read_bytes()  # Northshire Safer Partnership
    response = upload(partnership, "adult-r.txt", content)
    preview = client.get(response["Location"], follow=True)
    assert (
        "The document names Northshire Safer Partnership, but you are importing it for South "
        "Lakeland CSP" in preview.text
    )


def test_the_preview_says_nothing_of_the_partnership_when_the_document_names_the_same_one(
    client, coordinator, partnership, upload
):
    response = upload(partnership, "sarah.txt", SEED_TEXT.read_bytes())
    assert 'id="other-partnership"' not in client.get(response["Location"], follow=True).text


def test_an_agency_of_another_partnership_is_linked_only_when_the_importer_confirms_it(
    client, upload, partnership
):
    """The finding, end to end: Eden Valley imports a plan naming "CADAS", South Lakeland's
    agency. The preview asks; saving without confirming saves nothing; confirming links the
    agency, and South Lakeland's CADAS lead still cannot open Eden Valley's actions."""
    from followthrough.partnerships.models import Agency
    from followthrough.partnerships.services import agency_create

    cadas = agency_create(name="CADAS", partnership=partnership, actor=None)
    lakeland_lead = UserFactory(username="lakeland-cadas-lead")
    MembershipFactory(user=lakeland_lead, partnership=partnership, role="agency_lead", agency=cadas)
    eden = PartnershipFactory(name="Eden Valley CSP")
    eden_coordinator = UserFactory(username="eden-coordinator")
    MembershipFactory(user=eden_coordinator, partnership=eden, role="coordinator")
    client.force_login(eden_coordinator)

    upload(eden, "sarah.txt", SEED_TEXT.read_bytes())
    pending = PendingImport.objects.get()
    preview = client.get(reverse("imports:preview", args=[pending.pk]))
    assert "Agencies the plan names" in preview.text
    assert "In Followthrough for other partnerships as CADAS" in preview.text
    assert "Saving adds it to Followthrough as a partner of Eden Valley CSP" in preview.text
    assert 'name="link_agencies"' in preview.text

    refused = save(client, pending)
    error = refused.text.split('id="id_link_agencies-error"')[1].split("</p>")[0]
    assert "Tick the box to confirm that CADAS" in error and "Nothing was saved" in error
    assert not Review.objects.filter(partnership=eden).exists()
    assert eden not in cadas.partnerships.all()

    save(client, pending, link_agencies="yes")
    review = Review.objects.get(partnership=eden)
    assert eden in cadas.partnerships.all()
    assert Agency.objects.filter(name="CADAS").count() == 1
    eden_cadas_action = Action.objects.filter(
        recommendation__review=review, leads__agency=cadas
    ).first()
    assert eden_cadas_action is not None

    client.force_login(lakeland_lead)
    for name in ("actions:detail", "plans:action_history", "delivery:progress_add"):
        assert client.get(reverse(name, args=[eden_cadas_action.pk])).status_code == 404
