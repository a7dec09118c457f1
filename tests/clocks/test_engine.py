"""The clocks of a review, with fixed dates: due dates, extensions, returns, dates entered late."""

from datetime import date

import pytest

from followthrough.clocks.engine import (
    ClockState,
    Extension,
    Recorded,
    clock,
    timeline,
)
from followthrough.clocks.rules import load_stages

STAGES = load_stages()
DHR = STAGES["DHR"]
CSPR = STAGES["CSPR"]
PFD = STAGES["PFD"]
TODAY = date(2026, 6, 1)


def row(tl, key, round_=1):
    return next(r for r in tl.rows if r.rule.key == key and r.round == round_)


# clock()


def test_a_clock_done_on_the_due_date_is_done():
    state = clock(due_on=date(2026, 3, 1), done_on=date(2026, 3, 1), today=TODAY)
    assert state == ClockState("done", date(2026, 3, 1), date(2026, 3, 1), 0, 0, "Done")


def test_a_clock_done_after_the_due_date_is_done_late_by_the_days_between():
    state = clock(due_on=date(2026, 3, 1), done_on=date(2026, 3, 5), today=TODAY)
    assert (state.status, state.days_late, state.label) == ("done_late", 4, "Done 4 days late")
    state = clock(due_on=date(2026, 3, 1), done_on=date(2026, 3, 2), today=TODAY)
    assert state.label == "Done 1 day late"


def test_a_clock_not_done_after_its_due_date_is_late():
    state = clock(due_on=date(2026, 5, 20), done_on=None, today=TODAY)
    assert (state.status, state.days_late, state.days_left) == ("late", 12, 0)
    assert state.label == "Late by 12 days"
    assert state.is_late
    assert clock(due_on=date(2026, 5, 31), done_on=None, today=TODAY).label == "Late by 1 day"


def test_a_clock_is_due_soon_up_to_and_including_due_soon_days_before():
    at_edge = clock(due_on=date(2026, 6, 15), done_on=None, today=TODAY)
    assert (at_edge.status, at_edge.days_left, at_edge.label) == ("due_soon", 14, "Due in 14 days")
    beyond = clock(due_on=date(2026, 6, 16), done_on=None, today=TODAY)
    assert (beyond.status, beyond.days_left, beyond.label) == ("on_time", 15, "On time")
    assert clock(due_on=TODAY, done_on=None, today=TODAY).label == "Due today"
    assert clock(due_on=date(2026, 6, 2), done_on=None, today=TODAY).label == "Due in 1 day"


def test_due_soon_days_can_be_changed():
    state = clock(due_on=date(2026, 6, 4), done_on=None, today=TODAY, due_soon_days=2)
    assert state.status == "on_time"
    state = clock(due_on=date(2026, 6, 3), done_on=None, today=TODAY, due_soon_days=2)
    assert state.status == "due_soon"


def test_a_clock_without_a_due_date_has_no_clock_unless_done():
    assert clock(due_on=None, done_on=None, today=TODAY).status == "no_clock"
    assert clock(due_on=None, done_on=date(2026, 1, 1), today=TODAY).status == "done"


# timeline()


def test_a_stage_is_due_its_period_after_the_stage_it_counts_from():
    tl = timeline(DHR, [Recorded("notification", date(2026, 4, 10))], today=TODAY)
    decision = row(tl, "decision")
    assert decision.due_on == date(2026, 5, 10)
    assert (decision.state.status, decision.state.days_late) == ("late", 22)
    assert tl.next is decision
    assert tl.state is decision.state
    assert not tl.closed


def test_months_clamp_to_the_end_of_february():
    tl = timeline(DHR, [Recorded("notification", date(2026, 1, 31))], today=TODAY)
    assert row(tl, "decision").due_on == date(2026, 2, 28)
    tl = timeline(DHR, [Recorded("notification", date(2028, 1, 31))], today=TODAY)
    assert row(tl, "decision").due_on == date(2028, 2, 29)


def test_working_day_clocks_skip_christmas_boxing_day_new_year_and_weekends():
    tl = timeline(CSPR, [Recorded("incident_known", date(2026, 12, 24))], today=date(2026, 12, 29))
    assert row(tl, "panel_notified").due_on == date(2027, 1, 5)
    assert row(tl, "rapid_review").due_on == date(2027, 1, 19)
    assert tl.next.rule.key == "panel_notified"
    assert tl.state.label == "Due in 7 days"


