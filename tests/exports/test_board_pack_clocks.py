"""The board pack's "Reviews in progress": each review's type, reference, title, current stage,
next stage with its due date and its clock, in Word and in the PDF; a review's own pack adds its
stage timeline; the public profile leaves the section out. Fixed dates: the pack is made on
Monday 3 June 2030."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from followthrough.exports.pdf import board_pack_html, board_pack_pdf
from followthrough.exports.profiles import public_board_pack
from followthrough.exports.selectors import board_pack
from followthrough.exports.writers.board_pack import board_pack_docx
from followthrough.stages.models import StageEntry
from tests.exports.conftest import docx_text, pdf_text, words
from tests.factories import ReviewFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2030, 6, 3)
SINCE = TODAY - dt.timedelta(days=91)


def record(review, **stages):
    for stage, on in stages.items():
        StageEntry.objects.create(review=review, stage=stage, round=1, on=on)


def notified(partnership, on, *, reference, title):
    """A DHR notified on ``on`` whose decision is not recorded: due one month after."""
    review = ReviewFactory(
        partnership=partnership, review_type="DHR", reference=reference, title=title
    )
    record(review, notification=on)
    return review


@pytest.fixture
def clocks(live):
    """The live plan's review (a DARDR) under way and on time for its overview report (due 20
    July 2030, six months after the decision); a DHR late for its decision (due 1 May); one whose
    decision is due in 7 days."""
    record(
        live["review"],
        notification=dt.date(2030, 1, 2),
        decision=dt.date(2030, 1, 20),
        home_office_told=dt.date(2030, 1, 27),
        panel=dt.date(2030, 2, 11),
    )
    partnership = live["partnership"]
    live["late"] = notified(
        partnership, dt.date(2030, 4, 1), reference="DHR/2030/001", title="DHR Adult L"
    )
    live["due_soon"] = notified(
        partnership, dt.date(2030, 5, 10), reference="DHR/2030/002", title="DHR Adult M"
    )
    return live


def partnership_pack(live, **kwargs):
    return board_pack(partnership=live["partnership"], since=SINCE, today=TODAY, **kwargs)


def review_pack(live, **kwargs):
    return board_pack(review=live["review"], since=SINCE, today=TODAY, **kwargs)


def test_a_partnerships_pack_lists_its_reviews_in_progress_late_first(clocks):
    pack = partnership_pack(clocks)
    rows = [
        (r.reference, r.current_stage, r.next_stage, r.next_due_on, r.clock_label)
        for r in pack.reviews_in_progress
    ]
    assert rows == [
        (
            "DHR/2030/001",
            "Notification of the death to the Community Safety Partnership",
            "Decision whether to hold a review",
            dt.date(2030, 5, 1),
            "Late by 33 days",
        ),
        (
            "DHR/2030/002",
            "Notification of the death to the Community Safety Partnership",
            "Decision whether to hold a review",
            dt.date(2030, 6, 10),
            "Due in 7 days",
        ),
        (
            "NM-DARDR-2025-02",
            "First meeting of the review panel",
            "Overview report completed",
            dt.date(2030, 7, 20),
            "On time",
        ),
    ]
    assert pack.reviews_in_progress[0].review_type == "Domestic Homicide Review"
    assert all(r.timeline == [] for r in pack.reviews_in_progress)


def test_the_word_pack_has_the_section_with_each_clocks_label(clocks):
    text = words(docx_text(board_pack_docx(partnership_pack(clocks))))
    assert "Reviews in progress (3)" in text
    for expected in (
        "Domestic Homicide Review",
        "DHR Adult L (DHR/2030/001)",
        "Decision whether to hold a review, due 1 May 2030",
        "Late by 33 days",
        "Due in 7 days",
        "Domestic Abuse Related Death Review",
        "Overview report completed, due 20 July 2030",
        "On time",
    ):
        assert expected in text, expected


def test_the_pdf_pack_has_the_section_with_each_clocks_label(clocks):
    html = words(board_pack_html(partnership_pack(clocks)))
    assert "<h2>Reviews in progress (3)</h2>" in html
    assert '<td class="clock-late">Late by 33 days</td>' in html
    assert '<td class="clock-due_soon">Due in 7 days</td>' in html
    assert '<td class="clock-on_time">On time</td>' in html
    assert "Decision whether to hold a review, due 1 May 2030" in html
    assert "Timeline:" not in html


def test_the_pdf_itself_shows_the_reviews_in_progress(clocks, pdf_available):
    text = words(pdf_text(board_pack_pdf(review_pack(clocks))))
    assert "Reviews in progress (1)" in text
    assert "Overview report completed" in text and "Due 20 July 2030" in text


def test_a_reviews_own_pack_adds_its_timeline(clocks):
    pack = review_pack(clocks)
    [review] = pack.reviews_in_progress
    assert review.reference == "NM-DARDR-2025-02"
    timeline = {stage.label: (stage.date_display, stage.status_label) for stage in review.timeline}
    assert timeline["Decision whether to hold a review"] == ("20 January 2030", "Done")
    assert timeline["Overview report completed"] == ("Due 20 July 2030", "On time")
    text = words(docx_text(board_pack_docx(pack)))
    html = words(board_pack_html(pack))
    for out in (text, html):
        assert "Timeline: Domestic Abuse Related Death Review into the death of Adult K" in out
        assert "20 January 2030" in out and "Due 20 July 2030" in out


def test_a_review_with_no_stage_recorded_says_so_in_its_own_pack(live):
    pack = review_pack(live)
    assert pack.reviews_in_progress == []
    assert "No stage of this review has been recorded yet." in docx_text(board_pack_docx(pack))
    assert "No stage of this review has been recorded yet." in board_pack_html(pack)


def test_the_public_profile_leaves_the_stages_and_clocks_out(clocks):
    review = clocks["review"]
    review.published_on = dt.date(2030, 5, 1)
    review.save()
    pack = review_pack(clocks, profile="public")
    assert pack.reviews_in_progress == []
    # Even a public copy of an internal pack does not write them.
    copied = public_board_pack(review_pack(clocks))
    for public in (pack, copied):
        out = docx_text(board_pack_docx(public)) + board_pack_html(public)
        assert "Reviews in progress" not in out
        assert "Overview report completed" not in out and "On time" not in out


def _queries(live) -> int:
    with CaptureQueriesContext(connection) as queries:
        pack = partnership_pack(live)
    assert pack.reviews_in_progress
    return len(queries)


def test_the_queries_do_not_grow_with_the_reviews_in_progress(live):
    notified(live["partnership"], dt.date(2030, 4, 1), reference="A/1", title="DHR A")
    one = _queries(live)
    for n in range(4):
        review = notified(
            live["partnership"], dt.date(2030, 4, 2 + n), reference=f"B/{n}", title=f"DHR B{n}"
        )
        record(review, decision=dt.date(2030, 4, 20))
    assert _queries(live) == one
    # The live plan's review is in progress too, with no stage dated yet.
    listed = [r.reference for r in partnership_pack(live).reviews_in_progress]
    assert sorted(listed) == sorted(["A/1", "B/0", "B/1", "B/2", "B/3", "NM-DARDR-2025-02"])
