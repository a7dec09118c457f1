"""followthrough send-reminders, run as cron runs it."""

from __future__ import annotations

import pytest
from django.core import mail

from followthrough.cli import main
from followthrough.notifications.models import ReminderDigest
from tests.notifications.conftest import TODAY

pytestmark = pytest.mark.django_db(transaction=True)


def run(capsys, *argv):
    status = main(["send-reminders", *argv])
    out, err = capsys.readouterr()
    return status, out, err


def test_it_sends_the_digests_and_prints_the_counts(world, capsys):
    status, out, err = run(capsys, "--date", "2030-06-03")
    assert status == 0 and err == ""
    assert out == (
        "Sent 3 reminder digests for Monday 3 June 2030; skipped 0 already sent today; "
        "0 with nothing to report.\n"
    )
    assert sorted(m.to[0] for m in mail.outbox) == [
        "coordinator@example.org",
        "health-lead@example.org",
        "police-lead@example.org",
    ]


def test_running_it_twice_the_same_day_sends_nothing_more(world, capsys):
    run(capsys, "--date", "2030-06-03")
    status, out, _ = run(capsys, "--date", "2030-06-03")
    assert status == 0
    assert out.startswith("Sent 0 reminder digests for Monday 3 June 2030; skipped 3 already")
    assert len(mail.outbox) == 3
    assert ReminderDigest.objects.count() == 3


def test_dry_run_prints_who_would_get_what_and_sends_nothing(world, capsys):
    status, out, _ = run(capsys, "--dry-run", "--date", "2030-06-03")
    assert status == 0
    assert out.splitlines() == [
        "Dry run for Monday 3 June 2030: nothing is sent.",
        "  would send to police-lead: 3 overdue, 1 due soon, 2 waiting for an update",
        "  would send to health-lead: 1 overdue",
        "  would send to coordinator: 1 awaiting sign-off, 1 to escalate, 3 overdue by agency",
        "Would send 3 reminder digests for Monday 3 June 2030; skipped 0 already sent today; "
        "0 with nothing to report.",
    ]
    assert mail.outbox == []
    assert not ReminderDigest.objects.exists()


def test_dry_run_after_a_run_says_who_already_had_theirs(world, capsys):
    run(capsys, "--date", "2030-06-03")
    _, out, _ = run(capsys, "--dry-run", "--date", "2030-06-03")
    assert "  already sent today: police-lead" in out
    assert len(mail.outbox) == 3


def test_without_a_date_it_runs_for_today(world, capsys, monkeypatch):
    from django.utils import timezone

    real_localdate = timezone.localdate

    def localdate(value=None, timezone=None):
        return TODAY if value is None else real_localdate(value, timezone)

    monkeypatch.setattr(timezone, "localdate", localdate)
    status, out, _ = run(capsys)
    assert status == 0 and out.startswith("Sent 3 reminder digests for Monday 3 June 2030")
    assert set(ReminderDigest.objects.values_list("sent_on", flat=True)) == {TODAY}


def test_a_person_without_an_e_mail_address_is_named_on_stderr(world, capsys):
    world.health_lead.email = ""
    world.health_lead.save()
    status, out, err = run(capsys, "--date", TODAY.isoformat())
    assert status == 0
    assert "no e-mail address for health-lead, who has 1 overdue" in err
    assert "1 without an e-mail address" in out


def test_a_failed_send_exits_1_and_the_next_run_sends_it(world, capsys, monkeypatch):
    import smtplib

    from followthrough.notifications import services

    def refuse(message, fail_silently=False):
        raise smtplib.SMTPConnectError(421, "try later")

    monkeypatch.setattr(services.EmailMultiAlternatives, "send", refuse)
    status, out, err = run(capsys, "--date", TODAY.isoformat())
    assert status == 1
    assert "could not send to police-lead (SMTPConnectError): the next run tries again" in err
    assert "3 failed" in out
    monkeypatch.undo()
    status, out, _ = run(capsys, "--date", TODAY.isoformat())
    assert status == 0 and out.startswith("Sent 3 reminder digests")


def test_a_date_that_is_not_a_date_is_refused(capsys):
    with pytest.raises(SystemExit) as exit:
        main(["send-reminders", "--date", "3/6/2030"])
    assert exit.value.code == 2
    assert "not a date as YYYY-MM-DD: '3/6/2030'" in capsys.readouterr().err