def test_a_stage_done_after_its_due_date_is_done_late():
    tl = timeline(
        DHR,
        [
            Recorded("notification", date(2026, 1, 5)),
            Recorded("decision", date(2026, 2, 20)),
        ],
        today=TODAY,
    )
    decision = row(tl, "decision")
    assert (decision.state.status, decision.state.days_late) == ("done_late", 15)
    assert row(tl, "report_completed").due_on == date(2026, 8, 20)


def test_an_extension_replaces_the_due_date_and_keeps_its_reason():
    recorded = [
        Recorded("notification", date(2025, 12, 1)),
        Recorded("decision", date(2025, 12, 20)),
    ]
    trial = Extension("report_completed", date(2026, 9, 30), "Criminal trial set for July")
    before = timeline(DHR, recorded, today=date(2026, 7, 1))
    assert row(before, "report_completed").state.label == "Late by 11 days"
    after = timeline(DHR, recorded, [trial], today=date(2026, 7, 1))
    report = row(after, "report_completed")
    assert report.due_on == date(2026, 9, 30)
    assert report.extension is trial
    assert report.state.status == "on_time"
    done = timeline(
        DHR, [*recorded, Recorded("report_completed", date(2026, 9, 1))], [trial], today=TODAY
    )
    assert row(done, "report_completed").state.status == "done"


def test_the_last_extension_given_for_a_stage_counts():
    recorded = [Recorded("notification", date(2026, 5, 1))]
    extensions = [
        Extension("decision", date(2026, 7, 1), "Waiting for police"),
        Extension("decision", date(2026, 6, 20), "Brought forward"),
    ]
    tl = timeline(DHR, recorded, extensions, today=TODAY)
    assert row(tl, "decision").due_on == date(2026, 6, 20)


QA_REVIEW = [
    Recorded("notification", date(2025, 1, 6)),
    Recorded("decision", date(2025, 1, 27)),
    Recorded("home_office_told", date(2025, 1, 30)),
    Recorded("panel", date(2025, 2, 14)),
    Recorded("report_completed", date(2025, 7, 25)),
    Recorded("qa_submitted", date(2025, 9, 1)),
    Recorded("qa_outcome", date(2025, 10, 15), "returned"),
    Recorded("qa_submitted", date(2025, 11, 20)),
    Recorded("qa_outcome", date(2026, 1, 10), "approved"),
]


def test_a_return_from_quality_assurance_starts_a_second_round():
    tl = timeline(DHR, QA_REVIEW, today=date(2026, 1, 20))
    qa_rows = [
        (r.rule.key, r.round, r.done_on, r.outcome) for r in tl.rows if r.rule.key.startswith("qa")
    ]
    assert qa_rows == [
        ("qa_submitted", 1, date(2025, 9, 1), ""),
        ("qa_outcome", 1, date(2025, 10, 15), "returned"),
        ("qa_submitted", 2, date(2025, 11, 20), ""),
        ("qa_outcome", 2, date(2026, 1, 10), "approved"),
    ]
    keys = [r.rule.key for r in tl.rows]
    assert keys.index("publication") > max(i for i, k in enumerate(keys) if k == "qa_outcome")
    assert tl.next.rule.key == "publication"
    assert row(tl, "qa_outcome", 2).label == "Home Office quality assurance outcome (round 2)"


def test_after_a_return_and_before_resubmission_next_is_the_second_submission():
    tl = timeline(DHR, QA_REVIEW[:7], today=date(2025, 11, 1))
    assert (tl.next.rule.key, tl.next.round) == ("qa_submitted", 2)
    assert tl.next.label == "Submitted to the Home Office quality assurance panel (round 2)"
    assert [r.round for r in tl.rows if r.rule.key == "qa_outcome"] == [1, 2]


def test_records_given_out_of_order_are_put_in_date_order():
    tl = timeline(DHR, list(reversed(QA_REVIEW)), today=date(2026, 1, 20))
    assert row(tl, "qa_outcome", 1).outcome == "returned"
    assert row(tl, "qa_outcome", 2).outcome == "approved"
    assert tl.next.rule.key == "publication"


