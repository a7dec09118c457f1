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


# Free text written in the app after publication: each marker is typed into one field, and
# none may reach a public export in any format.
FREE_TEXT = {
    "narrative": "Narrativemarker audited forty incidents",
    "outcome": "Outcomemarker question live",
    "minutes": "Minutesmarker 7.3 DS present",
    "sign-off comment": "Signoffmarker evidence seen",
    "return comment": "Returnmarker not yet",
    "revision reason": "Reasonmarker new system",
    "revision note": "Notemarker agreed by chair",
    "closure reason": "Closuremarker merged into another plan",
    "comment": "Commentmarker the sister rang again",
}
PEOPLE = ["Kit Moss", "Robin Marsh", "Dr Ana Silva", "Named Midwife", "Inspector"]


@pytest.fixture
def written_in_the_app(live):
    """The live review, published, with every kind of free text the delivery pages take."""
    import datetime as dt

    from followthrough.delivery import services as delivery
    from followthrough.interchange import PartialDate
    from tests.exports.conftest import TODAY

    coordinator, lead = live["coordinator"], live["lead"]
    review = live["review"]
    review.published_on = TODAY - dt.timedelta(days=200)
    review.save()

    def fresh(name):
        live[name].refresh_from_db()
        return live[name]

    overdue = fresh("overdue")
    delivery.progress_update_add(
        action=overdue,
        actor=lead,
        expected_version=overdue.version,
        narrative=FREE_TEXT["narrative"],
        status="on_track",
    )
    done = fresh("done")
    delivery.action_mark_completed(
        action=done,
        actor=coordinator,
        expected_version=done.version,
        outcome=FREE_TEXT["outcome"],
        completed_on=TODAY - dt.timedelta(days=2),
    )
    done = fresh("done")
    delivery.action_sign_off(
        action=done,
        actor=coordinator,
        expected_version=done.version,
        meeting_date=TODAY - dt.timedelta(days=1),
        minutes_reference=FREE_TEXT["minutes"],
        comment=FREE_TEXT["sign-off comment"],
    )
    at_risk = fresh("at_risk")
    delivery.action_mark_completed(
        action=at_risk,
        actor=lead,
        expected_version=at_risk.version,
        outcome="Done, we think.",
        completed_on=TODAY - dt.timedelta(days=3),
    )
    at_risk = fresh("at_risk")
    delivery.action_return(
        action=at_risk,
        actor=coordinator,
        expected_version=at_risk.version,
        comment=FREE_TEXT["return comment"],
    )
    revised = fresh("revised")
    revision = delivery.target_date_revision_propose(
        action=revised,
        actor=coordinator,
        proposed=PartialDate(TODAY.year + 1, 12),
        reason=FREE_TEXT["revision reason"],
    )
    delivery.target_date_revision_decide(
        revision=revision, actor=coordinator, approve=True, note=FREE_TEXT["revision note"]
    )
    delivery.action_comment_add(action=fresh("overdue"), actor=lead, text=FREE_TEXT["comment"])
    at_risk = fresh("at_risk")
    delivery.action_close(
        action=at_risk,
        actor=coordinator,
        expected_version=at_risk.version,
        status="superseded",
        reason=FREE_TEXT["closure reason"],
    )
    return live


def _text_of(fmt: str, content: bytes) -> str:
    import io

    from openpyxl import load_workbook

    from tests.exports.conftest import pdf_text

    if fmt == "docx":
        return docx_text(content)
    if fmt == "pdf":
        return " ".join(pdf_text(content).split())
    if fmt == "xlsx":
        book = load_workbook(io.BytesIO(content))
        return " ".join(
            str(v) for sheet in book.worksheets for row in sheet.values for v in row if v
        )
    return content.decode("utf-8-sig")


