"""Recording, changing, removing and extending a review's stages: audited, version-checked,
never in the future, only the stages of the review's type, and a QA return opening a round."""

from __future__ import annotations

import datetime as dt

import pytest

from followthrough.audit.models import AuditEvent
from followthrough.plans.models import Review
from followthrough.stages import services
from followthrough.stages.models import StageEntry, StageExtension
from followthrough.stages.selectors import review_timelines
from followthrough.stages.services import StageError, StaleEdit

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 2)


def record(review, actor, stage, on, **kw):
    review.refresh_from_db()
    return services.stage_record(
        review=review,
        stage=stage,
        on=on,
        actor=actor,
        expected_version=review.version,
        today=TODAY,
        **kw,
    )


def test_recording_a_stage_writes_an_audit_event_and_the_reviews_own_date(review, coordinator):
    entry = record(review, coordinator, "decision", dt.date(2025, 6, 30), note="Panel met")
    assert (entry.stage, entry.round, entry.recorded_by) == ("decision", 1, coordinator)
    event = AuditEvent.objects.get(event_type="stage.recorded")
    assert event.actor == coordinator and event.target_id == entry.pk
    assert event.after["review"] == {"decided_on": "2025-06-30"}
    review.refresh_from_db()
    assert review.decided_on == dt.date(2025, 6, 30)
    assert entry.history.count() == 1


def test_a_page_older_than_the_review_is_refused_and_nothing_is_saved(review, coordinator):
    stale = review.version
    record(review, coordinator, "notification", dt.date(2025, 6, 2))
    with pytest.raises(StaleEdit):
        services.stage_record(
            review=review,
            stage="decision",
            on=dt.date(2025, 6, 30),
            actor=coordinator,
            expected_version=stale,
            today=TODAY,
        )
    assert not StageEntry.objects.filter(stage="decision").exists()


def test_a_date_in_the_future_is_refused(review, coordinator):
    with pytest.raises(StageError, match="cannot be in the future"):
        record(review, coordinator, "notification", TODAY + dt.timedelta(days=1))
    assert not StageEntry.objects.exists()
    assert not AuditEvent.objects.filter(event_type="stage.recorded").exists()


def test_a_stage_the_review_type_does_not_have_is_refused(review, coordinator):
    with pytest.raises(StageError, match="'rapid_review' is not a stage of a Domestic Homicide"):
        record(review, coordinator, "rapid_review", dt.date(2025, 6, 2))


def test_a_stage_with_outcomes_needs_one_and_others_take_none(review, coordinator):
    with pytest.raises(StageError, match="Choose the outcome"):
        record(review, coordinator, "qa_outcome", dt.date(2025, 6, 2))
    with pytest.raises(StageError, match="has no outcome"):
        record(review, coordinator, "notification", dt.date(2025, 6, 2), outcome="approved")


def test_a_stage_is_not_recorded_before_the_stage_its_clock_counts_from(review, coordinator):
    record(review, coordinator, "notification", dt.date(2025, 6, 2))
    with pytest.raises(StageError, match="must be on or after 'Notification"):
        record(review, coordinator, "decision", dt.date(2025, 5, 30))


def test_a_stage_recorded_already_is_changed_not_recorded_again(review, coordinator):
    record(review, coordinator, "notification", dt.date(2025, 6, 2))
    with pytest.raises(StageError, match="already recorded"):
        record(review, coordinator, "notification", dt.date(2025, 6, 3))


def test_a_qa_return_opens_a_new_round_and_the_resubmission_is_approved(review, coordinator):
    record(review, coordinator, "notification", dt.date(2024, 1, 8))
    record(review, coordinator, "decision", dt.date(2024, 1, 29))
    record(review, coordinator, "report_completed", dt.date(2024, 7, 15))
    record(review, coordinator, "qa_submitted", dt.date(2024, 7, 22))
    record(review, coordinator, "qa_outcome", dt.date(2024, 10, 3), outcome="returned")
    again = record(review, coordinator, "qa_submitted", dt.date(2024, 12, 2))
    approved = record(review, coordinator, "qa_outcome", dt.date(2025, 2, 10), outcome="approved")
    assert (again.round, approved.round) == (2, 2)
    review.refresh_from_db()
    assert review.qa_submitted_on == dt.date(2024, 12, 2)
    assert review.qa_approved_on == dt.date(2025, 2, 10)
    line = review_timelines([review], today=TODAY)[review.pk]
    rounds = [(row.key, row.round, row.outcome) for row in line.rows if row.key.startswith("qa")]
    assert rounds == [
        ("qa_submitted", 1, ""),
        ("qa_outcome", 1, "returned"),
        ("qa_submitted", 2, ""),
        ("qa_outcome", 2, "approved"),
    ]
    assert line.next.key == "publication"