def test_a_review_begun_before_followthrough_starts_where_its_dates_start():
    tl = timeline(DHR, [Recorded("report_completed", date(2026, 3, 1))], today=TODAY)
    assert row(tl, "notification").state.label == "Not recorded"
    assert row(tl, "decision").state.label == "Not recorded"
    assert row(tl, "report_completed").state.status == "done"
    assert tl.next.rule.key == "qa_submitted"


def test_a_stage_whose_clock_cannot_start_yet_is_waiting():
    # The panel met, but the date of the decision (which starts the report's clock) is not known.
    tl = timeline(DHR, [Recorded("panel", date(2026, 2, 1))], today=TODAY)
    report = row(tl, "report_completed")
    assert (report.state.status, report.due_on) == ("waiting", None)
    assert tl.next is report
    assert tl.state.status == "waiting"


def test_a_new_review_waits_on_its_first_stage():
    tl = timeline(DHR, [], today=TODAY)
    assert tl.next.rule.key == "notification"
    assert tl.state.status == "no_clock"
    assert row(tl, "decision").state.status == "waiting"


def test_a_stage_recorded_before_the_stage_it_counts_from_is_still_done():
    tl = timeline(
        DHR,
        [Recorded("notification", date(2026, 3, 10)), Recorded("decision", date(2026, 3, 1))],
        today=TODAY,
    )
    decision = row(tl, "decision")
    assert (decision.state.status, decision.due_on) == ("done", date(2026, 4, 10))


def test_closure_ends_the_timeline():
    recorded = [
        Recorded("notification", date(2025, 1, 6)),
        Recorded("decision", date(2025, 3, 27)),
        Recorded("closure", date(2025, 4, 1)),
    ]
    tl = timeline(DHR, recorded, today=TODAY)
    assert tl.closed
    assert tl.next is None
    assert (tl.state.status, tl.state.label) == ("done", "Closed")
    assert row(tl, "report_completed").state.label == "Not recorded"


def test_optional_stages_never_make_the_review_late():
    tl = timeline(
        PFD,
        [Recorded("received", date(2026, 1, 5)), Recorded("response", date(2026, 2, 20))],
        today=TODAY,
    )
    published = row(tl, "published")
    assert published.rule.optional
    assert tl.next is None
    assert (tl.state.status, tl.state.label) == ("done", "Done")
    assert not tl.closed


def test_a_pfd_response_is_due_56_days_after_the_report():
    tl = timeline(PFD, [Recorded("received", date(2026, 3, 2))], today=TODAY)
    assert row(tl, "response").due_on == date(2026, 4, 27)
    assert tl.state.label == "Late by 35 days"


def test_due_soon_days_is_passed_to_every_clock():
    recorded = [Recorded("notification", date(2026, 5, 10))]  # due 10 June
    assert timeline(DHR, recorded, today=TODAY).state.status == "due_soon"
    assert timeline(DHR, recorded, today=TODAY, due_soon_days=7).state.status == "on_time"


def test_records_of_a_stage_the_type_does_not_have_are_left_out():
    tl = timeline(DHR, [Recorded("rapid_review", date(2026, 1, 1))], today=TODAY)
    assert "rapid_review" not in [r.rule.key for r in tl.rows]
    assert tl.next.rule.key == "notification"


def test_an_extension_moves_only_the_latest_round():
    extension = Extension("qa_submitted", date(2026, 2, 1), "Chair unwell")
    tl = timeline(DHR, QA_REVIEW[:7], [extension], today=date(2025, 11, 1))
    assert row(tl, "qa_submitted", 1).extension is None
    assert row(tl, "qa_submitted", 2).due_on == date(2026, 2, 1)
    assert tl.state.label == "On time"


@pytest.mark.parametrize("code", sorted(STAGES))
def test_every_review_type_makes_a_timeline_when_all_is_recorded(code):
    stages = STAGES[code]
    recorded = [Recorded(r.key, date(2026, 1, 1 + i)) for i, r in enumerate(stages.stages)]
    tl = timeline(stages, recorded, today=TODAY)
    assert tl.next is None
    assert tl.state.status == "done"