def _public_files(live):
    import datetime as dt

    from tests.exports.conftest import TODAY

    review, since = live["review"], TODAY - dt.timedelta(days=91)
    for fmt in services.PLAN_FORMATS:
        yield (
            f"plan.{fmt}",
            services.review_export(review=review, fmt=fmt, profile="public", actor=None),
        )
    for fmt in services.PACK_FORMATS:
        yield (
            f"review board pack.{fmt}",
            services.board_pack_export(
                review=review, since=since, fmt=fmt, profile="public", actor=None
            ),
        )
        yield (
            f"partnership board pack.{fmt}",
            services.board_pack_export(
                partnership=live["partnership"], since=since, fmt=fmt, profile="public", actor=None
            ),
        )


def test_no_free_text_written_in_the_app_reaches_a_public_export(written_in_the_app, pdf_available):
    for name, file in _public_files(written_in_the_app):
        text = _text_of(name.rsplit(".", 1)[1], file.content)
        assert "Northmoor Police" in text, name
        for field, marker in FREE_TEXT.items():
            assert marker.split()[0] not in text, (name, field)
        for person in PEOPLE:
            assert person not in text, (name, person)


def test_the_internal_board_pack_still_gives_the_minutes_reference(written_in_the_app):
    import datetime as dt

    from tests.exports.conftest import TODAY

    file = services.board_pack_export(
        review=written_in_the_app["review"],
        since=TODAY - dt.timedelta(days=91),
        fmt="docx",
        profile="internal",
        actor=None,
    )
    text = docx_text(file.content)
    assert f"(minutes {FREE_TEXT['minutes']})" in text
    assert FREE_TEXT["comment"] in text


def test_the_public_profile_drops_the_comment_threads_from_a_board_pack(written_in_the_app):
    import datetime as dt

    from followthrough.exports.profiles import public_board_pack
    from followthrough.exports.selectors import board_pack
    from tests.exports.conftest import TODAY

    internal = board_pack(
        partnership=written_in_the_app["partnership"], since=TODAY - dt.timedelta(days=91)
    )
    assert [c.detail for c in internal.comments] == [FREE_TEXT["comment"]]
    public = public_board_pack(internal)
    assert public.comments == []
    assert not [t for t, _, _ in public.change_sections if t.startswith("Comments")]
    assert internal.comments  # the internal pack is left as it was


def _appendix_text(live, profile: str) -> str:
    import datetime as dt
    import io

    from openpyxl import load_workbook

    from followthrough.exports import selectors
    from followthrough.exports.writers.appendix import appendix_xlsx
    from tests.exports.conftest import TODAY

    _, reviews = selectors.pack_reviews(partnership=live["partnership"], profile=profile)
    out = io.BytesIO()
    appendix_xlsx(
        out,
        title="Northmoor CSP",
        profile=profile,
        actions=selectors.appendix_actions(reviews=reviews, today=TODAY, profile=profile),
        changes=selectors.appendix_changes(
            reviews=reviews, since=TODAY - dt.timedelta(days=91), profile=profile
        ),
    )
    book = load_workbook(io.BytesIO(out.getvalue()))
    return " ".join(str(v) for sheet in book.worksheets for row in sheet.values for v in row if v)


def test_the_public_appendix_has_every_action_and_no_name_or_free_text(written_in_the_app):
    from followthrough.exports.model import Profile

    text = _appendix_text(written_in_the_app, Profile.PUBLIC)
    assert "Northmoor Police" in text and "Audit DASH completion in 60 incidents" in text
    for field, marker in FREE_TEXT.items():
        assert marker.split()[0] not in text, field
    for person in PEOPLE:
        assert person not in text, person
    assert "/reviews/actions/" not in text


def test_the_internal_appendix_gives_the_narratives_comments_and_leads(written_in_the_app):
    from followthrough.exports.model import Profile

    text = _appendix_text(written_in_the_app, Profile.INTERNAL)
    for marker in (
        FREE_TEXT["narrative"],
        FREE_TEXT["comment"],
        FREE_TEXT["sign-off comment"],
        FREE_TEXT["minutes"],
        FREE_TEXT["revision reason"],
        "Kit Moss",
    ):
        assert marker in text
