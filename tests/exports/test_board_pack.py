"""The board pack: counts, what changed since a date, overdue actions and exceptions, and a
table per agency, in Word and PDF."""

from __future__ import annotations

import datetime as dt

import pytest

from followthrough.delivery import services as delivery
from followthrough.exports.pdf import board_pack_html, board_pack_pdf
from followthrough.exports.selectors import board_pack
from followthrough.exports.writers.board_pack import board_pack_docx
from followthrough.interchange import PartialDate
from tests.exports.conftest import TODAY, deliver, docx_text, pdf_text, words

pytestmark = pytest.mark.django_db

SINCE = TODAY - dt.timedelta(days=30)


@pytest.fixture
def pack(live):
    deliver(live)
    return board_pack(partnership=live["partnership"], since=SINCE, today=TODAY)


def test_it_lists_the_progress_updates_since_the_date(pack):
    (update,) = pack.updates
    assert update.action.text == "Audit DASH completion in 60 incidents"
    assert update.summary == "On track"
    assert update.by == "Kit Moss"
    assert update.detail.startswith("Forty of the sixty incidents audited")


def test_it_lists_completions_sign_offs_and_revised_dates_since_the_date(pack):
    (completion,) = pack.completions
    assert completion.action.text == "Add the routine enquiry question to the booking template"
    assert completion.summary.startswith("Completed on ")
    (decision,) = pack.sign_offs
    meeting = TODAY - dt.timedelta(days=1)
    assert decision.summary == f"Signed off at the meeting of {meeting:%-d %B %Y} (minutes 7.3)"
    assert decision.detail == "Evidence seen by the board."
    (revision,) = pack.revisions
    assert (
        revision.summary
        == f"Target date moved from June {TODAY.year + 1} to December {TODAY.year + 1}"
    )
    assert revision.detail == "Waiting for the new maternity system."


def test_changes_before_the_date_are_left_out(live):
    deliver(live)
    later = board_pack(
        partnership=live["partnership"], since=TODAY + dt.timedelta(days=1), today=TODAY
    )
    assert later.change_count == 0


def test_it_lists_overdue_actions_and_exceptions(pack):
    (overdue,) = pack.overdue
    assert overdue.text == "Audit DASH completion in 60 incidents"
    assert overdue.days_overdue == 20
    reasons = {e.action.text: e.reason for e in pack.exceptions}
    assert reasons == {"Train response officers in the DASH questions": "At risk"}


def test_a_completion_waiting_for_sign_off_and_drifting_dates_are_exceptions(live):
    coordinator, action = live["coordinator"], live["at_risk"]
    for month in (6, 9):
        revision = delivery.target_date_revision_propose(
            action=action,
            actor=coordinator,
            proposed=PartialDate(TODAY.year + 2, month),
            reason="Trainers unavailable.",
        )
        delivery.target_date_revision_decide(revision=revision, actor=coordinator, approve=True)
        action.refresh_from_db()
    done = live["done"]
    delivery.action_mark_completed(
        action=done,
        actor=coordinator,
        expected_version=done.version,
        outcome="Done.",
        completed_on=TODAY,
    )
    pack = board_pack(review=live["review"], since=SINCE, today=TODAY)
    reasons = {e.action.text: e.reason for e in pack.exceptions}
    assert reasons["Train response officers in the DASH questions"] == (
        "At risk; Target date revised 2 times"
    )
    assert reasons["Add the routine enquiry question to the booking template"] == (
        "Completed, awaiting sign-off"
    )


def test_it_counts_actions_by_where_they_stand_and_rag(pack):
    assert [(label, n) for _, label, n in pack.state_counts] == [
        ("Overdue", 1),
        ("Due soon", 0),
        ("No target date", 0),
        ("Open, with time to go", 2),
        ("Awaiting sign-off", 0),
        ("Closure proposed", 0),
        ("Signed off", 1),
        ("Already in place", 0),
        ("Completed", 0),
        ("Closed without being completed", 0),
    ]
    assert [(label, n) for _, label, n in pack.rag_counts] == [
        ("Red", 1),
        ("Amber", 1),
        ("Green", 2),
        ("Not rated", 0),
    ]


def test_it_has_a_table_for_each_lead_agency(pack):
    tables = {t.agency: [a.text for a in t.actions] for t in pack.agencies}
    assert tables == {
        "Northmoor NHS Foundation Trust": [
            "Add the routine enquiry question to the booking template",
            "Report the enquiry rate to the CSP board",
        ],
        "Northmoor Police": [
            "Audit DASH completion in 60 incidents",
            "Train response officers in the DASH questions",
        ],
    }


