"""Reviews' clocks in the reminders: a coordinator hears about the reviews of their partnerships
whose next stage is late or due within the reminder window; nobody else does, and a review on
time beyond the window is not mentioned. Fixed dates: today is Monday 3 June 2030."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from followthrough.audit import events
from followthrough.audit.models import AuditEvent
from followthrough.cli import main
from followthrough.notifications import services
from followthrough.notifications.selectors import digest_for, digests_for
from followthrough.stages.models import StageEntry
from tests.factories import PartnershipFactory, ReviewFactory
from tests.notifications.conftest import TODAY, persona

# A DHR's decision whether to hold a review is due one month after the notification.
LATE = dt.date(2030, 4, 1)  # decision due 1 May 2030: late by 33 days
DUE_SOON = dt.date(2030, 5, 10)  # decision due 10 June 2030: in 7 days
NOT_YET = dt.date(2030, 5, 28)  # decision due 28 June 2030: in 25 days, beyond the window


def notified(partnership, on, *, reference, title):
    """A DHR of ``partnership`` notified on ``on``, whose decision is not yet recorded: it has
    no plan yet (reviews are followed from their notification)."""
    review = ReviewFactory(
        partnership=partnership, review_type="DHR", reference=reference, title=title
    )
    StageEntry.objects.create(review=review, stage="notification", round=1, on=on)
    return review


@pytest.fixture
def clocks(world):
    """In Northmoor (the world's coordinator): one review late, one due soon, one not yet due.
    Dale CSP's coordinator has a late review and no action to hear about; Moor CSP's has a
    review not yet due and nothing else."""
    reviews = {
        "late": notified(
            world.northmoor, LATE, reference="DHR/2030/001", title="DHR into the death of Adult L"
        ),
        "due_soon": notified(
            world.northmoor, DUE_SOON, reference="DHR/2030/002", title="DHR concerning Adult M"
        ),
        "not_yet": notified(
            world.northmoor, NOT_YET, reference="DHR/2030/003", title="DHR concerning Adult N"
        ),
    }
    dale = PartnershipFactory(name="Dale CSP")
    reviews["dale_late"] = notified(dale, LATE, reference="", title="DHR into the death of Adult P")
    moor = PartnershipFactory(name="Moor CSP")
    reviews["moor_not_yet"] = notified(
        moor, NOT_YET, reference="MOOR/1", title="DHR concerning Adult Q"
    )
    world.dale_coordinator = persona("dale-coordinator", dale, "coordinator")
    world.moor_coordinator = persona("moor-coordinator", moor, "coordinator")
    world.reviews = reviews
    return world


def rules():
    return services.reminder_rules(TODAY)


def send(capture):
    with capture(execute=True):
        return services.reminders_send(today=TODAY)


def mail_to(user):
    return [m for m in mail.outbox if m.to == [user.email]]


def test_a_late_review_is_in_its_coordinators_digest_with_its_clock_and_timeline_link(
    clocks, django_capture_on_commit_callbacks, settings
):
    settings.FOLLOWTHROUGH_BASE_URL = "https://followthrough.example.gov.uk"
    send(django_capture_on_commit_callbacks)
    [message] = mail_to(clocks.coordinator)
    [(html, _)] = message.alternatives
    late = clocks.reviews["late"]
    line = (
        "DHR/2030/001 (DHR into the death of Adult L): Decision whether to hold a review due "
        "1 May 2030, late by 33 days"
    )
    assert line in message.body
    url = f"https://followthrough.example.gov.uk/reviews/{late.pk}/timeline/"
    assert url in message.body and f'href="{url}"' in html
    assert "late by 33 days" in html and "DHR/2030/001 (DHR into the death of Adult L)" in html
    assert "Reviews late against their clocks (1)" in message.body
    assert message.subject.endswith(": 5 actions and 2 reviews to look at")


def test_a_review_due_within_the_window_is_listed_and_one_due_later_is_not(clocks):
    [section] = digest_for(clocks.coordinator, rules()).coordinated
    assert [c.reference for c in section.reviews_late] == ["DHR/2030/001"]
    assert [(c.reference, c.clock) for c in section.reviews_due_soon] == [
        ("DHR/2030/002", "due in 7 days")
    ]
    assert section.reviews_due_soon[0].due_on == dt.date(2030, 6, 10)


def test_an_agency_lead_hears_nothing_of_the_reviews_clocks(
    clocks, django_capture_on_commit_callbacks
):
    digest = digest_for(clocks.police_lead, rules())
    assert digest.review_count == 0 and digest.coordinated == []
    send(django_capture_on_commit_callbacks)
    [message] = mail_to(clocks.police_lead)
    for reference in ("DHR/2030/001", "DHR/2030/002", "Adult L", "Adult M"):
        assert reference not in message.body


def test_a_coordinator_with_only_a_late_review_still_gets_a_digest(
    clocks, django_capture_on_commit_callbacks
):
    send(django_capture_on_commit_callbacks)
    [message] = mail_to(clocks.dale_coordinator)
    assert message.subject == "Followthrough reminders for 3 June 2030: 1 review to look at"
    assert "DALE CSP" in message.body
    assert "DHR into the death of Adult P: Decision whether to hold a review due" in message.body
    assert "to update or review these reviews" in message.body
    event = AuditEvent.objects.get(
        event_type=events.REMINDER_DIGEST_SENT, after__user_id=clocks.dale_coordinator.pk
    )
    assert event.after["reviews_late"] == 1
    assert "Adult P" not in event.summary


def test_a_coordinator_whose_reviews_are_not_yet_due_gets_no_digest(
    clocks, django_capture_on_commit_callbacks
):
    assert digest_for(clocks.moor_coordinator, rules()).is_empty
    run = send(django_capture_on_commit_callbacks)
    assert mail_to(clocks.moor_coordinator) == []
    assert run.nothing_to_report >= 1


def test_a_review_with_its_stage_done_drops_out_of_the_digest(clocks):
    StageEntry.objects.create(
        review=clocks.reviews["late"], stage="decision", round=1, on=dt.date(2030, 5, 20)
    )
    [section] = digest_for(clocks.coordinator, rules()).coordinated
    assert "DHR/2030/001" not in [c.reference for c in section.reviews_late]


def test_a_later_stage_whose_clock_runs_is_reported_when_the_next_has_no_clock(clocks):
    """The Home Office not yet told of the decision (no clock of its own) while the overview
    report, six months from the decision, is late: the report is what the coordinator hears."""
    review = notified(
        clocks.northmoor, dt.date(2029, 10, 1), reference="DHR/2029/009", title="DHR Adult R"
    )
    StageEntry.objects.create(review=review, stage="decision", round=1, on=dt.date(2029, 10, 20))
    [section] = digest_for(clocks.coordinator, rules()).coordinated
    [late] = [c for c in section.reviews_late if c.reference == "DHR/2029/009"]
    assert (late.stage, late.due_on, late.clock) == (
        "Overview report completed",
        dt.date(2030, 4, 20),
        "late by 44 days",
    )


def _queries(users) -> int:
    with CaptureQueriesContext(connection) as queries:
        digests = digests_for(users, rules())
    assert any(d.review_count for d in digests)
    return len(queries)


def test_the_queries_do_not_grow_with_the_reviews(clocks):
    users = [clocks.coordinator, clocks.dale_coordinator, clocks.police_lead]
    one = _queries(users)
    for n in range(4):
        notified(
            clocks.northmoor, LATE, reference=f"DHR/2030/1{n}", title=f"DHR concerning Adult {n}"
        )
        notified(clocks.reviews["dale_late"].partnership, DUE_SOON, reference=f"D{n}", title="D")
    assert _queries(users) == one
    [section] = digest_for(clocks.coordinator, rules()).coordinated
    assert len(section.reviews_late) == 5


def test_the_dry_run_counts_the_reviews(clocks, capsys):
    assert main(["send-reminders", "--dry-run", "--date", "2030-06-03"]) == 0
    out = capsys.readouterr().out
    assert (
        "  would send to coordinator: 1 awaiting sign-off, 1 to escalate, 3 overdue by agency, "
        "1 review(s) late against their clocks, 1 review(s) with a stage due soon"
    ) in out.splitlines()
    assert "  would send to dale-coordinator: 1 review(s) late against their clocks" in out
    assert "moor-coordinator" not in out
