"""The public profile: published reviews only, agencies but no people, no outcome notes."""

from __future__ import annotations

import json

import pytest

from followthrough.exports import services
from followthrough.exports.model import Profile
from followthrough.exports.profiles import ProfileRefused, apply_profile
from followthrough.exports.selectors import plan_export
from followthrough.exports.writers.docx import plan_docx
from tests.exports.conftest import docx_text

pytestmark = pytest.mark.django_db

SEED_PEOPLE = [
    "Natalia Wealleans-Turner",
    "Venetia Young",
    "Louise Kelly",
    "Jenny Draper",
    "Claire Sinclair",
    "Mike Forrester",
    "Alison Brown",
    "Graham Vincent",
    "DV Lead Officer",
    "Supt",
]


def test_the_public_profile_keeps_agencies_and_drops_names_and_roles(published_review):
    plan = apply_profile(plan_export(published_review), Profile.PUBLIC).plan
    leads = [lead for action in plan.actions() for lead in action.leads]
    assert leads and all(lead.name is None and lead.role is None for lead in leads)
    assert [lead.agency for lead in plan.recommendations[2].actions[0].leads] == [
        "CADAS",
        "GP services",
        "Unity",
    ]


def test_the_public_profile_drops_outcome_notes_but_keeps_status_and_dates(published_review):
    plan = apply_profile(plan_export(published_review), Profile.PUBLIC).plan
    action = plan.recommendations[1].actions[0]
    assert action.outcome is None
    assert action.status == "completed"
    assert action.completed_on.isoformat() == "2015-12"


def test_no_personal_name_is_in_any_public_file(published_review):
    for fmt in services.PLAN_FORMATS:
        if fmt == "pdf":
            continue  # tested in test_views with the PDF tools
        file = services.review_export(
            review=published_review, fmt=fmt, profile="public", actor=None
        )
        if fmt == "docx":
            text = docx_text(file.content)
        elif fmt == "xlsx":
            import io

            from openpyxl import load_workbook

            book = load_workbook(io.BytesIO(file.content))
            text = " ".join(
                str(v) for sheet in book.worksheets for row in sheet.values for v in row if v
            )
        else:
            text = file.content.decode("utf-8-sig")
        for person in SEED_PEOPLE:
            assert person not in text, (fmt, person)
        assert "CADAS" in text


def test_the_internal_word_file_names_the_leads(seed_review):
    text = docx_text(plan_docx(plan_export(seed_review)))
    assert "Louise Kelly" in text and "Supt Mike Forrester" in text
    assert "contains personal data" in docx_text_footer(plan_docx(plan_export(seed_review)))


def docx_text_footer(data: bytes) -> str:
    import io

    import docx

    return docx.Document(io.BytesIO(data)).sections[0].footer.paragraphs[0].text


def test_a_review_not_yet_published_is_refused_the_public_profile(seed_review):
    assert seed_review.published_on is None
    with pytest.raises(ProfileRefused, match="has not been published"):
        services.review_export(review=seed_review, fmt="json", profile="public", actor=None)


def test_the_public_json_says_it_was_published(published_review):
    file = services.review_export(review=published_review, fmt="json", profile="public", actor=None)
    data = json.loads(file.content)
    assert data["review"]["published_on"] == "2014-09"
    assert file.filename == "dhr-sarah-action-plan-public.json"