def test_a_resubmission_is_not_before_the_return(review, coordinator):
    record(review, coordinator, "qa_submitted", dt.date(2024, 7, 22))
    record(review, coordinator, "qa_outcome", dt.date(2024, 10, 3), outcome="returned")
    with pytest.raises(StageError, match="on or after"):
        record(review, coordinator, "qa_submitted", dt.date(2024, 9, 1))


def test_changing_an_entry_moves_the_reviews_date_and_is_version_checked(review, coordinator):
    entry = record(review, coordinator, "decision", dt.date(2025, 6, 30))
    changed = services.stage_entry_change(
        entry=entry,
        on=dt.date(2025, 7, 1),
        note="Minutes say 1 July",
        actor=coordinator,
        expected_version=entry.version,
        today=TODAY,
    )
    assert changed.version == entry.version + 1
    assert Review.objects.get(pk=review.pk).decided_on == dt.date(2025, 7, 1)
    event = AuditEvent.objects.get(event_type="stage.changed")
    assert (event.before["on"], event.after["on"]) == ("2025-06-30", "2025-07-01")
    with pytest.raises(StaleEdit):
        services.stage_entry_change(
            entry=entry,
            on=dt.date(2025, 7, 2),
            actor=coordinator,
            expected_version=entry.version,
            today=TODAY,
        )
    assert StageEntry.objects.get(pk=entry.pk).on == dt.date(2025, 7, 1)


def test_removing_an_entry_clears_the_reviews_date_and_keeps_its_history(review, coordinator):
    entry = record(review, coordinator, "decision", dt.date(2025, 6, 30))
    services.stage_entry_remove(entry=entry, actor=coordinator, expected_version=entry.version)
    assert not StageEntry.objects.filter(pk=entry.pk).exists()
    assert StageEntry.history.filter(id=entry.pk, history_type="-").exists()
    assert Review.objects.get(pk=review.pk).decided_on is None
    assert AuditEvent.objects.get(event_type="stage.removed").before["stage"] == "decision"


def test_a_return_with_a_later_round_is_not_removed(review, coordinator):
    record(review, coordinator, "qa_submitted", dt.date(2024, 7, 22))
    returned = record(review, coordinator, "qa_outcome", dt.date(2024, 10, 3), outcome="returned")
    record(review, coordinator, "qa_submitted", dt.date(2024, 12, 2))
    with pytest.raises(StageError, match="remove the later round"):
        services.stage_entry_remove(
            entry=returned, actor=coordinator, expected_version=returned.version
        )


def test_an_extension_needs_a_reason_and_a_clock_and_moves_the_due_date(review, coordinator):
    record(review, coordinator, "decision", dt.date(2025, 6, 30))

    def extend(stage, reason):
        review.refresh_from_db()
        return services.stage_extension_record(
            review=review,
            stage=stage,
            due_on=dt.date(2026, 6, 30),
            reason=reason,
            actor=coordinator,
            expected_version=review.version,
        )

    with pytest.raises(StageError, match="Give the reason"):
        extend("report_completed", "  ")
    with pytest.raises(StageError, match="no time limit"):
        extend("panel", "Criminal trial")
    extension = extend("report_completed", "Criminal trial")
    assert StageExtension.objects.get() == extension
    event = AuditEvent.objects.get(event_type="stage.extended")
    assert event.after == {"stage": "report_completed", "round": 1, "due_on": "2026-06-30"}
    report = next(
        row
        for row in review_timelines([review], today=TODAY)[review.pk].rows
        if row.key == "report_completed"
    )
    assert report.due_on == dt.date(2026, 6, 30) and report.state.status == "on_time"