def test_the_word_board_pack_has_every_section_and_the_changes(pack):
    text = words(docx_text(board_pack_docx(pack)))
    for heading in [
        "Board pack: Northmoor CSP",
        "Summary",
        "RAG rating",
        f"What changed since {SINCE:%-d %B %Y}",
        "Progress updates (1)",
        "Completions (1)",
        "Sign-off decisions (1)",
        "Revised target dates (1)",
        "Overdue actions (1)",
        "Exceptions (1)",
        "Northmoor Police: 2 actions, 1 overdue",
        "Northmoor NHS Foundation Trust: 2 actions",
    ]:
        assert heading in text, heading
    assert "Forty of the sixty incidents audited" in text
    assert "Evidence seen by the board." in text
    assert "Waiting for the new maternity system." in text


def test_the_pdf_board_pack_draws_the_rag_chart_with_its_numbers(pack):
    html = board_pack_html(pack)
    assert "<svg" in html and 'aria-label="RAG chart: Red 1, Amber 1, Green 2, Not rated 0"' in html


def test_the_pdf_board_pack_has_every_section_and_the_changes(pack, pdf_available):
    data = board_pack_pdf(pack)
    assert data.startswith(b"%PDF-")
    text = words(pdf_text(data))
    for expected in [
        "Board pack: Northmoor CSP",
        "Progress updates (1)",
        "Completions (1)",
        "Sign-off decisions (1)",
        "Revised target dates (1)",
        "Overdue actions (1)",
        "Exceptions (1)",
        "Forty of the sixty incidents audited",
        "Evidence seen by the board.",
        "Northmoor Police: 2 actions",
    ]:
        assert expected in text, expected


def test_the_public_board_pack_names_no_one(live):
    deliver(live)
    review = live["review"]
    review.published_on = TODAY
    review.save()
    pack = board_pack(review=review, since=SINCE, today=TODAY, profile="public")
    text = docx_text(board_pack_docx(pack)) + board_pack_html(pack)
    for name in ("Kit Moss", "Robin Marsh", "Dr Ana Silva", "Named Midwife", "Inspector"):
        assert name not in text
    for narrative in ("Forty of the sixty", "Evidence seen by the board", "new maternity system"):
        assert narrative not in text
    assert "Northmoor Police" in text


def test_the_demo_board_pack_shows_the_changes_made_in_the_delivery_demo(db):
    from followthrough.demo.loader import demo_load

    reviews = demo_load()
    pack = board_pack(partnership=reviews[0].partnership, since=SINCE, today=TODAY)
    assert [u.action.text for u in pack.updates] == [
        "Add a routine enquiry question to the CADAS assessment form",
        "Train all CADAS assessors in routine enquiry and safe follow-up",
        "Configure the call-handling system to flag third repeat calls",
    ]
    assert [c.action.text for c in pack.completions] == [
        "Issue the coding guidance to all South Lakeland practices"
    ]
    assert [a.text for a in pack.overdue] == [
        "Add a routine enquiry question to the CADAS assessment form"
    ]


def test_it_tells_awaiting_sign_off_signed_off_closure_proposed_and_closed_apart(live):
    """Observation 8: one green "Completed" stood for all of these."""
    from followthrough.plans.models import Action

    Action.objects.filter(pk=live["overdue"].pk).update(status="completed")
    Action.objects.filter(pk=live["at_risk"].pk).update(
        status="closure_proposed", proposed_closure="not_met"
    )
    Action.objects.filter(pk=live["done"].pk).update(status="signed_off")
    Action.objects.filter(pk=live["revised"].pk).update(status="partly_met")
    pack = board_pack(partnership=live["partnership"], since=SINCE, today=TODAY)
    counts = {label: n for _, label, n in pack.state_counts if n}
    assert counts == {
        "Awaiting sign-off": 1,
        "Closure proposed": 1,
        "Signed off": 1,
        "Closed without being completed": 1,
    }
    labels = {a.text: a.state_label for t in pack.agencies for a in t.actions}
    assert labels == {
        "Audit DASH completion in 60 incidents": "Awaiting sign-off",
        "Train response officers in the DASH questions": "Closure proposed",
        "Add the routine enquiry question to the booking template": "Signed off",
        "Report the enquiry rate to the CSP board": "Partly met",
    }
    for text in (
        words(docx_text(board_pack_docx(pack))),
        words(board_pack_html(pack)),
    ):
        for label in counts:
            assert label in text


def test_the_internal_board_pack_gives_the_comments_since_the_date(live):
    from followthrough.delivery.services import action_comment_add

    action_comment_add(action=live["overdue"], actor=live["lead"], text="Audit slipped a month")
    pack = board_pack(partnership=live["partnership"], since=SINCE, today=TODAY)
    (comment,) = pack.comments
    assert (comment.action.text, comment.by, comment.detail) == (
        "Audit DASH completion in 60 incidents",
        "Kit Moss",
        "Audit slipped a month",
    )
    assert "Comments (1)" in words(docx_text(board_pack_docx(pack)))
    assert "Audit slipped a month" in board_pack_html(pack)
    later = board_pack(
        partnership=live["partnership"], since=TODAY + dt.timedelta(days=1), today=TODAY
    )
    assert later.comments == []
